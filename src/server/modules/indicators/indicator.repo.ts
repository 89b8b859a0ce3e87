import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { ExploitationForm, IndicatorGroup, IndicatorTickSource } from '../../../shared/domain.js';
import type { DbOrTx } from '../../db/client.js';
import { indicators, signalIndicators, signals } from '../../db/schema/index.js';

/**
 * Queries of issue 6.3: the indicator list of a municipality and the indicators ticked on
 * signals. Every query is scoped to one municipality (ticks through their signal).
 */

export type IndicatorRow = typeof indicators.$inferSelect;
export type IndicatorValues = { group: IndicatorGroup; forms: ExploitationForm[]; text: string };

export async function listIndicators(db: DbOrTx, municipalityId: string, opts: { activeOnly: boolean }): Promise<IndicatorRow[]> {
  return db
    .select()
    .from(indicators)
    .where(and(eq(indicators.municipalityId, municipalityId), opts.activeOnly ? eq(indicators.active, true) : undefined))
    .orderBy(asc(indicators.sortOrder), asc(indicators.text), asc(indicators.id));
}

export async function findIndicator(db: DbOrTx, municipalityId: string, id: string): Promise<IndicatorRow | undefined> {
  const [row] = await db.select().from(indicators).where(and(eq(indicators.municipalityId, municipalityId), eq(indicators.id, id)));
  return row;
}

export async function findIndicatorsByIds(db: DbOrTx, municipalityId: string, ids: readonly string[]): Promise<IndicatorRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(indicators)
    .where(and(eq(indicators.municipalityId, municipalityId), inArray(indicators.id, [...ids])));
}

/** How often each indicator of the municipality was ticked (ever): a ticked indicator is never deleted. */
export async function countTicksEver(db: DbOrTx, municipalityId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ id: signalIndicators.indicatorId, n: sql<number>`count(*)::int` })
    .from(signalIndicators)
    .innerJoin(indicators, eq(indicators.id, signalIndicators.indicatorId))
    .where(eq(indicators.municipalityId, municipalityId))
    .groupBy(signalIndicators.indicatorId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

export async function maxSortOrder(db: DbOrTx, municipalityId: string): Promise<number> {
  const [row] = await db
    .select({ max: sql<number>`coalesce(max(${indicators.sortOrder}), 0)::int` })
    .from(indicators)
    .where(eq(indicators.municipalityId, municipalityId));
  return row?.max ?? 0;
}

export async function insertIndicator(
  db: DbOrTx,
  values: IndicatorValues & { municipalityId: string; sortOrder: number; code?: string | null; at: Date },
): Promise<IndicatorRow> {
  const [row] = await db
    .insert(indicators)
    .values({ municipalityId: values.municipalityId, code: values.code ?? null, group: values.group, forms: values.forms, text: values.text, sortOrder: values.sortOrder, createdAt: values.at, updatedAt: values.at })
    .returning();
  return row!;
}

/** Seed: insert the indicators whose code the municipality does not have yet; existing ones (edited or not) stay. */
export async function insertMissingIndicators(
  db: DbOrTx,
  municipalityId: string,
  rows: readonly (IndicatorValues & { code: string; sortOrder: number })[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(indicators)
    .values(rows.map((r) => ({ municipalityId, code: r.code, group: r.group, forms: r.forms, text: r.text, sortOrder: r.sortOrder })))
    .onConflictDoNothing({ target: [indicators.municipalityId, indicators.code] })
    .returning({ id: indicators.id });
  return inserted.length;
}

export async function updateIndicator(
  db: DbOrTx,
  municipalityId: string,
  id: string,
  patch: Partial<IndicatorValues & { active: boolean }> & { at: Date },
): Promise<IndicatorRow | undefined> {
  const { at, ...values } = patch;
  const [row] = await db
    .update(indicators)
    .set({ ...values, updatedAt: at })
    .where(and(eq(indicators.municipalityId, municipalityId), eq(indicators.id, id)))
    .returning();
  return row;
}

export async function deleteIndicator(db: DbOrTx, municipalityId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(indicators)
    .where(and(eq(indicators.municipalityId, municipalityId), eq(indicators.id, id)))
    .returning({ id: indicators.id });
  return rows.length > 0;
}

export async function setSortOrder(db: DbOrTx, municipalityId: string, id: string, sortOrder: number, at: Date): Promise<void> {
  await db
    .update(indicators)
    .set({ sortOrder, updatedAt: at })
    .where(and(eq(indicators.municipalityId, municipalityId), eq(indicators.id, id)));
}

// --- ticks on signals ----------------------------------------------------------------

export async function insertTicks(
  db: DbOrTx,
  signalId: string,
  indicatorIds: readonly string[],
  tick: { source: IndicatorTickSource; tickedById: string | null; at: Date },
): Promise<void> {
  if (indicatorIds.length === 0) return;
  await db
    .insert(signalIndicators)
    .values(indicatorIds.map((indicatorId) => ({ signalId, indicatorId, source: tick.source, tickedById: tick.tickedById, tickedAt: tick.at })))
    .onConflictDoNothing();
}

/** Remove the coordinator's ticks that are not in `keep` (the reporter's ticks are never removed). */
export async function removeCoordinatorTicksExcept(db: DbOrTx, signalId: string, keep: readonly string[]): Promise<number> {
  const rows = await db
    .delete(signalIndicators)
    .where(
      and(
        eq(signalIndicators.signalId, signalId),
        eq(signalIndicators.source, 'coordinator'),
        keep.length ? notInArray(signalIndicators.indicatorId, [...keep]) : undefined,
      ),
    )
    .returning({ id: signalIndicators.indicatorId });
  return rows.length;
}

export async function listTicks(db: DbOrTx, signalId: string) {
  return db
    .select({ indicator: indicators, source: signalIndicators.source, tickedAt: signalIndicators.tickedAt })
    .from(signalIndicators)
    .innerJoin(indicators, eq(indicators.id, signalIndicators.indicatorId))
    .where(eq(signalIndicators.signalId, signalId))
    .orderBy(asc(indicators.sortOrder), asc(indicators.text));
}

/** Ticks per indicator on the signals of a municipality received in one calendar year (Dutch time). */
export async function countTicksInYear(db: DbOrTx, municipalityId: string, year: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ id: signalIndicators.indicatorId, n: sql<number>`count(*)::int` })
    .from(signalIndicators)
    .innerJoin(signals, eq(signals.id, signalIndicators.signalId))
    .where(and(eq(signals.municipalityId, municipalityId), sql`extract(year from ${signals.receivedAt} at time zone 'Europe/Amsterdam')::int = ${year}`))
    .groupBy(signalIndicators.indicatorId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** What ticking needs to know of a signal: its state and forms (no content), scoped to the municipality. */
export async function findSignalFacts(db: DbOrTx, municipalityId: string, id: string) {
  const [row] = await db
    .select({ id: signals.id, state: signals.state, exploitationForms: signals.exploitationForms })
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), eq(signals.id, id)));
  return row;
}
