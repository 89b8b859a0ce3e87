import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog, contextSeries, contextSeriesPoints } from '../../db/schema/index.js';

/**
 * Queries of issue 5 point 8: context series and their yearly values. Every query is scoped to one
 * municipality (points through their series).
 */

export type ContextSeriesRow = typeof contextSeries.$inferSelect;
export interface SeriesValues {
  name: string;
  source: string;
  unit: string;
  description: string | null;
}
export interface PointValues {
  year: number;
  value: number;
}

export async function listSeries(db: DbOrTx, municipalityId: string): Promise<ContextSeriesRow[]> {
  return db.select().from(contextSeries).where(eq(contextSeries.municipalityId, municipalityId)).orderBy(asc(contextSeries.name), asc(contextSeries.id));
}

export async function findSeries(db: DbOrTx, municipalityId: string, id: string): Promise<ContextSeriesRow | undefined> {
  const rows = await db
    .select()
    .from(contextSeries)
    .where(and(eq(contextSeries.municipalityId, municipalityId), eq(contextSeries.id, id)))
    .limit(1);
  return rows[0];
}

/** The id of another series of the municipality with this name (names are unique per municipality). */
export async function seriesIdByName(db: DbOrTx, municipalityId: string, name: string): Promise<string | undefined> {
  const rows = await db
    .select({ id: contextSeries.id })
    .from(contextSeries)
    .where(and(eq(contextSeries.municipalityId, municipalityId), eq(contextSeries.name, name)))
    .limit(1);
  return rows[0]?.id;
}

/** The points of these series, oldest year first. */
export async function pointsOf(db: DbOrTx, seriesIds: string[]): Promise<(PointValues & { seriesId: string })[]> {
  if (seriesIds.length === 0) return [];
  return db
    .select({ seriesId: contextSeriesPoints.seriesId, year: contextSeriesPoints.year, value: contextSeriesPoints.value })
    .from(contextSeriesPoints)
    .where(inArray(contextSeriesPoints.seriesId, seriesIds))
    .orderBy(asc(contextSeriesPoints.seriesId), asc(contextSeriesPoints.year));
}

export async function insertSeries(db: DbOrTx, municipalityId: string, values: SeriesValues, seedCode: string | null = null): Promise<string> {
  const [row] = await db.insert(contextSeries).values({ municipalityId, ...values, seedCode }).returning({ id: contextSeries.id });
  return row!.id;
}

export async function updateSeries(db: DbOrTx, municipalityId: string, id: string, patch: Partial<SeriesValues>, now: Date): Promise<void> {
  await db
    .update(contextSeries)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(contextSeries.municipalityId, municipalityId), eq(contextSeries.id, id)));
}

/** Deletes the series and (cascade) its points. */
export async function deleteSeries(db: DbOrTx, municipalityId: string, id: string): Promise<void> {
  await db.delete(contextSeries).where(and(eq(contextSeries.municipalityId, municipalityId), eq(contextSeries.id, id)));
}

/** Add or change the value of each year (one row per series and year). The caller checked the series. */
export async function upsertPoints(db: DbOrTx, seriesId: string, points: PointValues[]): Promise<void> {
  if (points.length === 0) return;
  await db
    .insert(contextSeriesPoints)
    .values(points.map((p) => ({ seriesId, year: p.year, value: p.value })))
    .onConflictDoUpdate({ target: [contextSeriesPoints.seriesId, contextSeriesPoints.year], set: { value: sql`excluded.value` } });
}

/** Whether a value for the year existed (and is now gone). The caller checked the series. */
export async function deletePoint(db: DbOrTx, seriesId: string, year: number): Promise<boolean> {
  const rows = await db
    .delete(contextSeriesPoints)
    .where(and(eq(contextSeriesPoints.seriesId, seriesId), eq(contextSeriesPoints.year, year)))
    .returning({ year: contextSeriesPoints.year });
  return rows.length > 0;
}

export async function touchSeries(db: DbOrTx, id: string, now: Date): Promise<void> {
  await db.update(contextSeries).set({ updatedAt: now }).where(eq(contextSeries.id, id));
}

// --- seeding ------------------------------------------------------------------------

export const SEED_ACTION = 'context_series.seed';

/**
 * Whether the configured series `code` was ever seeded for the municipality. The audit entry of the
 * seed is the record (append-only): a series the coordinator deleted afterwards is not brought back.
 */
export async function wasSeeded(db: DbOrTx, municipalityId: string, code: string): Promise<boolean> {
  const rows = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.objectType, 'municipality'),
        eq(auditLog.objectId, municipalityId.toLowerCase()),
        eq(auditLog.action, SEED_ACTION),
        sql`${auditLog.details}->>'code' = ${code}`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
