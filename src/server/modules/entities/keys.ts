import type { EntityKind, EntityMatchKeys } from './match.js';
import {
  addressKey,
  nameKeys,
  normaliseEmail,
  normaliseKvk,
  normalisePhone,
  normalisePlate,
  normaliseWebsite,
  organisationKeys,
} from './normalise.js';

/**
 * From raw entity values to the plaintext matching keys (then hashEntityKeys for the blind
 * indexes). Values that do not normalise (an invalid phone number, a postcode that is not one)
 * are left out, so they can never match.
 */

export interface RawAddress {
  postcode: string;
  houseNumber: string | number;
  addition?: string | null;
}

export interface RawEntity {
  kind: EntityKind;
  /** A person's or an organisation's name. */
  name?: string | null;
  /** A year (1987, "1987") or a date starting with the year ("1987-04-12"). */
  birthYear?: number | string | null;
  addresses?: readonly RawAddress[];
  phones?: readonly string[];
  emails?: readonly string[];
  kvk?: readonly string[];
  plates?: readonly string[];
  /** URLs or handles; a handle's platform may be given as "instagram:@name". */
  websites?: readonly string[];
}

/** The year of a birth date, "" when there is none or it is not plausible (1900..2100). */
export function birthYearKey(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const m = /^\s*(\d{4})(?:\D|$)/.exec(String(value));
  if (!m) return '';
  const year = Number(m[1]);
  return year >= 1900 && year <= 2100 ? String(year) : '';
}

function keep<T>(values: readonly string[] | undefined, f: (v: string) => T | null): T[] | undefined {
  if (!values) return undefined;
  const out: T[] = [];
  for (const v of values) {
    const k = f(v);
    if (k !== null && !out.includes(k)) out.push(k);
  }
  return out;
}

/**
 * The plaintext matching keys of an entity.
 *
 *   entityKeys({ kind: 'person', name: 'Jan vd Berg', birthYear: '1980-02-01', phones: ['0612345678'] })
 *   → { kind: 'person', name: nameKeys('Jan vd Berg'), birthYear: '1980', phones: ['+31612345678'] }
 */
export function entityKeys(raw: RawEntity): EntityMatchKeys {
  const out: EntityMatchKeys = { kind: raw.kind };
  if (raw.name) {
    const name = raw.kind === 'organisation' ? organisationKeys(raw.name) : nameKeys(raw.name);
    if (name.exact) out.name = name;
  }
  const year = birthYearKey(raw.birthYear);
  if (year) out.birthYear = year;
  if (raw.addresses) {
    out.addresses = raw.addresses.flatMap((a) => {
      const k = addressKey(a.postcode, a.houseNumber, a.addition);
      return k ? [{ full: k.full, building: k.building }] : [];
    });
  }
  const phones = keep(raw.phones, (v) => normalisePhone(v));
  if (phones) out.phones = phones;
  const emails = keep(raw.emails, normaliseEmail);
  if (emails) out.emails = emails;
  const kvk = keep(raw.kvk, normaliseKvk);
  if (kvk) out.kvk = kvk;
  const plates = keep(raw.plates, normalisePlate);
  if (plates) out.plates = plates;
  const websites = keep(raw.websites, (v) => normaliseWebsite(v));
  if (websites) out.websites = websites;
  return out;
}
