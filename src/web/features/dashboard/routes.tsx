import { lazy, Suspense } from 'react';
import type { Feature } from '../../app/feature.js';
import type { Role } from '../../../shared/domain.js';
import { useT } from '../../i18n/i18n.js';
import { Paragraph } from '../../ui/index.js';

/** Issue 5 point 1: the monitoring dashboard ("Cijfers"); the analyst's start page. */
export const DASHBOARD_PATH = '/cijfers';
/** Who reads the dashboard (permission stats.read). */
export const DASHBOARD_READERS = ['coordinator', 'deputy_coordinator', 'analyst'] as const satisfies readonly Role[];

// The chart library is loaded with the page only: the reporting form stays light.
const LazyDashboardPage = lazy(() => import('./DashboardPage.js').then((m) => ({ default: m.DashboardPage })));
function DashboardPage() {
  const t = useT();
  return (
    <Suspense fallback={<Paragraph role="status">{t('app.loading')}</Paragraph>}>
      <LazyDashboardPage />
    </Suspense>
  );
}

export const dashboardFeature: Feature = {
  routes: [{ path: DASHBOARD_PATH, element: <DashboardPage />, roles: DASHBOARD_READERS }],
  nav: [{ to: DASHBOARD_PATH, label: 'dash.nav', roles: DASHBOARD_READERS }],
};
