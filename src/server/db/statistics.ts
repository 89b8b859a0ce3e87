import { sql } from 'drizzle-orm';
import { rawRows, type Database, type DbOrTx } from './client.js';

/**
 * Planner statistics and dead rows where nobody else looks after them (issue 7.3, found by the soak).
 *
 * PostgreSQL's autovacuum keeps each table's statistics (ANALYZE) and visibility map (VACUUM) up to date. PGlite
 * has no background workers, so an embedded installation never gets either; and a PostgreSQL server may run with
 * autovacuum off. Without statistics a table that grew from empty is planned with default selectivities: in the
 * soak the monitoring's month facts took 0.9 s over 3 500 signals instead of 20 ms after an ANALYZE, and the
 * dashboard's p99 rose from 0.2 to 2.9 s in 30 minutes. Without VACUUM the index-only scans of the candidate
 * lookup visit the heap, and dead row versions are never reused.
 *
 * The job vacuums and analyses each table of the app's schema that has grown by a tenth (and at least
 * GROWTH_MIN_PAGES pages) since its statistics were last taken — `pg_class.relpages` is what the last VACUUM or
 * ANALYZE saw, `pg_relation_size` what the table is now — or that was never analysed. It reads only catalogue
 * sizes, so it works the same on PGlite (whose activity counters are not reliable in single-user mode) and on
 * PostgreSQL, and its check costs a scan of pg_class. On PostgreSQL with autovacuum on it does nothing.
 */

/** Advisory lock key of the statistics job (distinct from migration, audit chain, retention, stats refresh, mail). */
export const STATISTICS_LOCK_KEY = 0x4d52_0006;
/** A table smaller than this (8 kB pages) is planned well enough without statistics. */
export const GROWTH_MIN_PAGES = 8;
/** Growth since the last statistics that triggers new ones (as autovacuum's default analyze scale factor). */
export const GROWTH_FACTOR = 0.1;

export interface TableSize {
  table: string;
  /** Pages now. */
  pages: number;
  /** Pages when its statistics were last taken (0 if never). */
  analyzedPages: number;
  /** Rows its statistics saw; negative if it was never vacuumed or analysed. */
  analyzedRows: number;
}

/** Does this table need new statistics? (Pure; the rule of the module comment.) */
export function needsStatistics(t: TableSize): boolean {
  if (t.pages < GROWTH_MIN_PAGES) return false;
  if (t.analyzedRows < 0) return true;
  return t.pages >= t.analyzedPages * (1 + GROWTH_FACTOR) + GROWTH_MIN_PAGES;
}

/** Sizes of the ordinary tables of the current schema, now and at their last statistics. */
export async function tableSizes(db: DbOrTx): Promise<TableSize[]> {
  const rows = await rawRows<{ table: string; pages: number | string; analyzed_pages: number | string; analyzed_rows: number | string }>(
    db,
    sql`select c.relname as table,
        pg_relation_size(c.oid) / current_setting('block_size')::int as pages,
        c.relpages as analyzed_pages,
        c.reltuples as analyzed_rows
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r'
      order by c.relname`,
  );
  return rows.map((r) => ({ table: r.table, pages: Number(r.pages), analyzedPages: Number(r.analyzed_pages), analyzedRows: Number(r.analyzed_rows) }));
}

export type StatisticsOutcome =
  | { ran: false }
  | { ran: true; skipped: 'autovacuum'; tables: [] }
  | { ran: true; skipped: null; tables: string[] };

/**
 * One run of the job: under its advisory lock (one instance at a time), VACUUM (ANALYZE) every table that
 * needs it, one at a time. `whenAutovacuum: 'skip'` (the default) leaves PostgreSQL with autovacuum on alone.
 */
export async function maintainStatistics(database: Database, options: { whenAutovacuum?: 'skip' | 'run' } = {}): Promise<StatisticsOutcome> {
  const outcome = await database.tryWithAdvisoryLock(STATISTICS_LOCK_KEY, async (db) => {
    if (database.kind === 'postgres' && (options.whenAutovacuum ?? 'skip') === 'skip') {
      const [setting] = await rawRows<{ on: boolean }>(db, sql`select current_setting('autovacuum') = 'on' as on`);
      if (setting?.on) return { skipped: 'autovacuum' as const, tables: [] as [] };
    }
    const due = (await tableSizes(db)).filter(needsStatistics).map((t) => t.table);
    // Table names come from pg_class of our own schema; quoted as identifiers all the same. Not in a transaction:
    // VACUUM cannot run inside one.
    for (const table of due) await db.execute(sql.raw(`vacuum (analyze) "${table.replaceAll('"', '""')}"`));
    return { skipped: null, tables: due };
  });
  return outcome.ran ? { ran: true, ...outcome.value } : { ran: false };
}
