/**
 * Shared by bench/lookup.bench.ts and bench/import.bench.ts: a fresh Meldroute database (PostgreSQL
 * on loopback or PGlite), migrated and seeded as the app does it, and loading generated registers
 * through the real register import (RegisterService.importCsv).
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { generateKeyring, readKeyFile, writeKeyFile } from '../../src/server/crypto/keyring.js';
import { staticKeySource, Vault } from '../../src/server/crypto/vault.js';
import { openDatabase, rawRows, type Database } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import type { Actor } from '../../src/server/lib/actor.js';
import { systemClock } from '../../src/server/lib/clock.js';
import { readRegisterCsv, type RegisterRow } from '../../src/server/modules/registers/register-import.js';
import { ensureRegister, insertRegisterRecords, markImported } from '../../src/server/modules/registers/register.repo.js';
import { contentHashOf, createRegisterService, externalKeyOf } from '../../src/server/modules/registers/register.service.js';
import { readMunicipalityConfig, seedDemo, seedMunicipality } from '../../src/server/modules/seed/seed.js';
import type { RegisterKind } from '../../src/shared/domain.js';
import type { RegisterImportReport } from '../../src/shared/api/register.js';
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { REPO_ROOT } from './util.js';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function loopbackUrl(raw: string | undefined): URL {
  const url = new URL(raw ?? DEFAULT_PG_URL);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`Benchmarks run on loopback only; DATABASE_URL points at ${url.hostname}.`);
  }
  return url;
}

export async function withAdmin<T>(baseUrl: URL, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl.toString(), application_name: 'meldroute-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface BenchDb {
  database: Database;
  vault: Vault;
  /** The Lopik municipality from config/municipalities/lopik.json. */
  municipalityId: string;
  coordinator: Actor;
  reporter: Actor;
  /** PostgreSQL only: the database name (dropped by `drop`). */
  name: string | null;
  postgresVersion: string;
  /** Close, and on PostgreSQL drop the database. Idempotent. */
  drop(): Promise<void>;
}

/**
 * A new database: `meldroute_bench_<label>_<random>` on the PostgreSQL server of `baseUrl`, or an
 * in-memory PGlite when `baseUrl` is null. Migrations, the Lopik configuration and the demo accounts
 * (for a reporter and a coordinator actor) as main.ts does it in demo mode. Keys: a fresh random keyring.
 */
export async function createBenchDb(
  baseUrl: URL | null,
  label: string,
  opts: { statementTimeoutMs?: number; poolSize?: number; reuse?: string; keyFile?: string } = {},
): Promise<BenchDb> {
  let name: string | null = null;
  let database: Database;
  let postgresVersion = 'PGlite';
  let dropped = false;
  if (baseUrl) {
    // --reuse NAME: an existing benchmark database (kept by --keep), with the keyring written next to it.
    name = opts.reuse ?? `meldroute_bench_${label}_${randomBytes(4).toString('hex')}`;
    if (!/^meldroute_bench_[a-z0-9_]+$/.test(name)) throw new Error(`not a benchmark database name: ${name}`);
    postgresVersion = await withAdmin(baseUrl, async (c) => {
      if (!opts.reuse) await c.query(`create database ${name}`);
      return (await c.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    });
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    // Bounded: no statement may run longer than this.
    url.searchParams.set('options', `-c statement_timeout=${opts.statementTimeoutMs ?? 600_000}`);
    database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: opts.poolSize ?? 4 });
  } else {
    database = await openDatabase({ kind: 'pglite' });
    postgresVersion = `PGlite ${(await rawRows<{ v: string }>(database.db, sql`select version() as v`))[0]!.v.split(' ')[1]}`;
  }
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    // Drop first (WITH (FORCE) ends our own sessions too): closing the pool first would wait for queries still running.
    if (baseUrl && name) await withAdmin(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    await Promise.race([database.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  };
  try {
    await runMigrations(database);
    const cfg = readMunicipalityConfig(path.join(REPO_ROOT, 'config/municipalities/lopik.json'));
    const { municipality } = await seedMunicipality(database.db, cfg);
    let keyring = generateKeyring();
    if (opts.keyFile && opts.reuse) keyring = readKeyFile(opts.keyFile);
    else if (opts.keyFile) writeKeyFile(opts.keyFile, keyring);
    const vault = new Vault(staticKeySource(keyring));
    if (!opts.reuse) await seedDemo(database.db, systemClock, vault, municipality, cfg, 'bench-demo-wachtwoord-123');
    const users = await rawRows<{ id: string; role: string; department_id: string | null }>(
      database.db,
      sql`select id::text as id, role, department_id::text as department_id from users where municipality_id = ${municipality.id}::uuid order by username`,
    );
    const actorOf = (role: string): Actor => {
      const u = users.find((x) => x.role === role);
      if (!u) throw new Error(`no demo user with role ${role}`);
      return { userId: u.id, municipalityId: municipality.id, role: u.role as Actor['role'], departmentId: u.department_id, origin: { ip: '127.0.0.1', userAgent: 'meldroute-bench' } };
    };
    return { database, vault, municipalityId: municipality.id, coordinator: actorOf('coordinator'), reporter: actorOf('reporter'), name, postgresVersion, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

export interface ImportRun {
  kind: RegisterKind;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  report: RegisterImportReport;
}

/** One register through RegisterService.importCsv (the CLI's `meldroute import` path, no actor). */
export async function importRegister(b: BenchDb, kind: RegisterKind, input: Readable | string): Promise<ImportRun> {
  const registers = createRegisterService({ db: b.database.db, clock: systemClock, vault: b.vault });
  const started = performance.now();
  const report = await registers.importCsv(null, kind, input, { municipalityId: b.municipalityId });
  const seconds = (performance.now() - started) / 1000;
  if (!report.applied) throw new Error(`import of ${kind} was not applied: ${JSON.stringify({ ...report, rejected: report.rejected.slice(0, 5) })}`);
  return { kind, rows: report.rows, seconds, rowsPerSecond: Math.round(report.rows / seconds), report };
}

/** Sizes of the tables that matter here (PostgreSQL and PGlite both have pg_total_relation_size). */
export async function tableSizes(b: BenchDb, tables: string[]): Promise<Record<string, { rows: number; totalBytes: number; totalMiB: number }>> {
  const out: Record<string, { rows: number; totalBytes: number; totalMiB: number }> = {};
  for (const t of tables) {
    const [r] = await rawRows<{ n: string; bytes: string }>(
      b.database.db,
      sql.raw(`select (select count(*) from ${t})::text as n, pg_total_relation_size('${t}')::text as bytes`),
    );
    out[t] = { rows: Number(r!.n), totalBytes: Number(r!.bytes), totalMiB: Math.round((Number(r!.bytes) / 2 ** 20) * 10) / 10 };
  }
  return out;
}

/**
 * Bulk loading for large benchmark sizes, with the import's own parts: `readRegisterCsv` (parsing and
 * validation), `externalKeyOf` / `contentHashOf` and `insertRegisterRecords` (encryption, blind-index keys), so the
 * stored rows are exactly what importCsv stores into an empty register. What it leaves out is importCsv's look-up of
 * existing records per batch (findByExternalKeys; pointless on an empty register) and the single transaction: each
 * batch of `batchRows` commits on its own. No audit entry.
 */
export async function loadRegisterDirect(b: BenchDb, kind: RegisterKind, input: Readable | string, batchRows = 1000): Promise<ImportRun> {
  const db = b.database.db;
  const started = performance.now();
  const registerId = await db.transaction((tx) => ensureRegister(tx, b.municipalityId, kind));
  let batch: RegisterRow[] = [];
  let rows = 0;
  let rejected = 0;
  const flush = async () => {
    if (!batch.length) return;
    const records = batch.map((r) => ({
      kind: r.entityKind,
      data: r.data,
      externalKey: externalKeyOf(b.vault, b.municipalityId, kind, r.externalId),
      contentHash: contentHashOf(b.vault, b.municipalityId, kind, r),
    }));
    batch = [];
    await db.transaction((tx) => insertRegisterRecords(tx, b.vault, { municipalityId: b.municipalityId, registerId, createdById: null }, records));
  };
  for await (const r of readRegisterCsv(kind, input)) {
    if (r.type === 'file_error') throw new Error(`${kind}: file error at line ${r.line}`);
    if (r.type === 'rejected') {
      rejected++;
      continue;
    }
    rows++;
    batch.push(r.row);
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  if (rejected) throw new Error(`${kind}: ${rejected} rows rejected`);
  await markImported(db, registerId, { rowCount: rows, importedAt: new Date(), importedById: null });
  const seconds = (performance.now() - started) / 1000;
  const report = { kind, rows, valid: rows, rejectedRows: 0, rejected: [], fileError: false, inserted: rows, updated: 0, unchanged: 0, removed: 0, dryRun: false, applied: true, rowCount: rows } as RegisterImportReport;
  return { kind, rows, seconds, rowsPerSecond: Math.round(rows / seconds), report };
}

/**
 * For `--loader bulk` (10M rows): run `load` with the secondary indexes of `entities` and the indexes and
 * constraints of `entity_keys` dropped, then rebuild them from the definitions the catalogue held before
 * (pg_get_indexdef / pg_get_constraintdef, so they are exactly the migrations' own), as a bulk load into
 * PostgreSQL is normally done: one sort per index instead of 100 M random B-tree inserts. The stored rows are
 * the same. `entities`' primary key stays (other tables' foreign keys depend on it). PostgreSQL only.
 */
export async function withIndexesDeferred<T>(b: BenchDb, load: () => Promise<T>, log: (line: string) => void): Promise<T> {
  if (b.database.kind !== 'postgres') return load();
  const db = b.database.db;
  const constraints = await rawRows<{ name: string; def: string; type: string }>(
    db,
    sql`select conname as name, pg_get_constraintdef(oid) as def, contype::text as type
          from pg_constraint where conrelid = 'entity_keys'::regclass order by contype desc`,
  );
  const indexes = await rawRows<{ name: string; def: string }>(
    db,
    sql`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
          from pg_index i
         where i.indrelid in ('entities'::regclass, 'entity_keys'::regclass)
           and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u'))`,
  );
  for (const c of constraints) await db.execute(sql.raw(`alter table entity_keys drop constraint "${c.name}"`));
  for (const i of indexes) await db.execute(sql.raw(`drop index "${i.name}"`));
  log(`  deferred ${indexes.length} indexes and ${constraints.length} constraints for the load`);
  const result = await load();
  const started = performance.now();
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local maintenance_work_mem = '1GB'`);
    for (const i of indexes) await tx.execute(sql.raw(i.def));
    // Primary key before foreign key ('p' sorts after 'f' above, so reversed here).
    for (const c of [...constraints].reverse()) await tx.execute(sql.raw(`alter table entity_keys add constraint "${c.name}" ${c.def}`));
  });
  log(`  rebuilt indexes and constraints in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return result;
}
