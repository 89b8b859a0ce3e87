import { and, eq, gte, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.js';
import { statsMonths } from '../../db/schema/index.js';
import { addMonths, marginsOf } from './dashboard.figures.js';
import { feedbackHistogram, leadTimeHistogram, signalAtoms } from './dashboard.repo.js';
import { MONTH_FACTS_FORMAT, toSeries, type MonthFacts } from './month-facts.js';

/**
 * The monthly pre-aggregate (issue 5): read the facts of every month of a period from stats_months,
 * recomputing the months whose facts are missing or stale. Triggers (migration 0014) raise a month's
 * `version` in every transaction that changes what it counts; facts are stored with the version read
 * before they were computed, and only while that is still the version — so a change that lands while
 * a month is being computed leaves it stale for the next read, never wrongly fresh.
 */

/** The facts of one month, from the signals themselves. */
export async function computeMonthFacts(db: DbOrTx, municipalityId: string, month: string, options: { oneConnection?: boolean } = {}): Promise<MonthFacts> {
  const queries = [
    () => signalAtoms(db, municipalityId, month, month),
    () => leadTimeHistogram(db, municipalityId, month),
    () => feedbackHistogram(db, municipalityId, month),
  ] as const;
  // On the pool the three run at the same time; on one connection (the refresh job's, which holds its advisory
  // lock) one after the other — a pg client runs one query at a time.
  const [atoms, lead, feedback] = options.oneConnection
    ? [await queries[0](), await queries[1](), await queries[2]()]
    : await Promise.all([queries[0](), queries[1](), queries[2]()]);
  return {
    format: MONTH_FACTS_FORMAT,
    month,
    margins: marginsOf(atoms),
    lead: toSeries(lead, (b) => `${b.forms.join(',')}|${b.step}`, (b) => ({ forms: b.forms, step: b.step, days: [], n: [] })),
    feedback: toSeries(feedback, (b) => `${b.forms.join(',')}|${b.partnerId}`, (b) => ({ forms: b.forms, partnerId: b.partnerId, days: [], n: [] })),
  };
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

export interface MonthFactsRead {
  months: MonthFacts[];
  /** How many months were recomputed (for the benchmark and the tests). */
  recomputed: number;
}

/**
 * The facts of every month in [from, to] (YYYY-MM, inclusive), in month order. The histograms (the larger
 * part) are read only for the months from `histogramsFrom` on (default: all): the dashboard's comparison
 * year needs the counts only.
 */
export async function loadMonthFacts(db: DbOrTx, municipalityId: string, from: string, to: string, options: { histogramsFrom?: string } = {}): Promise<MonthFactsRead> {
  const histogramsFrom = options.histogramsFrom ?? from;
  const withHistograms = sql`${statsMonths.month} >= ${histogramsFrom}`;
  const rows = await db
    .select({
      month: statsMonths.month,
      version: statsMonths.version,
      computedVersion: statsMonths.computedVersion,
      format: sql<number | null>`(${statsMonths.payload}->>'format')::int`,
      margins: sql<MonthFacts['margins'] | null>`${statsMonths.payload}->'margins'`,
      lead: sql<MonthFacts['lead'] | null>`case when ${withHistograms} then ${statsMonths.payload}->'lead' end`,
      feedback: sql<MonthFacts['feedback'] | null>`case when ${withHistograms} then ${statsMonths.payload}->'feedback' end`,
    })
    .from(statsMonths)
    .where(and(eq(statsMonths.municipalityId, municipalityId), gte(statsMonths.month, from), lte(statsMonths.month, to)));
  const fresh = new Map(
    rows
      .filter((r) => r.computedVersion === r.version && r.format === MONTH_FACTS_FORMAT && r.margins)
      .map((r): [string, MonthFacts] => [r.month, { format: MONTH_FACTS_FORMAT, month: r.month, margins: r.margins!, lead: r.lead ?? [], feedback: r.feedback ?? [] }]),
  );
  const months: MonthFacts[] = [];
  let recomputed = 0;
  for (const month of monthsBetween(from, to)) {
    const cached = fresh.get(month);
    if (cached) {
      months.push(cached);
      continue;
    }
    months.push(await recompute(db, municipalityId, month));
    recomputed++;
  }
  return { months, recomputed };
}

async function recompute(db: DbOrTx, municipalityId: string, month: string, options: { oneConnection?: boolean } = {}): Promise<MonthFacts> {
  // The version first (creating the row of a month nobody counted yet), then the facts.
  await db.insert(statsMonths).values({ municipalityId, month }).onConflictDoNothing();
  const [row] = await db
    .select({ version: statsMonths.version })
    .from(statsMonths)
    .where(and(eq(statsMonths.municipalityId, municipalityId), eq(statsMonths.month, month)));
  const version = row!.version;
  const facts = await computeMonthFacts(db, municipalityId, month, options);
  await db
    .update(statsMonths)
    .set({ payload: facts, computedVersion: version, computedAt: sql`now()` })
    .where(and(eq(statsMonths.municipalityId, municipalityId), eq(statsMonths.month, month), eq(statsMonths.version, version)));
  return facts;
}

/** Advisory lock key of the refresh job (distinct from migration, audit chain, retention and notification keys). */
export const STATS_REFRESH_LOCK_KEY = 0x4d52_0005;

/**
 * Recompute the stale months of every municipality (one instance at a time), so that a dashboard opened after
 * a change usually finds its months fresh. Run every minute by main.ts; the dashboard recomputes on its own
 * whatever is still stale when it reads.
 */
export async function refreshStaleMonths(database: Database, limit = 48): Promise<{ ran: boolean; refreshed: number }> {
  const outcome = await database.tryWithAdvisoryLock(STATS_REFRESH_LOCK_KEY, async (db) => {
    const stale = await db
      .select({ municipalityId: statsMonths.municipalityId, month: statsMonths.month })
      .from(statsMonths)
      .where(or(isNull(statsMonths.computedVersion), ne(statsMonths.computedVersion, statsMonths.version)))
      .orderBy(sql`${statsMonths.month} desc`)
      .limit(limit);
    for (const m of stale) await recompute(db, m.municipalityId, m.month, { oneConnection: true });
    return stale.length;
  });
  return outcome.ran ? { ran: true, refreshed: outcome.value } : { ran: false, refreshed: 0 };
}
