import { useEffect } from 'react';
import { NavLink, useLocation } from 'react-router';
import type { NotificationList } from '../../../shared/api/notifications.js';
import { useResource } from '../../api/use-resource.js';
import { useT } from '../../i18n/i18n.js';
import { NOTIFICATIONS_CHANGED } from './events.js';

/**
 * The header's link to one's messages with the unread count (in its accessible name too). It reloads on
 * navigation and after a page marks messages read — never on a timer, so it does not keep an idle session alive.
 */
export function NotificationIndicator() {
  const t = useT();
  const location = useLocation();
  const list = useResource<NotificationList>('/api/notifications');
  const { reload } = list;
  useEffect(() => {
    void reload();
  }, [location.pathname, reload]);
  useEffect(() => {
    const onChange = () => void reload();
    window.addEventListener(NOTIFICATIONS_CHANGED, onChange);
    return () => window.removeEventListener(NOTIFICATIONS_CHANGED, onChange);
  }, [reload]);
  const unread = list.data?.unread ?? 0;
  const label = unread === 0 ? t('notif.indicator') : unread === 1 ? t('notif.indicator.unreadOne') : t('notif.indicator.unread', { count: unread });
  return (
    <NavLink to="/berichten" aria-label={label} className="utrecht-link mr-notif-indicator">
      <span aria-hidden="true">{t('notif.indicator')}</span>
      {unread > 0 ? (
        <span aria-hidden="true" className="mr-notif-indicator__count">
          {unread}
        </span>
      ) : null}
    </NavLink>
  );
}
