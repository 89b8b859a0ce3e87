import type { Consultation } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Link, Paragraph, StatusBadge, Table, TBody, Td, Th, THead, Tr } from '../../ui/index.js';
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
        {(list) =>
          list.length === 0 ? (
            <Paragraph>{t('coord.consultations.empty')}</Paragraph>
          ) : (
            <Table caption={t('coord.consultations.caption')}>
              <THead>
                <Tr>
                  <Th>{t('coord.col.signal')}</Th>
                  <Th>{t('coord.col.forms')}</Th>
                  <Th>{t('coord.col.received')}</Th>
                  <Th>{t('coord.col.consultState')}</Th>
                  <Th>{t('coord.col.adviceDue')}</Th>
                </Tr>
              </THead>
              <TBody>
                {order(list).map((c) => (
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
                        {c.overdue ? (
                          <StatusBadge status="warning">{overdueText(t, c.feedbackDueOn, today)}</StatusBadge>
                        ) : null}
                      </span>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )
        }
      </Loaded>
    </Page>
  );
}
