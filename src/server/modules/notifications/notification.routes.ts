import { z } from 'zod';
import { id } from '../../../shared/api/fields.js';
import { emailOutboxList, emailOutboxQuery, emailOutboxView, notificationList } from '../../../shared/api/notifications.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { NotificationService } from './notification.service.js';

const params = z.object({ id });

/** Issue 6.5: one's own notifications (every role) and the admin's e-mail outbox. */
export function notificationRoutes(app: App, notifications: NotificationService): void {
  const tags = ['notifications'];

  app.get('/api/notifications', { schema: { tags, summary: 'Own notifications, newest first, and the number of unread ones', response: { 200: notificationList, ...errors } } },
    async (request) => notifications.list(actorOf(request)));
  app.post('/api/notifications/:id/read', { schema: { tags, summary: 'Mark one of one\'s own notifications read (another user\'s: 404)', params, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await notifications.markRead(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });
  app.post('/api/notifications/read-all', { schema: { tags, summary: 'Mark all of one\'s own notifications read', response: { 200: z.object({ marked: z.number().int() }), ...errors } } },
    async (request) => notifications.markAllRead(actorOf(request)));

  app.get('/api/admin/email-outbox', { schema: { tags, summary: 'The e-mail outbox: delivery state, attempts and the last SMTP error (no addresses, no content)', querystring: emailOutboxQuery, response: { 200: emailOutboxList, ...errors } } },
    async (request) => notifications.outbox(actorOf(request), request.query));
  app.post('/api/admin/email-outbox/:id/retry', { schema: { tags, summary: 'Queue a failed e-mail again (a sent one: 409)', params, response: { 200: emailOutboxView, ...errors } } },
    async (request) => notifications.retry(actorOf(request), request.params.id));
}
