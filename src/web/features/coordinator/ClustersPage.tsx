import { Fragment } from 'react';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Link, ListTable, Td, Tr } from '../../ui/index.js';
import { useFormat } from './format.js';
import type { ClusterList } from './linking.js';

/** Clusters: groups of signals connected through confirmed matches (for the undermining meeting or the RIEC). */
export function ClustersPage() {
  const t = useT();
  const f = useFormat();
  const clusters = useResource<ClusterList>('/api/clusters');
  return (
    <Page title={t('linking.clusters.title')} intro={t('linking.clusters.intro')}>
      <Loaded resource={clusters}>
        {(c) => (
          <ListTable
            caption={t('linking.clusters.caption')}
            columns={[t('linking.col.cluster'), t('linking.col.size'), t('linking.col.forms'), t('linking.col.period'), t('linking.col.openClosed'), t('linking.col.signals')]}
            items={c.clusters}
            empty={t('linking.clusters.none')}
            row={(cluster) => (
              <Tr key={cluster.id}>
                <Td>{cluster.id}</Td>
                <Td>{cluster.size}</Td>
                <Td>{cluster.exploitationForms.length ? cluster.exploitationForms.map((x) => t(`form.${x}`)).join(', ') : t('linking.clusters.none.forms')}</Td>
                <Td>{t('linking.clusters.period', { from: f.stampDate(cluster.firstReceivedAt), to: f.stampDate(cluster.lastReceivedAt) })}</Td>
                <Td>{t('linking.clusters.openClosed', { open: cluster.open, closed: cluster.closed })}</Td>
                <Td>
                  {cluster.signals.map((s, i) => (
                    <Fragment key={s.signalId}>
                      {i > 0 ? ', ' : null}
                      <Link to={`/signalen/${s.signalId}`}>{s.number}</Link>
                    </Fragment>
                  ))}
                </Td>
              </Tr>
            )}
          />
        )}
      </Loaded>
    </Page>
  );
}
