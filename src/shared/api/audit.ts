import { z } from 'zod';
import { AUDIT_RESULTS, ROLES } from '../domain.js';
import { id } from './fields.js';

/** One entry of a signal's access log: who read or changed the signal (or one of its referrals), and when. */
export const accessLogEntry = z.object({
  /** Audit entry id. */
  id: z.number(),
  /** ISO timestamp. */
  at: z.string(),
  /** Null for the system itself (seed, command line). */
  actor: z
    .object({
      id,
      /** Null when the user is not of this municipality (an attempt from elsewhere). */
      displayName: z.string().nullable(),
      /** The role at the time of the action. */
      role: z.enum(ROLES).nullable(),
    })
    .nullable(),
  /** Audited action, e.g. `signal.read`, `signal.register`, `referral.create`. */
  action: z.string(),
  result: z.enum(AUDIT_RESULTS),
  /** The signal itself or one of its referrals. */
  objectType: z.enum(['signal', 'referral']),
  objectId: z.string().nullable(),
});

/** GET /api/signals/:id/access-log — newest first. */
export const accessLog = z.object({
  signalId: id,
  entries: z.array(accessLogEntry),
  /** True when older entries were left out (the list holds the newest `limit` entries). */
  truncated: z.boolean(),
});
