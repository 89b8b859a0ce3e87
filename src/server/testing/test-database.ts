import { randomBytes } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default,
 * or a new database on the PostgreSQL server named by DATABASE_URL (dropped afterwards).
 */
export async function createTestDatabase(): Promise<{ database: Database; dispose(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ kind: 'pglite' });
    await runMigrations(database);
    return { database, dispose: () => database.close() };
  }
  const scratch = await createScratchDatabase(url);
  const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 5 });
  await runMigrations(database);
  return {
    database,
    async dispose() {
      await database.close();
      await scratch.drop();
    },
  };
}

async function serverStatement(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database (not migrated) next to the one `serverUrl` names; `recreate` drops it and
 * creates it empty again under the same name, `drop` removes it.
 */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; recreate(): Promise<void>; drop(): Promise<void> }> {
  const name = `meldroute_test_${randomBytes(6).toString('hex')}`;
  await serverStatement(serverUrl, `create database ${name}`);
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const drop = () => serverStatement(serverUrl, `drop database if exists ${name} with (force)`);
  return {
    url: target.toString(),
    drop,
    async recreate() {
      await drop();
      await serverStatement(serverUrl, `create database ${name}`);
    },
  };
}

/** Rows of a raw SQL query, typed by the caller (tests only; application code uses the repositories). */
export async function queryRows<T>(database: Database, query: SQL): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
