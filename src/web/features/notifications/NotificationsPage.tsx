import { useState } from 'react';
import type { NotificationList, NotificationView } from '../../../shared/api/notifications.js';
import { api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, Button, Link, ListTable, StatusBadge, Td, Th, Tr } from '../../ui/index.js';
import { errorText, Notice, useNotice } from '../admin/components.js';
import { useFormat } from '../reporting/format.js';
import { notificationsChanged } from './events.js';
import './notifications.css';

/** `/berichten` (every role): one's own notifications, newest first, with a link each and "mark read". */
export function NotificationsPage() {
  const t = useT();
  const f = useFormat();
  const list = useResource<NotificationList>('/api/notifications');
  const notice = useNotice();
  const [error, setError] = useState<string | null>(null);
  const what = (n: NotificationView) => t(`notif.kind.${n.kind}`, { reference: n.reference });

  const markRead = async (n: NotificationView) => {
    setError(null);
    try {
      await api.post(`/api/notifications/${n.id}/read`);
      await list.reload();
      notificationsChanged();
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  const markAll = async () => {
    setError(null);
    try {
      await api.post('/api/notifications/read-all');
      await list.reload();
      notificationsChanged();
      notice.show(t('notif.markedAll'));
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  return (
    <Page title={t('notif.title')} intro={t('notif.intro')}>
      <Notice notice={notice.notice} />
      {error ? <Alert type="error">{error}</Alert> : null}
      <Loaded resource={list}>
        {({ items, unread }) => (
          <>
            {unread > 0 ? (
              <div className="mr-admin-toolbar">
                <Button onClick={() => void markAll()}>{t('notif.markAll')}</Button>
              </div>
            ) : null}
            <ListTable
              items={items}
              empty={t('notif.empty')}
              caption={t('notif.caption', { count: unread })}
              columns={[t('notif.col.what'), t('notif.col.when'), t('notif.col.status'), t('notif.col.actions')]}
              row={(n) => (
                <Tr key={n.id}>
                  <Th scope="row">
                    <Link to={n.link} onClick={() => (n.readAt ? undefined : void markRead(n))}>
                      {n.readAt ? what(n) : <strong>{what(n)}</strong>}
                    </Link>
                  </Th>
                  <Td>{f.dateTime(n.createdAt)}</Td>
                  <Td>{n.readAt ? t('notif.read') : <StatusBadge status="active">{t('notif.unread')}</StatusBadge>}</Td>
                  <Td>
                    {n.readAt ? null : (
                      <Button variant="subtle" aria-label={t('notif.markReadOf', { what: what(n) })} onClick={() => void markRead(n)}>
                        {t('notif.markRead')}
                      </Button>
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
