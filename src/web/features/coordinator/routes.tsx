import { lazy, Suspense } from 'react';
import type { Feature } from '../../app/feature.js';
import { useT } from '../../i18n/i18n.js';
import { Paragraph } from '../../ui/index.js';
import { ClustersPage } from './ClustersPage.js';
import { ConsultationsPage } from './ConsultationsPage.js';
import { SignalDetailPage } from './SignalDetailPage.js';
import { SignalListPage } from './SignalListPage.js';
import { WorklistPage } from './WorklistPage.js';

/** The network view and its graph library (React Flow, with its CSS) load only when opened. */
const LazyNetworkPage = lazy(() => import('./NetworkPage.js').then((m) => ({ default: m.NetworkPage })));
function NetworkPage() {
  const t = useT();
  return (
    <Suspense fallback={<Paragraph role="status">{t('app.loading')}</Paragraph>}>
      <LazyNetworkPage />
    </Suspense>
  );
}

/** The coordinator and the deputy (plaatsvervanger) share the pages; the deputy sees the reporter only on request. */
const COORDINATORS = ['coordinator', 'deputy_coordinator'] as const;

export const coordinatorFeature: Feature = {
  routes: [
    { path: '/werkvoorraad', element: <WorklistPage />, roles: COORDINATORS },
    { path: '/signalen', element: <SignalListPage />, roles: COORDINATORS },
    { path: '/signalen/:id', element: <SignalDetailPage />, roles: [...COORDINATORS, 'meldcode_officer'] },
    { path: '/signalen/:id/netwerk', element: <NetworkPage />, roles: COORDINATORS },
    { path: '/clusters', element: <ClustersPage />, roles: COORDINATORS },
    { path: '/consultaties', element: <ConsultationsPage />, roles: ['meldcode_officer'] },
  ],
  nav: [
    { to: '/werkvoorraad', label: 'coord.nav.worklist', roles: COORDINATORS },
    { to: '/signalen', label: 'coord.nav.signals', roles: COORDINATORS },
    { to: '/clusters', label: 'coord.nav.clusters', roles: COORDINATORS },
    { to: '/consultaties', label: 'coord.nav.consultations', roles: ['meldcode_officer'] },
  ],
};
