import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { acquirePgliteLock } from './pglite-lock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Run `fn` while holding a database-wide advisory lock (used for migrations and jobs). */
  withAdvisoryLock<T>(key: number, fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * Run `fn` only if the advisory lock is free right now (pg_try_advisory_lock); otherwise skip it and
   * answer `{ ran: false }`. For jobs that several app instances schedule: exactly one executes.
   */
  tryWithAdvisoryLock<T>(key: number, fn: (db: Db) => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * PGlite only: the whole data directory as a tar, uncompressed (the dump test searches it) or gzipped
   * (`meldroute backup`). Taken between two queries; the caller makes sure no other process uses the directory.
   */
  dumpDataDir?(compression?: 'none' | 'gzip'): Promise<Uint8Array>;
}

const DRIZZLE_OPTIONS = { schema, casing: 'snake_case' } as const;

export type DatabaseTarget =
  /** `loadDataDir`: fill a new (empty) data directory from a tar made by dumpDataDir (`meldroute restore`). */
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; poolSize?: number };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'pglite' ? openPglite(target.dataDir, target.loadDataDir) : openPostgres(target.url, target.poolSize ?? 10);
}

/** Embedded PostgreSQL (WASM). Without a data dir the database lives in memory (tests). */
async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // One process per data directory (pglite-lock.ts); released when the database is closed.
  const release = dataDir ? acquirePgliteLock(dataDir) : () => undefined;
  const options = loadDataDir ? { loadDataDir } : {};
  let client: PGlite;
  try {
    client = dataDir ? new PGlite(dataDir, options) : new PGlite(options);
    await client.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite({ client, ...DRIZZLE_OPTIONS }) as unknown as Db;
  const heldInProcess = new Set<number>();
  return {
    kind: 'pglite',
    db,
    async withAdvisoryLock(key, fn) {
      // One process owns a PGlite data directory, but the lock keeps the code path identical.
      await client.query('select pg_advisory_lock($1)', [key]);
      try {
        return await fn(db);
      } finally {
        await client.query('select pg_advisory_unlock($1)', [key]);
      }
    },
    async tryWithAdvisoryLock(key, fn) {
      // Advisory locks are re-entrant within a session and PGlite has one session: guard in-process too.
      if (heldInProcess.has(key)) return { ran: false };
      heldInProcess.add(key);
      try {
        const res = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key]);
        if (!res.rows[0]?.locked) return { ran: false };
        try {
          return { ran: true, value: await fn(db) };
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        heldInProcess.delete(key);
      }
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (!client.closed) {
        await client.close();
        release();
      }
    },
    async dumpDataDir(compression = 'none') {
      const file = await client.dumpDataDir(compression);
      return new Uint8Array(await file.arrayBuffer());
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // jit=off: the app's queries are short, and for the few that read many rows (a month's monitoring facts,
  // exports) PostgreSQL's JIT compilation cost more than it saved (0.8 s of a 1.5 s month recompute at 1M
  // signals, docs/benchmarks.md §7c).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'meldroute', options: '-c jit=off' });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const db = drizzlePg({ client: pool, ...DRIZZLE_OPTIONS }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async withAdvisoryLock(key, fn) {
      const conn = await pool.connect();
      try {
        await conn.query('select pg_advisory_lock($1)', [key]);
        try {
          return await fn(drizzlePg({ client: conn, ...DRIZZLE_OPTIONS }) as unknown as Db);
        } finally {
          await conn.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        conn.release();
      }
    },
    async tryWithAdvisoryLock(key, fn) {
      // Each call holds its own pooled connection (session), so the database decides who runs.
      const conn = await pool.connect();
      try {
        const res = await conn.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key]);
        if (!res.rows[0]?.locked) return { ran: false };
        try {
          return { ran: true, value: await fn(drizzlePg({ client: conn, ...DRIZZLE_OPTIONS }) as unknown as Db) };
        } finally {
          await conn.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        conn.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      // Idempotent like PGlite's: the shutdown and a failing start may both close it (pool.end() throws the second time).
      if (!pool.ending) await pool.end();
    },
  };
}

/** Rows of a raw query; both drivers (node-postgres, PGlite) answer `{ rows }`. */
export async function rawRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
