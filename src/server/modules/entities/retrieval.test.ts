import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { registers } from '../../db/schema/index.js';
import { createTestDatabase, queryRows } from '../../testing/test-database.js';
import { testVault } from '../../testing/test-vault.js';
import { readMunicipalityConfig, seedMunicipality } from '../seed/seed.js';
import { FIELD_CODES, keyRowsOf, SCORING_CODES, type KeyRow } from './entity-keys.js';
import { findCandidates, insertEntities, loadKeyRows, PER_KEY_FANOUT, type EntityData } from './entity.repo.js';
import { scoredCandidates, splitProbes } from './entity.service.js';
import type { RawEntity } from './keys.js';
import { rekeyEntities } from './rekey.js';

/**
 * Candidate retrieval on the database (entity.repo.ts findCandidates): rare keys first, common
 * keys give no weight, the combined keys find a typo in a common surname, the signal's address
 * ranks the namesake who lives there first; and re-keying (rekey.ts) restores the keys.
 */
describe('entities: candidate retrieval by key frequency', () => {
  const vault = testVault();
  let database: Database;
  let dispose: () => Promise<void>;
  let municipalityId: string;
  let registerId: string;
  const ids = new Map<string, string>();

  const person = (name: string, birthDate?: string, address?: { postcode: string; houseNumber: string }): EntityData => ({
    name,
    ...(birthDate ? { birthDate } : {}),
    ...(address ? { addresses: [{ ...address, addition: null }] } : {}),
  });
  const probe = (raw: Omit<RawEntity, 'kind'> & { kind?: RawEntity['kind'] }): KeyRow[] => keyRowsOf(vault, municipalityId, { kind: 'person', ...raw });

  beforeAll(async () => {
    ({ database, dispose } = await createTestDatabase());
    const cfg = readMunicipalityConfig(path.resolve('config/municipalities/lopik.json'));
    municipalityId = (await seedMunicipality(database.db, cfg)).municipality.id;
    const [register] = await database.db.insert(registers).values({ municipalityId, kind: 'brp', rowCount: 0 }).returning();
    registerId = register!.id;
    // More persons called Bakker than PER_KEY_FANOUT: the surname alone is too common to find anyone by.
    const initials = 'ABCDEFGHKLMNRSTW';
    const list: [string, EntityData][] = [];
    for (let i = 0; i < PER_KEY_FANOUT + 30; i++) {
      list.push([`bakker${i}`, person(`${initials[i % initials.length]}. Bakker`, `${1940 + (i % 60)}-01-01`)]);
    }
    list.push(['pieter', person('Pieter Bakker', '2003-05-17')]);
    // One more Bakker, without birth date, registered at an address.
    list.push(['bakker-at', person('K. Bakker', undefined, { postcode: '3411AB', houseNumber: '12' })]);
    list.push(['vries-x', person('Jan de Vries', undefined, { postcode: '3411AB', houseNumber: '7' })]);
    list.push(['vries-y', person('Jan de Vries', undefined, { postcode: '3412CD', houseNumber: '9' })]);
    const inserted = await insertEntities(
      database.db,
      vault,
      list.map(([, data], i) => ({ municipalityId, kind: 'person' as const, origin: 'register' as const, registerId, externalKey: `ext-${i}`, data })),
    );
    list.forEach(([key], i) => ids.set(key, inserted[i]!));
  }, 120_000);
  afterAll(async () => dispose?.());

  it('finds a typo in a common surname by the combined keys, the rarest shared keys first', async () => {
    // "Bakkr": one letter off a surname shared by 231 persons; with the birth year only one is left.
    const { candidates } = await findCandidates(database.db, municipalityId, [{ rows: probe({ name: 'P. Bakkr', birthYear: '2003' }) }], []);
    expect(candidates[0]![0]).toMatchObject({ id: ids.get('pieter'), kind: 'person' });
    expect(candidates[0]![0]!.weight).toBeGreaterThan(candidates[0]![1]?.weight ?? 0);
  });

  it('finds nothing by a key shared by more than PER_KEY_FANOUT entities alone', async () => {
    // Before 2026-12-03 an arbitrary 50 of the 232 Bakkers filled the list, all with weight 0.
    const { candidates } = await findCandidates(database.db, municipalityId, [{ rows: probe({ name: 'Bakker' }) }], []);
    expect(candidates[0]).toEqual([]);
  });

  it('finds by a key shared by exactly PER_KEY_FANOUT entities, and by none once one more shares it', async () => {
    const smit = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        municipalityId,
        kind: 'person' as const,
        origin: 'register' as const,
        registerId,
        externalKey: `smit-${from + i}`,
        data: person('Smit'),
      }));
    await insertEntities(database.db, vault, smit(PER_KEY_FANOUT, 0));
    const atCap = await findCandidates(database.db, municipalityId, [{ rows: probe({ name: 'Smit' }) }], [], 500);
    expect(atCap.candidates[0]).toHaveLength(PER_KEY_FANOUT);
    // Every one shares the same keys: equal weights (up to the order PostgreSQL sums the floats in).
    const weights = atCap.candidates[0]!.map((c) => c.weight);
    expect(Math.max(...weights) - Math.min(...weights)).toBeLessThan(1e-9);
    expect(atCap.candidates[0]![0]!.weight).toBeGreaterThan(0);
    await insertEntities(database.db, vault, smit(1, PER_KEY_FANOUT));
    const overCap = await findCandidates(database.db, municipalityId, [{ rows: probe({ name: 'Smit' }) }], [], 500);
    expect(overCap.candidates[0]).toEqual([]);
  });

  it('finds by a key over the cap the entities registered at the exact address the signal names', async () => {
    const at = (houseNumber: number) => keyRowsOf(vault, municipalityId, { kind: 'address', addresses: [{ postcode: '3411 AB', houseNumber }] });
    const { candidates, keyRows } = await findCandidates(database.db, municipalityId, [{ rows: probe({ name: 'Bakker' }), context: at(12) }], []);
    expect(candidates[0]!.map((c) => c.id)).toEqual([ids.get('bakker-at')]);
    expect(candidates[0]![0]!.weight).toBeGreaterThan(0);
    // The candidate comes with the key rows scoring needs, and without the retrieval-only ones.
    const rows = keyRows.get(ids.get('bakker-at')!)!;
    expect(rows.some((r) => r.field === FIELD_CODES['name.surname'])).toBe(true);
    expect(rows.some((r) => r.field === FIELD_CODES['name.del1_initial'])).toBe(false);
    // Another address (where Jan de Vries lives, no Bakker) finds nobody; the address alone finds nobody either.
    const other = await findCandidates(
      database.db,
      municipalityId,
      [{ rows: probe({ name: 'Bakker' }), context: at(7) }, { rows: probe({ name: 'Nobody Else' }), context: at(12) }],
      [],
    );
    expect(other.candidates).toEqual([[], []]);
  });

  it("returns each candidate's scoring key rows exactly as stored", async () => {
    const { candidates, keyRows } = await findCandidates(database.db, municipalityId, [{ rows: probe({ name: 'Jan de Vries' }) }], []);
    const found = candidates[0]!.map((c) => c.id);
    expect(found).toEqual(expect.arrayContaining([ids.get('vries-x'), ids.get('vries-y')]));
    const stored = await loadKeyRows(database.db, found);
    const order = (rows: readonly KeyRow[]) => rows.map((r) => `${r.field}:${r.hash}`).sort();
    for (const id of found) {
      const scoring = (stored.get(id) ?? []).filter((r) => SCORING_CODES.includes(r.field));
      expect(scoring.length).toBeGreaterThan(5);
      expect(order(keyRows.get(id)!)).toEqual(order(scoring));
    }
  });

  it("finds and scores the same candidates when a signal's entities are split over concurrent statements", async () => {
    // A signal with two persons and an address, as scoredCandidates gets it (ids of the signal's own entities).
    const own = [
      { id: '00000000-0000-4000-8000-000000000001', kind: 'person' as const },
      { id: '00000000-0000-4000-8000-000000000002', kind: 'address' as const },
      { id: '00000000-0000-4000-8000-000000000003', kind: 'person' as const },
    ];
    const ownRows = new Map([
      [own[0]!.id, probe({ name: 'P. Bakkr', birthYear: '2003' })],
      [own[1]!.id, keyRowsOf(vault, municipalityId, { kind: 'address', addresses: [{ postcode: '3412 CD', houseNumber: 9 }] })],
      [own[2]!.id, probe({ name: 'J. de Vries' })],
    ]);
    const one = await scoredCandidates(database.db, municipalityId, own, ownRows, 1);
    expect(one.map((r) => r.entityId)).toEqual(own.map((e) => e.id));
    expect(one[0]!.results[0]!.id).toBe(ids.get('pieter'));
    expect(one[2]!.results[0]!.id).toBe(ids.get('vries-y'));
    for (const n of [2, 3]) expect(await scoredCandidates(database.db, municipalityId, own, ownRows, n)).toEqual(one);
  });

  it('splits probes into groups of about the same number of keys, keeping every probe once', () => {
    expect(splitProbes([], 2)).toEqual([]);
    expect(splitProbes([40], 2)).toEqual([[0]]);
    expect(splitProbes([40, 2, 30, 20], 2)).toEqual([[0, 1], [2, 3]]);
    expect(splitProbes([10, 10, 10], 1)).toEqual([[0, 1, 2]]);
    expect(splitProbes([5, 9, 1], 5)).toEqual([[1], [0], [2]]);
  });

  it('ranks the namesake registered at an address the signal names first (context), and never finds by context alone', async () => {
    const address = keyRowsOf(vault, municipalityId, { kind: 'address', addresses: [{ postcode: '3412 CD', houseNumber: 9 }] });
    const { candidates } = await findCandidates(
      database.db,
      municipalityId,
      [{ rows: probe({ name: 'J. de Vries' }), context: address }, { rows: probe({ name: 'Nobody Else' }), context: address }],
      [],
    );
    expect(candidates[0]!.map((c) => c.id).slice(0, 2)).toEqual([ids.get('vries-y'), ids.get('vries-x')]);
    expect(candidates[1]).toEqual([]);
  });

  it('re-keying restores the keys of entities stored before a key change, and is idempotent', async () => {
    const id = ids.get('pieter')!;
    const before = (await loadKeyRows(database.db, [id])).get(id)!;
    // As stored before 2026-12-02: no combined keys.
    await database.db.execute(sql`delete from entity_keys where entity_id = ${id}::uuid and field >= ${FIELD_CODES['name.del1_initial']}`);
    const miss = await findCandidates(database.db, municipalityId, [{ rows: probe({ name: 'P. Bakkr', birthYear: '2003' }) }], []);
    expect(miss.candidates[0]![0]?.id).not.toBe(id);
    const total = (await queryRows<{ n: number }>(database, sql`select count(*)::int as n from entities`))[0]!.n;
    expect(await rekeyEntities({ db: database.db, vault }, { batchSize: 100 })).toEqual({ entities: total });
    const after = (await loadKeyRows(database.db, [id])).get(id)!;
    const sorted = (rows: KeyRow[]) => rows.map((r) => `${r.field}:${r.hash}`).sort();
    expect(sorted(after)).toEqual(sorted(before));
    const hit = await findCandidates(database.db, municipalityId, [{ rows: probe({ name: 'P. Bakkr', birthYear: '2003' }) }], []);
    expect(hit.candidates[0]![0]?.id).toBe(id);
    const count = async () => (await queryRows<{ n: number }>(database, sql`select count(*)::int as n from entity_keys`))[0]!.n;
    const n = await count();
    await rekeyEntities({ db: database.db, vault });
    expect(await count()).toBe(n);
  });
});
