import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { buildSignal } from '../testing/factories.js';
import { countRows, expectStatus, fieldErrorProblems, partnerIds, registeredSignal, signalDataCounts, type CountableTable } from '../testing/helpers.js';
import { createTestContext, type Client, type TestContext } from '../testing/test-app.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
};
type Operation = { requestBody?: { content: { 'application/json': { schema: JsonSchema } } } };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const TABLES: CountableTable[] = [
  'signals', 'signal_persons', 'signal_organisations', 'signal_addresses', 'signal_history', 'enrichment_notes',
  'referrals', 'reporter_feedback', 'users', 'departments', 'partners', 'routing_rules',
];

function expectDutchFieldErrors(body: { code: string; message: string; fields?: { path: string; key: string; message: string }[] }) {
  expect(body.code).toBe('validation');
  expect(body.message).toBe('De invoer is niet geldig. Controleer de gemarkeerde velden.');
  expect(body.fields?.length).toBeGreaterThan(0);
  expect(fieldErrorProblems(body, { catalogue: true })).toEqual([]);
}

/** A value of the wrong JSON type for a schema. */
function wrongValue(schema: JsonSchema): unknown {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': return 12345;
    case 'number':
    case 'integer': return 'twaalf';
    case 'boolean': return 'ja';
    case 'array': return 'geen lijst';
    case 'object': return 42;
    default: return { unexpected: true };
  }
}

/** Every property of a body schema (merging the variants of a union), with a wrong-typed value. */
function wrongBody(schema: JsonSchema): Record<string, unknown> {
  const variants = schema.oneOf ?? schema.anyOf ?? [schema];
  const body: Record<string, unknown> = {};
  for (const v of variants) for (const [name, prop] of Object.entries(v.properties ?? {})) body[name] = wrongValue(prop);
  return body;
}

/** Refused input: wrong types, missing fields, oversized text, unknown or foreign ids — a clear 4xx, never a 500, nothing half-written. */
describe('bad input', () => {
  let ctx: TestContext;
  let doc: OpenApi;
  let reporter: Client;
  let coordinator: Client;
  let deputy: Client;
  let admin: Client;
  let anyone: Client;
  const ids: Record<string, string> = {};
  let snapshot: { counts: Record<string, number>; signal: string };

  beforeAll(async () => {
    ctx = await createTestContext();
    [reporter, coordinator, deputy, admin, anyone] = await Promise.all([
      ctx.login('reporter'),
      ctx.login('coordinator'),
      ctx.login('deputy'),
      ctx.login('admin'),
      ctx.login('analyst'),
    ]);
    doc = expectStatus(await ctx.anonymous().get('/api/openapi.json'), 200).json();
    const partners = await partnerIds(ctx.database, ctx.municipality.id);
    const signal = await registeredSignal(reporter, coordinator);
    const referral = expectStatus(
      await coordinator.post(`/api/signals/${signal.id}/referrals`, { partnerId: partners.moviera, referredOn: '2026-11-28', channel: 'phone' }),
      201,
    ).json();
    const rules = expectStatus(await admin.get('/api/admin/routing-rules'), 200).json();
    Object.assign(ids, {
      signal: signal.id,
      referral: referral.id,
      user: ctx.userIds.reporter2,
      department: ctx.departmentIds.civiel!,
      partner: partners.om!,
      rule: rules[0].id,
    });
    snapshot = { counts: await counts(), signal: expectStatus(await coordinator.get(`/api/signals/${signal.id}`), 200).body };
  });
  afterAll(async () => ctx.close());

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = await countRows(ctx.database, t);
    return { ...out, ...(await signalDataCounts(ctx.database)) };
  }

  /** The client allowed to use an endpoint, so that the refusal is about the input, not the role. */
  function clientFor(path: string, method: string): Client {
    if (path.startsWith('/api/admin/')) return admin;
    if (path === '/api/signals' && method === 'post') return reporter;
    if (path === '/api/signals/{id}/reporter-identity') return deputy;
    if (path.startsWith('/api/access-requests/')) return coordinator;
    if (path.startsWith('/api/signals') || path.startsWith('/api/referrals')) return coordinator;
    if (/^\/api\/(plan|training|interventions)\//.test(path) || path === '/api/interventions') return coordinator;
    if (path.startsWith('/api/evaluation/')) return coordinator;
    if (path.startsWith('/api/stats/context-series') && method !== 'get') return coordinator;
    if (path.startsWith('/api/indicators')) return coordinator;
    if (path.startsWith('/api/meeting')) return coordinator;
    return anyone;
  }

  function realId(path: string): string {
    if (path.startsWith('/api/referrals/')) return ids.referral!;
    if (path.startsWith('/api/admin/users/')) return ids.user!;
    if (path.startsWith('/api/admin/departments/')) return ids.department!;
    if (path.startsWith('/api/admin/partners/')) return ids.partner!;
    if (path.startsWith('/api/admin/routing-rules/')) return ids.rule!;
    return ids.signal!;
  }

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

  it('refuses wrong-typed bodies on every endpoint with a body: 400 with Dutch field messages', async () => {
    let checked = 0;
    for (const { path, method, op } of operations()) {
      const schema = op.requestBody?.content['application/json'].schema;
      if (!schema) continue;
      const body = wrongBody(schema);
      const url = path.replace('{id}', realId(path)).replace('{year}', '2020').replace('{itemId}', UNKNOWN);
      const client = path === '/api/auth/login' ? ctx.anonymous() : clientFor(path, method);
      const res = await client.request({ method: method.toUpperCase() as 'POST', url, payload: body });
      expect(res.statusCode, `${method} ${path}: ${res.body}`).toBe(400);
      expectDutchFieldErrors(res.json());
      // Every wrong field is named.
      const paths = new Set(res.json().fields.map((f: { path: string }) => f.path.split('.')[0]));
      for (const name of Object.keys(body)) {
        if (!schema.oneOf) expect(paths, `${method} ${path} names ${name}`).toContain(name);
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('refuses bodies that are not objects, or missing, on every endpoint that requires one', async () => {
    for (const { path, method, op } of operations()) {
      const schema = op.requestBody?.content['application/json'].schema;
      if (!schema || path === '/api/auth/login') continue;
      const url = path.replace('{id}', realId(path));
      for (const payload of [[], 'tekst', 7, null]) {
        const res = await clientFor(path, method).request({
          method: method.toUpperCase() as 'POST',
          url,
          payload: JSON.stringify(payload),
          headers: { 'content-type': 'application/json' },
        });
        expect(res.statusCode, `${method} ${path} with ${JSON.stringify(payload)}`).toBe(400);
      }
    }
  });

  it('refuses malformed ids in the path with a field message on params.id, for every endpoint with an id', async () => {
    for (const { path, method } of operations()) {
      if (!path.includes('{id}')) continue;
      for (const bad of ['42', 'not-a-uuid', `${UNKNOWN}x`, "1' or '1'='1"]) {
        const res = await clientFor(path, method).request({ method: method.toUpperCase() as 'GET', url: path.replace('{id}', encodeURIComponent(bad)).replace('{year}', '2020').replace('{itemId}', UNKNOWN), ...(method === 'get' || method === 'delete' ? {} : { payload: {} }) });
        expect(res.statusCode, `${method} ${path} ${bad}`).toBe(400);
        expect(res.json().fields).toContainEqual({ path: 'params.id', key: 'v.id', message: 'Dit is geen geldige verwijzing.' });
      }
    }
  });

  it('answers 404 for unknown ids on every endpoint with an id (with an otherwise valid request)', async () => {
    const validBodies: Record<string, unknown> = {
      'post /api/signals/{id}/register': undefined,
      'patch /api/signals/{id}/classification': { acuteDanger: true },
      'put /api/signals/{id}/meeting': { forMeeting: true },
      'put /api/signals/{id}/legal-hold': { legalHold: true, reason: 'x' },
      'post /api/signals/{id}/enrichment-notes': { sourceSystem: 'BRP', finding: 'x' },
      'post /api/signals/{id}/reporter-feedback': { impossible: false, givenOn: '2026-11-28', text: 'x' },
      'post /api/signals/{id}/close': { outcome: 'no_grounds' },
      'post /api/signals/{id}/reopen': { reason: 'x' },
      'post /api/signals/{id}/referrals': { partnerId: ids.partner, referredOn: '2026-11-28', channel: 'phone' },
      'post /api/referrals/{id}/request-feedback': { requestedOn: '2026-11-28' },
      'post /api/referrals/{id}/feedback': { receivedOn: '2026-11-28', text: 'x' },
      'post /api/referrals/{id}/close': {},
      'patch /api/admin/users/{id}': { displayName: 'X' },
      'post /api/admin/users/{id}/reset-password': undefined,
      'patch /api/admin/departments/{id}': { name: 'X' },
      'patch /api/admin/partners/{id}': { name: 'X' },
      'patch /api/admin/routing-rules/{id}': { name: 'X' },
      'delete /api/admin/routing-rules/{id}': undefined,
      'patch /api/admin/meeting-structures/{id}': { name: 'X' },
      'patch /api/admin/liaisons/{id}': { availability: 'X' },
      'delete /api/admin/liaisons/{id}': undefined,
      'get /api/signals/{id}': undefined,
      'get /api/my/signals/{id}': undefined,
      'get /api/signals/{id}/referral-suggestions': undefined,
      'get /api/signals/{id}/access-log': undefined,
      'post /api/signals/{id}/reporter-identity': { reason: 'x' },
      'get /api/signals/{id}/matches': undefined,
      'get /api/signals/{id}/linked': undefined,
      'get /api/signals/{id}/network': undefined,
      'get /api/signals/{id}/enrichment': undefined,
      'post /api/signals/{id}/links': { entityId: UNKNOWN, candidateId: UNKNOWN, decision: 'confirmed' },
      'post /api/signals/{id}/entities': { kind: 'phone', phone: '0612345678' },
      'patch /api/plan/activities/{id}': { owner: 'X' },
      'delete /api/plan/activities/{id}': undefined,
      'patch /api/training/sessions/{id}': { topic: 'X' },
      'delete /api/training/sessions/{id}': undefined,
      'patch /api/interventions/{id}': { legalBasis: 'X' },
      'delete /api/interventions/{id}': undefined,
      'patch /api/stats/context-series/{id}': { unit: 'X' },
      'delete /api/stats/context-series/{id}': undefined,
      'put /api/stats/context-series/{id}/points': { points: [{ year: 2020, value: 1 }] },
      'delete /api/stats/context-series/{id}/points/{year}': undefined,
      'patch /api/indicators/{id}': { text: 'X' },
      'delete /api/indicators/{id}': undefined,
      'get /api/signals/{id}/indicators': undefined,
      'put /api/signals/{id}/indicators': { indicatorIds: [] },
      'post /api/notifications/{id}/read': undefined,
      'post /api/admin/email-outbox/{id}/retry': undefined,
      'patch /api/meeting-series/{id}': { location: 'X' },
      'post /api/meeting-series/{id}/meetings': {},
      'get /api/meetings/{id}': undefined,
      'patch /api/meetings/{id}': { location: 'X' },
      'post /api/meetings/{id}/cancel': undefined,
      'get /api/meetings/{id}/candidates': undefined,
      'post /api/meetings/{id}/items': { title: 'X' },
      'patch /api/meetings/{id}/items/{itemId}': { summary: 'X' },
      'delete /api/meetings/{id}/items/{itemId}': undefined,
      'put /api/meetings/{id}/items/order': { ids: [UNKNOWN] },
      'post /api/meetings/{id}/publish': undefined,
      'put /api/meetings/{id}/items/{itemId}/minutes': { minutes: 'X' },
      'post /api/meetings/{id}/items/{itemId}/actions': { description: 'X', ownerId: UNKNOWN, dueDate: '2027-01-01' },
      'post /api/meetings/{id}/finalise': undefined,
      'get /api/meetings/{id}/pdf': undefined,
      'patch /api/meeting-actions/{id}': { status: 'done' },
    };
    const withId = operations().filter((o) => o.path.includes('{id}'));
    // Every endpoint with an id is in the table (a new one must be added here).
    expect(withId.map((o) => `${o.method} ${o.path}`).sort()).toEqual(Object.keys(validBodies).sort());
    for (const { path, method } of withId) {
      const body = validBodies[`${method} ${path}`];
      const client = path.startsWith('/api/my/') ? reporter : clientFor(path, method);
      const res = await client.request({ method: method.toUpperCase() as 'GET', url: path.replace('{id}', UNKNOWN).replace('{year}', '2020').replace('{itemId}', UNKNOWN), ...(body !== undefined ? { payload: body as object } : method === 'post' ? { payload: {} } : {}) });
      expect(res.statusCode, `${method} ${path}: ${res.body}`).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found', message: expect.stringMatching(/^Niet gevonden/) });
    }
  });

  describe('oversized input', () => {
    it.each([
      ['explanation', buildSignal({ explanation: 'x'.repeat(LIMITS.explanation + 1) }), 'explanation', LIMITS.explanation],
      ['place', buildSignal({ place: 'x'.repeat(LIMITS.shortText + 1) }), 'place', LIMITS.shortText],
      ['a person name', buildSignal({ persons: [{ fullName: 'x'.repeat(LIMITS.shortText + 1) }] }), 'persons.0.fullName', LIMITS.shortText],
      ['an organisation name', buildSignal({ organisations: [{ name: 'x'.repeat(LIMITS.shortText + 1) }] }), 'organisations.0.name', LIMITS.shortText],
      ['an address addition', buildSignal({ addresses: [{ postcode: '3411 AB', houseNumber: 1, addition: 'x'.repeat(11) }] }), 'addresses.0.addition', 10],
    ])('a too long %s in a signal: 400 "te lang" with the maximum', async (_what, body, path, max) => {
      const res = await reporter.post('/api/signals', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toContainEqual({ path, key: 'v.too_long', message: `Deze tekst is te lang (maximaal ${max} tekens).` });
    });

    it('too many persons, organisations or addresses: 400 with the maximum', async () => {
      const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
      const res = await reporter.post('/api/signals', buildSignal({
        persons: many(LIMITS.maxPersons + 1, (i) => ({ fullName: `P${i}` })),
        organisations: many(LIMITS.maxOrganisations + 1, (i) => ({ name: `O${i}` })),
        addresses: many(LIMITS.maxAddresses + 1, (i) => ({ postcode: '3411 AB', houseNumber: i + 1 })),
      }));
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toEqual(expect.arrayContaining([
        { path: 'persons', key: 'v.too_many', message: 'U kunt er maximaal 50 opgeven.' },
        { path: 'organisations', key: 'v.too_many', message: 'U kunt er maximaal 50 opgeven.' },
        { path: 'addresses', key: 'v.too_many', message: 'U kunt er maximaal 50 opgeven.' },
      ]));
    });

    it('too long notes, feedback and names elsewhere: 400 "te lang"', async () => {
      const long = 'x'.repeat(LIMITS.note + 1);
      const cases: [Client, 'POST' | 'PATCH' | 'PUT', string, unknown, string][] = [
        [coordinator, 'POST', `/api/signals/${ids.signal}/enrichment-notes`, { sourceSystem: 'BRP', finding: long }, 'finding'],
        [coordinator, 'POST', `/api/signals/${ids.signal}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: long }, 'text'],
        [coordinator, 'PUT', `/api/signals/${ids.signal}/meeting`, { forMeeting: true, meetingNote: long }, 'meetingNote'],
        [coordinator, 'POST', `/api/referrals/${ids.referral}/feedback`, { receivedOn: '2026-11-28', text: long }, 'text'],
        [admin, 'PATCH', `/api/admin/users/${ids.user}`, { displayName: 'x'.repeat(LIMITS.shortText + 1) }, 'displayName'],
        [admin, 'PATCH', `/api/admin/partners/${ids.partner}`, { description: long }, 'description'],
        [coordinator, 'POST', '/api/indicators', { group: 'work', forms: ['labour'], text: long }, 'text'],
      ];
      for (const [client, method, url, payload, path] of cases) {
        const res = await client.request({ method, url, payload: payload as object });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().fields[0]).toMatchObject({ path, key: 'v.too_long' });
      }
    });

    it('a body over the size limit: 413 in Dutch', async () => {
      const res = await reporter.post('/api/signals', buildSignal({ explanation: 'x'.repeat(LIMITS.bodyBytes + 10) }));
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({ statusCode: 413, code: 'payload_too_large', message: 'Het verzoek is te groot.' });
    });
  });

  describe('malformed requests', () => {
    it('malformed JSON: 400', async () => {
      const res = await reporter.request({ method: 'POST', url: '/api/signals', payload: '{"explanation": "x",', headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'bad_request', message: 'Het verzoek is niet geldig.' });
    });

    it('a prototype-pollution body: 400, and nothing polluted', async () => {
      const res = await reporter.request({
        method: 'POST',
        url: '/api/signals',
        payload: `{"__proto__":{"polluted":true},"observedOn":"2026-11-20","explanation":"x"}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('an unsupported content type: 415 in Dutch', async () => {
      const res = await reporter.request({ method: 'POST', url: '/api/signals', payload: '<signal/>', headers: { 'content-type': 'application/xml' } });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining('JSON') });
    });

    it('bad query parameters: 400 naming the parameter', async () => {
      for (const [query, param] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=veel', 'limit'], ['offset=-1', 'offset'], ['state=verdwenen', 'state']]) {
        const res = await coordinator.get(`/api/signals?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(res.json().fields.map((f: { path: string }) => f.path)).toContain(`querystring.${param}`);
      }
    });

    it('bad dashboard and export query parameters (issue 5): 400 naming the parameter', async () => {
      for (const [url, param] of [
        ['/api/stats/dashboard?granularity=week', 'granularity'],
        ['/api/stats/dashboard?forms=slavery', 'forms'],
        ['/api/stats/dashboard?from=2026-13&to=2026-12', 'from'],
        ['/api/stats/dashboard?year=twintig', 'year'],
        ['/api/stats/dashboard?from=2026-01', 'to'],
        // The analyst: whole calendar years and at most one form only (the defence against differencing).
        ['/api/stats/dashboard?from=2026-01&to=2026-03', 'from'],
        ['/api/stats/dashboard?forms=sexual,labour', 'forms'],
        ['/api/stats/dashboard/export?format=pdf', 'format'],
      ] as const) {
        const res = await anyone.get(url);
        expect(res.statusCode, url).toBe(400);
        expect(res.json().fields.map((f: { path: string }) => f.path.split('.').slice(0, 2).join('.')), url).toContain(`querystring.${param}`);
      }
      const res = await coordinator.get('/api/stats/signals/export?from=2026-05&to=2026-01');
      expect(res.statusCode).toBe(400);
    });

    it('bad evaluation report and conclusions parameters (issue 5.4): 400 naming the parameter', async () => {
      for (const [url, param] of [
        ['/api/evaluation/report', 'from'],
        ['/api/evaluation/report?from=twintig', 'from'],
        ['/api/evaluation/report?from=1999', 'from'],
        ['/api/evaluation/report?from=2025&format=xlsx', 'format'],
        ['/api/evaluation/conclusions?from=2025.5', 'from'],
      ] as const) {
        const res = await coordinator.get(url);
        expect(res.statusCode, url).toBe(400);
        expect(res.json().fields.map((f: { path: string }) => f.path), url).toContain(`querystring.${param}`);
      }
      const long = await coordinator.put('/api/evaluation/conclusions', { periodStart: 2025, conclusions: 'x'.repeat(LIMITS.explanation + 1), recommendations: null });
      expect(long.statusCode).toBe(400);
      expect(long.json().fields[0]).toMatchObject({ path: 'conclusions', key: 'v.too_long' });
    });

    it('text with NUL characters: 400 (a field error where the text is validated, else the database refusal), never 500', async () => {
      const cases: [Client, 'POST' | 'PATCH' | 'PUT', string, unknown][] = [
        [reporter, 'POST', '/api/signals', buildSignal({ explanation: 'a\u0000b' })],
        [reporter, 'POST', '/api/signals', buildSignal({ organisations: [{ name: 'BV\u0000' }] })],
        [coordinator, 'POST', `/api/signals/${ids.signal}/enrichment-notes`, { sourceSystem: 'BRP', finding: 'x\u0000' }],
        [coordinator, 'PUT', `/api/signals/${ids.signal}/meeting`, { forMeeting: true, meetingNote: 'x\u0000' }],
        [coordinator, 'POST', `/api/referrals/${ids.referral}/request-feedback`, { requestedOn: '2026-11-28', note: 'x\u0000' }],
        [admin, 'POST', '/api/admin/users', { username: 'nul-user', displayName: 'Nul\u0000', role: 'reporter' }],
        [admin, 'PATCH', `/api/admin/departments/${ids.department}`, { name: 'x\u0000' }],
        [ctx.anonymous(), 'POST', '/api/auth/login', { username: 'a\u0000', password: 'x' }],
      ];
      for (const [client, method, url, payload] of cases) {
        const res = await client.request({ method, url, payload: payload as object });
        expect(res.statusCode, url).toBe(400);
        const body = res.json() as { message: string; fields?: { message: string }[] };
        if (body.fields?.length) expect(body.fields.map((f) => f.message).join(' '), url).toMatch(/niet is toegestaan/);
        else expect(body.message, url).toMatch(/niet geldig/);
      }
    });

    it('a malformed URL or a too long path parameter: the common error shape in Dutch, without the URL (fuzzer finding)', async () => {
      for (const url of ['/api/signals/%zz', '/api/signals/%ED%A0%80/register', '/api/meetings/%/items']) {
        const res = await coordinator.request({ method: 'GET', url });
        expect(res.statusCode, url).toBe(400);
        expect(res.json(), url).toEqual({ statusCode: 400, code: 'bad_request', message: 'Het verzoek is niet geldig.' });
        expect(res.headers['cache-control']).toBe('no-store');
      }
      const res = await coordinator.get(`/api/signals/${'x'.repeat(300)}`);
      expect(res.statusCode).toBe(414);
      expect(res.json()).toEqual({ statusCode: 414, code: 'uri_too_long', message: 'Het adres van het verzoek is te lang.' });
    });

    it('unknown routes and methods: 404 JSON in Dutch', async () => {
      for (const [method, url] of [['GET', '/api/bestaat-niet'], ['DELETE', `/api/signals/${ids.signal}`], ['POST', '/api/worklist']] as const) {
        const res = await coordinator.request({ method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json()).toEqual({ statusCode: 404, code: 'not_found', message: 'Niet gevonden.' });
      }
    });
  });

  it('after all of the above nothing was lost or half-written', async () => {
    expect(await counts()).toEqual(snapshot.counts);
    const now = expectStatus(await coordinator.get(`/api/signals/${ids.signal}`), 200).body;
    expect(now).toBe(snapshot.signal);
    // And the API still works normally.
    expect((await reporter.post('/api/signals', buildSignal())).statusCode).toBe(201);
  });
});
