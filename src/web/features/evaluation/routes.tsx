import type { Feature } from '../../app/feature.js';
import { EvaluationPage } from './EvaluationPage.js';

/** Issue 5.4: the biennial evaluation report — the coordinator and the deputy (permission evaluation.manage). */
export const evaluationFeature: Feature = {
  routes: [{ path: '/evaluatie', element: <EvaluationPage />, roles: ['coordinator', 'deputy_coordinator'] }],
  nav: [{ to: '/evaluatie', label: 'evaluation.nav', roles: ['coordinator', 'deputy_coordinator'] }],
};
