import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { queryRows } from '../test-database.js';

/**
 * A content fingerprint of every table, for "a rejected request wrote nothing" (test-only SQL).
 *
 * Per table: the row count and the sum of a 64-bit hash of each row's text (an order-independent
 * multiset hash: no sort, no primary key needed). Columns named in `columns` get a fingerprint of
 * their own (`table.column`, over the primary key and that column) and are left out of the
 * table's, so that a comparison can ignore exactly them. Tables in `skipTables` are not read.
 *
 * `writeMark()` is cheap: a counter that a statement-level trigger on every fingerprinted table
 * raises on each insert, update, delete or truncate (installed into the test database by
 * createFingerprinter; it counts only what was committed). While it stands still nothing was
 * written, so the full fingerprint is only needed when it moved.
 */
export interface Fingerprinter {
  take(): Promise<Record<string, string>>;
  writeMark(): Promise<string>;
}

/** The test-only table of the write counter (not fingerprinted itself). */
export const WRITE_COUNTER = 'fuzz_write_counter';

export async function createFingerprinter(
  database: Database,
  options: { columns: readonly string[]; skipTables: readonly string[] },
): Promise<Fingerprinter> {
  const columns = await queryRows<{ table_name: string; column_name: string }>(
    database,
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const keys = await queryRows<{ table_name: string; column_name: string }>(
    database,
    sql`select tc.table_name, kcu.column_name from information_schema.table_constraints tc
        join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
        where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = 'public' order by kcu.ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const c of columns) tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c.column_name]);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const part = (label: string, table: string, cols: string[]) =>
    `select '${label}' as k, count(*)::text || ':' || coalesce(sum(hashtextextended(row(${cols.map(quote).join(', ')})::text, 0)::numeric), 0)::text as f from ${quote(table)}`;
  const parts: string[] = [];
  for (const [table, cols] of tables) {
    if (options.skipTables.includes(table) || table === WRITE_COUNTER) continue;
    const own = options.columns.filter((c) => c.startsWith(`${table}.`)).map((c) => c.slice(table.length + 1));
    for (const c of own) if (!cols.includes(c)) throw new Error(`fingerprint: no column ${table}.${c}`);
    const rest = cols.filter((c) => !own.includes(c));
    parts.push(part(table, table, rest));
    const primaryKey = keys.filter((k) => k.table_name === table).map((k) => k.column_name);
    for (const c of own) parts.push(part(`${table}.${c}`, table, [...primaryKey, c]));
  }
  const query = sql.raw(parts.join('\nunion all\n'));
  const statements = [
    `create table if not exists ${WRITE_COUNTER} (n bigint not null)`,
    `insert into ${WRITE_COUNTER} select 0 where not exists (select 1 from ${WRITE_COUNTER})`,
    `create or replace function fuzz_count_write() returns trigger language plpgsql as $$ begin update ${WRITE_COUNTER} set n = n + 1; return null; end $$`,
    ...[...tables.keys()]
      .filter((t) => !options.skipTables.includes(t) && t !== WRITE_COUNTER)
      .map((t) => `create or replace trigger fuzz_count_write after insert or update or delete or truncate on ${quote(t)} for each statement execute function fuzz_count_write()`),
  ];
  for (const statement of statements) await database.db.execute(sql.raw(statement));
  return {
    async take() {
      const rows = await queryRows<{ k: string; f: string }>(database, query);
      return Object.fromEntries(rows.map((r) => [r.k, r.f]));
    },
    async writeMark() {
      const [row] = await queryRows<{ n: string }>(database, sql.raw(`select n::text as n from ${WRITE_COUNTER}`));
      return row!.n;
    },
  };
}

/** The fingerprint keys whose value differs (added or removed keys included). */
export function changedKeys(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}
