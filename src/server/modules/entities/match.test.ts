import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKeyring } from '../../crypto/keyring.js';
import { staticKeySource, Vault } from '../../crypto/vault.js';
import { FIELD_CODES, keyRowsOf, keysFromRows } from './entity-keys.js';
import { birthYearKey, entityKeys, type RawEntity } from './keys.js';
import {
  CANDIDATE_THRESHOLD,
  hashEntityKeys,
  matchEntities,
  rankCandidates,
  type EntityMatchKeys,
  type KeyField,
} from './match.js';
import { nameKeys, scoreNameKeys } from './normalise.js';

const KEY = Buffer.alloc(32, 7);
const hmac = (field: KeyField, value: string) => createHmac('sha256', KEY).update(`entity.${field}\u0000${value}`).digest('base64url');
const hashed = (k: EntityMatchKeys) => hashEntityKeys(k, hmac);

const person = (name: string, extra: Partial<RawEntity> = {}) => entityKeys({ kind: 'person', name, ...extra });

describe('persons', () => {
  it('matches the ways of writing J. van der Berg with the same birth year strongly', () => {
    const a = person('J. van der Berg', { birthYear: 1980 });
    const b = person('Berg, Jan van den', { birthYear: '1980-02-01' });
    const r = matchEntities(a, b);
    expect(r.score).toBeGreaterThanOrEqual(0.9);
    expect(r.reasons).toEqual(['similar_name_same_birth_year', 'exact_key']);
  });

  it('gives a name alone a capped score', () => {
    const r = matchEntities(person('J. van der Berg'), person('Jan vd Berg'));
    expect(r.reasons).toEqual(['exact_key']);
    expect(r.score).toBeCloseTo(0.7, 5);
    expect(r.score).toBeGreaterThanOrEqual(CANDIDATE_THRESHOLD);
  });

  it('drops the name evidence when the birth years differ', () => {
    const r = matchEntities(person('J. van der Berg', { birthYear: 1980 }), person('Jan vd Berg', { birthYear: 1991 }));
    expect(r.reasons).toEqual(['exact_key']);
    expect(r.score).toBeLessThan(CANDIDATE_THRESHOLD);
  });

  it('reports phonetic matches', () => {
    const r = matchEntities(person('J. Janssen', { birthYear: 1975 }), person('Jan Jansen', { birthYear: 1975 }));
    expect(r.reasons).toEqual(['similar_name_same_birth_year', 'phonetic_name']);
    expect(r.score).toBeGreaterThan(0.9);
    const m = matchEntities(person('A. Meijer'), person('Anna Meyer'));
    expect(m.reasons).toEqual(['similar_name', 'phonetic_name']);
    expect(m.score).toBeGreaterThanOrEqual(CANDIDATE_THRESHOLD);
  });

  it('does not match different names, nor the same surname with another initial', () => {
    expect(matchEntities(person('Jan de Vries'), person('Jan van den Berg'))).toEqual({ score: 0, reasons: [] });
    expect(matchEntities(person('J. de Vries', { birthYear: 1980 }), person('P. de Vries', { birthYear: 1980 }))).toEqual({ score: 0, reasons: [] });
  });

  it('tells persons with the same surname and initial apart by their written-out given names', () => {
    const probe = person('Jeroen Scholten', { birthYear: 1980 });
    const ranked = rankCandidates(probe, [
      { id: 'jesse', keys: person('Jesse Scholten', { birthYear: 1980 }) },
      { id: 'initial', keys: person('J. Scholten') },
      { id: 'jeroen', keys: person('Jeroen Pieter Scholten', { birthYear: 1980 }) },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['jeroen', 'initial']);
    // Another given name is no "similar name": only the exact key (initial + surname) remains.
    expect(matchEntities(person('Jeroen Scholten'), person('Jesse Scholten')).reasons).toEqual(['exact_key']);
    expect(matchEntities(person('Jeroen Scholten'), person('Jesse Scholten')).score).toBeLessThan(CANDIDATE_THRESHOLD);
  });

  it('takes a surname with one typo as a similar name, also on HMACs', () => {
    for (const [a, b] of [['Anna Vink', 'A. vnik'], ['P. Jansen', 'Piet Janswn']] as const) {
      const r = matchEntities(person(a, { birthYear: 1990 }), person(b, { birthYear: 1990 }));
      expect(r.reasons[0]).toBe('similar_name_same_birth_year');
      expect(r.score).toBeGreaterThan(0.85);
      expect(matchEntities(hashed(person(a)), hashed(person(b)))).toEqual(matchEntities(person(a), person(b)));
    }
  });

  it('ranks a shared address alone below a name with an address or a birth year', () => {
    const address = [{ postcode: '1234AB', houseNumber: 12 }];
    const probe = person('Jeroen Scholten', { birthYear: 1980, addresses: address });
    const ranked = rankCandidates(probe, [
      { id: 'housemate', keys: person('Fatima Amrani', { birthYear: 1985, addresses: address }) },
      { id: 'name-year', keys: person('J. Scholten', { birthYear: 1980 }) },
      { id: 'name-address', keys: person('Jeroen Scholten', { addresses: address }) },
      { id: 'name', keys: person('Jeroen Scholten') },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['name-year', 'name-address', 'name', 'housemate']);
    // The housemate stays a candidate (a tie worth knowing about), at the threshold.
    expect(ranked[3]).toMatchObject({ score: CANDIDATE_THRESHOLD, reasons: ['same_address'] });
  });

  it('combines a similar name with a shared phone number and address', () => {
    const a = person('M. El Amrani', { phones: ['06-12345678'], addresses: [{ postcode: '1234 ab', houseNumber: '12a' }] });
    const b = person('Mohamed Amrani', { phones: ['+31 6 1234 5678'], addresses: [{ postcode: '1234AB', houseNumber: 12, addition: 'A' }] });
    const r = matchEntities(a, b);
    expect(r.reasons).toEqual(['same_phone', 'similar_name', 'same_address']);
    expect(r.score).toBeGreaterThan(0.95);
  });

  it('ties people at the same building weakly', () => {
    const a = person('P. Bakker', { addresses: [{ postcode: '1234AB', houseNumber: '12-1' }] });
    const b = person('K. Visser', { addresses: [{ postcode: '1234AB', houseNumber: '12-2' }] });
    const r = matchEntities(a, b);
    expect(r.reasons).toEqual(['same_building']);
    expect(r.score).toBeLessThan(CANDIDATE_THRESHOLD);
  });

  it('never matches on unknown values', () => {
    expect(matchEntities(person(''), person(''))).toEqual({ score: 0, reasons: [] });
    expect(matchEntities(person('van der'), person('van der'))).toEqual({ score: 0, reasons: [] });
    const noName: EntityMatchKeys = { kind: 'person', name: nameKeys(''), birthYear: '', phones: [''], emails: [] };
    expect(matchEntities(noName, noName)).toEqual({ score: 0, reasons: [] });
    expect(matchEntities(hashed(noName), hashed(noName))).toEqual({ score: 0, reasons: [] });
  });
});

describe('other kinds', () => {
  it('matches addresses as entities', () => {
    const a = entityKeys({ kind: 'address', addresses: [{ postcode: '1234 ab', houseNumber: '12 A 2' }] });
    const b = entityKeys({ kind: 'address', addresses: [{ postcode: '1234AB', houseNumber: 12, addition: 'a-2' }] });
    const c = entityKeys({ kind: 'address', addresses: [{ postcode: '1234AB', houseNumber: 12 }] });
    expect(matchEntities(a, b)).toEqual({ score: 1, reasons: ['same_address'] });
    expect(matchEntities(a, c)).toEqual({ score: 0.6, reasons: ['same_building'] });
  });

  it('matches identifiers', () => {
    const phone = (v: string) => entityKeys({ kind: 'phone', phones: [v] });
    expect(matchEntities(phone('06-12345678'), phone('0031612345678'))).toEqual({ score: 0.85, reasons: ['same_phone'] });
    const email = (v: string) => entityKeys({ kind: 'email', emails: [v] });
    expect(matchEntities(email('Jan@Example.nl'), email(' jan@example.NL'))).toEqual({ score: 0.9, reasons: ['same_email'] });
    const plate = (v: string) => entityKeys({ kind: 'vehicle', plates: [v] });
    expect(matchEntities(plate('ab-12-cd'), plate('AB12CD'))).toEqual({ score: 0.9, reasons: ['same_plate'] });
    const site = (v: string) => entityKeys({ kind: 'website', websites: [v] });
    expect(matchEntities(site('https://www.instagram.com/jan/'), site('instagram:@JAN'))).toEqual({ score: 0.85, reasons: ['same_website'] });
    expect(matchEntities(site('@jan'), site('instagram:@jan'))).toEqual({ score: 0, reasons: [] });
    expect(matchEntities(phone('12345'), phone('12345'))).toEqual({ score: 0, reasons: [] });
  });

  it('matches organisations by KvK number and name', () => {
    const org = (name: string, kvk?: string) => entityKeys({ kind: 'organisation', name, ...(kvk ? { kvk: [kvk] } : {}) });
    expect(matchEntities(org('Bakkerij De Vries B.V.', '1234 5678'), org('Bakkerij de Vries Holding', '12345678'))).toEqual({
      score: expect.closeTo(0.991, 3) as unknown as number,
      reasons: ['same_kvk', 'exact_key'],
    });
    const fries = matchEntities(org('Bakkerij De Vries'), org('Bakkerij De Fries VOF'));
    expect(fries.reasons).toEqual(['similar_name', 'phonetic_name']);
    expect(matchEntities(org('Bakkerij De Vries'), org('Nagelstudio Beauty'))).toEqual({ score: 0, reasons: [] });
  });

  it('compares names only between entities of the same kind', () => {
    const p = entityKeys({ kind: 'person', name: 'Jan Bakker', phones: ['0612345678'] });
    const o = entityKeys({ kind: 'organisation', name: 'Jan Bakker', phones: ['0612345678'] });
    expect(matchEntities(p, o)).toEqual({ score: 0.85, reasons: ['same_phone'] });
  });
});

describe('blind indexes', () => {
  it('gives the same result on HMACs as on plaintext keys', () => {
    const pairs: [RawEntity, RawEntity][] = [
      [
        { kind: 'person', name: 'J. van der Berg', birthYear: 1980 },
        { kind: 'person', name: 'Berg, Jan van den', birthYear: 1980 },
      ],
      [
        { kind: 'person', name: 'A. Meijer', emails: ['a@x.nl'] },
        { kind: 'person', name: 'Anna Meyer', emails: ['A@X.NL'] },
      ],
      [
        { kind: 'organisation', name: 'Bakkerij De Vries', kvk: ['01234567'] },
        { kind: 'organisation', name: 'Bakkerij De Fries VOF' },
      ],
    ];
    for (const [x, y] of pairs) {
      const a = entityKeys(x);
      const b = entityKeys(y);
      expect(matchEntities(hashed(a), hashed(b))).toEqual(matchEntities(a, b));
    }
  });

  it('hashes every non-empty key and no empty one', () => {
    const seen: [KeyField, string][] = [];
    const keys = entityKeys({
      kind: 'person',
      name: 'J. van der Berg',
      birthYear: 1980,
      addresses: [{ postcode: '1234AB', houseNumber: 1 }],
      phones: ['0612345678'],
      emails: ['j@x.nl'],
      plates: ['AB-12-CD'],
      websites: ['@jan'],
    });
    const h = hashEntityKeys(keys, (field, value) => {
      seen.push([field, value]);
      return `h(${value})`;
    });
    expect(seen.every(([, v]) => v !== '')).toBe(true);
    expect(new Set(seen.map(([f]) => f))).toEqual(
      new Set(['name.exact', 'name.initial', 'name.prefix', 'name.surname', 'name.phonetic', 'name.trigram', 'name.part', 'name.del1', 'birth_year', 'address.full', 'address.building', 'phone', 'email', 'plate', 'website']),
    );
    // A written-out given name adds its two keys; initials only leave them empty (unhashed).
    const withGiven: KeyField[] = [];
    hashEntityKeys(entityKeys({ kind: 'person', name: 'Jan van der Berg' }), (field, value) => {
      withGiven.push(field);
      return `h(${value})`;
    });
    expect(withGiven).toEqual(expect.arrayContaining(['name.given', 'name.given_phonetic']));
    expect(h.name?.given).toBe('');
    expect(h.name?.del1).toEqual(['h(berg)', 'h(erg)', 'h(brg)', 'h(beg)', 'h(ber)']);
    expect(h.name?.exact).toBe('h(j|berg)');
    expect(h.phones).toEqual(['h(+31612345678)']);
    const noPrefix = hashEntityKeys(entityKeys({ kind: 'person', name: 'Berg' }), (_f, v) => `h(${v})`);
    expect(noPrefix.name?.prefixClass).toBe('');
    expect(noPrefix.name?.initial).toBe('');
  });

  it('scores stored key rows (entity_keys) as plaintext keys, also rows stored before the given-name keys', () => {
    // Stored codes never change; new fields are appended.
    expect(FIELD_CODES).toMatchObject({ 'name.exact': 1, 'name.part': 7, website: 15, 'name.del1': 16, 'name.given': 17, 'name.given_phonetic': 18 });
    const vault = new Vault(staticKeySource(generateKeyring()));
    const raws: RawEntity[] = [
      { kind: 'person', name: 'Jeroen Scholten', birthYear: 1980, addresses: [{ postcode: '1234AB', houseNumber: 1 }] },
      { kind: 'person', name: 'Jesse Scholten', birthYear: 1980 },
      { kind: 'person', name: 'J. Schlten', birthYear: 1980 },
      { kind: 'person', name: 'Jeroen Scholtne', addresses: [{ postcode: '1234AB', houseNumber: 1 }] },
      { kind: 'person', name: 'Mohammed Vink' },
      { kind: 'person', name: 'Mohamed vnik' },
    ];
    const stored = raws.map((r) => keysFromRows(r.kind, keyRowsOf(vault, 'm1', r)));
    const old = raws.map((r) => keysFromRows(r.kind, keyRowsOf(vault, 'm1', r).filter((row) => row.field < 17)));
    raws.forEach((x, i) =>
      raws.forEach((y, j) => {
        const plain = matchEntities(entityKeys(x), entityKeys(y));
        expect(matchEntities(stored[i]!, stored[j]!)).toEqual(plain);
        // Without the given-name keys a written-out given name counts as unknown: never a contradiction.
        const withoutGiven = { ...entityKeys(x), name: { ...entityKeys(x).name!, given: '', givenPhonetic: '' } };
        const otherWithoutGiven = { ...entityKeys(y), name: { ...entityKeys(y).name!, given: '', givenPhonetic: '' } };
        expect(matchEntities(old[i]!, old[j]!)).toEqual(matchEntities(withoutGiven, otherWithoutGiven));
      }),
    );
  });

  it('trigram similarity survives hashing (property)', () => {
    const names = fc.constantFrom('J. van der Berg', 'Jan Bergman', 'P. de Vries', 'Janssen', 'Jansen', 'M. El Amrani', 'Ö. Yılmaz', 'A. Meijer', 'Anna Meyer', 'Berg-de Vries');
    fc.assert(
      fc.property(names, names, (a, b) => {
        const ka = nameKeys(a);
        const kb = nameKeys(b);
        const ha = hashed({ kind: 'person', name: ka }).name!;
        const hb = hashed({ kind: 'person', name: kb }).name!;
        expect(scoreNameKeys(ha, hb)).toBe(scoreNameKeys(ka, kb));
      }),
    );
  });
});

describe('scoring properties', () => {
  const rawPerson = fc.record({
    name: fc.oneof(
      fc.constantFrom('J. van der Berg', 'Jan vd Berg', 'P. de Vries', 'Janssen', 'Jansen', 'M. El Amrani', 'Mohamed Amrani', 'A. Meijer', ''),
      fc.string({ maxLength: 30 }),
    ),
    birthYear: fc.option(fc.constantFrom(1970, 1980, '1980-05-05'), { nil: undefined }),
    phones: fc.array(fc.constantFrom('0612345678', '0687654321', '12345'), { maxLength: 2 }),
    addresses: fc.array(
      fc.record({ postcode: fc.constantFrom('1234AB', '1234 ab', '9999ZZ'), houseNumber: fc.constantFrom('1', '1a', '2', '12 bis') }),
      { maxLength: 2 },
    ),
  });

  it('is symmetric and within [0, 1], with reasons exactly when the score is positive', () => {
    fc.assert(
      fc.property(rawPerson, rawPerson, (x, y) => {
        const a = entityKeys({ kind: 'person', ...x });
        const b = entityKeys({ kind: 'person', ...y });
        const ab = matchEntities(a, b);
        const ba = matchEntities(b, a);
        expect(ab.score).toBe(ba.score);
        expect([...ab.reasons].sort()).toEqual([...ba.reasons].sort());
        expect(ab.score).toBeGreaterThanOrEqual(0);
        expect(ab.score).toBeLessThanOrEqual(1);
        expect(ab.reasons.length > 0).toBe(ab.score > 0);
        expect(matchEntities(hashed(a), hashed(b))).toEqual(ab);
      }),
    );
  });

  it('adding evidence never lowers the score', () => {
    fc.assert(
      fc.property(rawPerson, rawPerson, (x, y) => {
        const a = entityKeys({ kind: 'person', ...x, phones: ['0612345678'] });
        const b = entityKeys({ kind: 'person', ...y, phones: ['0612345678'] });
        const without = matchEntities(entityKeys({ kind: 'person', ...x }), entityKeys({ kind: 'person', ...y }));
        expect(matchEntities(a, b).score).toBeGreaterThanOrEqual(without.score);
      }),
    );
  });
});

describe('rankCandidates', () => {
  it('returns the candidates above the threshold, best first', () => {
    const probe = person('J. van der Berg', { birthYear: 1980, phones: ['0612345678'] });
    const ranked = rankCandidates(probe, [
      { id: 'other', keys: person('Piet Bakker') },
      { id: 'name-only', keys: person('Jan vd Berg') },
      { id: 'phone', keys: person('K. Visser', { phones: ['06 1234 5678'] }) },
      { id: 'same', keys: person('Berg, Jan van den', { birthYear: 1980 }) },
      { id: 'other-year', keys: person('Berg, Jan van den', { birthYear: 1999 }) },
    ]);
    expect(ranked.map((r) => r.id)).toEqual(['same', 'phone', 'name-only']);
    expect(ranked[0]!.reasons[0]).toBe('similar_name_same_birth_year');
    expect(rankCandidates(probe, [{ id: 'x', keys: person('Piet Bakker') }], 0)).toEqual([]);
  });
});

describe('entityKeys', () => {
  it('normalises and deduplicates, leaving out invalid values', () => {
    expect(entityKeys({ kind: 'phone', phones: ['06-12345678', '+31612345678', 'onzin'] })).toEqual({ kind: 'phone', phones: ['+31612345678'] });
    expect(entityKeys({ kind: 'person', name: 'Jan vd Berg', birthYear: '1980-02-01' })).toEqual({
      kind: 'person',
      name: nameKeys('Jan van der Berg'),
      birthYear: '1980',
    });
    expect(entityKeys({ kind: 'person', name: '...' })).toEqual({ kind: 'person' });
  });

  it('reads birth years', () => {
    expect(birthYearKey(1980)).toBe('1980');
    expect(birthYearKey('1980-02-01')).toBe('1980');
    expect(birthYearKey(' 1980 ')).toBe('1980');
    expect(birthYearKey('01-02-1980')).toBe('');
    expect(birthYearKey(1800)).toBe('');
    expect(birthYearKey(null)).toBe('');
    expect(birthYearKey('')).toBe('');
  });
});
