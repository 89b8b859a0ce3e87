import type { Feature } from '../../app/feature.js';
import { IndicatorsPage } from './IndicatorsPage.js';
import { IndicatorStatsPage } from './IndicatorStatsPage.js';
import { InfoPage } from './InfoPage.js';

/** Issue 6.3: the indicator list (coordinator), its counts (with the analyst), and the info page for every employee. */
const COORDINATORS = ['coordinator', 'deputy_coordinator'] as const;
const EVERYONE = ['reporter', 'liaison', 'coordinator', 'deputy_coordinator', 'meldcode_officer', 'analyst', 'admin'] as const;

export const indicatorFeature: Feature = {
  routes: [
    { path: '/indicatoren', element: <IndicatorsPage />, roles: COORDINATORS },
    { path: '/cijfers/indicatoren', element: <IndicatorStatsPage />, roles: [...COORDINATORS, 'analyst'] },
    { path: '/wat-is-mensenhandel', element: <InfoPage />, roles: EVERYONE },
  ],
  nav: [
    { to: '/indicatoren', label: 'ind.nav.list', roles: COORDINATORS },
    { to: '/cijfers/indicatoren', label: 'ind.nav.stats', roles: [...COORDINATORS, 'analyst'] },
    { to: '/wat-is-mensenhandel', label: 'ind.nav.info', roles: EVERYONE },
  ],
};
