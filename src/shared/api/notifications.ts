import { z } from 'zod';
import { id, timestamp } from './fields.js';

/**
 * Issue 6.5: reminders and notifications. What a user is told about, in the app and by e-mail.
 * Neither carries personal data: a kind, a reference (signal number, meeting date) and a link.
 */
export const NOTIFICATION_KINDS = [
  /** A new signal arrived (coordinator and deputy). */
  'signal_new',
  /** A new signal with acute danger: e-mailed at once. */
  'signal_acute',
  /** A partner's feedback on a referral is overdue. */
  'feedback_overdue',
  /** The reporter of a signal is still to be informed (step 6). */
  'reporter_to_inform',
  /** The agenda of a meeting one takes part in was published. */
  'agenda_published',
  /** An action item one owns is due (or overdue). */
  'action_due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const EMAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const notificationView = z.object({
  id,
  kind: z.enum(NOTIFICATION_KINDS),
  reference: z.string(),
  link: z.string(),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
});
export type NotificationView = z.output<typeof notificationView>;

/** GET /api/notifications: one's own notifications, newest first, and how many are unread. */
export const notificationList = z.object({
  items: z.array(notificationView),
  unread: z.number().int(),
});
export type NotificationList = z.output<typeof notificationList>;

/** The admin's outbox list: filter by status (all when absent). */
export const emailOutboxQuery = z.object({
  status: z.enum(EMAIL_STATUSES, { error: 'v.choice' }).optional(),
});

/**
 * One e-mail of the outbox as the admin sees it: never the address, subject or body, only whom it is for
 * (the user, whom the admin manages anyway), the kind, the state of delivery and the last SMTP error.
 */
export const emailOutboxView = z.object({
  id,
  kind: z.enum(NOTIFICATION_KINDS),
  recipient: z.object({ id, displayName: z.string() }),
  status: z.enum(EMAIL_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: timestamp,
  sentAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type EmailOutboxView = z.output<typeof emailOutboxView>;

export const emailOutboxList = z.object({
  /** Whether e-mail is switched on (MELDROUTE_SMTP_URL); without it only in-app notifications exist. */
  enabled: z.boolean(),
  items: z.array(emailOutboxView),
});
export type EmailOutboxList = z.output<typeof emailOutboxList>;
