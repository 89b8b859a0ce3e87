import { and, asc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { AWAITING_FEEDBACK } from '../../../shared/referral-states.js';
import type { DbOrTx } from '../../db/client.js';
import { calendarFeeds, meetingActions, meetingParticipants, meetings, meetingSeries, referrals, signals, users } from '../../db/schema/index.js';

/**
 * Issue 6.6: calendar feeds and what goes into them. Reads the meeting tables directly (the
 * meetings module owns their writes) and only the columns a feed may show: no description,
 * minutes, persons or partner.
 */

export type FeedRow = { createdAt: Date; lastUsedAt: Date | null };

export async function findFeed(db: DbOrTx, userId: string): Promise<FeedRow | undefined> {
  const [row] = await db
    .select({ createdAt: calendarFeeds.createdAt, lastUsedAt: calendarFeeds.lastUsedAt })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .limit(1);
  return row;
}

/** Create the user's feed or replace its token (the old one stops working). Returns whether one existed. */
export async function upsertFeed(db: DbOrTx, userId: string, tokenHash: string, now: Date): Promise<{ replaced: boolean }> {
  const existed = await findFeed(db, userId);
  await db
    .insert(calendarFeeds)
    .values({ userId, tokenHash, createdAt: now, lastUsedAt: null })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash, createdAt: now, lastUsedAt: null } });
  return { replaced: existed !== undefined };
}

export async function deleteFeed(db: DbOrTx, userId: string): Promise<boolean> {
  const rows = await db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId)).returning({ userId: calendarFeeds.userId });
  return rows.length > 0;
}

/** The owner of a feed, by the SHA-256 of its token (an index lookup: no comparison of secrets in code). */
export async function findFeedOwner(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ userId: users.id, municipalityId: users.municipalityId, role: users.role, active: users.active })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(eq(calendarFeeds.tokenHash, tokenHash))
    .limit(1);
  return row;
}

export async function touchFeed(db: DbOrTx, userId: string, now: Date): Promise<void> {
  await db.update(calendarFeeds).set({ lastUsedAt: now }).where(eq(calendarFeeds.userId, userId));
}

export interface Window {
  municipalityId: string;
  /** Inclusive YYYY-MM-DD bounds. */
  from: string;
  to: string;
}

/**
 * Meetings (not cancelled) in the window: of the series the user takes part in, or with
 * `allOfMunicipality` every meeting of the municipality (the coordinator and the deputy).
 */
export async function listFeedMeetings(db: DbOrTx, w: Window & { userId: string; allOfMunicipality: boolean }) {
  const participates = sql`exists (select 1 from ${meetingParticipants} where ${meetingParticipants.seriesId} = ${meetings.seriesId} and ${meetingParticipants.userId} = ${w.userId})`;
  return db
    .select({
      id: meetings.id,
      date: meetings.date,
      startTime: meetings.startTime,
      durationMinutes: meetings.durationMinutes,
      location: sql<string | null>`coalesce(${meetings.location}, ${meetingSeries.location})`,
      seriesName: meetingSeries.name,
    })
    .from(meetings)
    .innerJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId))
    .where(
      and(
        eq(meetings.municipalityId, w.municipalityId),
        eq(meetingSeries.municipalityId, w.municipalityId),
        ne(meetings.status, 'cancelled'),
        gte(meetings.date, w.from),
        lte(meetings.date, w.to),
        w.allOfMunicipality ? undefined : participates,
      ),
    )
    .orderBy(asc(meetings.date), asc(meetings.startTime), asc(meetings.id));
}

/** The user's open action items due in the window, with the series they come from (never the description). */
export async function listFeedActions(db: DbOrTx, w: Window & { ownerId: string }) {
  return db
    .select({ id: meetingActions.id, meetingId: meetingActions.meetingId, dueDate: meetingActions.dueDate, seriesName: meetingSeries.name })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .innerJoin(meetingSeries, eq(meetingSeries.id, meetings.seriesId))
    .where(
      and(
        eq(meetingActions.municipalityId, w.municipalityId),
        eq(meetingActions.ownerId, w.ownerId),
        eq(meetingActions.status, 'open'),
        gte(meetingActions.dueDate, w.from),
        lte(meetingActions.dueDate, w.to),
      ),
    )
    .orderBy(asc(meetingActions.dueDate), asc(meetingActions.id));
}

/** Referrals of open signals still awaiting the partner's feedback, due in the window: signal number and date only. */
export async function listFeedbackDue(db: DbOrTx, w: Window) {
  return db
    .select({ id: referrals.id, signalId: referrals.signalId, dueDate: referrals.feedbackDueOn, signalNumber: signals.number })
    .from(referrals)
    .innerJoin(signals, eq(signals.id, referrals.signalId))
    .where(
      and(
        eq(signals.municipalityId, w.municipalityId),
        ne(signals.state, 'closed'),
        inArray(referrals.state, [...AWAITING_FEEDBACK]),
        gte(referrals.feedbackDueOn, w.from),
        lte(referrals.feedbackDueOn, w.to),
      ),
    )
    .orderBy(asc(referrals.feedbackDueOn), asc(referrals.id));
}
