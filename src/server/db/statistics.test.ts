import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/test-database.js';
import { rawRows, type Database } from './client.js';
import { GROWTH_MIN_PAGES, STATISTICS_LOCK_KEY, maintainStatistics, needsStatistics, tableSizes } from './statistics.js';

describe('needsStatistics', () => {
  it('asks for statistics of a table that was never analysed, once it is not tiny', () => {
    expect(needsStatistics({ table: 't', pages: GROWTH_MIN_PAGES - 1, analyzedPages: 0, analyzedRows: -1 })).toBe(false);
    expect(needsStatistics({ table: 't', pages: GROWTH_MIN_PAGES, analyzedPages: 0, analyzedRows: -1 })).toBe(true);
  });

  it('asks again after a tenth of growth plus the minimum, not before', () => {
    const at = (pages: number) => needsStatistics({ table: 't', pages, analyzedPages: 1000, analyzedRows: 50_000 });
    expect(at(1000)).toBe(false);
    expect(at(1107)).toBe(false);
    expect(at(1108)).toBe(true);
    // A table that shrank (vacuum full, retention) needs nothing.
    expect(at(500)).toBe(false);
  });
});

describe('maintainStatistics', () => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await createTestDatabase());
    await database.db.execute(sql`create table statistics_probe (id int primary key, state text not null, note text not null)`);
  });
  afterAll(async () => dispose());

  const probe = async () => (await tableSizes(database.db)).find((t) => t.table === 'statistics_probe')!;
  const insert = (from: number, to: number) =>
    database.db.execute(sql`insert into statistics_probe select g, case when g % 10 = 0 then 'closed' else 'open' end, repeat('x', 200)
      from generate_series(${from}::int, ${to}::int) g`);
  const run = () => maintainStatistics(database, { whenAutovacuum: 'run' });

  it('vacuums and analyses a table that grew from empty, then leaves it alone until it grows again', async () => {
    await insert(1, 5_000);
    expect((await probe()).analyzedRows).toBeLessThan(0); // never analysed
    const first = await run();
    expect(first).toMatchObject({ ran: true, skipped: null });
    expect(first.ran && first.tables).toContain('statistics_probe');
    const after = await probe();
    expect(after.analyzedRows).toBe(5_000);
    expect(after.analyzedPages).toBe(after.pages);
    // The planner now knows the column: 'closed' is a tenth of the rows, not a default guess.
    const [plan] = await rawRows<{ 'QUERY PLAN': unknown }>(database.db, sql`explain (format json) select * from statistics_probe where state = 'closed'`);
    const planRows = (JSON.parse(JSON.stringify(plan!['QUERY PLAN'])) as { Plan: { 'Plan Rows': number } }[])[0]!.Plan['Plan Rows'];
    expect(planRows).toBeGreaterThan(400);
    expect(planRows).toBeLessThan(600);

    const second = await run();
    expect(second.ran && second.tables).not.toContain('statistics_probe');

    await insert(5_001, 8_000);
    const third = await run();
    expect(third.ran && third.tables).toContain('statistics_probe');
    expect((await probe()).analyzedRows).toBe(8_000);
  });

  it('leaves PostgreSQL with autovacuum on to autovacuum, and always runs on PGlite', async () => {
    const outcome = await maintainStatistics(database);
    if (database.kind === 'pglite') {
      expect(outcome).toMatchObject({ ran: true, skipped: null });
      return;
    }
    const [setting] = await rawRows<{ on: boolean }>(database.db, sql`select current_setting('autovacuum') = 'on' as on`);
    expect(outcome).toMatchObject({ ran: true, skipped: setting!.on ? 'autovacuum' : null });
  });

  it('runs on one instance at a time', async () => {
    if (database.kind === 'pglite') {
      // One process owns PGlite: the in-process guard lets one of two overlapping runs through.
      const results = await Promise.all([run(), run()]);
      expect(results.filter((r) => r.ran)).toHaveLength(1);
      return;
    }
    // Another instance holds the job's lock (its own connection): this one does not run.
    const whileHeld = await database.withAdvisoryLock(STATISTICS_LOCK_KEY, () => run());
    expect(whileHeld).toEqual({ ran: false });
    expect((await run()).ran).toBe(true);
  });
});
