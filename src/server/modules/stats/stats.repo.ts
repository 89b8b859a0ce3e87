import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { referrals, signals } from '../../db/schema/index.js';

/** Signals received per year, and how many of them led to at least one referral. */
export async function countSignalsPerYear(db: DbOrTx, municipalityId: string) {
  const year = sql<number>`extract(year from ${signals.receivedAt} at time zone 'Europe/Amsterdam')::int`;
  return db
    .select({
      year,
      signals: sql<number>`count(*)::int`,
      referred: sql<number>`count(*) filter (where exists (select 1 from ${referrals} where ${referrals.signalId} = ${signals.id}))::int`,
    })
    .from(signals)
    .where(eq(signals.municipalityId, municipalityId))
    .groupBy(year)
    .orderBy(year);
}
