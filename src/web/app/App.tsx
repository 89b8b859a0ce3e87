import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import type { Role } from '../../shared/domain.js';
import { accessRequestFeature } from '../features/access-requests/routes.js';
import { adminFeature } from '../features/admin/routes.js';
import { analystFeature } from '../features/analyst/routes.js';
import { authFeature, TOTP_PAGE } from '../features/auth/routes.js';
import { coordinatorFeature } from '../features/coordinator/routes.js';
import { directoryFeature } from '../features/directory/routes.js';
import { dashboardFeature } from '../features/dashboard/routes.js';
import { indicatorFeature } from '../features/indicators/routes.js';
import { meetingFeature } from '../features/meetings/routes.js';
import { notificationFeature } from '../features/notifications/routes.js';
import { policyFeature } from '../features/policy/routes.js';
import { evaluationFeature } from '../features/evaluation/routes.js';
import { reportingFeature } from '../features/reporting/routes.js';
import { I18nProvider, useT } from '../i18n/i18n.js';
import { Paragraph } from '../ui/index.js';
import type { Feature } from './feature.js';
import { Layout } from './Layout.js';
import { Page } from './Page.js';
import { SessionProvider, useSession } from './session.js';

const FEATURES: Feature[] = [reportingFeature, coordinatorFeature, accessRequestFeature, dashboardFeature, analystFeature, policyFeature, evaluationFeature, adminFeature, directoryFeature, indicatorFeature, meetingFeature, notificationFeature, authFeature];
const ROUTES = FEATURES.flatMap((f) => f.routes);
const NAV = FEATURES.flatMap((f) => f.nav);

/** Where each role starts after login. */
export const HOME_BY_ROLE: Record<Role, string> = {
  reporter: '/signalen/mijn',
  liaison: '/signalen/mijn',
  coordinator: '/werkvoorraad',
  deputy_coordinator: '/werkvoorraad',
  meldcode_officer: '/consultaties',
  analyst: '/cijfers',
  admin: '/beheer/gebruikers',
};

function NotFound() {
  const t = useT();
  return (
    <Page title={t('app.notFound')}>
      <Paragraph>{t('app.notFound')}</Paragraph>
    </Page>
  );
}

function AppRoutes() {
  const { user, checking } = useSession();
  const location = useLocation();
  const t = useT();
  if (checking) return <Paragraph role="status">{t('app.loading')}</Paragraph>;
  if (!user) {
    return (
      <Routes>
        {authFeature.publicRoutes.map((r) => (
          <Route key={r.path} path={r.path} element={r.element} />
        ))}
        <Route path="*" element={<Navigate to="/inloggen" replace state={{ from: location.pathname }} />} />
      </Routes>
    );
  }
  if (user.mustChangePassword && location.pathname !== '/wachtwoord') return <Navigate to="/wachtwoord" replace />;
  // Mandatory two-factor login not set up yet: the server allows nothing else until it is.
  if (!user.mustChangePassword && user.totpRequired && !user.totpEnabled && location.pathname !== TOTP_PAGE) return <Navigate to={TOTP_PAGE} replace />;
  return (
    <Routes>
      <Route path="/" element={<Navigate to={HOME_BY_ROLE[user.role]} replace />} />
      <Route path="/inloggen/*" element={<Navigate to={HOME_BY_ROLE[user.role]} replace />} />
      {ROUTES.filter((r) => r.roles.includes(user.role)).map((r) => (
        <Route key={r.path} path={r.path} element={r.element} />
      ))}
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <BrowserRouter>
          <Layout nav={NAV}>
            <AppRoutes />
          </Layout>
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}
