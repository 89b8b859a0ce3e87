/** The header's unread count listens for this after a page marks notifications read. */
export const NOTIFICATIONS_CHANGED = 'mr:notifications-changed';

export function notificationsChanged(): void {
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
}
