/**
 * Live BRP/BAG register lookups during matching (live-lookup.ts) against the local Haal Centraal test server
 * (adapters/haal-centraal.fixtures.ts), through the real HTTP route GET /api/signals/:id/matches with the register
 * APIs switched on by configuration.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { entities, registers } from '../../db/schema/index.js';
import { auditEntries, expectStatus, submitSignal } from '../../testing/helpers.js';
import { createTestContext, type Client, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';
import {
  adressen,
  personenNaamGeboortedatum,
  startHaalCentraalServer,
  type HaalCentraalTestServer,
  type Recorded,
  type Reply,
} from './adapters/haal-centraal.fixtures.js';
import { createLiveRegisterLookup, LIVE_LOOKUP_TIMEOUT_MS, planQueries } from './live-lookup.js';
import { createRegisterLookups } from './adapters/index.js';
import { loadConfig } from '../../config.js';

interface Candidate {
  entity: { id: string; kind: string; label: string };
  source: { type: string; register?: string; live?: boolean; number?: string };
  score: number;
  reasons: string[];
  decision: string | null;
}
interface Matches {
  entities: { entity: { id: string; kind: string }; candidates: Candidate[] }[];
  liveRegisters?: { register: string; status: string }[];
}

let server: HaalCentraalTestServer;
let requests: Recorded[] = [];
let reply: (req: Recorded) => Reply;
const ok = (req: Recorded): Reply =>
  req.method === 'POST' ? { status: 200, body: personenNaamGeboortedatum } : { status: 200, body: adressen };

beforeAll(async () => {
  server = await startHaalCentraalServer((req) => {
    requests.push(req);
    return reply(req);
  });
});
afterAll(async () => server.close());
beforeEach(() => {
  requests = [];
  reply = ok;
});

const liveEnv = () => ({
  MELDROUTE_BRP_API_URL: `${server.baseUrl}/haalcentraal/api/brp`,
  MELDROUTE_BRP_API_KEY: 'brp-test-key',
  MELDROUTE_BAG_API_URL: `${server.baseUrl}/lvbag/individuelebevragingen/v2`,
  MELDROUTE_BAG_API_KEY: 'bag-test-key',
});

// The person and address of the specification examples: Pieter Jan de Vries (BSN 999995078), born 1964-09-24;
// the BAG address 6922 KZ 1 (two nummeraanduidingen: 1 and 1 A bis).
const SIGNAL = {
  persons: [{ fullName: 'Pieter de Vries', birthDate: '1964-09-24' } as never],
  organisations: [],
  addresses: [{ postcode: '6922 KZ', houseNumber: 1 }],
};

describe('live register lookups during matching (configured)', () => {
  let ctx: TestContext;
  let coordinator: Client;
  let signal: { id: string; number: string };
  let earlier: { id: string; number: string };

  const matchesOf = async (client = coordinator) => expectStatus(await client.get(`/api/signals/${signal.id}/matches`), 200).json() as Matches;
  const candidatesOf = (m: Matches, kind: string) => m.entities.find((e) => e.entity.kind === kind)!.candidates;

  beforeAll(async () => {
    ctx = await createTestContext({ env: liveEnv() });
    coordinator = await ctx.login('coordinator');
    const reporter = await ctx.login('reporter');
    // An earlier signal about the same address: a candidate from the local database.
    earlier = await submitSignal(reporter, { persons: [{ fullName: 'Karel Oostveen' }], organisations: [], addresses: [{ postcode: '6922KZ', houseNumber: 1 }] });
    signal = await submitSignal(reporter, SIGNAL);
    requests = [];
  }, 180_000);
  afterAll(async () => ctx?.close());

  it('adds BRP (live) and BAG (live) candidates with a reason and a score, next to the local ones', async () => {
    const m = await matchesOf();
    expect(m.liveRegisters).toEqual([
      { register: 'brp', status: 'ok' },
      { register: 'bag', status: 'ok' },
    ]);
    // BRP: ZoekMetGeslachtsnaamEnGeboortedatum in the POST body, nothing personal in the URL.
    const brpRequests = requests.filter((r) => r.method === 'POST');
    expect(brpRequests).toHaveLength(1);
    expect(brpRequests[0]!.url).toBe('/haalcentraal/api/brp/personen');
    expect(JSON.parse(brpRequests[0]!.body)).toMatchObject({ type: 'ZoekMetGeslachtsnaamEnGeboortedatum', geslachtsnaam: 'vries', voorvoegsel: 'de', geboortedatum: '1964-09-24' });
    expect(brpRequests[0]!.headers['x-api-key']).toBe('brp-test-key');
    // BAG: adressen?postcode&huisnummer.
    const bagRequests = requests.filter((r) => r.method === 'GET');
    expect(bagRequests.map((r) => new URL(r.url, 'http://x').searchParams.toString())).toEqual(['postcode=6922KZ&huisnummer=1&pageSize=100']);

    const person = candidatesOf(m, 'person');
    expect(person).toHaveLength(1);
    expect(person[0]).toMatchObject({ source: { type: 'register', register: 'brp', live: true }, decision: null });
    expect(person[0]!.entity.label).toBe('Pieter Jan de Vries (1964)');
    expect(person[0]!.score).toBeGreaterThanOrEqual(0.5);
    expect(person[0]!.reasons.length).toBeGreaterThan(0);

    const address = candidatesOf(m, 'address');
    const live = address.filter((c) => c.source.live);
    expect(live.map((c) => c.source.register)).toEqual(['bag', 'bag']);
    expect(live[0]!.reasons).toContain('same_address');
    expect(live[0]!.score).toBeGreaterThan(live[1]!.score); // 1 before 1 A bis
    expect(address.find((c) => c.source.type === 'signal')).toMatchObject({ source: { number: earlier.number } });
  });

  it('keeps live hits as local register records (BSN only as a blind index), reused on the next lookup', async () => {
    const before = await matchesOf();
    const after = await matchesOf();
    expect(candidatesOf(after, 'person')[0]!.entity.id).toBe(candidatesOf(before, 'person')[0]!.entity.id);
    const [brp] = await ctx.database.db.select().from(registers).where(and(eq(registers.municipalityId, ctx.municipality.id), eq(registers.kind, 'brp')));
    const records = await ctx.database.db.select().from(entities).where(eq(entities.registerId, brp!.id));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ origin: 'register', contentHash: null, createdById: ctx.userIds.coordinator });
    const [dump] = await queryRows<{ t: string }>(ctx.database, sql`select string_agg(e::text, '|') as t from entities e`);
    for (const secret of ['999995078', 'Vries', 'Scheveningen', '6922']) expect(dump!.t).not.toContain(secret);
  });

  it('confirms and rejects live candidates like any other: remembered, and shown with the decision', async () => {
    const m = await matchesOf();
    const personEntity = m.entities.find((e) => e.entity.kind === 'person')!.entity.id;
    const addressEntity = m.entities.find((e) => e.entity.kind === 'address')!.entity.id;
    const person = candidatesOf(m, 'person')[0]!;
    const [bagSecond] = candidatesOf(m, 'address').filter((c) => c.source.live).slice(1);
    expectStatus(await coordinator.post(`/api/signals/${signal.id}/links`, { entityId: personEntity, candidateId: person.entity.id, decision: 'confirmed' }), 204);
    expectStatus(await coordinator.post(`/api/signals/${signal.id}/links`, { entityId: addressEntity, candidateId: bagSecond!.entity.id, decision: 'rejected' }), 204);
    const again = await matchesOf();
    expect(candidatesOf(again, 'person')[0]).toMatchObject({ entity: { id: person.entity.id }, decision: 'confirmed', source: { live: true } });
    expect(candidatesOf(again, 'address').find((c) => c.entity.id === bagSecond!.entity.id)).toMatchObject({ decision: 'rejected' });
    // The confirmed register record is now also a local candidate: shown once, still marked live.
    expect(candidatesOf(again, 'person').filter((c) => c.entity.id === person.entity.id)).toHaveLength(1);
  });

  it('audits each live query with the register, query type, outcome and count only', async () => {
    const entries = await auditEntries(ctx.database, { action: 'register.live_lookup', objectId: signal.id });
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const e of entries) {
      expect(e.result).toBe('ok');
      expect(e.actorId).toBe(ctx.userIds.coordinator);
      expect(Object.keys(e.details ?? {}).sort()).toEqual(['entityId', 'hits', 'outcome', 'query', 'register']);
      expect(['brp', 'bag']).toContain(e.details!.register);
      expect(['name_birth_date', 'address']).toContain(e.details!.query);
      expect(JSON.stringify(e.details)).not.toMatch(/Vries|6922|1964|999995078/);
    }
  });

  it('degrades gracefully when a register does not answer in time: local candidates, and a notice', async () => {
    reply = (req) => (req.method === 'POST' ? 'never' : ok(req));
    const started = performance.now();
    const m = await matchesOf();
    expect(performance.now() - started).toBeLessThan(LIVE_LOOKUP_TIMEOUT_MS + 3_000);
    expect(m.liveRegisters).toEqual([
      { register: 'brp', status: 'timeout' },
      { register: 'bag', status: 'ok' },
    ]);
    // The confirmed BRP record is still there, from the database (not marked live now).
    expect(candidatesOf(m, 'person')[0]).toMatchObject({ source: { type: 'register', register: 'brp' }, decision: 'confirmed' });
    expect(candidatesOf(m, 'person')[0]!.source.live).toBeUndefined();
    expect(candidatesOf(m, 'address').some((c) => c.source.type === 'signal')).toBe(true);
    const entries = await auditEntries(ctx.database, { action: 'register.live_lookup', objectId: signal.id });
    expect(entries.slice(-2).map((e) => e.details).find((d) => d?.register === 'brp')).toMatchObject({ outcome: 'timeout', hits: 0 });
  });

  it('degrades gracefully on 5xx answers from both registers', async () => {
    reply = () => ({ status: 503, body: { status: 503, title: 'down', code: 'serviceUnavailable' } });
    const m = await matchesOf();
    expect(m.liveRegisters).toEqual([
      { register: 'brp', status: 'unavailable' },
      { register: 'bag', status: 'unavailable' },
    ]);
    expect(candidatesOf(m, 'address').find((c) => c.source.type === 'signal')).toMatchObject({ source: { number: earlier.number } });
    expect(candidatesOf(m, 'address').filter((c) => c.source.live)).toEqual([]);
  });

  it('only the coordinator (and deputy) can trigger a live lookup; other roles send nothing to the registers', async () => {
    for (const user of ['reporter', 'liaison', 'meldcode', 'analyst', 'admin'] as const) {
      const client = await ctx.login(user);
      const res = await client.get(`/api/signals/${signal.id}/matches`);
      expect([403, 404], user).toContain(res.statusCode);
    }
    expect(requests).toEqual([]);
    const deputy = await ctx.login('deputy');
    expect((await matchesOf(deputy)).liveRegisters).toHaveLength(2);
    expect(requests.length).toBeGreaterThan(0);
  });
});

describe('live register lookups (not configured)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  }, 180_000);
  afterAll(async () => ctx?.close());

  it('sends nothing and adds no notice when no register API is configured', async () => {
    expect(createLiveRegisterLookup({ db: null as never, vault: null as never, lookups: createRegisterLookups(loadConfig({}).registersApi) })).toBeNull();
    const reporter = await ctx.login('reporter');
    const coordinator = await ctx.login('coordinator');
    const signal = await submitSignal(reporter, SIGNAL);
    const m = expectStatus(await coordinator.get(`/api/signals/${signal.id}/matches`), 200).json() as Matches;
    expect(m.liveRegisters).toBeUndefined();
    expect(m.entities).toHaveLength(2);
    expect(requests).toEqual([]);
    expect(await auditEntries(ctx.database, { action: 'register.live_lookup' })).toEqual([]);
  });

  it('plans a BRP name query for a person with a full birth date, residents by address without one, BAG for an address', () => {
    const lookups = createRegisterLookups(loadConfig(liveEnv()).registersApi);
    const plan = planQueries(
      [
        { id: 'a', kind: 'person', data: { name: 'Jan van der Berg', birthDate: '1980-04-12' } },
        { id: 'b', kind: 'person', data: { name: 'Jan Berg', birthDate: '1980', addresses: [{ postcode: '3411AB', houseNumber: '7', addition: null }] } },
        { id: 'c', kind: 'person', data: { name: 'Jan Berg' } },
        { id: 'd', kind: 'address', data: { addresses: [{ postcode: '3411AB', houseNumber: '7', addition: 'A' }] } },
        { id: 'e', kind: 'phone', data: { phones: ['+31612345678'] } },
      ],
      lookups,
    );
    expect(plan.map((q) => [q.probe.id, q.lookup.kind, q.type])).toEqual([
      ['a', 'brp', 'name_birth_date'],
      ['b', 'brp', 'residents'],
      ['d', 'bag', 'address'],
    ]);
  });
});
