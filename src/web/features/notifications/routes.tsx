import { ROLES } from '../../../shared/domain.js';
import type { Feature } from '../../app/feature.js';
import { EmailOutboxPage } from './EmailOutboxPage.js';
import { NotificationsPage } from './NotificationsPage.js';

/** Issue 6.5: one's messages for every role (reached from the header's indicator, not the menu); the e-mail outbox for functional management. */
const ADMIN = ['admin'] as const;

export const notificationFeature: Feature = {
  routes: [
    { path: '/berichten', element: <NotificationsPage />, roles: ROLES },
    { path: '/beheer/e-mail', element: <EmailOutboxPage />, roles: ADMIN },
  ],
  nav: [{ to: '/beheer/e-mail', label: 'notif.nav.outbox', roles: ADMIN }],
};
