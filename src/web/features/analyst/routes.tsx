import type { Feature } from '../../app/feature.js';
import { YearlyOverviewPage } from './YearlyOverviewPage.js';

export const analystFeature: Feature = {
  routes: [{ path: '/overzicht', element: <YearlyOverviewPage />, roles: ['analyst', 'coordinator'] }],
  nav: [{ to: '/overzicht', label: 'analyst.nav', roles: ['analyst', 'coordinator'] }],
};
