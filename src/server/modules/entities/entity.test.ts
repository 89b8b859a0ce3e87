import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities, registers } from '../../db/schema/index.js';
import { buildSignal } from '../../testing/factories.js';
import { auditEntries, expectStatus, submitSignal } from '../../testing/helpers.js';
import { queryRows } from '../../testing/test-database.js';
import { createTestContext, loginWith, type Client, type TestContext } from '../../testing/test-app.js';
import { insertEntities } from './entity.repo.js';

type Matches = { entities: { entity: { id: string; kind: string; label: string }; candidates: Candidate[] }[] };
type Candidate = { entity: { id: string; label: string }; source: { type: string; number?: string; register?: string }; score: number; reasons: string[]; decision: string | null };

describe('entities: matching while the coordinator works', () => {
  let ctx: TestContext;
  let reporter: Client;
  let coordinator: Client;
  let first: { id: string; number: string };
  let second: { id: string; number: string };
  let unrelated: { id: string; number: string };
  let registerPersonId: string;

  const matchesOf = async (id: string, client = coordinator) => expectStatus(await client.get(`/api/signals/${id}/matches`), 200).json() as Matches;
  const candidatesFor = (m: Matches, kind: string) => m.entities.filter((e) => e.entity.kind === kind).flatMap((e) => e.candidates);

  beforeAll(async () => {
    ctx = await createTestContext();
    reporter = await ctx.login('reporter');
    coordinator = await ctx.login('coordinator');
    first = await submitSignal(reporter, {
      persons: [{ fullName: 'Jan van der Berg', email: 'jan.vdberg@voorbeeld.nl', phone: '06 12345678', birthDate: '1980-04-12' } as never],
      organisations: [{ name: 'Klaverblad Uitzendbureau B.V.', kvkNumber: '87654321' }],
      addresses: [{ postcode: '3411 AB', houseNumber: 7, addition: 'A' }],
    });
    second = await submitSignal(reporter, {
      persons: [{ fullName: 'Berg, J. van den', phone: '+31 6 1234 5678' }],
      organisations: [{ name: 'Klaverblad Uitzendbureau' }],
      addresses: [{ postcode: '3411ab', houseNumber: 7 }],
    });
    unrelated = await submitSignal(reporter, {
      persons: [{ fullName: 'Piet de Vries' }],
      organisations: [{ name: 'Bakkerij Smit', kvkNumber: '11223344' }],
      addresses: [{ postcode: '3412 CD', houseNumber: 99 }],
    });
    // A register record: the BRP knows Jan van der Berg at the same address.
    const [register] = await ctx.database.db.insert(registers).values({ municipalityId: ctx.municipality.id, kind: 'brp', rowCount: 1 }).returning();
    [registerPersonId] = await insertEntities(ctx.database.db, ctx.vault, [
      {
        municipalityId: ctx.municipality.id,
        kind: 'person',
        origin: 'register',
        registerId: register!.id,
        externalKey: 'test-bsn-key',
        data: { name: 'Jan van der Berg', birthDate: '1980-04-12', addresses: [{ postcode: '3411AB', houseNumber: '7', addition: 'A' }], details: { woonplaats: 'Lopik' } },
      },
    ]) as [string];
  });
  afterAll(async () => ctx?.close());

  it('stores one entity per person, organisation and address of a submitted signal, encrypted, with blind-index keys', async () => {
    const rows = await ctx.database.db.select().from(entities).where(eq(entities.signalId, first.id));
    expect(rows.map((r) => r.kind).sort()).toEqual(['address', 'organisation', 'person']);
    for (const r of rows) expect(r.data).toMatch(/^mr1:/);
    const [{ n }] = (await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from entity_keys k join entities e on e.id = k.entity_id where e.signal_id = ${first.id}`)) as [{ n: number }];
    expect(n).toBeGreaterThan(15);
  });

  it('finds the earlier signal and the register record for each entity, with the reasons and a score', async () => {
    const m = await matchesOf(second.id);
    const persons = candidatesFor(m, 'person');
    const fromFirst = persons.find((c) => c.source.type === 'signal' && c.source.number === first.number);
    expect(fromFirst).toBeDefined();
    expect(fromFirst!.reasons).toEqual(expect.arrayContaining(['same_phone', 'exact_key']));
    expect(fromFirst!.score).toBeGreaterThan(0.9);
    expect(fromFirst!.entity.label).toContain('Jan van der Berg');
    const fromRegister = persons.find((c) => c.source.type === 'register');
    expect(fromRegister).toMatchObject({ source: { type: 'register', register: 'brp' } });
    expect(fromRegister!.reasons).toContain('exact_key');

    const organisations = candidatesFor(m, 'organisation');
    expect(organisations[0]).toMatchObject({ source: { type: 'signal', number: first.number } });
    expect(organisations[0]!.reasons).toContain('exact_key'); // legal form and case do not matter
    const addresses = candidatesFor(m, 'address');
    expect(addresses.some((c) => c.source.number === first.number && c.reasons.includes('same_building'))).toBe(true);
    // The register's person lives at the first signal's address: a tie between an address and a person.
    const firstAddresses = candidatesFor(await matchesOf(first.id), 'address');
    expect(firstAddresses.find((c) => c.source.type === 'register')).toMatchObject({ reasons: ['same_address'], score: 0.5 });

    // Nothing of the unrelated signal comes up.
    expect(m.entities.flatMap((e) => e.candidates).some((c) => c.source.number === unrelated.number)).toBe(false);
    // The signal's own entities are not its candidates.
    expect(m.entities.flatMap((e) => e.candidates).some((c) => c.source.number === second.number)).toBe(false);
  });

  it('finds a name with a typo (one letter) and a phonetic spelling', async () => {
    const typo = await submitSignal(reporter, { persons: [{ fullName: 'J. van der Berrg' }], organisations: [], addresses: [] });
    const phonetic = await submitSignal(reporter, { persons: [{ fullName: 'Jan van der Bergh' }], organisations: [], addresses: [] });
    for (const s of [typo, phonetic]) {
      const persons = candidatesFor(await matchesOf(s.id), 'person');
      expect(persons.some((c) => c.source.number === first.number), s.number).toBe(true);
    }
  });

  it('remembers the coordinator’s confirmations and rejections, on the history and in the audit trail, without personal data', async () => {
    const m = await matchesOf(second.id);
    const person = m.entities.find((e) => e.entity.kind === 'person')!;
    const candidate = person.candidates.find((c) => c.source.number === first.number)!;
    const organisation = m.entities.find((e) => e.entity.kind === 'organisation')!;
    expectStatus(await coordinator.post(`/api/signals/${second.id}/links`, { entityId: person.entity.id, candidateId: candidate.entity.id, decision: 'confirmed' }), 204);
    expectStatus(await coordinator.post(`/api/signals/${second.id}/links`, { entityId: organisation.entity.id, candidateId: organisation.candidates[0]!.entity.id, decision: 'rejected' }), 204);

    const again = await matchesOf(second.id);
    expect(candidatesFor(again, 'person').find((c) => c.entity.id === candidate.entity.id)!.decision).toBe('confirmed');
    expect(candidatesFor(again, 'organisation')[0]!.decision).toBe('rejected');

    const history = expectStatus(await coordinator.get(`/api/signals/${second.id}`), 200).json().history.map((h: { action: string }) => h.action);
    expect(history).toEqual(expect.arrayContaining(['link_confirmed', 'link_rejected']));
    const audited = [...(await auditEntries(ctx.database, { action: 'entity.link_confirm' })), ...(await auditEntries(ctx.database, { action: 'entity.link_reject' }))];
    expect(audited).toHaveLength(2);
    expect(audited[0]).toMatchObject({ objectId: second.id, result: 'ok' });
    expect(JSON.stringify(audited)).not.toMatch(/Berg|Klaverblad|3411|0612/i);

    // Changing one's mind replaces the decision.
    expectStatus(await coordinator.post(`/api/signals/${second.id}/links`, { entityId: organisation.entity.id, candidateId: organisation.candidates[0]!.entity.id, decision: 'confirmed' }), 204);
    expect(candidatesFor(await matchesOf(second.id), 'organisation')[0]!.decision).toBe('confirmed');
  });

  it('lists linked signals both ways, and through a shared register record', async () => {
    const linked = expectStatus(await coordinator.get(`/api/signals/${second.id}/linked`), 200).json();
    expect(linked.map((l: { number: string }) => l.number)).toEqual([first.number]);
    expect(linked[0].via.join(' ')).toMatch(/Berg/);
    const back = expectStatus(await coordinator.get(`/api/signals/${first.id}/linked`), 200).json();
    expect(back.map((l: { number: string }) => l.number)).toEqual([second.number]);

    // Signal 3 and signal 1 both confirmed to the register record → linked through it.
    const third = await submitSignal(reporter, { persons: [{ fullName: 'Jan van der Berg', birthDate: '1980-04-12' } as never], organisations: [], addresses: [] });
    for (const s of [third, first]) {
      const person = (await matchesOf(s.id)).entities.find((e) => e.entity.kind === 'person')!;
      expect(person.candidates.some((c) => c.entity.id === registerPersonId), s.number).toBe(true);
      expectStatus(await coordinator.post(`/api/signals/${s.id}/links`, { entityId: person.entity.id, candidateId: registerPersonId, decision: 'confirmed' }), 204);
    }
    const viaRegister = expectStatus(await coordinator.get(`/api/signals/${third.id}/linked`), 200).json();
    expect(viaRegister.map((l: { number: string }) => l.number)).toContain(first.number);
  });

  it('the coordinator adds a licence plate; the same plate in another notation on another signal is a candidate', async () => {
    const added = expectStatus(await coordinator.post(`/api/signals/${first.id}/entities`, { kind: 'vehicle', plate: 'AB-123-C' }), 201).json();
    expect(added).toMatchObject({ kind: 'vehicle', plates: ['AB-123-C'] });
    const other = await submitSignal(reporter, { persons: [], organisations: [], addresses: [] });
    expectStatus(await coordinator.post(`/api/signals/${other.id}/entities`, { kind: 'vehicle', plate: 'ab 123 c' }), 201);
    const vehicles = candidatesFor(await matchesOf(other.id), 'vehicle');
    expect(vehicles[0]).toMatchObject({ source: { type: 'signal', number: first.number }, reasons: ['same_plate'] });
    // Field errors for what is missing or malformed.
    const bad = expectStatus(await coordinator.post(`/api/signals/${other.id}/entities`, { kind: 'vehicle' }), 400).json();
    expect(bad.fields.map((f: { path: string }) => f.path)).toEqual(['plate']);
    const badAddress = expectStatus(await coordinator.post(`/api/signals/${other.id}/entities`, { kind: 'address', postcode: '3411 AB' }), 400).json();
    expect(badAddress.fields.map((f: { path: string }) => f.path)).toEqual(['houseNumber']);
  });

  it('refuses other roles (403) and objects outside the signal or municipality (404)', async () => {
    for (const who of ['reporter', 'liaison', 'meldcode', 'analyst', 'admin'] as const) {
      const client = await ctx.login(who);
      expectStatus(await client.get(`/api/signals/${first.id}/matches`), 403, who);
      expectStatus(await client.get(`/api/signals/${first.id}/linked`), 403, who);
    }
    expectStatus(await (await ctx.login('deputy')).get(`/api/signals/${first.id}/matches`), 200);
    const m = await matchesOf(second.id);
    const mine = m.entities[0]!.entity.id;
    const firstEntity = (await matchesOf(first.id)).entities[0]!.entity.id;
    // An entity of another signal as "my" entity, or a candidate of the same signal: 404.
    expectStatus(await coordinator.post(`/api/signals/${second.id}/links`, { entityId: firstEntity, candidateId: mine, decision: 'confirmed' }), 404);
    expectStatus(await coordinator.post(`/api/signals/${second.id}/links`, { entityId: mine, candidateId: m.entities[1]!.entity.id, decision: 'confirmed' }), 404);
    const { coordinatorUsername } = await ctx.otherMunicipality();
    const elsewhere = await loginWith(ctx, coordinatorUsername);
    expectStatus(await elsewhere.get(`/api/signals/${first.id}/matches`), 404);
  });
});
