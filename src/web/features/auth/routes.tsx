import type { Feature, FeatureRoute } from '../../app/feature.js';
import { ROLES } from '../../../shared/domain.js';
import { ChangePasswordPage } from './ChangePasswordPage.js';
import { LoginPage } from './LoginPage.js';
import { TotpLoginPage } from './TotpLoginPage.js';
import { TotpPage } from './TotpPage.js';

/** Where a user goes who must set up two-factor login first. */
export const TOTP_PAGE = '/tweestapsverificatie';

export const authFeature: Feature & { publicRoutes: FeatureRoute[] } = {
  publicRoutes: [
    { path: '/inloggen', element: <LoginPage />, roles: [] },
    { path: '/inloggen/code', element: <TotpLoginPage />, roles: [] },
  ],
  routes: [
    { path: '/wachtwoord', element: <ChangePasswordPage />, roles: ROLES },
    { path: TOTP_PAGE, element: <TotpPage />, roles: ROLES },
  ],
  nav: [
    { to: '/wachtwoord', label: 'auth.nav.password', roles: ROLES },
    { to: TOTP_PAGE, label: 'auth.nav.totp', roles: ROLES },
  ],
};
