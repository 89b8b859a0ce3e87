import type { Vault } from '../../crypto/vault.js';
import type { Database, Db } from '../../db/client.js';
import { listActiveUserIdsByRole } from '../users/user.repo.js';
import { localDate, type Clock } from '../../lib/clock.js';
import { listMunicipalities } from '../municipality/municipality.repo.js';
import { listOverdueReferrals } from '../referrals/referral.repo.js';
import { listSignalSummaries, signalFilters } from '../signals/signal.repo.js';
import { withBaseUrl } from './email.content.js';
import { MailDeliveryError, type Mailer } from './mailer.js';
import {
  lastReferredAt,
  listDueActions,
  listDueEmails,
  markEmailAttemptFailed,
  markEmailSent,
} from './notification.repo.js';
import { notificationLinks, notifyUsers, SIGNAL_RECIPIENT_ROLES, type NotifyInput } from './notify.js';

/**
 * Advisory lock keys of the two jobs (several app instances schedule them, one executes). Distinct from the
 * migration (…0001), audit chain (…0002) and retention (…0003) locks; 0x…065x for issue 6.5.
 */
export const MAIL_LOCK_KEY = 0x4d52_0651;
export const REMINDER_SCAN_LOCK_KEY = 0x4d52_0652;

/** Minutes to wait after the 1st, 2nd, … failed attempt. After MAX_EMAIL_ATTEMPTS failures the e-mail is 'failed'. */
export const EMAIL_BACKOFF_MINUTES = [1, 5, 15, 60, 240] as const;
export const MAX_EMAIL_ATTEMPTS = EMAIL_BACKOFF_MINUTES.length + 1;
/** E-mails one run of the mail job sends at most (the next run continues). */
export const MAIL_BATCH = 100;
/** The reporter still to be informed: reminded when it becomes pending, then every this many days. */
export const REPORTER_REMINDER_DAYS = 7;
/** Stored as the last error when e-mail is switched off: visible to the admin, and nothing piles up to be sent later. */
export const MAIL_DISABLED_ERROR = 'E-mail staat uit: MELDROUTE_SMTP_URL is niet ingesteld.';

export interface ReminderScanResult {
  ran: boolean;
  /** Notifications created, per kind. */
  feedbackOverdue: number;
  reporterToInform: number;
  actionDue: number;
}

export interface MailRunResult {
  ran: boolean;
  sent: number;
  failed: number;
  retrying: number;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);

/**
 * Issue 6.5: the periodic jobs, scheduled by main.ts.
 *
 * The reminder scan (hourly; idempotent through the notifications' dedupe keys, so every instance and every
 * rerun may run it) reminds, per municipality:
 * - the coordinator and the deputy of a referral whose partner feedback is overdue (the worklist's query):
 *   once per referral and due date (`feedback_overdue:<referral>:<due date>`; a new due date reminds again);
 * - the coordinator and the deputy of a referred signal whose reporter is still to be informed (step 6):
 *   when it becomes pending and again every REPORTER_REMINDER_DAYS days while it stays so
 *   (`reporter_to_inform:<signal>:<referred on>:<week>`);
 * - the owner of an open action item due today or earlier: once per item and due date (`action_due:<action>:<due date>`).
 * Reminders are e-mailed in the morning digest.
 *
 * The mail job (every half minute) sends due outbox rows, one attempt each; a failure stores the SMTP error
 * (code and reply, no address) and backs off 1, 5, 15, 60, 240 minutes; the sixth failure makes it 'failed'
 * for the admin to retry. At-least-once: a crash between sending and recording sends again.
 */
export function createNotificationJobs(deps: { database: Database; clock: Clock; vault: Vault; mailer: Mailer | null; publicUrl: string }) {
  const { database, clock, vault, mailer, publicUrl } = deps;

  const notify = (db: Db, input: NotifyInput) => db.transaction((tx) => notifyUsers(tx, vault, clock, input));

  async function scanMunicipality(db: Db, municipalityId: string, today: string, result: ReminderScanResult): Promise<void> {
    const managers = await listActiveUserIdsByRole(db, municipalityId, SIGNAL_RECIPIENT_ROLES);

    for (const r of await listOverdueReferrals(db, vault, municipalityId, today)) {
      const { notified } = await notify(db, {
        municipalityId,
        userIds: managers,
        kind: 'feedback_overdue',
        reference: r.signalNumber,
        link: notificationLinks.signal(r.referral.signalId),
        dedupeKey: `feedback_overdue:${r.referral.id}:${r.referral.feedbackDueOn}`,
        email: 'digest',
      });
      result.feedbackOverdue += notified.length;
    }

    const toInform = await listSignalSummaries(db, municipalityId, { where: signalFilters.reporterToInform(), limit: 1000 });
    const referredAt = await lastReferredAt(db, toInform.map((s) => s.id));
    for (const s of toInform) {
      const referredOn = localDate(referredAt.get(s.id) ?? s.receivedAt);
      const week = Math.max(0, Math.floor(daysBetween(referredOn, today) / REPORTER_REMINDER_DAYS));
      const { notified } = await notify(db, {
        municipalityId,
        userIds: managers,
        kind: 'reporter_to_inform',
        reference: s.number,
        link: notificationLinks.signal(s.id),
        dedupeKey: `reporter_to_inform:${s.id}:${referredOn}:${week}`,
        email: 'digest',
      });
      result.reporterToInform += notified.length;
    }

    for (const a of await listDueActions(db, municipalityId, today)) {
      const { notified } = await notify(db, {
        municipalityId,
        userIds: [a.ownerId],
        kind: 'action_due',
        reference: a.dueDate,
        link: notificationLinks.meeting(a.meetingId),
        dedupeKey: `action_due:${a.id}:${a.dueDate}`,
        email: 'digest',
      });
      result.actionDue += notified.length;
    }
  }

  return {
    /** Run the reminder scan once; skipped (ran: false) while another instance runs it. */
    async runReminderScan(now: Date = clock.now()): Promise<ReminderScanResult> {
      const today = localDate(now);
      const result: ReminderScanResult = { ran: false, feedbackOverdue: 0, reporterToInform: 0, actionDue: 0 };
      const outcome = await database.tryWithAdvisoryLock(REMINDER_SCAN_LOCK_KEY, async (db) => {
        for (const m of await listMunicipalities(db)) await scanMunicipality(db, m.id, today, result);
      });
      return { ...result, ran: outcome.ran };
    },

    /** Send the due e-mails once (one attempt each); skipped (ran: false) while another instance runs it. */
    async runMailJob(now: Date = clock.now()): Promise<MailRunResult> {
      const result: MailRunResult = { ran: false, sent: 0, failed: 0, retrying: 0 };
      const outcome = await database.tryWithAdvisoryLock(MAIL_LOCK_KEY, async (db) => {
        for (const email of await listDueEmails(db, vault, now, MAIL_BATCH)) {
          const attempts = email.attempts + 1;
          let error: string;
          if (!mailer) {
            error = MAIL_DISABLED_ERROR;
          } else {
            try {
              await mailer.send({ to: email.toAddress, subject: withBaseUrl(email.subject, publicUrl), text: withBaseUrl(email.body, publicUrl) });
              await markEmailSent(db, email.id, attempts, clock.now());
              result.sent += 1;
              continue;
            } catch (e) {
              error = e instanceof MailDeliveryError ? e.message : 'unknown error';
            }
          }
          const giveUp = !mailer || attempts >= MAX_EMAIL_ATTEMPTS;
          const backoff = EMAIL_BACKOFF_MINUTES[Math.min(attempts, EMAIL_BACKOFF_MINUTES.length) - 1]!;
          await markEmailAttemptFailed(db, email.id, {
            attempts,
            status: giveUp ? 'failed' : 'pending',
            nextAttemptAt: giveUp ? now : new Date(now.getTime() + backoff * 60_000),
            lastError: error,
            at: clock.now(),
          });
          if (giveUp) result.failed += 1;
          else result.retrying += 1;
        }
      });
      return { ...result, ran: outcome.ran };
    },
  };
}

export type NotificationJobs = ReturnType<typeof createNotificationJobs>;

