import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { evaluationConclusions } from '../../db/schema/index.js';

export type ConclusionsRow = typeof evaluationConclusions.$inferSelect;

export async function findConclusions(db: DbOrTx, municipalityId: string, periodStart: number): Promise<ConclusionsRow | undefined> {
  const rows = await db
    .select()
    .from(evaluationConclusions)
    .where(and(eq(evaluationConclusions.municipalityId, municipalityId), eq(evaluationConclusions.periodStart, periodStart)))
    .limit(1);
  return rows[0];
}

export async function listConclusionPeriods(db: DbOrTx, municipalityId: string): Promise<number[]> {
  const rows = await db
    .select({ p: evaluationConclusions.periodStart })
    .from(evaluationConclusions)
    .where(eq(evaluationConclusions.municipalityId, municipalityId))
    .orderBy(desc(evaluationConclusions.periodStart));
  return rows.map((r) => r.p);
}

/** Insert or replace the texts of one period (one row per municipality and period). */
export async function saveConclusions(
  db: DbOrTx,
  municipalityId: string,
  periodStart: number,
  values: { conclusions: string | null; recommendations: string | null },
  userId: string,
  now: Date,
): Promise<void> {
  await db
    .insert(evaluationConclusions)
    .values({ municipalityId, periodStart, ...values, updatedById: userId, updatedAt: now })
    .onConflictDoUpdate({
      target: [evaluationConclusions.municipalityId, evaluationConclusions.periodStart],
      set: { ...values, updatedById: userId, updatedAt: now },
    });
}

export interface ContextSeriesRow {
  name: string;
  source: string;
  unit: string;
  points: { year: number; value: number }[];
}

/**
 * Context series (issue 5.8: regional figures such as the zorgcoördinator registrations), if that
 * module's tables exist: read with plain SQL so that this report does not depend on its code.
 */
export async function contextSeriesOf(db: DbOrTx, municipalityId: string): Promise<ContextSeriesRow[] | null> {
  const exists = (await db.execute(sql`select to_regclass('context_series') is not null and to_regclass('context_series_points') is not null as ok`)) as unknown as {
    rows: { ok: boolean }[];
  };
  if (!exists.rows[0]?.ok) return null;
  const result = (await db.execute(sql`
    select s.id::text as id, s.name, s.source, s.unit, p.year, p.value
    from context_series s left join context_series_points p on p.series_id = s.id
    where s.municipality_id = ${municipalityId}
    order by s.name, s.id, p.year`)) as unknown as { rows: { id: string; name: string; source: string; unit: string; year: number | null; value: number | null }[] };
  const series = new Map<string, ContextSeriesRow>();
  for (const r of result.rows) {
    let s = series.get(r.id);
    if (!s) series.set(r.id, (s = { name: r.name, source: r.source, unit: r.unit, points: [] }));
    if (r.year !== null && r.value !== null) s.points.push({ year: Number(r.year), value: Number(r.value) });
  }
  return [...series.values()];
}
