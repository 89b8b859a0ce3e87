import type { ExploitationForm, SourceContext, VictimInvolved } from '../../../shared/domain.js';
import type { SignalInput } from '../../../shared/api/signal.js';
import {
  BIBOB_SUBJECTS,
  COUNTRY_PLACES,
  EMAIL_DOMAINS,
  ENFORCEMENT_SUBJECTS,
  FANCY_WORDS,
  GIVEN_NAMES,
  LABOUR_HOUSING_SUBJECTS,
  LEGAL_FORM_SUFFIXES,
  LOPIK_PLACES,
  MIGRANT_ORIGINS,
  NATIONALITY,
  ORIGINS,
  ORIGIN_WEIGHTS,
  PERMIT_SUBJECTS,
  POSTCODE_LETTER_PAIRS,
  RECHTSVORMEN,
  ROLES_BY_FORM,
  SECTORS,
  SECTOR_WORDS,
  SIGNAL_TEXTS,
  WEEKDAYS,
  streetName,
  surnameTable,
  type Origin,
  type Place,
  type Sector,
  type Surname,
} from './dutch.js';
import { Permutation, Rng, WeightedTable, dayNumber, hash32, isoDay, seedOf } from './random.js';
import { addressVariant, companyNameVariant, dropDiacritics, emailVariant, personNameVariant, phoneVariant } from './variants.js';

/**
 * A synthetic municipality or country (issue 4): BAG addresses, BRP persons, KvK companies, the
 * municipality's own lists and signals, deterministic from a seed.
 *
 * Every entity is a pure function of (options, index): `addressAt(i)`, `personAt(i)`,
 * `companyAt(i)`, `ownListRowAt(kind, i)`, `signalAt(i)`. Nothing is kept between calls (except
 * a one-entry cache of the last household block), so the registers stream to disk in bounded
 * memory whatever their size, and a signal or an own-list row can refer to any register entity
 * by its index. References are consistent: a person lives at an address that is in bag.csv, a
 * company's owner is a person in brp.csv, a signal names persons, companies and addresses of the
 * registers (with the variation of {@link personNameVariant} and friends).
 *
 * Layout:
 * - addresses come in blocks of {@link BLOCK} per 6-position postcode; blocks are spread over the
 *   places by weight (largest remainder), cycling through a place's 4-digit postcodes, so every
 *   postcode + number (+ letter + addition) is unique;
 * - persons come in blocks of {@link PERSON_BLOCK} slots split into households (singles,
 *   couples, families, single parents, groups of labour migrants at a few "hotspot" addresses);
 * - BSNs, KvK numbers, vestigingsnummers and mobile numbers are unique through bijections of the
 *   index ({@link Permutation}); a BSN always passes the elfproef.
 */

export const BLOCK = 20;
export const PERSON_BLOCK = 8;

export type OwnListKind = 'permits' | 'bibob' | 'labour_housing' | 'enforcement';
export const OWN_LIST_KINDS: readonly OwnListKind[] = ['permits', 'bibob', 'labour_housing', 'enforcement'];

export interface GeneratorOptions {
  seed: number | string;
  addresses: number;
  persons: number;
  companies: number;
  signals: number;
  /** Rows of the own lists; default derived from the other sizes. */
  ownLists?: Partial<Record<OwnListKind, number>>;
  places: readonly Place[];
  /** "Today" of the generated world: no date is after it (default 2025-12-31, fixed for determinism). */
  referenceDate?: string;
}

export type ProfileName = 'lopik' | 'country';

export const PROFILES: Readonly<Record<ProfileName, Omit<GeneratorOptions, 'seed'>>> = {
  lopik: { addresses: 6_000, persons: 15_000, companies: 1_500, signals: 200, places: LOPIK_PLACES },
  country: { addresses: 10_000_000, persons: 1_000_000, companies: 2_000_000, signals: 1_000_000, places: COUNTRY_PLACES },
};

export function profileOptions(profile: ProfileName, seed: number | string = 1, overrides: Partial<GeneratorOptions> = {}): GeneratorOptions {
  return { ...PROFILES[profile], seed, ...overrides };
}

// ---------------------------------------------------------------------------------------------
// Entity shapes (the CSV columns of docs/registers.md, plus the references between them)

export interface Address {
  index: number;
  nummeraanduiding_id: string;
  openbareruimte: string;
  huisnummer: number;
  huisletter: string;
  huisnummertoevoeging: string;
  postcode: string;
  woonplaats: string;
  gemeente: string;
  gebruiksdoel: string;
}

export interface Person {
  index: number;
  bsn: string;
  voornamen: string;
  voorvoegsel: string;
  geslachtsnaam: string;
  geboortedatum: string;
  geslacht: 'M' | 'V';
  addressIndex: number;
  datum_inschrijving: string;
  origin: Origin;
  /** Index of the household's first slot (persons of one household share it). */
  household: number;
  householdKind: HouseholdKind;
}

export interface Company {
  index: number;
  kvk_nummer: string;
  vestigingsnummer: string;
  handelsnaam: string;
  rechtsvorm: string;
  sbi_code: string;
  sector: string;
  addressIndex: number;
  ownerIndex: number | null;
  datum_oprichting: string;
}

export interface OwnListRow {
  kenmerk: string;
  onderwerp: string;
  naam: string;
  kvk_nummer: string;
  postcode: string;
  huisnummer: string;
  huisnummertoevoeging: string;
  datum: string;
  omschrijving: string;
}

/** Which register entities a generated signal mentions (the ground truth behind its noisy text). */
export interface SignalTruth {
  persons: { index: number; bsn: string; variants: string[] }[];
  organisations: { index: number; kvk: string; variants: string[] }[];
  addresses: { index: number; nummeraanduiding_id: string; variants: string[] }[];
}

export type HouseholdKind = 'single' | 'couple' | 'family' | 'single_parent' | 'migrants';

export const CSV_COLUMNS = {
  bag: ['nummeraanduiding_id', 'openbareruimte', 'huisnummer', 'huisletter', 'huisnummertoevoeging', 'postcode', 'woonplaats', 'gemeente', 'gebruiksdoel'],
  brp: ['bsn', 'voornamen', 'voorvoegsel', 'geslachtsnaam', 'geboortedatum', 'geslacht', 'postcode', 'huisnummer', 'huisletter', 'huisnummertoevoeging', 'straatnaam', 'woonplaats', 'datum_inschrijving'],
  kvk: ['kvk_nummer', 'vestigingsnummer', 'handelsnaam', 'rechtsvorm', 'sbi_code', 'postcode', 'huisnummer', 'huisnummertoevoeging', 'plaats', 'datum_oprichting'],
  ownList: ['kenmerk', 'onderwerp', 'naam', 'kvk_nummer', 'postcode', 'huisnummer', 'huisnummertoevoeging', 'datum', 'omschrijving'],
} as const;

/** The elfproef of a 9-digit BSN: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11), and not all zeros. */
export function passesElfproef(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn) || /^0+$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(bsn[i]);
  sum -= Number(bsn[8]);
  return sum % 11 === 0;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---------------------------------------------------------------------------------------------

export class World {
  readonly seed: number;
  readonly options: Required<Omit<GeneratorOptions, 'ownLists'>> & { ownLists: Record<OwnListKind, number> };
  private readonly places: readonly Place[];
  /** First block of each place, and one past the last at the end. */
  private readonly placeStart: number[];
  private readonly bsnPerm: Permutation;
  private readonly kvkPerm: Permutation;
  private readonly vestigingPerm: Permutation;
  private readonly phonePerm: Permutation;
  private readonly addressPerm: Permutation;
  private readonly originTable: WeightedTable<Origin>;
  private readonly migrantOrigins: WeightedTable<Origin>;
  private readonly surnames: Record<Origin, WeightedTable<Surname>>;
  private readonly sectorTable: WeightedTable<Sector>;
  private readonly rechtsvormTable: WeightedTable<string>;
  private readonly emailDomains: WeightedTable<string>;
  private readonly refDay: number;
  private readonly hotspots: number;
  private cachedBlock = -1;
  private cachedMembers: Person[] = [];

  constructor(options: GeneratorOptions) {
    const referenceDate = options.referenceDate ?? '2025-12-31';
    const own = options.ownLists ?? {};
    this.options = {
      ...options,
      referenceDate,
      ownLists: {
        permits: own.permits ?? Math.round(options.companies * 0.04),
        bibob: own.bibob ?? Math.round(options.companies * 0.006),
        labour_housing: own.labour_housing ?? Math.round(options.addresses * 0.002),
        enforcement: own.enforcement ?? Math.round(options.companies * 0.012),
      },
    };
    for (const n of [options.addresses, options.persons, options.companies, options.signals]) {
      if (!Number.isInteger(n) || n < 0) throw new Error('sizes must be non-negative integers');
    }
    if (options.addresses < 1) throw new Error('at least one address is needed');
    if (options.persons > 10_000_000) throw new Error('at most 10 million persons (BSN numbering)');
    if (options.companies > 80_000_000) throw new Error('at most 80 million companies');
    this.seed = seedOf(options.seed);
    this.places = options.places;
    this.placeStart = allocateBlocks(options.places, Math.ceil(options.addresses / BLOCK));
    this.bsnPerm = new Permutation(10_000_000, hash32(this.seed, 1));
    this.kvkPerm = new Permutation(90_000_000, hash32(this.seed, 2));
    this.vestigingPerm = new Permutation(1_000_000_000_000, hash32(this.seed, 3));
    this.phonePerm = new Permutation(100_000_000, hash32(this.seed, 4));
    this.addressPerm = new Permutation(options.addresses, hash32(this.seed, 6));
    this.originTable = new WeightedTable(ORIGINS.map((o) => [o, ORIGIN_WEIGHTS[o]] as const));
    this.migrantOrigins = new WeightedTable(MIGRANT_ORIGINS);
    this.surnames = Object.fromEntries(ORIGINS.map((o) => [o, surnameTable(o)])) as Record<Origin, WeightedTable<Surname>>;
    this.sectorTable = new WeightedTable(SECTORS.map((s) => [s, s.weight] as const));
    this.rechtsvormTable = new WeightedTable(RECHTSVORMEN);
    this.emailDomains = new WeightedTable(EMAIL_DOMAINS);
    this.refDay = dayNumber(referenceDate);
    this.hotspots = Math.max(3, Math.floor(options.persons / 300));
  }

  private rng(stream: string, index: number): Rng {
    return Rng.at(this.seed, stream, index);
  }

  private yearsAgo(years: number): number {
    return this.refDay - Math.round(years * 365.25);
  }

  // -------------------------------------------------------------------------------------------
  // Addresses

  addressAt(i: number): Address {
    const block = Math.floor(i / BLOCK);
    const j = i % BLOCK;
    // The place of the block (binary search over the places' first blocks).
    let lo = 0;
    let hi = this.places.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.placeStart[mid]! <= block) lo = mid;
      else hi = mid - 1;
    }
    const place = this.places[lo]!;
    const k = block - this.placeStart[lo]!;
    const range = place.pcTo - place.pcFrom + 1;
    const pc4 = place.pcFrom + (k % range);
    const letters = POSTCODE_LETTER_PAIRS[Math.floor(k / range)]!;
    const r = this.rng('address-block', block);
    const layout = r.weighted<'houses' | 'flats' | 'business'>([['houses', 62], ['flats', 28], ['business', 10]]);
    const industrial = layout === 'business' && r.chance(0.7);
    const own = place.streets && !industrial && r.chance(0.75);
    const street = own ? r.pick(place.streets!) : streetName(r.nextUint32(), industrial);
    const base = 1 + 2 * r.int(0, 40) + (r.chance(0.5) ? 1 : 0);
    let huisnummer: number;
    let huisletter = '';
    let toevoeging = '';
    let gebruiksdoel = 'woonfunctie';
    const pr = new Rng(hash32(this.seed, block, j, 77));
    if (layout === 'houses') {
      const step = r.chance(0.7) ? 2 : 1;
      huisnummer = base + step * j;
      if (pr.chance(0.04)) huisletter = pr.pick(['A', 'B']);
    } else if (layout === 'flats') {
      const perEntrance = r.pick([2, 3, 4]);
      const style = r.weighted<'letter' | 'digits' | 'hs'>([['letter', 4], ['digits', 4], ['hs', 2]]);
      huisnummer = base + 2 * Math.floor(j / perEntrance);
      const pos = j % perEntrance;
      if (style === 'letter') huisletter = 'ABCD'[pos]!;
      else if (style === 'digits') toevoeging = String(pos + 1);
      else toevoeging = pos === 0 ? 'H' : String(pos);
    } else {
      huisnummer = base + j;
      gebruiksdoel = industrial ? pr.weighted([['industriefunctie', 6], ['kantoorfunctie', 3]]) : pr.weighted([['winkelfunctie', 5], ['kantoorfunctie', 3], ['bijeenkomstfunctie', 2], ['woonfunctie', 2]]);
    }
    return {
      index: i,
      nummeraanduiding_id: `${place.gemeentecode}20${pad(i, 10)}`,
      openbareruimte: street,
      huisnummer,
      huisletter,
      huisnummertoevoeging: toevoeging,
      postcode: `${pc4}${letters}`,
      woonplaats: place.name,
      gemeente: place.gemeente,
      gebruiksdoel,
    };
  }

  /** A random address index for a dwelling (a few tries to land on a woonfunctie). */
  private dwellingIndex(r: Rng): number {
    const n = this.options.addresses;
    let idx = r.int(0, n - 1);
    for (let t = 0; t < 4 && this.addressAt(idx).gebruiksdoel !== 'woonfunctie'; t++) idx = r.int(0, n - 1);
    return idx;
  }

  /**
   * The dwelling of household hh (its first slot): households are spread over the addresses by
   * a bijection, so no address gets more households than persons/addresses rounded up (plus a
   * few that land there after skipping a non-dwelling), rather than a random pile-up.
   */
  private householdDwelling(hh: number): number {
    const n = this.options.addresses;
    let idx = this.addressPerm.map(hh % n);
    for (let k = 1; k <= 4 && this.addressAt(idx).gebruiksdoel !== 'woonfunctie'; k++) idx = this.addressPerm.map((hh + k * 7919) % n);
    return idx;
  }

  /** A random address in the same place as address `index` (a place's addresses are contiguous). */
  private addressInSamePlace(index: number, r: Rng): number {
    const block = Math.floor(index / BLOCK);
    let p = 0;
    while (p + 1 < this.places.length && this.placeStart[p + 1]! <= block) p++;
    const from = this.placeStart[p]! * BLOCK;
    const to = Math.min(this.placeStart[p + 1]! * BLOCK, this.options.addresses) - 1;
    return r.int(from, Math.max(from, to));
  }

  /** The h-th address where labour migrants are housed together. */
  hotspotAddress(h: number): number {
    return this.dwellingIndex(this.rng('hotspot', h % this.hotspots));
  }

  // -------------------------------------------------------------------------------------------
  // Persons

  personAt(i: number): Person {
    if (i < 0 || i >= this.options.persons) throw new RangeError(`no person ${i}`);
    const members = this.personBlock(Math.floor(i / PERSON_BLOCK));
    return members[i % PERSON_BLOCK]!;
  }

  /** The persons of one block of {@link PERSON_BLOCK} slots, split into households. */
  personBlock(block: number): Person[] {
    if (block === this.cachedBlock) return this.cachedMembers;
    const r = this.rng('person-block', block);
    const first = block * PERSON_BLOCK;
    const slots = Math.min(PERSON_BLOCK, this.options.persons - first);
    const out: Person[] = [];
    while (out.length < slots) {
      const left = slots - out.length;
      const kind = r.weighted<HouseholdKind>([['single', 36], ['couple', 27], ['family', 28], ['single_parent', 7], ['migrants', 2.5]]);
      const hh = first + out.length;
      const hr = this.rng('household', hh);
      const size =
        kind === 'single' ? 1 : kind === 'couple' ? 2 : kind === 'family' ? 2 + hr.int(1, 3) : kind === 'single_parent' ? 1 + hr.int(1, 3) : hr.int(4, 8);
      this.household(hh, kind, Math.min(size, left), hr, out);
    }
    this.cachedBlock = block;
    this.cachedMembers = out;
    return out;
  }

  private household(hh: number, kind: HouseholdKind, size: number, r: Rng, out: Person[]): void {
    const origin = kind === 'migrants' ? r.from(this.migrantOrigins) : r.from(this.originTable);
    const addressIndex = kind === 'migrants' ? this.hotspotAddress(r.nextUint32()) : this.householdDwelling(hh);
    const moveIn = this.yearsAgo(kind === 'migrants' ? r.next() * 2 : r.next() * 25);
    const familyName = r.from(this.surnames[origin]);
    const add = (sex: 'M' | 'V', birth: number, surname: Surname, personOrigin: Origin) => {
      const index = out.length + (hh - (hh % PERSON_BLOCK));
      const pr = this.rng('person', index);
      const given = GIVEN_NAMES[personOrigin][sex];
      let voornamen = pr.pick(given);
      if (personOrigin === 'dutch' && pr.chance(0.45)) {
        const second = pr.pick(given);
        if (second !== voornamen) voornamen += ` ${second}`;
      }
      out.push({
        index,
        bsn: this.bsn(index),
        voornamen,
        voorvoegsel: surname.prefix,
        geslachtsnaam: sex === 'V' && surname.female ? surname.female : surname.name,
        geboortedatum: isoDay(birth),
        geslacht: sex,
        addressIndex,
        datum_inschrijving: isoDay(Math.max(birth, moveIn)),
        origin: personOrigin,
        household: hh,
        householdKind: kind,
      });
    };
    const adultBirth = (minAge: number, maxAge: number) => this.yearsAgo(minAge + r.next() * (maxAge - minAge));
    if (kind === 'migrants') {
      for (let m = 0; m < size; m++) {
        const o = r.chance(0.8) ? origin : r.from(this.migrantOrigins);
        add(r.chance(0.7) ? 'M' : 'V', adultBirth(19, 55), r.from(this.surnames[o]), o);
      }
      return;
    }
    const headSex = kind === 'single_parent' ? (r.chance(0.8) ? 'V' : 'M') : r.chance(0.5) ? 'M' : 'V';
    const head = kind === 'family' || kind === 'single_parent' ? adultBirth(26, 58) : adultBirth(18, 92);
    add(kind === 'couple' || kind === 'family' ? 'M' : headSex, head, familyName, origin);
    let adults = 1;
    if ((kind === 'couple' || kind === 'family') && size > 1) {
      const partnerOrigin = r.chance(0.85) ? origin : r.from(this.originTable);
      add('V', head + r.int(-1800, 2500), r.from(this.surnames[partnerOrigin]), partnerOrigin);
      adults = 2;
    }
    for (let c = adults; c < size; c++) {
      const childBirth = Math.min(this.refDay - r.int(0, 365), head + Math.round((20 + r.next() * 22) * 365.25));
      add(r.chance(0.51) ? 'M' : 'V', childBirth, familyName, origin);
    }
  }

  /** A random adult (18 or older), drawn from a random household block; null without persons. */
  adultAt(r: Rng): Person | null {
    const np = this.options.persons;
    if (np === 0) return null;
    const adult = isoDay(this.yearsAgo(18));
    const blocks = Math.ceil(np / PERSON_BLOCK);
    for (let t = 0; t < 8; t++) {
      const members = this.personBlock(r.int(0, blocks - 1)).filter((p) => p.geboortedatum <= adult);
      if (members.length > 0) return r.pick(members);
    }
    return this.personAt(r.int(0, np - 1));
  }

  /** The BSN of person i: unique (a bijection of i gives the first 7 digits) and passing the elfproef. */
  bsn(i: number): string {
    const head = this.bsnPerm.map(i);
    let sum = 0;
    let rest = head;
    for (let weight = 3; weight <= 9; weight++) {
      sum += weight * (rest % 10); // digits 7..1 carry weights 3..9
      rest = Math.floor(rest / 10);
    }
    let d8 = hash32(this.seed, i, 5) % 10;
    if ((sum + 2 * d8) % 11 === 10) d8 = (d8 + 1) % 10;
    const d9 = (sum + 2 * d8) % 11;
    return `${pad(head, 7)}${d8}${d9}`;
  }

  /** A person's mobile number (unique) and e-mail address, as a signal might mention them. */
  contactOf(p: Person): { phone: string; email: string } {
    const phone = `06${pad(this.phonePerm.map(p.index), 8)}`;
    const r = this.rng('email', p.index);
    const given = dropDiacritics(p.voornamen.split(' ')[0]!).toLowerCase().replace(/[^a-z]/g, '');
    const surname = dropDiacritics([p.voorvoegsel, p.geslachtsnaam].join('')).toLowerCase().replace(/[^a-z]/g, '');
    const local = r.weighted<string>([
      [`${given}.${surname}`, 4],
      [`${given[0] ?? 'x'}${surname}`, 3],
      [`${given}${surname}${r.int(1, 99)}`, 2],
      [`${given}_${r.int(1970, 2010)}`, 1],
    ]);
    return { phone, email: `${local}${hash32(p.index) % 10 === 0 ? p.index % 1000 : ''}@${r.from(this.emailDomains)}` };
  }

  // -------------------------------------------------------------------------------------------
  // Companies

  companyAt(i: number): Company {
    if (i < 0 || i >= this.options.companies) throw new RangeError(`no company ${i}`);
    const r = this.rng('company', i);
    const sector = this.sectorOf(i);
    const owner = this.adultAt(r);
    const ownerIndex = owner ? owner.index : null;
    let rechtsvorm = sector.key === 'holding' ? 'Besloten Vennootschap' : r.from(this.rechtsvormTable);
    const pattern = r.pick(sector.patterns);
    if (/B\.V\./.test(pattern)) rechtsvorm = 'Besloten Vennootschap';
    if (/^Stichting /.test(pattern)) rechtsvorm = 'Stichting';
    else if (rechtsvorm === 'Stichting' && sector.key !== 'zorg') rechtsvorm = 'Eenmanszaak';
    // Sole traders and small firms are often registered at home, others at a business address
    // in the owner's place.
    const atHome = owner && (rechtsvorm === 'Eenmanszaak' || rechtsvorm === 'Vennootschap onder firma') && r.chance(0.6);
    let addressIndex: number;
    if (atHome) addressIndex = owner.addressIndex;
    else {
      const near = () => (owner ? this.addressInSamePlace(owner.addressIndex, r) : r.int(0, this.options.addresses - 1));
      addressIndex = near();
      for (let t = 0; t < 8 && this.addressAt(addressIndex).gebruiksdoel === 'woonfunctie'; t++) addressIndex = near();
    }
    const surname = owner ? [owner.voorvoegsel, owner.geslachtsnaam].filter(Boolean).join(' ') : r.pick(FANCY_WORDS);
    let name = pattern
      .replace('{S}', surname.replace(/^\p{Ll}/u, (c) => c.toUpperCase()))
      .replace('{P}', this.addressAt(addressIndex).woonplaats)
      .replace('{F}', r.pick(FANCY_WORDS))
      .replace('{G}', owner ? owner.voornamen.split(' ')[0]! : 'Anna')
      .replace('{W}', r.pick(SECTOR_WORDS));
    const suffixes = LEGAL_FORM_SUFFIXES[rechtsvorm];
    if (suffixes && !/B\.V\.|Holding$/.test(name) && r.chance(0.6)) name = `${name} ${r.pick(suffixes)}`;
    const age = Math.min(60, -Math.log(1 - r.next() * 0.999) * 9);
    return {
      index: i,
      kvk_nummer: String(10_000_000 + this.kvkPerm.map(i)),
      vestigingsnummer: pad(this.vestigingPerm.map(i), 12),
      handelsnaam: name,
      rechtsvorm,
      sbi_code: sector.sbi,
      sector: sector.key,
      addressIndex,
      ownerIndex,
      datum_oprichting: isoDay(this.yearsAgo(age)),
    };
  }

  /** The sector of company i (its own stream: cheap, so companies can be searched by sector). */
  sectorOf(i: number): Sector {
    return this.sectorTable.at(hash32(this.seed, i, 0x5ec7) / 4294967296);
  }

  /**
   * A random company of a sector that a signal of `form` typically concerns, drawn in proportion
   * to the sector's signalWeight (up to 400 tries, then any company).
   */
  private companyFor(form: ExploitationForm, r: Rng): Company | null {
    const n = this.options.companies;
    if (n === 0) return null;
    let idx = r.int(0, n - 1);
    for (let t = 0; t < 400; t++) {
      const sector = this.sectorOf(idx);
      if ((form === 'unknown' || sector.forms.includes(form)) && r.chance(Math.min(1, sector.signalWeight / 14))) break;
      idx = r.int(0, n - 1);
    }
    return this.companyAt(idx);
  }

  // -------------------------------------------------------------------------------------------
  // Own lists

  ownListRowAt(kind: OwnListKind, i: number): OwnListRow {
    const r = this.rng(`own-${kind}`, i);
    const year = isoDay(this.yearsAgo(r.next() * 8));
    const prefix = { permits: 'VERG', bibob: 'BIBOB', labour_housing: 'HUIS', enforcement: 'HH' }[kind];
    const kenmerk = `${prefix}-${year.slice(0, 4)}-${pad(i + 1, 6)}`;
    const nc = this.options.companies;
    const row: OwnListRow = { kenmerk, onderwerp: '', naam: '', kvk_nummer: '', postcode: '', huisnummer: '', huisnummertoevoeging: '', datum: year, omschrijving: '' };
    const setAddress = (a: Address) => {
      row.postcode = a.postcode;
      row.huisnummer = String(a.huisnummer);
      row.huisnummertoevoeging = a.huisletter + a.huisnummertoevoeging;
    };
    const company = nc > 0 ? this.companyFor(kind === 'labour_housing' ? 'labour' : r.pick<ExploitationForm>(['labour', 'sexual', 'criminal', 'unknown']), r) : null;
    switch (kind) {
      case 'permits':
        row.onderwerp =
          company?.sector === 'horeca'
            ? r.pick(['drank- en horecavergunning', 'exploitatievergunning', 'terrasvergunning'])
            : company?.sector === 'escort' || company?.sector === 'massagesalon'
              ? r.pick(['seksinrichtingvergunning', 'exploitatievergunning', 'escortvergunning'])
              : r.pick(PERMIT_SUBJECTS.filter((s) => !/seks|escort/.test(s)));
        row.omschrijving = `Aanvraag ${row.onderwerp}, ${r.pick(['verleend', 'verleend onder voorwaarden', 'geweigerd', 'in behandeling', 'ingetrokken'])}.`;
        break;
      case 'bibob':
        row.onderwerp = r.pick(BIBOB_SUBJECTS);
        row.omschrijving = r.pick(['Geen ernstig gevaar vastgesteld.', 'Mindere mate van gevaar; voorwaarden opgelegd.', 'Ernstig gevaar; vergunning geweigerd.', 'Advies LBB gevraagd.']);
        break;
      case 'labour_housing':
        row.onderwerp = r.pick(LABOUR_HOUSING_SUBJECTS);
        row.omschrijving = `Huisvesting van ${r.int(4, 40)} arbeidsmigranten gemeld.`;
        break;
      case 'enforcement':
        row.onderwerp = r.pick(ENFORCEMENT_SUBJECTS);
        row.omschrijving = r.pick(['Na controle opgelegd.', 'Dwangsom verbeurd.', 'Overtreding beëindigd.', 'Bezwaar ingediend.', 'In overleg met politie.']);
        break;
    }
    if (company && (kind !== 'labour_housing' || r.chance(0.7))) {
      row.naam = company.handelsnaam;
      row.kvk_nummer = r.chance(0.85) ? company.kvk_nummer : '';
    } else if (this.options.persons > 0) {
      const p = this.personAt(r.int(0, this.options.persons - 1));
      row.naam = [p.voornamen.split(' ')[0], p.voorvoegsel, p.geslachtsnaam].filter(Boolean).join(' ');
    }
    if (kind === 'labour_housing') setAddress(this.addressAt(this.hotspotAddress(i)));
    else if (company && r.chance(0.8)) setAddress(this.addressAt(company.addressIndex));
    else if (!row.naam && !row.kvk_nummer) setAddress(this.addressAt(r.int(0, this.options.addresses - 1)));
    return row;
  }

  // -------------------------------------------------------------------------------------------
  // Signals

  /**
   * What signal i is about: its exploitation form, a company and the persons involved. With
   * some chance it is about the same company as an earlier signal (signals cluster, which is
   * what the matching is for).
   */
  private signalAnchor(i: number): { form: ExploitationForm; company: Company | null; victims: number[]; suspect: number | null } {
    let k = i;
    for (let depth = 0; depth < 8; depth++) {
      const r = this.rng('signal-anchor', k);
      if (k > 0 && r.chance(0.2)) {
        k = r.int(0, k - 1);
        continue;
      }
      break;
    }
    const r = this.rng('signal-anchor-body', k);
    const form = r.weighted<ExploitationForm>([['labour', 45], ['sexual', 25], ['criminal', 15], ['unknown', 14], ['organ_removal', 0.5]]);
    const company = r.chance(0.75) ? this.companyFor(form, r) : null;
    const np = this.options.persons;
    const victims: number[] = [];
    if (np > 0) {
      const wanted = r.weighted([[0, 2], [1, 5], [2, 2], [3, 1]] as const);
      const likely: readonly Origin[] =
        form === 'labour' ? ['polish', 'romanian', 'bulgarian', 'vietnamese'] : form === 'sexual' ? ['romanian', 'bulgarian', 'dutch', 'eritrean', 'vietnamese'] : ORIGINS;
      const bornBefore = isoDay(this.yearsAgo(16));
      const fits = (p: Person) =>
        likely.includes(p.origin) && p.geboortedatum <= bornBefore && (form !== 'sexual' || p.geslacht === 'V') && !victims.includes(p.index);
      const blocks = Math.ceil(np / PERSON_BLOCK);
      for (let v = 0; v < wanted; v++) {
        // Look at whole household blocks: cheaper than person by person, and migrants live together.
        let found: Person | undefined;
        for (let t = 0; t < 16 && !found; t++) {
          const members = this.personBlock(r.int(0, blocks - 1)).filter(fits);
          if (members.length > 0) found = r.pick(members);
        }
        const index = found ? found.index : r.int(0, np - 1);
        if (!victims.includes(index)) victims.push(index);
      }
    }
    const suspect = company?.ownerIndex ?? (r.chance(0.5) ? (this.adultAt(r)?.index ?? null) : null);
    return { form, company, victims, suspect };
  }

  signalAt(i: number): { input: SignalInput; truth: SignalTruth } {
    const anchor = this.signalAnchor(i);
    const r = this.rng('signal', i);
    const truth: SignalTruth = { persons: [], organisations: [], addresses: [] };
    const persons: NonNullable<SignalInput['persons']> = [];
    const mention = (index: number, role: string) => {
      const p = this.personAt(index);
      const name = personNameVariant(p, r);
      const contact = this.contactOf(p);
      const entry: (typeof persons)[number] = { fullName: name.text, role };
      const variants = [...name.applied];
      if (r.chance(0.3)) {
        const v = phoneVariant(contact.phone, r);
        entry.phone = v.text;
        variants.push(...v.applied);
      }
      if (r.chance(0.12)) {
        const v = emailVariant(contact.email, r);
        entry.email = v.text;
        variants.push(...v.applied);
      }
      if (r.chance(0.25)) entry.birthDate = p.geboortedatum;
      persons.push(entry);
      truth.persons.push({ index, bsn: p.bsn, variants });
      return [p.voornamen.split(' ')[0], p.voorvoegsel, p.geslachtsnaam].filter(Boolean).join(' ');
    };
    let suspectName = '';
    if (anchor.suspect !== null && r.chance(0.7)) suspectName = mention(anchor.suspect, r.pick(ROLES_BY_FORM.suspect));
    const victimNames: string[] = [];
    for (const v of anchor.victims) if (r.chance(0.8)) victimNames.push(mention(v, r.pick(ROLES_BY_FORM.victim)));

    const organisations: NonNullable<SignalInput['organisations']> = [];
    const addresses: NonNullable<SignalInput['addresses']> = [];
    const addAddress = (index: number) => {
      if (truth.addresses.some((a) => a.index === index)) return;
      const a = this.addressAt(index);
      const v = addressVariant(a, r);
      addresses.push(v.value);
      truth.addresses.push({ index, nummeraanduiding_id: a.nummeraanduiding_id, variants: v.applied });
    };
    const company = anchor.company;
    if (company && r.chance(0.85)) {
      const v = companyNameVariant(company.handelsnaam, company.rechtsvorm, r);
      const org: (typeof organisations)[number] = { name: v.text };
      if (r.chance(0.35)) org.kvkNumber = company.kvk_nummer;
      organisations.push(org);
      truth.organisations.push({ index: company.index, kvk: company.kvk_nummer, variants: v.applied });
    }
    if (company && r.chance(0.6)) addAddress(company.addressIndex);
    for (const v of anchor.victims) if (r.chance(0.35)) addAddress(this.personAt(v).addressIndex);
    if (addresses.length === 0 && r.chance(0.3)) addAddress(r.int(0, this.options.addresses - 1));

    const placeIndex =
      truth.addresses[0]?.index ??
      (company ? company.addressIndex : anchor.victims.length > 0 ? this.personAt(anchor.victims[0]!).addressIndex : r.int(0, this.options.addresses - 1));
    const placeOf = this.addressAt(placeIndex).woonplaats;
    const explanation = this.explanation(anchor.form, r, {
      bedrijf: company ? company.handelsnaam.replace(/\s+(B\.?V\.?|BV|V\.?O\.?F\.?)$/i, '') : 'een bedrijf',
      plaats: placeOf,
      naam: suspectName || victimNames[0] || 'een van de bewoners',
      herkomst: NATIONALITY[anchor.victims.length > 0 ? this.personAt(anchor.victims[0]!).origin : 'polish'],
    });
    const forms: ExploitationForm[] = [anchor.form];
    if (anchor.form === 'labour' && r.chance(0.08)) forms.push('criminal');
    if (anchor.form === 'sexual' && r.chance(0.05)) forms.push('labour');
    const input: SignalInput = {
      observedOn: isoDay(this.refDay - r.int(0, 3 * 365)),
      place: placeOf,
      explanation,
      exploitationForms: forms,
      acuteDanger: r.chance(0.07),
      victimInvolved: r.weighted<VictimInvolved>([['yes', 5], ['unknown', 4], ['no', 1]]),
      sourceContext: r.weighted<SourceContext>([
        ['desk', 3], ['home_visit', 3], ['inspection', 3], ['permit_application', 1], ['building_inspection', 1], ['external_tip', 2], ['other', 1],
      ]),
      persons,
      organisations,
      addresses,
    };
    if (r.chance(0.3)) input.observedTime = `${pad(r.int(6, 23), 2)}:${pad(r.int(0, 11) * 5, 2)}`;
    return { input, truth };
  }

  private explanation(form: ExploitationForm, r: Rng, slots: Record<'bedrijf' | 'plaats' | 'naam' | 'herkomst', string>): string {
    const t = SIGNAL_TEXTS[form];
    const observations = r.shuffle(t.observations).slice(0, r.int(1, 3));
    const sentences = [r.pick(t.openers), ...observations];
    if (r.chance(0.7)) sentences.push(r.pick(t.closers));
    return sentences
      .join(' ')
      .replace(/\{bedrijf\}/g, slots.bedrijf)
      .replace(/\{plaats\}/g, slots.plaats)
      .replace(/\{naam\}/g, slots.naam)
      .replace(/\{herkomst\}/g, slots.herkomst)
      .replace(/\{aantal\}/g, String(r.int(6, 24)))
      .replace(/\{dag\}/g, r.pick(WEEKDAYS));
  }

  // -------------------------------------------------------------------------------------------
  // Rows for the CSV files (docs/registers.md), as iterables: one row at a time.

  *bagRows(): Generator<string[]> {
    for (let i = 0; i < this.options.addresses; i++) {
      const a = this.addressAt(i);
      yield [a.nummeraanduiding_id, a.openbareruimte, String(a.huisnummer), a.huisletter, a.huisnummertoevoeging, a.postcode, a.woonplaats, a.gemeente, a.gebruiksdoel];
    }
  }

  *brpRows(): Generator<string[]> {
    const blocks = Math.ceil(this.options.persons / PERSON_BLOCK);
    for (let b = 0; b < blocks; b++) {
      for (const p of this.personBlock(b)) {
        const a = this.addressAt(p.addressIndex);
        yield [
          p.bsn, p.voornamen, p.voorvoegsel, p.geslachtsnaam, p.geboortedatum, p.geslacht,
          a.postcode, String(a.huisnummer), a.huisletter, a.huisnummertoevoeging, a.openbareruimte, a.woonplaats, p.datum_inschrijving,
        ];
      }
    }
  }

  *kvkRows(): Generator<string[]> {
    for (let i = 0; i < this.options.companies; i++) {
      const c = this.companyAt(i);
      const a = this.addressAt(c.addressIndex);
      yield [c.kvk_nummer, c.vestigingsnummer, c.handelsnaam, c.rechtsvorm, c.sbi_code, a.postcode, String(a.huisnummer), a.huisletter + a.huisnummertoevoeging, a.woonplaats, c.datum_oprichting];
    }
  }

  *ownListRows(kind: OwnListKind): Generator<string[]> {
    for (let i = 0; i < this.options.ownLists[kind]; i++) {
      const r = this.ownListRowAt(kind, i);
      yield [r.kenmerk, r.onderwerp, r.naam, r.kvk_nummer, r.postcode, r.huisnummer, r.huisnummertoevoeging, r.datum, r.omschrijving];
    }
  }

  *signals(): Generator<{ input: SignalInput; truth: SignalTruth }> {
    for (let i = 0; i < this.options.signals; i++) yield this.signalAt(i);
  }
}

/**
 * Spreads `blocks` postcode blocks over the places by weight (largest remainder), each place at
 * most its capacity (its 4-digit postcodes × the letter pairs); returns each place's first block
 * and the total at the end.
 */
function allocateBlocks(places: readonly Place[], blocks: number): number[] {
  const capacity = places.map((p) => (p.pcTo - p.pcFrom + 1) * POSTCODE_LETTER_PAIRS.length);
  const totalCapacity = capacity.reduce((a, b) => a + b, 0);
  if (blocks > totalCapacity) throw new Error(`too many addresses for these places (at most ${totalCapacity * BLOCK})`);
  const counts = places.map(() => 0);
  let left = blocks;
  let open = places.map((_, i) => i);
  while (left > 0 && open.length > 0) {
    const weight = open.reduce((s, i) => s + places[i]!.weight, 0);
    const shares = open.map((i) => (left * places[i]!.weight) / weight);
    let given = 0;
    open.forEach((i, k) => {
      const n = Math.min(Math.floor(shares[k]!), capacity[i]! - counts[i]!);
      counts[i]! += n;
      given += n;
    });
    // Largest remainders get one more, while there is room.
    const order = open.map((i, k) => [i, shares[k]! - Math.floor(shares[k]!)] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    for (const [i] of order) {
      if (given >= left) break;
      if (counts[i]! < capacity[i]!) {
        counts[i]!++;
        given++;
      }
    }
    left -= given;
    open = open.filter((i) => counts[i]! < capacity[i]!);
  }
  const start: number[] = [];
  let s = 0;
  for (const c of counts) {
    start.push(s);
    s += c;
  }
  start.push(s);
  return start;
}

export function createWorld(options: GeneratorOptions): World {
  return new World(options);
}
