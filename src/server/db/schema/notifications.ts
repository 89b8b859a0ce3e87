import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { EmailStatus, NotificationKind } from '../../../shared/api/notifications.js';
import { municipalities, users } from './organisation.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Issue 6.5: in-app notifications. No personal data: a kind, a reference (a signal number or a
 * meeting date) and the link target. `dedupeKey` makes every trigger idempotent per user, so a
 * periodic scan or a retried request never notifies twice.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    kind: text().$type<NotificationKind>().notNull(),
    /** A signal number ("2026-0012") or a meeting date: never a name. */
    reference: text().notNull(),
    /** The app path the notification links to (e.g. /signalen/<id>). */
    link: text().notNull(),
    dedupeKey: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
    readAt: ts(),
  },
  (t) => [uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey), index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/**
 * The e-mail outbox: every e-mail is written here in the transaction that caused it and sent by the
 * mail job (one instance at a time), retried with backoff; failures stay visible to the admin.
 * The address is encrypted; subject and body carry only a number and a link.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    notificationId: uuid().references(() => notifications.id, { onDelete: 'set null' }),
    kind: text().$type<NotificationKind>().notNull(),
    /** Encrypted. */
    toAddress: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    status: text().$type<EmailStatus>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull().defaultNow(),
    /** The SMTP error of the last failed attempt (server response code and text; no address). */
    lastError: text(),
    sentAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index('email_outbox_due_idx').on(t.status, t.nextAttemptAt), index('email_outbox_municipality_idx').on(t.municipalityId, t.createdAt)],
);

/** Issue 6.6: one secret calendar feed per user; the URL holds a random token, the table only its SHA-256. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id),
    tokenHash: text().notNull(),
    createdAt: ts().notNull().defaultNow(),
    lastUsedAt: ts(),
  },
  (t) => [uniqueIndex('calendar_feeds_token_uq').on(t.tokenHash)],
);
