import type { EntityKind } from '../../../shared/domain.js';
import { blindIndex64, type Vault } from '../../crypto/vault.js';
import { entityKeys, type RawEntity } from './keys.js';
import type { EntityMatchKeys, KeyField } from './match.js';
import { deletionVariants } from './names.js';

export { deletionVariants };

/**
 * From an entity's plaintext matching keys (keys.ts) to the rows of entity_keys, and back
 * from stored rows to keys that match.ts can score: the stored side never needs plaintext.
 *
 * Each key is blindIndex64(`entity`, municipality ‖ name class ‖ field ‖ value): per
 * municipality (no cross-municipality matches), per name class (a person called Bakker does
 * not match the company Bakker), per field. The field is also stored as a small code so that a
 * candidate's keys can be regrouped for scoring.
 */
export type StoredField = KeyField | RetrievalOnlyField;

/**
 * Combined keys of a person's name that exist only to find candidates (retrieval), never for
 * scoring: a surname (or one of its one-typo deletion variants, or its phonetic key) together
 * with the first initial or the birth year. A surname on its own is shared by hundreds of
 * persons in a big register; with the initial or the year it is shared by a handful, so the
 * true record is found even when the surname alone is too common to look up.
 */
export type RetrievalOnlyField = 'name.del1_initial' | 'name.del1_year' | 'name.phonetic_initial' | 'name.phonetic_year';

export const FIELD_CODES: Record<StoredField, number> = {
  'name.exact': 1,
  'name.initial': 2,
  'name.prefix': 3,
  'name.surname': 4,
  'name.phonetic': 5,
  'name.trigram': 6,
  'name.part': 7,
  birth_year: 8,
  'address.full': 9,
  'address.building': 10,
  phone: 11,
  email: 12,
  kvk: 13,
  plate: 14,
  website: 15,
  'name.del1': 16,
  // Codes are stored: append new fields, never renumber.
  'name.given': 17,
  'name.given_phonetic': 18,
  'name.del1_initial': 19,
  'name.del1_year': 20,
  'name.phonetic_initial': 21,
  'name.phonetic_year': 22,
};
const FIELD_BY_CODE = new Map(Object.entries(FIELD_CODES).map(([f, c]) => [c, f as StoredField]));

/**
 * Fields used to find candidates (selective ones), with a prior weight. A shared key ranks a
 * candidate by prior × idf, where idf = ln(1 + IDF_SCALE / df) and df is the number of entities
 * that have the key (its document frequency, counted in the index up to PER_KEY_FANOUT + 1; see
 * entity.repo.ts findCandidates): a rare key says much, a common one little, and a key shared by
 * more than PER_KEY_FANOUT entities says nothing and finds nothing (its entities are not read).
 * Initials, prefixes, trigrams and birth years alone are too common to find anything by; they
 * only take part in the scoring. `name.del1` (the surname with one letter left out, and the
 * surname itself) finds names with one typo — a substitution, insertion, deletion or swap leaves
 * a shared variant; the combined keys (RetrievalOnlyField) do the same for common surnames.
 */
export const RETRIEVAL_WEIGHTS: Partial<Record<StoredField, number>> = {
  kvk: 2,
  email: 2,
  plate: 2,
  phone: 2,
  website: 2,
  'address.full': 1.5,
  'name.exact': 1.5,
  'address.building': 1,
  'name.phonetic': 1,
  'name.surname': 1,
  'name.part': 0.5,
  'name.del1': 0.5,
  'name.del1_initial': 0.5,
  'name.del1_year': 0.75,
  'name.phonetic_initial': 1,
  'name.phonetic_year': 1.5,
};
export const RETRIEVAL_CODES = Object.entries(RETRIEVAL_WEIGHTS).map(([f]) => FIELD_CODES[f as StoredField]);
/** See RETRIEVAL_WEIGHTS: idf = ln(1 + IDF_SCALE / df). */
export const IDF_SCALE = 1000;

/** Fields that scoring (keysFromRows → match.ts) reads: all but the retrieval-only ones. */
const RETRIEVAL_ONLY = new Set<StoredField>(['name.del1_initial', 'name.del1_year', 'name.phonetic_initial', 'name.phonetic_year']);
export const SCORING_CODES = Object.entries(FIELD_CODES)
  .filter(([f]) => !RETRIEVAL_ONLY.has(f as StoredField))
  .map(([, c]) => c);
/** Fields of an address that give context to the persons and organisations of the same signal. */
export const CONTEXT_CODES = [FIELD_CODES['address.full'], FIELD_CODES['address.building']];

export interface KeyRow {
  field: number;
  hash: bigint;
}

const nameClass = (kind: EntityKind) => (kind === 'organisation' ? 'org' : kind === 'person' ? 'person' : kind);

/** The entity_keys rows of an entity (deduplicated). */
export function keyRowsOf(vault: Vault, municipalityId: string, raw: RawEntity): KeyRow[] {
  return keyRowsOfKeys(vault, municipalityId, entityKeys(raw));
}

export function keyRowsOfKeys(vault: Vault, municipalityId: string, keys: EntityMatchKeys): KeyRow[] {
  const rows = new Map<string, KeyRow>();
  const cls = nameClass(keys.kind);
  const add = (field: StoredField, value: string | undefined) => {
    if (!value) return;
    const scoped = field.startsWith('name.') ? `${cls}|${field}` : field;
    const hash = blindIndex64(vault, 'entity', `${municipalityId}|${scoped}|${value}`);
    rows.set(`${FIELD_CODES[field]}:${hash}`, { field: FIELD_CODES[field], hash });
  };
  if (keys.name) {
    const n = keys.name;
    add('name.exact', n.exact);
    add('name.initial', n.initial);
    add('name.prefix', n.prefixClass);
    add('name.surname', n.surname);
    add('name.phonetic', n.phonetic);
    for (const t of n.trigrams) add('name.trigram', t);
    for (const p of n.parts) add('name.part', p);
    for (const d of n.del1 ?? deletionVariants(n.surname)) add('name.del1', d);
    add('name.given', n.given);
    add('name.given_phonetic', n.givenPhonetic);
    if (keys.kind === 'person' && n.surname) {
      const del1 = n.del1 ?? deletionVariants(n.surname);
      for (const d of n.initial ? del1 : []) add('name.del1_initial', `${d}|${n.initial}`);
      for (const d of keys.birthYear ? del1 : []) add('name.del1_year', `${d}|${keys.birthYear}`);
      if (n.phonetic && n.initial) add('name.phonetic_initial', `${n.phonetic}|${n.initial}`);
      if (n.phonetic && keys.birthYear) add('name.phonetic_year', `${n.phonetic}|${keys.birthYear}`);
    }
  }
  add('birth_year', keys.birthYear);
  for (const a of keys.addresses ?? []) {
    add('address.full', a.full);
    add('address.building', a.building);
  }
  for (const v of keys.phones ?? []) add('phone', v);
  for (const v of keys.emails ?? []) add('email', v);
  for (const v of keys.kvk ?? []) add('kvk', v);
  for (const v of keys.plates ?? []) add('plate', v);
  for (const v of keys.websites ?? []) add('website', v);
  return [...rows.values()];
}

/**
 * Stored rows back into keys match.ts can score (hashes as strings). Both sides of a
 * comparison must come from keyRowsOf, so equal values give equal strings.
 */
export function keysFromRows(kind: EntityKind, rows: readonly KeyRow[]): EntityMatchKeys {
  const by = new Map<StoredField, string[]>();
  for (const r of rows) {
    const field = FIELD_BY_CODE.get(r.field);
    if (!field) continue;
    const list = by.get(field) ?? [];
    list.push(r.hash.toString());
    by.set(field, list);
  }
  const one = (f: StoredField) => by.get(f)?.[0] ?? '';
  const all = (f: StoredField) => by.get(f) ?? [];
  const keys: EntityMatchKeys = { kind };
  if (by.has('name.exact')) {
    keys.name = {
      exact: one('name.exact'),
      initial: one('name.initial'),
      prefixClass: one('name.prefix'),
      surname: one('name.surname'),
      phonetic: one('name.phonetic'),
      trigrams: all('name.trigram'),
      parts: all('name.part'),
      // Absent for entities stored before these keys existed: "" and [] count as unknown.
      given: one('name.given'),
      givenPhonetic: one('name.given_phonetic'),
      del1: all('name.del1'),
    };
  }
  if (by.has('birth_year')) keys.birthYear = one('birth_year');
  const fulls = all('address.full');
  const buildings = all('address.building');
  if (fulls.length || buildings.length) {
    const n = Math.max(fulls.length, buildings.length);
    keys.addresses = Array.from({ length: n }, (_, i) => ({ full: fulls[i] ?? '', building: buildings[i] ?? '' }));
  }
  if (by.has('phone')) keys.phones = all('phone');
  if (by.has('email')) keys.emails = all('email');
  if (by.has('kvk')) keys.kvk = all('kvk');
  if (by.has('plate')) keys.plates = all('plate');
  if (by.has('website')) keys.websites = all('website');
  return keys;
}
