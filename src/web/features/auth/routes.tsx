import type { Feature, FeatureRoute } from '../../app/feature.js';
import { ROLES } from '../../../shared/domain.js';
import { ChangePasswordPage } from './ChangePasswordPage.js';
import { LoginPage } from './LoginPage.js';

export const authFeature: Feature & { publicRoutes: FeatureRoute[] } = {
  publicRoutes: [{ path: '/inloggen', element: <LoginPage />, roles: [] }],
  routes: [{ path: '/wachtwoord', element: <ChangePasswordPage />, roles: ROLES }],
  nav: [{ to: '/wachtwoord', label: 'auth.nav.password', roles: ROLES }],
};
