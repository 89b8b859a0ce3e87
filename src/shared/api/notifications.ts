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
