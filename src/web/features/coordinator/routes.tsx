import type { Feature } from '../../app/feature.js';
import { ConsultationsPage } from './ConsultationsPage.js';
import { SignalDetailPage } from './SignalDetailPage.js';
import { SignalListPage } from './SignalListPage.js';
import { WorklistPage } from './WorklistPage.js';

/** The coordinator and the deputy (plaatsvervanger) share the pages; the deputy sees the reporter only on request. */
const COORDINATORS = ['coordinator', 'deputy_coordinator'] as const;

export const coordinatorFeature: Feature = {
  routes: [
    { path: '/werkvoorraad', element: <WorklistPage />, roles: COORDINATORS },
    { path: '/signalen', element: <SignalListPage />, roles: COORDINATORS },
    { path: '/signalen/:id', element: <SignalDetailPage />, roles: [...COORDINATORS, 'meldcode_officer'] },
    { path: '/consultaties', element: <ConsultationsPage />, roles: ['meldcode_officer'] },
  ],
  nav: [
    { to: '/werkvoorraad', label: 'coord.nav.worklist', roles: COORDINATORS },
    { to: '/signalen', label: 'coord.nav.signals', roles: COORDINATORS },
    { to: '/consultaties', label: 'coord.nav.consultations', roles: ['meldcode_officer'] },
  ],
};
