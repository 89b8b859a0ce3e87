import { useState } from 'react';
import { EMAIL_STATUSES, type EmailOutboxList, type EmailOutboxView, type EmailStatus } from '../../../shared/api/notifications.js';
import { api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, ListTable, SelectField, StatusBadge, Td, Th, Tr } from '../../ui/index.js';
import { errorText, Notice, RowButton, useNotice } from '../admin/components.js';
import { useFormat } from '../reporting/format.js';
import './notifications.css';

const STATUS_BADGE: Record<EmailStatus, 'warning' | 'safe' | 'danger'> = { pending: 'warning', sent: 'safe', failed: 'danger' };

/** `/beheer/e-mail` (admin): the e-mail outbox — delivery state, attempts, the last SMTP error, and "send again". */
export function EmailOutboxPage() {
  const t = useT();
  const f = useFormat();
  const [status, setStatus] = useState<EmailStatus | ''>('');
  const outbox = useResource<EmailOutboxList>(`/api/admin/email-outbox${status ? `?status=${status}` : ''}`);
  const notice = useNotice();
  const [error, setError] = useState<string | null>(null);

  const retry = async (row: EmailOutboxView) => {
    setError(null);
    try {
      await api.post(`/api/admin/email-outbox/${row.id}/retry`);
      await outbox.reload();
      notice.show(t('notif.outbox.retried', { name: row.recipient.displayName }));
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  return (
    <Page title={t('notif.outbox.title')} intro={t('notif.outbox.intro')}>
      <Notice notice={notice.notice} />
      {error ? <Alert type="error">{error}</Alert> : null}
      <SelectField
        name="status"
        label={t('notif.outbox.filter')}
        value={status}
        placeholder={t('notif.outbox.filter.all')}
        options={EMAIL_STATUSES.map((s) => ({ value: s, label: t(`notif.status.${s}`) }))}
        onChange={(e) => setStatus(e.target.value as EmailStatus | '')}
      />
      <Loaded resource={outbox}>
        {({ enabled, items }) => (
          <>
            {enabled ? null : <Alert type="warning">{t('notif.outbox.disabled')}</Alert>}
            <ListTable
              items={items}
              empty={t('notif.outbox.empty')}
              caption={t('notif.outbox.caption', { count: items.length })}
              columns={[
                t('notif.outbox.col.kind'),
                t('notif.outbox.col.recipient'),
                t('notif.outbox.col.status'),
                t('notif.outbox.col.attempts'),
                t('notif.outbox.col.error'),
                t('notif.outbox.col.times'),
                t('notif.outbox.col.actions'),
              ]}
              row={(r) => (
                <Tr key={r.id}>
                  <Th scope="row">{t(`notif.outboxKind.${r.kind}`)}</Th>
                  <Td>{r.recipient.displayName}</Td>
                  <Td>
                    <StatusBadge status={STATUS_BADGE[r.status]}>{t(`notif.status.${r.status}`)}</StatusBadge>
                  </Td>
                  <Td>{r.attempts}</Td>
                  <Td>{r.lastError ? <code className="mr-notif-error">{r.lastError}</code> : null}</Td>
                  <Td>
                    <div>{t('notif.outbox.created', { at: f.dateTime(r.createdAt) })}</div>
                    {r.sentAt ? <div>{t('notif.outbox.sent', { at: f.dateTime(r.sentAt) })}</div> : null}
                    {r.status === 'pending' ? <div>{t('notif.outbox.next', { at: f.dateTime(r.nextAttemptAt) })}</div> : null}
                  </Td>
                  <Td>
                    {r.status === 'sent' ? null : (
                      <RowButton row={`${t(`notif.outboxKind.${r.kind}`)}, ${r.recipient.displayName}`} onClick={() => void retry(r)}>
                        {t('notif.outbox.retry')}
                      </RowButton>
                    )}
                  </Td>
                </Tr>
              )}
            />
          </>
        )}
      </Loaded>
    </Page>
  );
}
