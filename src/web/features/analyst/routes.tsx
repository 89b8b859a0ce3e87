import { Navigate } from 'react-router';
import type { Feature } from '../../app/feature.js';

/**
 * The former yearly overview (/overzicht) is replaced by the monitoring dashboard ("Cijfers",
 * features/dashboard); old links and bookmarks land there.
 */
export const analystFeature: Feature = {
  routes: [{ path: '/overzicht', element: <Navigate to="/cijfers" replace />, roles: ['analyst', 'coordinator', 'deputy_coordinator'] }],
  nav: [],
};
