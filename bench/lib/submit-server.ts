/**
 * Server side of bench/submit.bench.ts, run as a child process so the load
 * generator never shares an event loop with the server under test.
 *
 *   meldroute  the real app: buildApp + bootstrap as in src/server/main.ts, on
 *              DATABASE_URL (configured by the parent through the environment)
 *   bare       a bare Fastify route doing one single-row insert with node-postgres
 *
 * Listens on 127.0.0.1 on a free port and tells the parent over IPC. Stops on
 * SIGTERM, and by itself when the parent goes away.
 */
import { openVault } from '../../src/server/crypto/open-vault.js';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp, loggerOptions } from '../../src/server/app.js';
import { bootstrap } from '../../src/server/bootstrap.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/client.js';
import { systemClock } from '../../src/server/lib/clock.js';
import type { ServerKind, ToChild, ToParent } from './submit-protocol.js';

/** Same pool size as the app's default (openDatabase: 10). */
const POOL_SIZE = 10;

interface Running {
  port: number;
  close(): Promise<void>;
}

async function startMeldroute(): Promise<Running> {
  const config = loadConfig(process.env);
  if (config.database.kind !== 'postgres') throw new Error('the submit benchmark needs DATABASE_URL (PostgreSQL)');
  const database = await openDatabase(config.database);
  const { vault } = openVault(config.keys);
  await bootstrap(database, config, systemClock, vault);
  const app = await buildApp({ config, database, vault, logger: loggerOptions(config.logLevel) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return {
    port,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

async function startBare(): Promise<Running> {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: POOL_SIZE, application_name: 'meldroute-bench-bare' });
  pool.on('error', () => undefined);
  const app = Fastify({ logger: { level: 'warn' } });
  // No schema, no auth: parse the JSON body and insert one row.
  app.post('/bare/signals', async (request, reply) => {
    const body = request.body as { observedOn: string; place?: string; explanation: string };
    const { rows } = await pool.query<{ id: string }>(
      'insert into bench_bare_signals (observed_on, place, explanation, payload) values ($1, $2, $3, $4) returning id',
      [body.observedOn, body.place ?? null, body.explanation, body],
    );
    return reply.code(201).send({ id: rows[0]!.id });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return {
    port,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  if (!process.send || (kind !== 'meldroute' && kind !== 'bare')) {
    console.error('internal helper of bench/submit.bench.ts; not meant to be run by hand');
    process.exit(2);
  }
  const send = (message: ToParent) => process.send!(message);
  const running = kind === 'meldroute' ? await startMeldroute() : await startBare();

  let closing = false;
  const stop = async (code: number) => {
    if (closing) return;
    closing = true;
    try {
      await running.close();
    } finally {
      process.exit(code);
    }
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.on('disconnect', () => void stop(0)); // the parent is gone
  process.on('message', (message: ToChild) => {
    if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', userMs: usage.user / 1000, systemMs: usage.system / 1000 });
    }
  });
  send({ type: 'ready', port: running.port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
