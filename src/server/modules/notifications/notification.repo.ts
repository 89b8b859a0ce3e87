import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { EmailStatus, NotificationKind } from '../../../shared/api/notifications.js';
import { recordCipher, type Vault } from '../../crypto/vault.js';
import type { DbOrTx } from '../../db/client.js';
import { emailOutbox, meetingActions, notifications, signalHistory, users } from '../../db/schema/index.js';

/** Issue 6.5: the only code that reads and writes notifications and the e-mail outbox. */

const T = 'email_outbox';

export type NotificationRow = typeof notifications.$inferSelect;
export type OutboxRow = typeof emailOutbox.$inferSelect;

// --- recipients ---------------------------------------------------------------

/** Active users of a municipality with one of the roles (the coordinator and the deputy, for signal notifications). */
/** Of the given users, the active ones of the municipality, with their e-mail address (null when none is known). */
export async function findActiveRecipients(db: DbOrTx, municipalityId: string, userIds: readonly string[]): Promise<{ id: string; email: string | null }[]> {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.municipalityId, municipalityId), inArray(users.id, [...userIds]), eq(users.active, true)));
}

// --- notifications ------------------------------------------------------------

/** Insert notifications; one that exists for (user, dedupe key) is skipped. Returns the inserted ones. */
export async function insertNotifications(
  db: DbOrTx,
  rows: { municipalityId: string; userId: string; kind: NotificationKind; reference: string; link: string; dedupeKey: string; createdAt: Date }[],
): Promise<{ id: string; userId: string }[]> {
  if (rows.length === 0) return [];
  return db
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id, userId: notifications.userId });
}

/** A user's notifications of one kind created at or after `since`, oldest first (the items of a digest e-mail). */
export async function listNotificationsOfKindSince(db: DbOrTx, userId: string, kind: NotificationKind, since: Date) {
  return db
    .select({ reference: notifications.reference, link: notifications.link })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind), gte(notifications.createdAt, since)))
    .orderBy(asc(notifications.createdAt), asc(notifications.reference))
    .limit(200);
}

export async function listOwnNotifications(db: DbOrTx, userId: string, limit: number): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnread(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Mark one of the user's own notifications read (an earlier read time stays). False when it is not theirs. */
export async function markNotificationRead(db: DbOrTx, userId: string, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at})` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllNotificationsRead(db: DbOrTx, userId: string, at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

// --- the outbox ---------------------------------------------------------------

/** Queue an e-mail; the address is encrypted with the row id bound. */
export async function insertOutbox(
  db: DbOrTx,
  vault: Vault,
  row: { municipalityId: string; userId: string; notificationId: string | null; kind: NotificationKind; toAddress: string; subject: string; body: string; nextAttemptAt: Date; createdAt: Date },
): Promise<string> {
  const id = randomUUID();
  await db.insert(emailOutbox).values({ ...row, id, toAddress: recordCipher(vault, T, id).seal('to_address', row.toAddress), updatedAt: row.createdAt });
  return id;
}

/** The digest e-mail of (user, kind) waiting for its slot and not yet tried, to add a notification to. */
export async function findWaitingDigest(db: DbOrTx, userId: string, kind: NotificationKind, slot: Date): Promise<{ id: string; createdAt: Date } | undefined> {
  const [row] = await db
    .select({ id: emailOutbox.id, createdAt: emailOutbox.createdAt })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.userId, userId),
        eq(emailOutbox.kind, kind),
        eq(emailOutbox.status, 'pending'),
        eq(emailOutbox.attempts, 0),
        eq(emailOutbox.nextAttemptAt, slot),
        isNull(emailOutbox.notificationId),
      ),
    )
    .limit(1)
    .for('update');
  return row;
}

export async function updateOutboxContent(db: DbOrTx, id: string, subject: string, body: string, at: Date): Promise<void> {
  await db.update(emailOutbox).set({ subject, body, updatedAt: at }).where(eq(emailOutbox.id, id));
}

export type DueEmail = { id: string; municipalityId: string; kind: NotificationKind; toAddress: string; subject: string; body: string; attempts: number };

/** Pending e-mails whose next attempt is due, oldest first, with the address decrypted. */
export async function listDueEmails(db: DbOrTx, vault: Vault, now: Date, limit: number): Promise<DueEmail[]> {
  const rows = await db
    .select({
      id: emailOutbox.id,
      municipalityId: emailOutbox.municipalityId,
      kind: emailOutbox.kind,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      body: emailOutbox.body,
      attempts: emailOutbox.attempts,
    })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, 'pending'), lte(emailOutbox.nextAttemptAt, now)))
    .orderBy(asc(emailOutbox.nextAttemptAt), asc(emailOutbox.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, toAddress: recordCipher(vault, T, r.id).open('to_address', r.toAddress) }));
}

export async function markEmailSent(db: DbOrTx, id: string, attempts: number, at: Date): Promise<void> {
  await db.update(emailOutbox).set({ status: 'sent', attempts, sentAt: at, updatedAt: at }).where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'pending')));
}

export async function markEmailAttemptFailed(
  db: DbOrTx,
  id: string,
  patch: { attempts: number; status: EmailStatus; nextAttemptAt: Date; lastError: string; at: Date },
): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ attempts: patch.attempts, status: patch.status, nextAttemptAt: patch.nextAttemptAt, lastError: patch.lastError, updatedAt: patch.at })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'pending')));
}

/** What the admin sees of an e-mail: never the address, subject or body. */
const outboxListColumns = {
  id: emailOutbox.id,
  kind: emailOutbox.kind,
  userId: emailOutbox.userId,
  displayName: users.displayName,
  status: emailOutbox.status,
  attempts: emailOutbox.attempts,
  lastError: emailOutbox.lastError,
  nextAttemptAt: emailOutbox.nextAttemptAt,
  sentAt: emailOutbox.sentAt,
  createdAt: emailOutbox.createdAt,
  updatedAt: emailOutbox.updatedAt,
};

/** The admin's list of a municipality's outbox, newest first, with the recipient's display name. */
export async function listOutbox(db: DbOrTx, municipalityId: string, status: EmailStatus | undefined, limit: number) {
  return db
    .select(outboxListColumns)
    .from(emailOutbox)
    .innerJoin(users, eq(users.id, emailOutbox.userId))
    .where(and(eq(emailOutbox.municipalityId, municipalityId), status ? eq(emailOutbox.status, status) : undefined))
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(limit);
}
export type OutboxListRow = Awaited<ReturnType<typeof listOutbox>>[number];

export async function findOutbox(db: DbOrTx, municipalityId: string, id: string): Promise<OutboxListRow | undefined> {
  const rows = await db
    .select(outboxListColumns)
    .from(emailOutbox)
    .innerJoin(users, eq(users.id, emailOutbox.userId))
    .where(and(eq(emailOutbox.municipalityId, municipalityId), eq(emailOutbox.id, id)))
    .limit(1);
  return rows[0];
}

/** Queue an e-mail again: pending, due now, with a fresh series of attempts (the last error stays until it is sent). */
export async function requeueOutbox(db: DbOrTx, municipalityId: string, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(emailOutbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now })
    .where(and(eq(emailOutbox.municipalityId, municipalityId), eq(emailOutbox.id, id), inArray(emailOutbox.status, ['pending', 'failed'])))
    .returning({ id: emailOutbox.id });
  return rows.length > 0;
}

/** Issue 7: the outbox as a queue, over every municipality — counts and times only, for the metrics. */
export interface OutboxQueueStats {
  pending: number;
  /** Pending e-mails whose next attempt is due now (the mail job should pick them up within half a minute). */
  due: number;
  failed: number;
  /** When the oldest pending e-mail was queued (digests wait for their morning slot, retries for their backoff). */
  oldestPendingCreatedAt: Date | null;
  /** Since when the longest-waiting due e-mail has been due. */
  oldestDueAt: Date | null;
}

export async function outboxQueueStats(db: DbOrTx, now: Date): Promise<OutboxQueueStats> {
  const pending = eq(emailOutbox.status, 'pending');
  const due = and(pending, lte(emailOutbox.nextAttemptAt, now));
  const epoch = (column: AnyPgColumn, where: SQL | undefined) => sql<number | null>`extract(epoch from min(${column}) filter (where ${where}))`.mapWith(Number);
  const [row] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${pending})`.mapWith(Number),
      due: sql<number>`count(*) filter (where ${due})`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${emailOutbox.status} = 'failed')`.mapWith(Number),
      oldestPending: epoch(emailOutbox.createdAt, pending),
      oldestDue: epoch(emailOutbox.nextAttemptAt, due),
    })
    .from(emailOutbox)
    .where(inArray(emailOutbox.status, ['pending', 'failed']));
  const at = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? null : new Date(seconds * 1000));
  return { pending: row?.pending ?? 0, due: row?.due ?? 0, failed: row?.failed ?? 0, oldestPendingCreatedAt: at(row?.oldestPending), oldestDueAt: at(row?.oldestDue) };
}

// --- what the reminder scan looks at -------------------------------------------

/** When each of the signals last moved to 'referred' (the moment its reporter became "still to inform"). */
export async function lastReferredAt(db: DbOrTx, signalIds: readonly string[]): Promise<Map<string, Date>> {
  if (signalIds.length === 0) return new Map();
  const rows = await db
    .select({ signalId: signalHistory.signalId, at: sql<Date>`max(${signalHistory.at})`.mapWith((v: string | Date) => new Date(v)) })
    .from(signalHistory)
    .where(and(inArray(signalHistory.signalId, [...signalIds]), eq(signalHistory.toState, 'referred')))
    .groupBy(signalHistory.signalId);
  return new Map(rows.map((r) => [r.signalId, r.at]));
}

/** Open action items of a municipality due on or before `today` (meeting_actions, issue 6.1). */
export async function listDueActions(db: DbOrTx, municipalityId: string, today: string) {
  return db
    .select({ id: meetingActions.id, ownerId: meetingActions.ownerId, dueDate: meetingActions.dueDate, meetingId: meetingActions.meetingId })
    .from(meetingActions)
    .where(and(eq(meetingActions.municipalityId, municipalityId), eq(meetingActions.status, 'open'), lte(meetingActions.dueDate, today), isNotNull(meetingActions.ownerId)))
    .orderBy(asc(meetingActions.dueDate), asc(meetingActions.id))
    .limit(1000);
}
