import type { NotificationKind } from '../../../shared/api/notifications.js';
import type { Vault } from '../../crypto/vault.js';
import type { DbOrTx } from '../../db/client.js';
import { listActiveUserIdsByRole } from '../users/user.repo.js';
import { addDays, amsterdamInstant, localDate, type Clock } from '../../lib/clock.js';
import { renderEmail } from './email.content.js';
import {
  findActiveRecipients,
  findWaitingDigest,
  insertNotifications,
  insertOutbox,
  listNotificationsOfKindSince,
  updateOutboxContent,
} from './notification.repo.js';

/**
 * How a notification is e-mailed besides showing in the app:
 * - `now`: an e-mail of its own, sent by the next run of the mail job (acute signals, published agendas);
 * - `digest`: collected into one e-mail per user and kind, sent at the next DIGEST_HOUR (08:00 Amsterdam time);
 * - `none`: in the app only.
 * Users without an e-mail address get the in-app notification only; inactive users get nothing.
 */
export type EmailMode = 'now' | 'digest' | 'none';

export interface NotifyInput {
  municipalityId: string;
  userIds: readonly string[];
  kind: NotificationKind;
  /** A signal number or a date: never a name, a place or free text (it goes into the e-mail). */
  reference: string;
  /** The app path, e.g. `/signalen/<id>` (ids only). */
  link: string;
  /** Per user: a notification with this key exists at most once (ON CONFLICT DO NOTHING), so triggers may repeat. */
  dedupeKey: string;
  email: EmailMode;
}

/** Digest e-mails leave at this local hour (Europe/Amsterdam). */
export const DIGEST_HOUR = 8;

/** The UTC instant of a wall-clock hour in Amsterdam on a local date. */
const amsterdamTime = (date: string, hour: number): Date => amsterdamInstant(date, `${String(hour).padStart(2, '0')}:00`);

/** The next digest moment strictly after `now`. */
export function nextDigestAt(now: Date): Date {
  const today = amsterdamTime(localDate(now), DIGEST_HOUR);
  return today > now ? today : amsterdamTime(addDays(localDate(now), 1), DIGEST_HOUR);
}

/**
 * THE way to notify users (issue 6.5). Call it inside the transaction of the change that causes it, so a
 * rolled-back change notifies nobody; call it before audit(tx, …), which must stay the last write.
 * Inserts one notification per active user of the municipality (skipping users who already have one with
 * the dedupe key) and, for the newly notified users with an e-mail address, queues the e-mail in the outbox
 * (address encrypted). Returns the ids of the users notified now.
 */
export async function notifyUsers(tx: DbOrTx, vault: Vault, clock: Clock, input: NotifyInput): Promise<{ notified: string[]; emails: number }> {
  const recipients = await findActiveRecipients(tx, input.municipalityId, [...new Set(input.userIds)]);
  if (recipients.length === 0) return { notified: [], emails: 0 };
  const now = clock.now();
  const inserted = await insertNotifications(
    tx,
    recipients.map((r) => ({
      municipalityId: input.municipalityId,
      userId: r.id,
      kind: input.kind,
      reference: input.reference,
      link: input.link,
      dedupeKey: input.dedupeKey,
      createdAt: now,
    })),
  );
  let emails = 0;
  if (input.email !== 'none') {
    const addressOf = new Map(recipients.map((r) => [r.id, r.email]));
    for (const n of inserted) {
      const address = addressOf.get(n.userId)?.trim();
      if (!address) continue;
      emails += 1;
      if (input.email === 'now') {
        const { subject, body } = renderEmail(input.kind, [{ reference: input.reference, link: input.link }]);
        await insertOutbox(tx, vault, { municipalityId: input.municipalityId, userId: n.userId, notificationId: n.id, kind: input.kind, toAddress: address, subject, body, nextAttemptAt: now, createdAt: now });
        continue;
      }
      const slot = nextDigestAt(now);
      const waiting = await findWaitingDigest(tx, n.userId, input.kind, slot);
      if (waiting) {
        const items = await listNotificationsOfKindSince(tx, n.userId, input.kind, waiting.createdAt);
        const { subject, body } = renderEmail(input.kind, items);
        await updateOutboxContent(tx, waiting.id, subject, body, now);
      } else {
        const { subject, body } = renderEmail(input.kind, [{ reference: input.reference, link: input.link }]);
        await insertOutbox(tx, vault, { municipalityId: input.municipalityId, userId: n.userId, notificationId: null, kind: input.kind, toAddress: address, subject, body, nextAttemptAt: slot, createdAt: now });
      }
    }
  }
  return { notified: inserted.map((n) => n.userId), emails };
}

/** The app paths notifications link to (ids only). The meeting page is the meetings module's (issue 6.1). */
export const notificationLinks = {
  signal: (signalId: string) => `/signalen/${signalId}`,
  meeting: (meetingId: string) => `/overleggen/${meetingId}`,
};

/** Who hears of new signals and is reminded of the route's steps: the coordinator and the deputy. */
export const SIGNAL_RECIPIENT_ROLES = ['coordinator', 'deputy_coordinator'] as const;

/**
 * A signal was submitted (called by the signal service inside the submission's transaction): the coordinator
 * and the deputy are notified — acute danger as 'signal_acute' with an e-mail at once, otherwise 'signal_new'
 * in the morning digest. The submitter (if a coordinator) is not told of their own signal.
 */
export async function notifyNewSignal(
  tx: DbOrTx,
  vault: Vault,
  clock: Clock,
  signal: { municipalityId: string; id: string; number: string; acuteDanger: boolean; submittedById: string },
): Promise<void> {
  const userIds = (await listActiveUserIdsByRole(tx, signal.municipalityId, SIGNAL_RECIPIENT_ROLES)).filter((id) => id !== signal.submittedById);
  await notifyUsers(tx, vault, clock, {
    municipalityId: signal.municipalityId,
    userIds,
    kind: signal.acuteDanger ? 'signal_acute' : 'signal_new',
    reference: signal.number,
    link: notificationLinks.signal(signal.id),
    dedupeKey: `signal_new:${signal.id}`,
    email: signal.acuteDanger ? 'now' : 'digest',
  });
}
