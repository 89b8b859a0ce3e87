import type { Consultation } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Link, ListTable, StatusBadge, Td, Tr } from '../../ui/index.js';
import { overdueText, todayIso, useFormat } from './format.js';
import './coordinator.css';

/** Open consultations first, then by due date. */
const order = (list: Consultation[]) =>
  [...list].sort((a, b) => Number(a.state === 'feedback_received' || a.state === 'closed') - Number(b.state === 'feedback_received' || b.state === 'closed') || a.feedbackDueOn.localeCompare(b.feedbackDueOn));

export function ConsultationsPage() {
  const t = useT();
  const f = useFormat();
  const consultations = useResource<Consultation[]>('/api/consultations');
  const today = todayIso();
  return (
    <Page title={t('coord.consultations.title')} intro={t('coord.consultations.intro')}>
      <Loaded resource={consultations}>
        {(list) => (
          <ListTable
            items={order(list)}
            empty={t('coord.consultations.empty')}
            caption={t('coord.consultations.caption')}
            columns={[t('coord.col.signal'), t('coord.col.forms'), t('coord.col.received'), t('coord.col.consultState'), t('coord.col.adviceDue')]}
            row={(c) => (
              <Tr key={c.id}>
                <Td className={c.signal.acuteDanger ? 'mr-acute' : undefined}>
                  <span className="mr-cell-marks">
                    <Link to={`/signalen/${c.signalId}`}>{c.signal.number}</Link>
                    {c.signal.acuteDanger ? <StatusBadge status="danger">{t('coord.acute')}</StatusBadge> : null}
                  </span>
                </Td>
                <Td>{c.signal.exploitationForms.map((x) => t(`form.${x}`)).join(', ')}</Td>
                <Td>{f.stamp(c.signal.receivedAt)}</Td>
                <Td>{t(`coord.consultState.${c.state}`)}</Td>
                <Td>
                  <span className="mr-cell-marks">
                    {f.date(c.feedbackDueOn)}
                    {c.overdue ? <StatusBadge status="warning">{overdueText(t, c.feedbackDueOn, today)}</StatusBadge> : null}
                  </span>
                </Td>
              </Tr>
            )}
          />
        )}
      </Loaded>
    </Page>
  );
}
