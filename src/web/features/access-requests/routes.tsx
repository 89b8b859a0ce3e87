import type { Feature } from '../../app/feature.js';
import { AccessRequestPage } from './AccessRequestPage.js';

/** Access requests read every signal a person occurs in: the coordinator only (permission access_request.handle). */
export const accessRequestFeature: Feature = {
  routes: [{ path: '/inzageverzoek', element: <AccessRequestPage />, roles: ['coordinator'] }],
  nav: [{ to: '/inzageverzoek', label: 'ar.nav', roles: ['coordinator'] }],
};
