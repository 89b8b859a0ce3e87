import { testVault } from '../testing/test-vault.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { expectStatus } from '../testing/helpers.js';
import { createTestContext, type TestContext } from '../testing/test-app.js';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; anyOf?: Schema[]; oneOf?: Schema[]; items?: Schema; format?: string };
type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};
type OpenApi = { openapi: string; info: { title: string; version: string; description?: string }; paths: Record<string, Record<string, Operation>> };

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;
/** Served but deliberately not in the document: the document itself, and the operators' Prometheus endpoint (own bearer token; metrics.test.ts). */
const UNDOCUMENTED = new Set(['get /api/openapi.json', 'get /metrics']);
const PUBLIC = new Set(['get /healthz', 'get /readyz', 'post /api/auth/login', 'get /api/auth/session', 'get /api/auth/oidc', 'get /api/auth/oidc/start', 'get /api/auth/oidc/callback', 'get /api/calendar/{token}.ics']);

/** Routes as registered in the source: `app.get('/api/…', {…` plus whether the schema declares a body. */
function routesInSource(): { key: string; hasBody: boolean }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !full.includes(`${path.sep}testing${path.sep}`)) files.push(full);
    }
  };
  walk(SERVER_DIR);
  const routes: { key: string; hasBody: boolean }[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const re = /app\.(get|post|patch|put|delete)\(\s*'([^']+)'/g;
    const matches = [...text.matchAll(re)];
    matches.forEach((m, i) => {
      const block = text.slice(m.index, matches[i + 1]?.index ?? text.length);
      const url = m[2]!.replace(/:(\w+)/g, '{$1}');
      routes.push({ key: `${m[1]} ${url}`, hasBody: /\bbody:/.test(block) });
    });
  }
  return routes;
}

describe('OpenAPI document and health endpoints', () => {
  let ctx: TestContext;
  let doc: OpenApi;
  let operations: { key: string; path: string; method: string; op: Operation }[];

  beforeAll(async () => {
    ctx = await createTestContext();
    const res = await ctx.anonymous().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    doc = res.json();
    operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([m]) => (METHODS as readonly string[]).includes(m))
        .map(([method, op]) => ({ key: `${method} ${p}`, path: p, method, op })),
    );
  });
  afterAll(async () => ctx.close());

  it('is OpenAPI 3.1, served without a session', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Meldroute API', version: expect.any(String) });
    expect(doc.info.description).toMatch(/X-CSRF-Token/);
  });

  it('describes every endpoint registered in the source, and nothing that does not exist', () => {
    const source = routesInSource()
      .map((r) => r.key)
      .filter((k) => !UNDOCUMENTED.has(k));
    expect(source.length).toBeGreaterThanOrEqual(35);
    expect(operations.map((o) => o.key).sort()).toEqual([...new Set(source)].sort());
    for (const { path: p, method } of operations) {
      const url = p.replace(/\{(\w+)\}/g, ':$1');
      expect(ctx.app.hasRoute({ method: method.toUpperCase() as 'GET', url }), `${method} ${p}`).toBe(true);
    }
    expect(ctx.app.hasRoute({ method: 'GET', url: '/api/does-not-exist' })).toBe(false);
  });

  it('gives every operation a summary, a tag and a documented success response', () => {
    for (const { key, op } of operations) {
      expect(op.summary, key).toMatch(/\w/);
      expect(op.tags?.length, key).toBeGreaterThan(0);
      // A 2xx, or a redirect for the browser-facing single sign-on routes.
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s) || (key.includes('/api/auth/oidc/') && s === '302'));
      expect(success.length, key).toBe(1);
    }
  });

  it('documents a request body exactly where the route validates one', () => {
    const withBody = new Set(routesInSource().filter((r) => r.hasBody).map((r) => r.key));
    expect(withBody.size).toBeGreaterThanOrEqual(20);
    for (const { key, op } of operations) {
      expect(Boolean(op.requestBody?.content['application/json']?.schema), key).toBe(withBody.has(key));
    }
  });

  it('documents the error responses of every API operation with the common error shape', () => {
    for (const { key, op } of operations) {
      if (!key.includes(' /api/')) continue;
      for (const status of ['400', '401', '403', '404', '409']) {
        const schema = op.responses[status]?.content?.['application/json']?.schema;
        expect(schema, `${key} ${status}`).toBeDefined();
        expect(schema!.required).toEqual(expect.arrayContaining(['statusCode', 'code', 'message']));
        expect(Object.keys(schema!.properties!)).toContain('fields');
      }
    }
  });

  it('documents path ids as UUIDs', () => {
    for (const { key, path: p, op } of operations) {
      if (!p.includes('{id}')) continue;
      const param = op.parameters?.find((x) => x.in === 'path' && x.name === 'id');
      expect(param, key).toBeDefined();
      expect(param!.required).toBe(true);
      expect(param!.schema.format).toBe('uuid');
    }
  });

  it('describes the response shapes clients rely on', () => {
    const ok = (key: string, status = '200') => {
      const [method, p] = key.split(' ') as [string, string];
      return doc.paths[p]![method]!.responses[status]!.content!['application/json']!.schema;
    };
    const detail = ok('get /api/signals/{id}');
    expect(Object.keys(detail.properties!)).toEqual(expect.arrayContaining(['number', 'state', 'content', 'reporter', 'referrals', 'history', 'allowedActions']));
    const worklist = ok('get /api/worklist');
    expect(Object.keys(worklist.properties!).sort()).toEqual(['acuteSignals', 'forMeeting', 'newSignals', 'overdueReferrals', 'reporterToInform', 'retentionDue']);
    expect(Object.keys(ok('post /api/signals', '201').properties!).sort()).toEqual(['id', 'number', 'receivedAt']);
    // The reporter's own view has no reporter identity field at all.
    expect(Object.keys(ok('get /api/my/signals/{id}').properties!)).not.toContain('reporter');
    expect(Object.keys(ok('get /api/department/signals').items!.properties!).sort()).toEqual(['number', 'receivedAt', 'status', 'submittedByMe']);
    const signalInput = doc.paths['/api/signals']!.post!.requestBody!.content['application/json']!.schema;
    expect(signalInput.required).toEqual(expect.arrayContaining(['observedOn', 'explanation']));
    expect(Object.keys(signalInput.properties!)).toEqual(
      expect.arrayContaining(['observedOn', 'observedTime', 'place', 'explanation', 'exploitationForms', 'acuteDanger', 'victimInvolved', 'sourceContext', 'persons', 'organisations', 'addresses', 'onBehalfOfUserId']),
    );
  });

  it('requires a session for every API operation except login and session, and needs none for the public ones', async () => {
    for (const { key, path: p, method } of operations) {
      const url = p.replace('{id}', '00000000-0000-4000-8000-000000000000');
      const res = await ctx.anonymous().request({ method: method.toUpperCase() as 'GET', url, ...(method === 'get' || method === 'delete' ? {} : { payload: {} }) });
      if (PUBLIC.has(key)) expect(res.statusCode, key).not.toBe(403);
      else expect(res.statusCode, key).toBe(401);
    }
  });

  describe('health', () => {
    it('/healthz and /readyz answer ok without a session', async () => {
      expect(expectStatus(await ctx.anonymous().get('/healthz'), 200).json()).toEqual({ status: 'ok' });
      expect(expectStatus(await ctx.anonymous().get('/readyz'), 200).json()).toEqual({ status: 'ok' });
    });

    it('/readyz answers 503 when the database is unreachable, while /healthz stays ok', async () => {
      const config = { ...loadConfig({ NODE_ENV: 'test', MELDROUTE_SERVE_WEB: 'false' }), demo: false };
      const broken = { ...ctx.database, ping: () => Promise.reject(new Error('connection refused')) };
      const app = await buildApp({ vault: testVault(), config, database: broken, clock: ctx.clock, logger: false });
      try {
        const ready = await app.inject({ method: 'GET', url: '/readyz' });
        expect(ready.statusCode).toBe(503);
        expect(ready.json()).toEqual({ status: 'unavailable' });
        expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    });
  });

  it('sends no-store and security headers on API responses', async () => {
    const reporter = await ctx.login('reporter');
    const res = await reporter.get('/api/my/signals');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});
