import type { Feature } from '../../app/feature.js';
import { DepartmentSignalsPage } from './DepartmentSignalsPage.js';
import { MySignalDetailPage } from './MySignalDetailPage.js';
import { MySignalsPage } from './MySignalsPage.js';
import { ReportSignalPage } from './ReportSignalPage.js';

/** Step 1 of the reporting route: report a signal, follow one's own signals, and (liaison) the department's open ones. */
const REPORTERS = ['reporter', 'liaison', 'coordinator', 'deputy_coordinator'] as const;

export const reportingFeature: Feature = {
  routes: [
    { path: '/melden', element: <ReportSignalPage />, roles: REPORTERS },
    { path: '/signalen/mijn', element: <MySignalsPage />, roles: REPORTERS },
    { path: '/signalen/mijn/:id', element: <MySignalDetailPage />, roles: REPORTERS },
    { path: '/afdeling', element: <DepartmentSignalsPage />, roles: ['liaison'] },
  ],
  nav: [
    { to: '/melden', label: 'reporting.nav.report', roles: REPORTERS },
    { to: '/signalen/mijn', label: 'reporting.nav.mine', roles: REPORTERS },
    { to: '/afdeling', label: 'reporting.nav.department', roles: ['liaison'] },
  ],
};
