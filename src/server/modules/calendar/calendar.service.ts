import { createHash, randomBytes } from 'node:crypto';
import type { CalendarFeedStatus, CreatedCalendarFeed } from '../../../shared/api/calendar.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { addDays, type Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { assertCan, can } from '../../lib/permissions.js';
import { audit, auditedChange, auditResultOf } from '../audit/audit.service.js';
import { renderCalendar, type CalendarEvent } from './calendar.ics.js';
import { deleteFeed, findFeed, findFeedOwner, listFeedActions, listFeedbackDue, listFeedMeetings, touchFeed, upsertFeed } from './calendar.repo.js';

/** What a feed covers: the recent past (minutes, late actions) and the year ahead. */
export const FEED_DAYS_BACK = 60;
export const FEED_DAYS_AHEAD = 365;

/** The feed's path; the token is its only secret. */
export const feedPath = (token: string) => `/api/calendar/${token}.ics`;

/** Like session tokens: only the SHA-256 is stored, so a database dump opens no feed. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Issue 6.6: one's own calendar feed. Making, renewing and revoking it are audited; reading it
 * (a calendar client polling, without a session) is not: it only updates "last used".
 */
export function createCalendarService(deps: { db: Db; clock: Clock; /** Links in events start with it. */ publicUrl: string }) {
  const { db, clock, publicUrl } = deps;
  const objectType = 'calendar_feed';

  return {
    async status(actor: Actor): Promise<CalendarFeedStatus> {
      assertCan(actor, 'calendar.subscribe');
      const feed = await findFeed(db, actor.userId);
      return {
        exists: feed !== undefined,
        createdAt: feed?.createdAt.toISOString() ?? null,
        lastUsedAt: feed?.lastUsedAt?.toISOString() ?? null,
      };
    },

    /** Create the feed, or replace it: the old address stops working. The new path is returned once. */
    async create(actor: Actor): Promise<CreatedCalendarFeed> {
      try {
        assertCan(actor, 'calendar.subscribe');
      } catch (error) {
        if (error instanceof AppError) await audit(db, actor, { action: 'calendar.feed_create', objectType, objectId: actor.userId, result: auditResultOf(error) });
        throw error;
      }
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const { replaced } = await db.transaction(async (tx) => {
        const result = await upsertFeed(tx, actor.userId, hashToken(token), now);
        await audit(tx, actor, { action: result.replaced ? 'calendar.feed_replace' : 'calendar.feed_create', objectType, objectId: actor.userId, result: 'ok' });
        return result;
      });
      return { path: feedPath(token), createdAt: now.toISOString(), replaced };
    },

    /** Revoke the feed (nothing to revoke is fine: the outcome is the same). */
    async revoke(actor: Actor): Promise<void> {
      await auditedChange(db, actor, 'calendar.subscribe', { action: 'calendar.feed_revoke', objectType, objectId: actor.userId }, async (tx) => {
        const existed = await deleteFeed(tx, actor.userId);
        return { value: undefined, details: { existed } };
      });
    },

    /**
     * The feed of a token: 404 for an unknown or revoked token and for a deactivated account. The
     * owner's current role decides what is in it.
     */
    async feed(token: string): Promise<string> {
      const owner = await findFeedOwner(db, hashToken(token));
      if (!owner || !owner.active || !can(owner, 'calendar.subscribe')) throw notFound('agenda');
      const now = clock.now();
      const today = clock.today();
      const window = { municipalityId: owner.municipalityId, from: addDays(today, -FEED_DAYS_BACK), to: addDays(today, FEED_DAYS_AHEAD) };
      const municipal = can(owner, 'calendar.municipality_items');

      const events: CalendarEvent[] = [
        ...(await listFeedMeetings(db, { ...window, userId: owner.userId, allOfMunicipality: municipal })).map((m) => ({ kind: 'meeting' as const, ...m })),
        ...(await listFeedActions(db, { ...window, ownerId: owner.userId })).map((a) => ({ kind: 'action' as const, ...a })),
        ...(municipal ? await listFeedbackDue(db, window) : []).map((r) => ({ kind: 'feedback' as const, ...r })),
      ];
      await touchFeed(db, owner.userId, now);
      return renderCalendar(events, { now, baseUrl: publicUrl });
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
