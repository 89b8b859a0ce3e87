import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { outboxQueueStats } from '../notifications/notification.repo.js';

/**
 * Issue 7: Prometheus metrics, in a registry of their own per app (prom-client's global registry would make
 * tests that build several apps collide). Labels hold fixed names only: the HTTP method, the route *pattern*
 * (`/api/signals/:id`, never the URL with its ids or a calendar token), the status code and the job name —
 * never personal data. GET /metrics (metrics.routes.ts) serves them to a scraper with the bearer token.
 */
export interface Metrics {
  /** False without MELDROUTE_METRICS_TOKEN: no request metrics, no process metrics, /metrics answers 404. */
  readonly enabled: boolean;
  readonly registry: Registry;
  /** Run one scheduled job and record it: runs by result (`skipped` when another instance held its lock), duration, last success. */
  timeJob<T>(job: string, run: () => Promise<T>): Promise<T>;
  /** The exposition text: queue gauges read from the database first, then every metric. */
  render(log: FastifyBaseLogger): Promise<string>;
}

/** Latency buckets (seconds) of the API: most answers take milliseconds, exports and reports seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Job durations (seconds): the mail job takes milliseconds when idle, retention or a rotation pass minutes. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900];

/** The route label of a request that matched no route (unknown paths, the web app's deep links). */
export const UNMATCHED_ROUTE = 'unmatched';

export function createMetrics(deps: { enabled: boolean; database: Database; clock: Clock }): Metrics {
  const { enabled, database, clock } = deps;
  const registry = new Registry();
  const registers = [registry];
  // Only when someone can read them: the collectors (event-loop monitor, GC observer) live as long as the process.
  if (enabled) collectDefaultMetrics({ register: registry });

  const jobRuns = new Counter({
    name: 'meldroute_job_runs_total',
    help: 'Runs of the scheduled jobs by result: success, failure, or skipped (another instance held the job\'s advisory lock)',
    labelNames: ['job', 'result'] as const,
    registers,
  });
  const jobDuration = new Histogram({
    name: 'meldroute_job_duration_seconds',
    help: 'Duration of the scheduled job runs that executed (successes and failures)',
    labelNames: ['job'] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  const gauge = (name: string, help: string, label: string) => new Gauge({ name, help, labelNames: [label], registers });
  const jobLastSuccess = gauge('meldroute_job_last_success_timestamp_seconds', 'When each scheduled job last completed on this instance (Unix time)', 'job');
  const outboxMessages = gauge(
    'meldroute_email_outbox_messages',
    'E-mails in the notification outbox (all municipalities): pending, due (pending and due now) and failed (waiting for the admin)',
    'state',
  );
  const outboxOldest = gauge(
    'meldroute_email_outbox_oldest_age_seconds',
    'Age of the oldest pending e-mail since it was queued (state="pending"; digests wait for the morning) and since it became due (state="due"; 0 when none is due)',
    'state',
  );

  async function collectQueues(log: FastifyBaseLogger): Promise<void> {
    try {
      const now = clock.now();
      const stats = await outboxQueueStats(database.db, now);
      const age = (at: Date | null) => (at ? Math.max(0, (now.getTime() - at.getTime()) / 1000) : 0);
      outboxMessages.set({ state: 'pending' }, stats.pending);
      outboxMessages.set({ state: 'due' }, stats.due);
      outboxMessages.set({ state: 'failed' }, stats.failed);
      outboxOldest.set({ state: 'pending' }, age(stats.oldestPendingCreatedAt));
      outboxOldest.set({ state: 'due' }, age(stats.oldestDueAt));
    } catch {
      // Database unreachable: leave the queue series out rather than report stale values (/readyz says why).
      outboxMessages.reset();
      outboxOldest.reset();
      log.warn('metrics: the e-mail outbox could not be read');
    }
  }

  return {
    enabled,
    registry,
    async timeJob(job, run) {
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const result = await run();
        if ((result as { ran?: unknown } | undefined)?.ran === false) {
          jobRuns.inc({ job, result: 'skipped' });
        } else {
          jobRuns.inc({ job, result: 'success' });
          jobDuration.observe({ job }, seconds());
          jobLastSuccess.set({ job }, Date.now() / 1000);
        }
        return result;
      } catch (error) {
        jobRuns.inc({ job, result: 'failure' });
        jobDuration.observe({ job }, seconds());
        throw error;
      }
    },
    async render(log) {
      await collectQueues(log);
      return registry.metrics();
    },
  };
}

/** Count and time every HTTP request by method, route pattern and status code (only when metrics are on). */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  if (!metrics.enabled) return;
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'meldroute_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames,
    registers: [metrics.registry],
  });
  const duration = new Histogram({
    name: 'meldroute_http_request_duration_seconds',
    help: 'HTTP request latency (until the response is sent) by method, route pattern and status code',
    labelNames,
    buckets: HTTP_BUCKETS,
    registers: [metrics.registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The pattern the router matched: ids and tokens are parameters of it, never part of the label.
    const labels = { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
}
