import type { FastifyBaseLogger } from 'fastify';
import type { Database } from './db/client.js';
import { loggableError } from './http/errors.js';
import type { Readiness } from './modules/health/health.routes.js';
import type { Metrics } from './modules/metrics/metrics.js';

/**
 * Issue 7: the process's life around the HTTP server — the scheduled jobs (one scheduler, so that every job is
 * started, overlapped, measured, logged and stopped the same way) and the graceful shutdown. main.ts wires both.
 */

/** What of an error may be logged: a failed query's message holds its parameters (http/errors.ts). */
const loggable = (error: unknown) => (error instanceof Error ? loggableError(error) : { type: typeof error });

export interface ScheduledJob {
  /** Fixed lower_snake_case name: the `job` label of the metrics and the name in the log. */
  name: string;
  everyMs: number;
  /** Delay of the first run (default: everyMs). */
  firstRunMs?: number;
  /**
   * One run. A job that several instances schedule takes an advisory lock and answers `{ ran: false }` when
   * another instance holds it (counted as skipped).
   */
  run(): Promise<unknown>;
}

export interface Scheduler {
  /** Run a job now unless it is running already on this instance (the timers call this). */
  trigger(name: string): void;
  /** No new runs from now on; resolves when the runs in progress have ended. */
  stop(): Promise<void>;
}

export function startScheduler(jobs: readonly ScheduledJob[], deps: { log: FastifyBaseLogger; metrics: Metrics }): Scheduler {
  const { log, metrics } = deps;
  const running = new Map<string, Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  const byName = new Map(jobs.map((j) => [j.name, j]));

  function trigger(name: string): void {
    const job = byName.get(name);
    if (!job) throw new Error(`unknown job ${name}`);
    if (stopped || running.has(name)) return;
    const run = metrics
      .timeJob(name, () => job.run())
      .then(
        () => undefined,
        (error: unknown) => log.error({ err: loggable(error), job: name }, `job ${name} failed`),
      )
      .finally(() => running.delete(name));
    running.set(name, run);
  }

  for (const job of jobs) {
    const first = setTimeout(() => trigger(job.name), job.firstRunMs ?? job.everyMs);
    const every = setInterval(() => trigger(job.name), job.everyMs);
    first.unref();
    every.unref();
    timers.push(first, every);
  }

  return {
    trigger,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.allSettled([...running.values()]);
    },
  };
}

export interface ShutdownDeps {
  app: { close(): Promise<unknown>; log: FastifyBaseLogger };
  readiness: Readiness;
  scheduler: Scheduler;
  database: Database;
  /** How long /readyz answers 503 before the server stops accepting connections (MELDROUTE_DRAIN_SECONDS). */
  drainMs: number;
  /** After this long closing the server and waiting for jobs, the database is closed anyway and the exit code is 1. */
  deadlineMs?: number;
  /** Further resources to release after the server and the jobs (the SMTP connection pool). */
  release?: () => void;
  exit: (code: number) => void;
}

/** Long enough for slow exports to finish, short enough to close the database before an orchestrator's SIGKILL (compose: 30 s). */
export const SHUTDOWN_DEADLINE_MS = 20_000;

/**
 * The shutdown on SIGTERM/SIGINT, once: /readyz turns 503 at once (a load balancer stops sending new requests),
 * no new job runs start; after the drain delay the server stops accepting connections and finishes the requests
 * in flight, running jobs end, and only then is the database closed (PGlite flushes and releases its directory).
 */
export function createShutdown(deps: ShutdownDeps): (signal: string) => Promise<void> {
  const { app, readiness, scheduler, database, drainMs, exit } = deps;
  const deadlineMs = deps.deadlineMs ?? SHUTDOWN_DEADLINE_MS;
  let started: Promise<void> | null = null;

  async function drain(): Promise<void> {
    const jobs = scheduler.stop();
    if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
    await app.close();
    await jobs;
    deps.release?.();
  }

  async function shutdown(signal: string): Promise<void> {
    readiness.startDraining();
    app.log.info({ signal, drainMs }, 'shutting down: draining');
    let code = 0;
    let deadline: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<'late'>((resolve) => {
        deadline = setTimeout(() => resolve('late'), drainMs + deadlineMs);
      });
      if ((await Promise.race([drain(), late])) === 'late') {
        app.log.error({ deadlineMs }, 'shutting down: requests or jobs still running at the deadline; closing the database anyway');
        code = 1;
      }
    } catch (error) {
      app.log.error({ err: loggable(error) }, 'shutting down: error while draining');
      code = 1;
    } finally {
      clearTimeout(deadline);
    }
    try {
      await database.close();
      app.log.info({ code }, 'shut down: database closed');
    } catch (error) {
      app.log.error({ err: loggable(error) }, 'shutting down: closing the database failed');
      code = 1;
    }
    exit(code);
  }

  return (signal) => (started ??= shutdown(signal));
}
