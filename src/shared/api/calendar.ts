import { z } from 'zod';
import { timestamp } from './fields.js';

/**
 * Issue 6.6: a personal calendar subscription (iCalendar feed). The feed's address holds a random
 * secret (32 bytes, base64url: 43 characters); the server keeps only its SHA-256. The feed carries
 * meetings and due dates without personal data.
 */
export const CALENDAR_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** `GET /api/calendar/:token.ics`: the secret of the feed. */
export const calendarFeedParams = z.object({
  token: z.string().regex(CALENDAR_TOKEN, { error: 'v.invalid' }),
});

/** Whether one has a feed; never its address (that is shown once, when it is made). */
export const calendarFeedStatus = z.object({
  exists: z.boolean(),
  createdAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
});
export type CalendarFeedStatus = z.output<typeof calendarFeedStatus>;

/** A new feed (a renewed one replaces the old, whose address stops working at once). */
export const createdCalendarFeed = z.object({
  /** The feed's path, e.g. `/api/calendar/<token>.ics`: shown once; the client adds its own origin. */
  path: z.string(),
  createdAt: timestamp,
  /** True when an earlier feed was replaced. */
  replaced: z.boolean(),
});
export type CreatedCalendarFeed = z.output<typeof createdCalendarFeed>;
