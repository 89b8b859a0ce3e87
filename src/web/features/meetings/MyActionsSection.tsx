import { useState } from 'react';
import { api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, Heading, Link, ListTable, StatusBadge, Td, Th, Tr } from '../../ui/index.js';
import { errorText, RowButton } from '../admin/components.js';
import { useFormat } from '../coordinator/format.js';
import '../coordinator/coordinator.css';
import type { MyAction } from './types.js';

/**
 * "Mijn actiepunten": the action items the user owns (open ones, and those done in the last 90 days),
 * with due date, an overdue marker in words, the meeting, and a button to mark one done or open again.
 * On the coordinator's worklist and, for the other roles, on the Overleggen page.
 */
export function MyActionsSection({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const t = useT();
  const f = useFormat();
  const actions = useResource<MyAction[]>('/api/meeting-actions/mine');
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function setDone(action: MyAction, done: boolean) {
    setBusy(action.id);
    setStatus(null);
    try {
      await api.patch(`/api/meeting-actions/${action.id}`, { status: done ? 'done' : 'open' });
      await actions.reload();
      setStatus({ text: t(done ? 'meet.mine.doneNotice' : 'meet.mine.reopenedNotice', { action: action.description }), error: false });
    } catch (e) {
      setStatus({ text: errorText(e, t), error: true });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="my-actions" className="mr-section mr-caption-hidden">
      <Heading level={headingLevel} id="my-actions">
        {t('meet.mine.title')}
      </Heading>
      <div role="status">{status && !status.error ? <Alert type="ok">{status.text}</Alert> : null}</div>
      {status?.error ? <Alert type="error">{status.text}</Alert> : null}
      <Loaded resource={actions}>
        {(list) => (
          <ListTable
            items={list}
            empty={t('meet.mine.empty')}
            caption={t('meet.mine.caption')}
            columns={[t('meet.mine.col.action'), t('meet.mine.col.meeting'), t('meet.mine.col.signal'), t('meet.mine.col.due'), t('meet.mine.col.status'), t('meet.col.actions')]}
            row={(a) => (
              <Tr key={a.id}>
                <Th scope="row">{a.description}</Th>
                <Td>
                  <Link to={`/overleggen/${a.meetingId}`}>{t('meet.mine.meetingLink', { series: a.seriesName, date: f.date(a.meetingDate) })}</Link>
                </Td>
                <Td>{a.signalNumber ?? t('meet.none')}</Td>
                <Td>
                  {f.date(a.dueDate)}
                  {a.overdue ? (
                    <>
                      {' '}
                      <StatusBadge status="warning">{t('meet.mine.overdue')}</StatusBadge>
                    </>
                  ) : null}
                </Td>
                <Td>{t(`meet.actionStatus.${a.status}`)}</Td>
                <Td>
                  <RowButton row={a.description} busy={busy === a.id} onClick={() => void setDone(a, a.status === 'open')}>
                    {a.status === 'open' ? t('meet.mine.done') : t('meet.mine.reopen')}
                  </RowButton>
                </Td>
              </Tr>
            )}
          />
        )}
      </Loaded>
    </section>
  );
}
