import type { Feature } from '../../app/feature.js';
import { YearlyOverviewPage } from './YearlyOverviewPage.js';

export const analystFeature: Feature = {
  routes: [{ path: '/overzicht', element: <YearlyOverviewPage />, roles: ['analyst', 'coordinator', 'deputy_coordinator'] }],
  nav: [{ to: '/overzicht', label: 'analyst.nav', roles: ['analyst', 'coordinator', 'deputy_coordinator'] }],
};
