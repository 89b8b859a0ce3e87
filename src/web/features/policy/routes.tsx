import type { Feature } from '../../app/feature.js';
import { POLICY_READERS } from './common.js';
import { ContextSeriesPage } from './ContextSeriesPage.js';
import { InterventionsPage } from './InterventionsPage.js';
import { PlanPage } from './PlanPage.js';
import { TrainingPage } from './TrainingPage.js';

/**
 * Issue 5 points 5–7: the implementation plan, awareness and training, interventions. The
 * coordinator and deputy change them; the analyst reads them (interventions: the counts only).
 */
export const policyFeature: Feature = {
  routes: [
    { path: '/uitvoeringsplan', element: <PlanPage />, roles: POLICY_READERS },
    { path: '/training', element: <TrainingPage />, roles: POLICY_READERS },
    { path: '/interventies', element: <InterventionsPage />, roles: POLICY_READERS },
    { path: '/regionale-cijfers', element: <ContextSeriesPage />, roles: POLICY_READERS },
  ],
  nav: [
    { to: '/uitvoeringsplan', label: 'policy.nav.plan', roles: POLICY_READERS },
    { to: '/training', label: 'policy.nav.training', roles: POLICY_READERS },
    { to: '/interventies', label: 'policy.nav.interventions', roles: POLICY_READERS },
    { to: '/regionale-cijfers', label: 'contextSeries.nav', roles: POLICY_READERS },
  ],
};
