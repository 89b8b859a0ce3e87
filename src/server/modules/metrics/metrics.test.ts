import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import { fixedClock } from '../../lib/clock.js';
import { expectStatus } from '../../testing/helpers.js';
import { createTestContext, type Client, type TestContext } from '../../testing/test-app.js';
import { insertOutbox, markEmailAttemptFailed } from '../notifications/notification.repo.js';
import { createMetrics } from './metrics.js';
import { metricSample as sample } from './metrics.testing.js';

const TOKEN = 'metrics-token-0123456789abcdef0123456789abcdef';
const NOW = '2026-11-28T10:00:00Z';
const UNKNOWN_ID = '00000000-0000-4000-8000-0000000000aa';

const scrape = (client: Client, token = TOKEN) => client.request({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });

describe('metrics (issue 7)', () => {
  describe('switched off (no MELDROUTE_METRICS_TOKEN)', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext();
    });
    afterAll(async () => ctx.close());

    it('answers 404 like an unknown path, with or without a token, and is not in the OpenAPI document', async () => {
      for (const res of [await ctx.anonymous().get('/metrics'), await scrape(ctx.anonymous())]) {
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual({ statusCode: 404, code: 'not_found', message: 'Niet gevonden.' });
      }
      const doc = expectStatus(await ctx.anonymous().get('/api/openapi.json'), 200).json() as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).not.toContain('/metrics');
    });
  });

  describe('switched on', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({ now: NOW, env: { MELDROUTE_METRICS_TOKEN: TOKEN } });
    });
    afterAll(async () => ctx.close());

    it('answers 401 with a Bearer challenge without the right token', async () => {
      const attempts = [
        await ctx.anonymous().get('/metrics'),
        await scrape(ctx.anonymous(), `${TOKEN}x`),
        await scrape(ctx.anonymous(), TOKEN.slice(0, -1)),
        await ctx.anonymous().request({ method: 'GET', url: '/metrics', headers: { authorization: `Basic ${TOKEN}` } }),
        // A logged-in session is no credential for the metrics.
        await (await ctx.login('admin')).get('/metrics'),
      ];
      for (const res of attempts) {
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(res.body).not.toContain('meldroute_');
      }
    });

    it('serves the Prometheus text format with the process metrics to the token holder', async () => {
      const res = expectStatus(await scrape(ctx.anonymous()), 200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('process_cpu_user_seconds_total');
      expect(res.body).toContain('nodejs_eventloop_lag_seconds');
      expect(res.body).toContain('# TYPE meldroute_http_request_duration_seconds histogram');
    });

    it('counts requests by method, route pattern and status code — never the raw URL with its ids or tokens', async () => {
      const coordinator = await ctx.login('coordinator');
      const reporter = await ctx.login('reporter');
      expectStatus(await coordinator.get(`/api/signals/${UNKNOWN_ID}`), 404);
      expectStatus(await coordinator.get(`/api/signals/${UNKNOWN_ID}`), 404);
      const { path: feed } = expectStatus(await reporter.post('/api/calendar/feed', {}), 201).json() as { path: string };
      expectStatus(await ctx.anonymous().get(feed), 200);
      expectStatus(await ctx.anonymous().get(`/api/bestaat-niet/${UNKNOWN_ID}?naam=Jansen`), 404);

      const text = expectStatus(await scrape(ctx.anonymous()), 200).body;
      expect(sample(text, 'meldroute_http_requests_total{method="GET",route="/api/signals/:id",status_code="404"}')).toBe(2);
      expect(sample(text, 'meldroute_http_request_duration_seconds_count{method="GET",route="/api/signals/:id",status_code="404"}')).toBe(2);
      expect(sample(text, 'meldroute_http_requests_total{method="GET",route="/api/calendar/:token.ics",status_code="200"}')).toBe(1);
      expect(sample(text, 'meldroute_http_requests_total{method="POST",route="/api/auth/login",status_code="200"}')).toBeGreaterThanOrEqual(2);
      expect(sample(text, 'meldroute_http_requests_total{method="GET",route="unmatched",status_code="404"}')).toBe(1);
      // No id, token, query or name in any label.
      const secret = feed.slice('/api/calendar/'.length, -'.ics'.length);
      for (const leak of [UNKNOWN_ID, secret, 'bestaat-niet', 'Jansen', coordinator.userId]) expect(text).not.toContain(leak);
      const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]!));
      for (const route of routes) expect(route === 'unmatched' || ctx.app.hasRoute({ method: 'GET', url: route }) || ctx.app.hasRoute({ method: 'POST', url: route }), route).toBe(true);
    });

    it('reports the e-mail outbox as a queue: counts and the age of the oldest pending and the longest-due e-mail', async () => {
      const at = (minutesAgo: number) => new Date(Date.parse(NOW) - minutesAgo * 60_000);
      const row = (createdMinutesAgo: number, dueMinutesAgo: number) => ({
        municipalityId: ctx.municipality.id,
        userId: ctx.userIds.coordinator,
        notificationId: null,
        kind: 'signal_new' as const,
        toAddress: 'coordinator@lopik.test',
        subject: 'Nieuw signaal',
        body: 'Er is een nieuw signaal.',
        createdAt: at(createdMinutesAgo),
        nextAttemptAt: at(dueMinutesAgo),
      });
      await insertOutbox(ctx.database.db, ctx.vault, row(30, 5)); // due for five minutes
      await insertOutbox(ctx.database.db, ctx.vault, row(10, 2)); // due for two minutes
      await insertOutbox(ctx.database.db, ctx.vault, row(120, -600)); // a digest waiting for the morning
      const failed = await insertOutbox(ctx.database.db, ctx.vault, row(600, 600));
      await markEmailAttemptFailed(ctx.database.db, failed, { attempts: 6, status: 'failed', nextAttemptAt: at(0), lastError: '550', at: at(0) });

      const text = expectStatus(await scrape(ctx.anonymous()), 200).body;
      expect(sample(text, 'meldroute_email_outbox_messages{state="pending"}')).toBe(3);
      expect(sample(text, 'meldroute_email_outbox_messages{state="due"}')).toBe(2);
      expect(sample(text, 'meldroute_email_outbox_messages{state="failed"}')).toBe(1);
      expect(sample(text, 'meldroute_email_outbox_oldest_age_seconds{state="pending"}')).toBe(120 * 60);
      expect(sample(text, 'meldroute_email_outbox_oldest_age_seconds{state="due"}')).toBe(5 * 60);
      expect(text).not.toContain('coordinator@lopik.test');
    });

    it('keeps a registry per app: a second app in the same process starts from zero', async () => {
      const config = { ...loadConfig({ NODE_ENV: 'test', MELDROUTE_SERVE_WEB: 'false', MELDROUTE_METRICS_TOKEN: TOKEN }), demo: false };
      const second = await buildApp({ config, database: ctx.database, vault: ctx.vault, clock: ctx.clock, logger: false });
      try {
        await second.inject({ method: 'GET', url: '/healthz' });
        const text = expectStatus(await second.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } }), 200).body;
        expect(sample(text, 'meldroute_http_requests_total{method="GET",route="/healthz",status_code="200"}')).toBe(1);
        expect(text).not.toContain('route="/api/signals/:id"');
      } finally {
        await second.close();
      }
    });
  });

  it('leaves the queue series out when the database cannot be read, and says so in the log', async () => {
    const broken = { db: { select: () => { throw new Error('connection refused'); } } } as unknown as Database;
    const metrics = createMetrics({ enabled: false, database: broken, clock: fixedClock(NOW) });
    const warnings: string[] = [];
    const log = { warn: (message: string) => warnings.push(message) } as unknown as FastifyBaseLogger;
    const text = await metrics.render(log);
    expect(text).toContain('# TYPE meldroute_email_outbox_messages gauge');
    expect(text).not.toContain('meldroute_email_outbox_messages{');
    expect(warnings).toEqual(['metrics: the e-mail outbox could not be read']);
  });
});
