import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { statsMonths } from '../../db/schema/index.js';
import { addMonths, marginsOf } from './dashboard.figures.js';
import { feedbackHistogram, leadTimeHistogram, signalAtoms } from './dashboard.repo.js';
import { MONTH_FACTS_FORMAT, type MonthFacts } from './month-facts.js';

/**
 * The monthly pre-aggregate (issue 5): read the facts of every month of a period from stats_months,
 * recomputing the months whose facts are missing or stale. Triggers (migration 0014) raise a month's
 * `version` in every transaction that changes what it counts; facts are stored with the version read
 * before they were computed, and only while that is still the version — so a change that lands while
 * a month is being computed leaves it stale for the next read, never wrongly fresh.
 */

/** The facts of one month, from the signals themselves. */
export async function computeMonthFacts(db: DbOrTx, municipalityId: string, month: string): Promise<MonthFacts> {
  const [atoms, lead, feedback] = await Promise.all([
    signalAtoms(db, municipalityId, month, month),
    leadTimeHistogram(db, municipalityId, month),
    feedbackHistogram(db, municipalityId, month),
  ]);
  return { format: MONTH_FACTS_FORMAT, month, margins: marginsOf(atoms), lead, feedback };
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

/** The facts of every month in [from, to] (YYYY-MM, inclusive), in month order. */
export async function loadMonthFacts(db: DbOrTx, municipalityId: string, from: string, to: string): Promise<MonthFactsRead> {
  const rows = await db
    .select({ month: statsMonths.month, version: statsMonths.version, computedVersion: statsMonths.computedVersion, payload: statsMonths.payload })
    .from(statsMonths)
    .where(and(eq(statsMonths.municipalityId, municipalityId), gte(statsMonths.month, from), lte(statsMonths.month, to)));
  const fresh = new Map(
    rows
      .filter((r) => r.computedVersion === r.version && (r.payload as Partial<MonthFacts> | null)?.format === MONTH_FACTS_FORMAT)
      .map((r) => [r.month, r.payload as MonthFacts]),
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

async function recompute(db: DbOrTx, municipalityId: string, month: string): Promise<MonthFacts> {
  // The version first (creating the row of a month nobody counted yet), then the facts.
  await db.insert(statsMonths).values({ municipalityId, month }).onConflictDoNothing();
  const [row] = await db
    .select({ version: statsMonths.version })
    .from(statsMonths)
    .where(and(eq(statsMonths.municipalityId, municipalityId), eq(statsMonths.month, month)));
  const version = row!.version;
  const facts = await computeMonthFacts(db, municipalityId, month);
  await db
    .update(statsMonths)
    .set({ payload: facts, computedVersion: version, computedAt: sql`now()` })
    .where(and(eq(statsMonths.municipalityId, municipalityId), eq(statsMonths.month, month), eq(statsMonths.version, version)));
  return facts;
}
