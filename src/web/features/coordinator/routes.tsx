import type { Feature } from '../../app/feature.js';
import { ConsultationsPage } from './ConsultationsPage.js';
import { SignalDetailPage } from './SignalDetailPage.js';
import { SignalListPage } from './SignalListPage.js';
import { WorklistPage } from './WorklistPage.js';

export const coordinatorFeature: Feature = {
  routes: [
    { path: '/werkvoorraad', element: <WorklistPage />, roles: ['coordinator'] },
    { path: '/signalen', element: <SignalListPage />, roles: ['coordinator'] },
    { path: '/signalen/:id', element: <SignalDetailPage />, roles: ['coordinator', 'meldcode_officer'] },
    { path: '/consultaties', element: <ConsultationsPage />, roles: ['meldcode_officer'] },
  ],
  nav: [
    { to: '/werkvoorraad', label: 'coord.nav.worklist', roles: ['coordinator'] },
    { to: '/signalen', label: 'coord.nav.signals', roles: ['coordinator'] },
    { to: '/consultaties', label: 'coord.nav.consultations', roles: ['meldcode_officer'] },
  ],
};
