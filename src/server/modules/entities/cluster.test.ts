import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETWORK_MAX_NODES } from '../../../shared/api/entity.js';
import { entityLinks, registers, signals } from '../../db/schema/index.js';
import { auditEntries, expectStatus, submitSignal } from '../../testing/helpers.js';
import { queryRows } from '../../testing/test-database.js';
import { createTestContext, loginWith, type Client, type TestContext } from '../../testing/test-app.js';
import { insertEntities } from './entity.repo.js';

type Sig = { id: string; number: string };
type Cluster = { id: string; size: number; signals: { number: string }[]; exploitationForms: string[]; firstReceivedAt: string; lastReceivedAt: string; open: number; closed: number; registerRecords: number };
type Node = { type: 'signal'; id: string; number: string; distance: number } | { type: 'entity'; id: string; kind: string; label: string; register: string | null };
type Network = { nodes: Node[]; edges: { source: string; target: string; type: string }[]; truncated: boolean };

const nobody = { persons: [], organisations: [], addresses: [] };

describe('entities: clusters, the network view and the enrichment record', () => {
  let ctx: TestContext;
  let reporter: Client;
  let coordinator: Client;
  const s = {} as Record<'a1' | 'a2' | 'b1' | 'b2' | 'c1' | 'c2' | 'c3' | 'd1' | 'd2' | 'u', Sig>;
  let registerPerson: string;
  let registerId: string;

  /** The (first) entity of a kind mentioned in a signal. */
  const entityOf = async (signal: Sig, kind: string) => {
    const [row] = await queryRows<{ id: string }>(ctx.database, sql`select id::text as id from entities where signal_id = ${signal.id} and kind = ${kind} order by created_at, id limit 1`);
    return row!.id;
  };
  const decide = async (signal: Sig, entityId: string, candidateId: string, decision: 'confirmed' | 'rejected') =>
    expectStatus(await coordinator.post(`/api/signals/${signal.id}/links`, { entityId, candidateId, decision }), 204, `${decision} on ${signal.number}`);
  const clusters = async (client = coordinator) => (expectStatus(await client.get('/api/clusters'), 200).json() as { clusters: Cluster[] }).clusters;
  const network = async (signal: Sig, depth = 1, client = coordinator) => expectStatus(await client.get(`/api/signals/${signal.id}/network?depth=${depth}`), 200).json() as Network;
  const numbersOf = (c: Cluster) => c.signals.map((x) => x.number).sort();

  beforeAll(async () => {
    ctx = await createTestContext();
    reporter = await ctx.login('reporter');
    coordinator = await ctx.login('coordinator');
    // Pair A: the same phone number. Pair B: the same organisation. Chain C: three signals confirmed to one BRP record.
    s.a1 = await submitSignal(reporter, { ...nobody, exploitationForms: ['labour'], persons: [{ fullName: 'Anna Aalbers', phone: '06 11111111' }] });
    s.a2 = await submitSignal(reporter, { ...nobody, exploitationForms: ['sexual'], persons: [{ fullName: 'A. Aalbers', phone: '+31 6 1111 1111' }] });
    s.b1 = await submitSignal(reporter, { ...nobody, organisations: [{ name: 'Bouwbedrijf Bakker B.V.', kvkNumber: '22222222' }] });
    s.b2 = await submitSignal(reporter, { ...nobody, organisations: [{ name: 'Bouwbedrijf Bakker', kvkNumber: '22222222' }] });
    s.c1 = await submitSignal(reporter, { ...nobody, exploitationForms: ['criminal'], persons: [{ fullName: 'Cor de Clercq' }] });
    s.c2 = await submitSignal(reporter, { ...nobody, persons: [{ fullName: 'C. de Clerq' }] });
    s.c3 = await submitSignal(reporter, { ...nobody, persons: [{ fullName: 'Cor Clercq' }] });
    // Pair D: rejected. U: never linked.
    s.d1 = await submitSignal(reporter, { ...nobody, persons: [{ fullName: 'Dirk Dekker' }] });
    s.d2 = await submitSignal(reporter, { ...nobody, persons: [{ fullName: 'Dirk Dekker' }] });
    s.u = await submitSignal(reporter, { ...nobody, persons: [{ fullName: 'Udo Uiterwaal' }] });

    const [register] = await ctx.database.db.insert(registers).values({ municipalityId: ctx.municipality.id, kind: 'brp', rowCount: 1 }).returning();
    registerId = register!.id;
    [registerPerson] = (await insertEntities(ctx.database.db, ctx.vault, [
      { municipalityId: ctx.municipality.id, kind: 'person', origin: 'register', registerId, externalKey: 'bsn-c', data: { name: 'Cor de Clercq', birthDate: '1975-01-01' } },
    ])) as [string];

    expectStatus(await coordinator.post(`/api/signals/${s.a2.id}/enrichment-notes`, { sourceSystem: 'Suite4', finding: 'Bekend bij het wijkteam.' }), 204);
    await decide(s.a2, await entityOf(s.a2, 'person'), await entityOf(s.a1, 'person'), 'confirmed');
    await decide(s.b2, await entityOf(s.b2, 'organisation'), await entityOf(s.b1, 'organisation'), 'confirmed');
    for (const c of [s.c1, s.c2, s.c3]) await decide(c, await entityOf(c, 'person'), registerPerson, 'confirmed');
    await decide(s.d2, await entityOf(s.d2, 'person'), await entityOf(s.d1, 'person'), 'rejected');
    // Confirmed, then changed to rejected: connects nothing either.
    await decide(s.u, await entityOf(s.u, 'person'), await entityOf(s.d1, 'person'), 'confirmed');
    await decide(s.u, await entityOf(s.u, 'person'), await entityOf(s.d1, 'person'), 'rejected');
    await ctx.database.db.update(signals).set({ state: 'closed', outcome: 'no_grounds' }).where(eq(signals.id, s.c3.id));
  });
  afterAll(async () => ctx?.close());

  it('lists the connected groups: two pairs and a chain of three through a register record', async () => {
    const list = await clusters();
    // Largest first; the two pairs in either order (by their latest signal).
    expect(list.map(numbersOf)[0]).toEqual([s.c1.number, s.c2.number, s.c3.number].sort());
    expect(list.map(numbersOf).slice(1).sort()).toEqual([[s.a1.number, s.a2.number].sort(), [s.b1.number, s.b2.number].sort()].sort());
    const c = list[0]!;
    expect(c).toMatchObject({ id: s.c1.number, size: 3, open: 2, closed: 1, registerRecords: 1 });
    expect(c.exploitationForms).toEqual(['sexual', 'criminal']);
    expect(new Date(c.firstReceivedAt).getTime()).toBeLessThanOrEqual(new Date(c.lastReceivedAt).getTime());
    const a = list.find((x) => x.signals.some((y) => y.number === s.a1.number))!;
    expect(a).toMatchObject({ id: s.a1.number, size: 2, open: 2, closed: 0, registerRecords: 0 });
    expect(a.exploitationForms).toEqual(['sexual', 'labour']);
  });

  it('leaves out unlinked signals and those whose links were rejected', async () => {
    const listed = (await clusters()).flatMap((c) => c.signals.map((x) => x.number));
    for (const x of [s.d1, s.d2, s.u]) expect(listed).not.toContain(x!.number);
  });

  it('is audited and limited to the coordinator and deputy; another municipality sees only its own', async () => {
    expect((await auditEntries(ctx.database, { action: 'cluster.list' })).at(-1)).toMatchObject({ result: 'ok', objectId: ctx.municipality.id });
    for (const who of ['reporter', 'liaison', 'meldcode', 'analyst', 'admin'] as const) {
      const client = await ctx.login(who);
      expectStatus(await client.get('/api/clusters'), 403, who);
      expectStatus(await client.get(`/api/signals/${s.a1.id}/network`), 403, who);
      expectStatus(await client.get(`/api/signals/${s.a1.id}/enrichment`), 403, who);
    }
    const deputy = await ctx.login('deputy');
    expect(await clusters(deputy)).toHaveLength(3);
    expectStatus(await deputy.get(`/api/signals/${s.a1.id}/network`), 200);
    const { coordinatorUsername } = await ctx.otherMunicipality();
    const elsewhere = await loginWith(ctx, coordinatorUsername);
    expect(await clusters(elsewhere)).toEqual([]);
    expectStatus(await elsewhere.get(`/api/signals/${s.a1.id}/network`), 404);
    expectStatus(await elsewhere.get(`/api/signals/${s.a1.id}/enrichment`), 404);
  });

  it('draws the network of a signal: its entities, the confirmed links and the signals at the other end', async () => {
    const n = await network(s.a2);
    const signalNodes = n.nodes.filter((x) => x.type === 'signal');
    expect(signalNodes.map((x) => [x.number, x.distance])).toEqual([
      [s.a2.number, 0],
      [s.a1.number, 1],
    ]);
    const persons = n.nodes.filter((x) => x.type === 'entity');
    expect(persons.map((x) => x.label).sort()).toEqual(['A. Aalbers', 'Anna Aalbers']);
    expect(n.edges.filter((e) => e.type === 'member')).toHaveLength(2);
    expect(n.edges.filter((e) => e.type === 'link')).toHaveLength(1);
    expect(n.truncated).toBe(false);
    // Through a register record: one step reaches the other two signals of the chain.
    const c = await network(s.c1);
    expect(c.nodes.filter((x) => x.type === 'signal').map((x) => x.number).sort()).toEqual([s.c1.number, s.c2.number, s.c3.number].sort());
    expect(c.nodes.find((x) => x.type === 'entity' && x.register === 'brp')).toBeDefined();
    // A rejected link is not drawn.
    const d = await network(s.d2, 3);
    expect(d.nodes.filter((x) => x.type === 'signal').map((x) => x.number)).toEqual([s.d2.number]);
    expectStatus(await coordinator.get(`/api/signals/${s.a1.id}/network?depth=4`), 400);
    expectStatus(await coordinator.get(`/api/signals/${s.a1.id}/network?depth=0`), 400);
    expect((await auditEntries(ctx.database, { action: 'signal.network', objectId: s.c1.id })).at(-1)).toMatchObject({ result: 'ok' });
  });

  it('reaches further with a larger depth, and stops at the node limit (truncated)', async () => {
    // A chain a2 – a1 – e1 – e2 (phone numbers): depth 1 sees a1, depth 3 sees e2.
    const e1 = await submitSignal(reporter, { ...nobody, persons: [{ fullName: 'Eva Eerden', phone: '06 11111111' }] });
    const e2 = await submitSignal(reporter, { ...nobody, persons: [{ fullName: 'Eva Eerden' }] });
    await decide(e1, await entityOf(e1, 'person'), await entityOf(s.a1, 'person'), 'confirmed');
    await decide(e2, await entityOf(e2, 'person'), await entityOf(e1, 'person'), 'confirmed');
    const signalsAt = async (depth: number) => (await network(s.a2, depth)).nodes.filter((x) => x.type === 'signal').map((x) => x.number);
    expect(await signalsAt(1)).not.toContain(e1.number);
    expect(await signalsAt(2)).toContain(e1.number);
    expect(await signalsAt(2)).not.toContain(e2.number);
    expect(await signalsAt(3)).toContain(e2.number);

    // A hub confirmed to more register records than the view can draw.
    const hub = await submitSignal(reporter, { ...nobody, persons: [{ fullName: 'Harm Hub' }] });
    const hubPerson = await entityOf(hub, 'person');
    const [permits] = await ctx.database.db.insert(registers).values({ municipalityId: ctx.municipality.id, kind: 'permits', rowCount: 250 }).returning();
    const records = await insertEntities(
      ctx.database.db,
      ctx.vault,
      Array.from({ length: 250 }, (_, i) => ({ municipalityId: ctx.municipality.id, kind: 'organisation' as const, origin: 'register' as const, registerId: permits!.id, externalKey: `v-${i}`, data: { name: `Vergunninghouder ${i}` } })),
    );
    const userId = ctx.userIds.coordinator;
    await ctx.database.db.insert(entityLinks).values(
      records.map((candidateId) => ({ municipalityId: ctx.municipality.id, entityId: hubPerson, candidateId, decision: 'confirmed' as const, score: 1, reasons: ['exact_key'], decidedById: userId, decidedAt: new Date() })),
    );
    const big = await network(hub, 3);
    expect(big.truncated).toBe(true);
    expect(big.nodes.length).toBeLessThanOrEqual(NETWORK_MAX_NODES);
    expect(big.nodes.length).toBeGreaterThan(NETWORK_MAX_NODES - 5);
    const ids = new Set(big.nodes.map((x) => x.id));
    for (const e of big.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
  });

  it('keeps an enrichment record: notes and confirmed links with source, author and time', async () => {
    const record = expectStatus(await coordinator.get(`/api/signals/${s.a2.id}/enrichment`), 200).json() as { entries: Record<string, unknown>[] };
    expect(record.entries.map((e) => e.type).sort()).toEqual(['match', 'note']);
    const times = record.entries.map((e) => e.at as string);
    expect(times).toEqual([...times].sort());
    const note = record.entries.find((e) => e.type === 'note');
    const match = record.entries.find((e) => e.type === 'match')!;
    expect(note).toMatchObject({ sourceSystem: 'Suite4', finding: 'Bekend bij het wijkteam.', author: { displayName: expect.any(String) }, at: expect.any(String) });
    expect(match).toMatchObject({
      entity: { label: 'A. Aalbers' },
      matched: { label: 'Anna Aalbers' },
      source: { type: 'signal', number: s.a1.number },
      reasons: expect.arrayContaining(['same_phone']),
      author: { displayName: expect.any(String) },
    });
    expect(match.score).toBeGreaterThan(0.5);
    // The other side sees the same link; a link to a register record is a register hit.
    const back = expectStatus(await coordinator.get(`/api/signals/${s.a1.id}/enrichment`), 200).json() as { entries: Record<string, unknown>[] };
    expect(back.entries.find((e) => e.type === 'match' && (e.source as { number: string }).number === s.a2.number)).toMatchObject({ entity: { label: 'Anna Aalbers' } });
    const hit = expectStatus(await coordinator.get(`/api/signals/${s.c2.id}/enrichment`), 200).json() as { entries: Record<string, unknown>[] };
    expect(hit.entries).toEqual([expect.objectContaining({ type: 'register_hit', source: { type: 'register', register: 'brp' }, matched: expect.objectContaining({ label: 'Cor de Clercq (1975)' }) })]);
    // Rejected links are not part of the record.
    const rejected = expectStatus(await coordinator.get(`/api/signals/${s.d2.id}/enrichment`), 200).json() as { entries: unknown[] };
    expect(rejected.entries).toEqual([]);
    const audited = await auditEntries(ctx.database, { action: 'signal.enrichment', objectId: s.a2.id });
    expect(audited.at(-1)).toMatchObject({ result: 'ok', details: { notes: 1, links: 1 } });
    expect(JSON.stringify(audited)).not.toMatch(/Aalbers|Suite4|wijkteam/);
  });
});
