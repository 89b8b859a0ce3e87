import type { z } from 'zod';
import type { emailOutboxList, emailOutboxQuery, EmailOutboxView, NotificationList } from '../../../shared/api/notifications.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { conflict, notFound } from '../../lib/errors.js';
import { assertCan } from '../../lib/permissions.js';
import { auditedChange } from '../audit/audit.service.js';
import {
  countUnread,
  findOutbox,
  listOutbox,
  listOwnNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  requeueOutbox,
  type OutboxListRow,
} from './notification.repo.js';

/** How many of one's notifications the list shows (the newest). */
export const NOTIFICATION_LIST_LIMIT = 100;
/** How many outbox rows the admin's list shows (the newest). */
export const OUTBOX_LIST_LIMIT = 200;

const toOutboxView = (r: OutboxListRow): EmailOutboxView => ({
  id: r.id,
  kind: r.kind,
  recipient: { id: r.userId, displayName: r.displayName },
  status: r.status,
  attempts: r.attempts,
  lastError: r.lastError,
  nextAttemptAt: r.nextAttemptAt.toISOString(),
  sentAt: r.sentAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * Issue 6.5: one's own notifications (every role; another user's notification is a 404), and the admin's view
 * of the e-mail outbox with a retry. Notifications hold no personal data, so reading them is not audited;
 * a retry is.
 */
export function createNotificationService(deps: { db: Db; clock: Clock; emailEnabled: boolean }) {
  const { db, clock, emailEnabled } = deps;
  return {
    async list(actor: Actor): Promise<NotificationList> {
      assertCan(actor, 'notification.read_own');
      const [rows, unread] = await Promise.all([listOwnNotifications(db, actor.userId, NOTIFICATION_LIST_LIMIT), countUnread(db, actor.userId)]);
      return {
        items: rows.map((r) => ({ id: r.id, kind: r.kind, reference: r.reference, link: r.link, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null })),
        unread,
      };
    },

    async markRead(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'notification.read_own');
      if (!(await markNotificationRead(db, actor.userId, id, clock.now()))) throw notFound('bericht');
    },

    async markAllRead(actor: Actor): Promise<{ marked: number }> {
      assertCan(actor, 'notification.read_own');
      return { marked: await markAllNotificationsRead(db, actor.userId, clock.now()) };
    },

    async outbox(actor: Actor, query: z.output<typeof emailOutboxQuery>): Promise<z.output<typeof emailOutboxList>> {
      assertCan(actor, 'email_outbox.manage');
      const rows = await listOutbox(db, actor.municipalityId, query.status, OUTBOX_LIST_LIMIT);
      return { enabled: emailEnabled, items: rows.map(toOutboxView) };
    },

    /** Queue a failed (or waiting) e-mail again, due now with a fresh series of attempts. Audited. */
    async retry(actor: Actor, id: string): Promise<EmailOutboxView> {
      return auditedChange(db, actor, 'email_outbox.manage', { action: 'email_outbox.retry', objectType: 'email_outbox', objectId: id }, async (tx) => {
        const row = await findOutbox(tx, actor.municipalityId, id);
        if (!row) throw notFound('e-mail');
        if (row.status === 'sent') throw conflict('email_sent', 'Deze e-mail is al verzonden.');
        await requeueOutbox(tx, actor.municipalityId, id, clock.now());
        const updated = await findOutbox(tx, actor.municipalityId, id);
        return { value: toOutboxView(updated!), details: { kind: row.kind, previousStatus: row.status, attempts: row.attempts } };
      });
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
