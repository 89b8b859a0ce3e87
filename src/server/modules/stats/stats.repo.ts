import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { partners, referrals, signals } from '../../db/schema/index.js';

/** Signals received per year, and how many of them led to at least one referral to an outside partner. */
export async function countSignalsPerYear(db: DbOrTx, municipalityId: string) {
  const year = sql<number>`extract(year from ${signals.receivedAt} at time zone 'Europe/Amsterdam')::int`;
  return db
    .select({
      year,
      signals: sql<number>`count(*)::int`,
      // Qualify both columns: in a single-table select drizzle renders ${signals.id} as a bare "id",
      // which inside the subquery would resolve to referrals.id and count nothing.
      referred: sql<number>`count(*) filter (where exists (
        select 1 from ${referrals} join ${partners} on ${partners}."id" = ${referrals}."partner_id"
        where ${referrals}."signal_id" = ${signals}."id" and ${partners}."kind" = 'external'))::int`,
    })
    .from(signals)
    .where(eq(signals.municipalityId, municipalityId))
    .groupBy(year)
    .orderBy(year);
}
