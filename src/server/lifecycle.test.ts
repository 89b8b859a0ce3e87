import type { FastifyBaseLogger } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import type { Database } from './db/client.js';
import { fixedClock } from './lib/clock.js';
import { createShutdown, startScheduler, type Scheduler } from './lifecycle.js';
import { createReadiness } from './modules/health/health.routes.js';
import { createMetrics, type Metrics } from './modules/metrics/metrics.js';
import { createTestDatabase } from './testing/test-database.js';
import { testVault } from './testing/test-vault.js';
import { metricSample as sample } from './modules/metrics/metrics.testing.js';

type Logged = { level: 'info' | 'warn' | 'error'; fields: unknown; message: string };

function recordingLog(): FastifyBaseLogger & { lines: Logged[] } {
  const lines: Logged[] = [];
  const at = (level: Logged['level']) => (fields: unknown, message: string) => lines.push({ level, fields, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') } as unknown as FastifyBaseLogger & { lines: Logged[] };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const HOUR = 60 * 60 * 1000;

describe('scheduled jobs (lifecycle.ts)', () => {
  let metrics: Metrics;
  let scheduler: Scheduler | undefined;
  const log = recordingLog();

  beforeAll(() => {
    // The queue gauges are not under test here: a database that is never asked.
    metrics = createMetrics({ enabled: false, database: {} as Database, clock: fixedClock('2026-11-28T10:00:00Z') });
  });
  afterEach(async () => scheduler?.stop());

  const render = () => metrics.render(recordingLog());

  it('records runs by result — success, skipped (lock held elsewhere), failure — with durations and the last success', async () => {
    const outcomes: (() => Promise<unknown>)[] = [
      async () => ({ ran: true, sent: 2 }),
      async () => ({ ran: false }),
      async () => {
        throw new Error('smtp down');
      },
    ];
    let i = 0;
    scheduler = startScheduler([{ name: 'mail', everyMs: HOUR, run: () => outcomes[i++]!() }], { log, metrics });
    for (let n = 0; n < 3; n++) {
      scheduler.trigger('mail');
      await new Promise((r) => setTimeout(r, 10)); // each run settles at once
    }
    const text = await render();
    expect(sample(text, 'meldroute_job_runs_total{job="mail",result="success"}')).toBe(1);
    expect(sample(text, 'meldroute_job_runs_total{job="mail",result="skipped"}')).toBe(1);
    expect(sample(text, 'meldroute_job_runs_total{job="mail",result="failure"}')).toBe(1);
    // A skipped run is not timed: it did nothing.
    expect(sample(text, 'meldroute_job_duration_seconds_count{job="mail"}')).toBe(2);
    expect(sample(text, 'meldroute_job_last_success_timestamp_seconds{job="mail"}')).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(log.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['job mail failed']);
  });

  it('never overlaps a job with itself, logs a failed query without its parameters, and stops waiting for the run in progress', async () => {
    const gate = deferred();
    let runs = 0;
    const queryError = Object.assign(new Error('Failed query: insert … params: Zwaantje Geheimnaam'), { query: 'insert into x values ($1)', params: ['Zwaantje Geheimnaam'] });
    scheduler = startScheduler(
      [
        {
          name: 'retention',
          everyMs: HOUR,
          run: async () => {
            runs++;
            await gate.promise;
            throw queryError;
          },
        },
      ],
      { log, metrics },
    );
    scheduler.trigger('retention');
    scheduler.trigger('retention');
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    scheduler.trigger('retention');
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(runs).toBe(1);
    const logged = JSON.stringify(log.lines.filter((l) => l.message === 'job retention failed'));
    expect(logged).toContain('insert into x values ($1)');
    expect(logged).not.toContain('Zwaantje');
  });
});

describe('graceful shutdown (lifecycle.ts)', () => {
  let disposeDb: () => Promise<void>;
  let database: Database;

  beforeAll(async () => {
    ({ database, dispose: disposeDb } = await createTestDatabase());
  });
  afterAll(async () => disposeDb());

  it('answers 503 on /readyz while draining, lets the running job end, then closes the server and the database once', async () => {
    const config = { ...loadConfig({ NODE_ENV: 'test', MELDROUTE_SERVE_WEB: 'false' }), demo: false };
    const readiness = createReadiness();
    const app = await buildApp({ config, database, vault: testVault(), logger: false, readiness });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);

    const job = deferred();
    const metrics = createMetrics({ enabled: false, database, clock: fixedClock('2026-11-28T10:00:00Z') });
    const scheduler = startScheduler([{ name: 'stats_refresh', everyMs: HOUR, run: () => job.promise }], { log: recordingLog(), metrics });
    scheduler.trigger('stats_refresh');

    const order: string[] = [];
    const close = database.close.bind(database);
    const watched = { ...database, close: async () => { order.push('database closed'); await close(); } };
    const exit = vi.fn((code: number) => void order.push(`exit ${code}`));
    const shutdown = createShutdown({ app, readiness, scheduler, database: watched, drainMs: 200, release: () => order.push('released'), exit });

    const done = shutdown('SIGTERM');
    expect(shutdown('SIGINT')).toBe(done); // a second signal joins the first shutdown
    // During the drain delay the server still answers: not ready, but alive.
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable' });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    await new Promise((r) => setTimeout(r, 300));
    expect(order).toEqual([]); // the job still runs: the database stays open
    await database.ping();
    job.resolve();
    await done;
    expect(order).toEqual(['released', 'database closed', 'exit 0']);
    expect(exit).toHaveBeenCalledTimes(1);
    await expect(database.ping()).rejects.toThrow();
  });

  it('closes the database anyway and exits 1 when a job outlasts the deadline', async () => {
    const { database: db, dispose } = await createTestDatabase();
    try {
      const config = { ...loadConfig({ NODE_ENV: 'test', MELDROUTE_SERVE_WEB: 'false' }), demo: false };
      const readiness = createReadiness();
      const app = await buildApp({ config, database: db, vault: testVault(), logger: false, readiness });
      const metrics = createMetrics({ enabled: false, database: db, clock: fixedClock('2026-11-28T10:00:00Z') });
      const stuck = deferred();
      const scheduler = startScheduler([{ name: 'retention', everyMs: HOUR, run: () => stuck.promise }], { log: recordingLog(), metrics });
      scheduler.trigger('retention');
      const exit = vi.fn();
      await createShutdown({ app, readiness, scheduler, database: db, drainMs: 0, deadlineMs: 50, exit })('SIGTERM');
      expect(exit).toHaveBeenCalledWith(1);
      await expect(db.ping()).rejects.toThrow();
      stuck.resolve();
    } finally {
      await dispose();
    }
  });
});
