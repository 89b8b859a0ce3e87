import { GIVEN_NAMES, COUNTRY_PLACES } from './dutch.js';
import { createWorld, type Person, type World } from './generate.js';
import { Rng, hash32, seedOf } from './random.js';
import {
  addressVariant,
  emailVariant,
  fullName,
  personNameVariant,
  phoneticVariant,
  phoneVariant,
  typo,
  type AddressMention,
} from './variants.js';

/**
 * A labelled set for measuring the person matching (issue 4: "matching precision and recall on
 * a generated labelled set with realistic typos and variants"): a register of persons with
 * deliberate near-duplicates, and noisy mentions of them as a reporter writes them, each with
 * the id of the register person it refers to (or null when that person is not in the register).
 */

export type DistractorKind = 'other_initial' | 'other_birth_year' | 'household_namesake' | 'phonetic_namesake';

export interface RegisterPerson {
  id: string;
  fullName: string;
  birthDate: string;
  address: { postcode: string; houseNumber: number; addition: string };
  phone?: string;
  email?: string;
  /** For a near-duplicate: how it resembles the register person `of`. */
  distractor?: { kind: DistractorKind; of: string };
}

export type MentionInfo = 'name' | 'birth_date' | 'address' | 'phone' | 'email';

export interface LabelledMention {
  fullName: string;
  birthDate?: string;
  address?: AddressMention;
  phone?: string;
  email?: string;
  /** The register person meant, or null for a person who is not in the register. */
  trueId: string | null;
  /** What the mention gives besides nothing: always "name", then the rest. */
  info: MentionInfo[];
  /** The variations applied (see variants.ts), and "wrong_address" / "namesake" where they apply. */
  variants: string[];
}

export interface LabelledSet {
  register: RegisterPerson[];
  mentions: LabelledMention[];
}

export interface LabelledSetOptions {
  /** Register size (default 5000). */
  registerSize?: number;
  /** Share of the register that is a near-duplicate of another register person (default 0.2). */
  distractorShare?: number;
  /** Share of mentions of persons not in the register (default 0.1); half of them namesakes of one who is. */
  unknownShare?: number;
  /** Noise level of the names (0: clean shapes only, 1: default). */
  noise?: number;
}

/**
 * A deterministic labelled set: `size` mentions against a register of `registerSize` persons.
 *
 *   const { register, mentions } = labelledSet(42, 2000);
 *   mentions[0] → { fullName: "J. vd Berg", birthDate: "1980-02-01", trueId: "p-123", info: ["name", "birth_date"], … }
 */
export function labelledSet(seed: number | string, size: number, opts: LabelledSetOptions = {}): LabelledSet {
  const registerSize = opts.registerSize ?? 5000;
  const distractorShare = opts.distractorShare ?? 0.2;
  const unknownShare = opts.unknownShare ?? 0.1;
  const noise = opts.noise ?? 1;
  const s = seedOf(seed);
  const world = createWorld({ seed: s, addresses: 400_000, persons: 200_000, companies: 0, signals: 0, places: COUNTRY_PLACES });
  const r = new Rng(hash32(s, 0x1abe1));
  const np = world.options.persons;

  // The register: persons of the generated country, then near-duplicates of some of them.
  const baseCount = Math.round(registerSize * (1 - distractorShare));
  const chosen = new Set<number>();
  while (chosen.size < baseCount) chosen.add(r.int(0, np - 1));
  const truePersons = new Map<string, Person>();
  const register: RegisterPerson[] = [];
  const addToRegister = (p: Person, distractor?: RegisterPerson['distractor']) => {
    const id = `p-${p.index}`;
    truePersons.set(id, p);
    const a = world.addressAt(p.addressIndex);
    const contact = world.contactOf(p);
    const entry: RegisterPerson = {
      id,
      fullName: fullName(p),
      birthDate: p.geboortedatum,
      address: { postcode: a.postcode, houseNumber: a.huisnummer, addition: a.huisletter + a.huisnummertoevoeging },
    };
    if (r.chance(0.4)) entry.phone = contact.phone;
    if (r.chance(0.25)) entry.email = contact.email;
    if (distractor) entry.distractor = distractor;
    register.push(entry);
    return entry;
  };
  for (const i of chosen) addToRegister(world.personAt(i));
  let extra = np; // indexes of made-up persons, past the world's persons
  const kinds: DistractorKind[] = ['other_initial', 'other_birth_year', 'household_namesake', 'phonetic_namesake'];
  const bases = [...truePersons.values()];
  while (register.length < registerSize) {
    const base = r.pick(bases);
    const kind = r.pick(kinds);
    addToRegister(nearDuplicate(world, base, kind, extra++, r), { kind, of: `p-${base.index}` });
  }
  const shuffled = r.shuffle(register);

  // The mentions.
  const mentions: LabelledMention[] = [];
  for (let m = 0; m < size; m++) {
    let person: Person;
    let trueId: string | null;
    const variants: string[] = [];
    if (r.chance(unknownShare)) {
      trueId = null;
      if (r.chance(0.5)) {
        person = nearDuplicate(world, r.pick(bases), r.pick(['other_initial', 'other_birth_year', 'phonetic_namesake'] as const), extra++, r);
        variants.push('namesake');
      } else {
        let i = r.int(0, np - 1);
        while (chosen.has(i)) i = r.int(0, np - 1);
        person = world.personAt(i);
      }
    } else {
      const target = r.pick(shuffled);
      trueId = target.id;
      person = truePersons.get(target.id)!;
    }
    mentions.push(mention(world, person, trueId, variants, r, noise));
  }
  return { register: shuffled, mentions };
}

function mention(world: World, p: Person, trueId: string | null, variants: string[], r: Rng, noise: number): LabelledMention {
  const name = personNameVariant(p, r, noise);
  const out: LabelledMention = { fullName: name.text, trueId, info: ['name'], variants: [...variants, ...name.applied] };
  const contact = world.contactOf(p);
  if (r.chance(0.35)) {
    out.birthDate = p.geboortedatum;
    out.info.push('birth_date');
  }
  if (r.chance(0.3)) {
    // Sometimes the reporter knows an earlier or another address than the register's.
    const wrong = r.chance(0.15);
    const a = world.addressAt(wrong ? r.int(0, world.options.addresses - 1) : p.addressIndex);
    const v = addressVariant(a, r, noise);
    out.address = v.value;
    out.info.push('address');
    out.variants.push(...v.applied, ...(wrong ? ['wrong_address'] : []));
  }
  if (r.chance(0.25)) {
    const v = phoneVariant(contact.phone, r);
    out.phone = v.text;
    out.info.push('phone');
    out.variants.push(...v.applied);
  }
  if (r.chance(0.1)) {
    const v = emailVariant(contact.email, r);
    out.email = v.text;
    out.info.push('email');
    out.variants.push(...v.applied);
  }
  return out;
}

/** Another person who resembles `base` in the way `kind` says, with index `index` (past the world's persons). */
function nearDuplicate(world: World, base: Person, kind: DistractorKind, index: number, r: Rng): Person {
  const pool = GIVEN_NAMES[base.origin][base.geslacht];
  const initial = base.voornamen[0];
  const otherInitial = pool.filter((g) => g[0] !== initial);
  const sameInitial = pool.filter((g) => g[0] === initial && g !== base.voornamen.split(' ')[0]);
  const randomBirth = () => `${1940 + r.int(0, 65)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
  const shiftYear = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
  const otherAddress = r.int(0, world.options.addresses - 1);
  const p: Person = { ...base, index, bsn: '', addressIndex: otherAddress, household: index };
  switch (kind) {
    case 'other_initial':
      p.voornamen = otherInitial.length ? r.pick(otherInitial) : `${base.voornamen}a`;
      p.geboortedatum = randomBirth();
      break;
    case 'other_birth_year': {
      const years = r.int(1, 20) * (r.chance(0.5) ? 1 : -1);
      p.geboortedatum = shiftYear(base.geboortedatum, years);
      break;
    }
    case 'household_namesake': {
      // A father and son (or mother and daughter) at the same address: same surname, same initial.
      p.voornamen = sameInitial.length ? r.pick(sameInitial) : base.voornamen;
      p.geboortedatum = shiftYear(base.geboortedatum, r.int(22, 35) * (r.chance(0.5) ? 1 : -1));
      p.addressIndex = base.addressIndex;
      break;
    }
    case 'phonetic_namesake': {
      let v = phoneticVariant(base.geslachtsnaam, r);
      for (let t = 0; t < 5 && v.text === base.geslachtsnaam; t++) v = phoneticVariant(base.geslachtsnaam, r);
      if (v.text === base.geslachtsnaam) v = typo(base.geslachtsnaam, r);
      p.geslachtsnaam = v.text;
      p.voornamen = r.chance(0.5) && sameInitial.length ? r.pick(sameInitial) : r.pick(pool);
      p.geboortedatum = randomBirth();
      break;
    }
  }
  return p;
}
