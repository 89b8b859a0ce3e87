import { createHmac } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registers } from '../../db/schema/index.js';
import { createTestDatabase } from '../../testing/test-database.js';
import { testVault } from '../../testing/test-vault.js';
import { keyRowsOf, keysFromRows } from '../entities/entity-keys.js';
import { findCandidates, insertEntities, type EntityData } from '../entities/entity.repo.js';
import { entityKeys, type RawEntity } from '../entities/keys.js';
import { readMunicipalityConfig, seedMunicipality } from '../seed/seed.js';
import {
  CANDIDATE_THRESHOLD,
  hashEntityKeys,
  matchEntities,
  rankCandidates,
  type Candidate,
  type EntityMatchKeys,
  type MatchResult,
} from '../entities/match.js';
import { labelledSet, type LabelledMention, type RegisterPerson } from './labelled.js';

/**
 * Precision and recall of the person matching of src/server/modules/entities on a generated
 * labelled set (issue 4): 2000 noisy mentions against a register of 5000 persons of whom 20% are
 * near-duplicates of others (same surname with another initial, same name with another birth
 * year, father and son at one address, a surname that sounds the same). 10% of the mentions are
 * of persons not in the register (half of them namesakes of someone who is).
 *
 * Figures (printed below, for docs/benchmarks.md):
 * - recall@candidates: the true person is among the candidates at or above CANDIDATE_THRESHOLD;
 * - recall@top-1: the true person is the best candidate (ties keep the register's order);
 * - recallTopTied: the true person has the best score, possibly tied with namesakes;
 * - precision@top-1: of the mentions that get a candidate at all, the best one is the right person
 *   (a mention of someone not in the register that gets a candidate counts against it);
 * - precisionAt07 / coverageAt07: the same for best candidates scoring above 0.7, i.e. with more
 *   evidence than a name alone (which gives at most 0.7), and the share of mentions that get one;
 * - candidate precision: the share of all candidates shown that are the right person.
 *
 * Candidates are retrieved as the database does it, by equal blind indexes on any key
 * ({@link CandidateIndex}); a test checks that this loses nothing against scoring every register
 * person.
 */

const SEED = Number(process.env.GENERATOR_PR_SEED ?? 20_261_128);
const MENTIONS = 2000;
const REGISTER = 5000;

function registerRaw(p: RegisterPerson): RawEntity {
  return {
    kind: 'person',
    name: p.fullName,
    birthYear: p.birthDate,
    addresses: [{ postcode: p.address.postcode, houseNumber: p.address.houseNumber, addition: p.address.addition }],
    phones: p.phone ? [p.phone] : [],
    emails: p.email ? [p.email] : [],
  };
}
const registerKeys = (p: RegisterPerson): EntityMatchKeys => entityKeys(registerRaw(p));

function mentionRaw(m: LabelledMention): RawEntity {
  return {
    kind: 'person',
    name: m.fullName,
    birthYear: m.birthDate ?? null,
    addresses: m.address ? [m.address] : [],
    phones: m.phone ? [m.phone] : [],
    emails: m.email ? [m.email] : [],
  };
}
const mentionKeys = (m: LabelledMention): EntityMatchKeys => entityKeys(mentionRaw(m));

/**
 * Candidate retrieval by blind index: register persons sharing an identifier, an address or a
 * building, a surname part, phonetic key or deletion variant (one typo apart), or enough surname
 * trigrams for a Dice of at least 0.5 (below that the surname score, and so the name score,
 * cannot reach the "similar name" threshold of 0.75: even with confirmed given names
 * 0.5·0.5 + 0.4 + 0.1 = 0.75). Lossless for scores ≥ CANDIDATE_THRESHOLD.
 */
class CandidateIndex {
  private readonly byKey = new Map<string, number[]>();
  private readonly byTrigram = new Map<string, number[]>();

  constructor(private readonly candidates: readonly Candidate<string>[]) {
    candidates.forEach((c, i) => {
      for (const k of this.keysOf(c.keys)) this.push(this.byKey, k, i);
      for (const t of new Set(c.keys.name?.trigrams ?? [])) this.push(this.byTrigram, t, i);
    });
  }

  private push(map: Map<string, number[]>, key: string, i: number) {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  }

  private keysOf(k: EntityMatchKeys): string[] {
    const out: string[] = [];
    for (const a of k.addresses ?? []) out.push(`b:${a.building}`);
    for (const p of k.phones ?? []) out.push(`t:${p}`);
    for (const e of k.emails ?? []) out.push(`e:${e}`);
    if (k.name?.phonetic) out.push(`f:${k.name.phonetic}`);
    if (k.name?.surname) out.push(`s:${k.name.surname}`);
    for (const p of k.name?.parts ?? []) out.push(`p:${p}`);
    for (const d of k.name?.del1 ?? []) out.push(`d:${d}`);
    return out.filter((x) => !x.endsWith(':'));
  }

  candidatesFor(probe: EntityMatchKeys): Candidate<string>[] {
    const found = new Set<number>();
    for (const k of this.keysOf(probe)) for (const i of this.byKey.get(k) ?? []) found.add(i);
    const trigrams = [...new Set(probe.name?.trigrams ?? [])];
    if (trigrams.length > 0) {
      const shared = new Map<number, number>();
      for (const t of trigrams) for (const i of this.byTrigram.get(t) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
      for (const [i, n] of shared) {
        const theirs = new Set(this.candidates[i]!.keys.name?.trigrams ?? []).size;
        if ((2 * n) / (trigrams.length + theirs) >= 0.5) found.add(i);
      }
    }
    return [...found].sort((a, b) => a - b).map((i) => this.candidates[i]!);
  }
}

interface Figures {
  mentions: number;
  known: number;
  unknown: number;
  recallCandidates: number;
  recallTop1: number;
  /** The true person has the best score, possibly tied with others (namesakes a name alone cannot tell apart). */
  recallTopTied: number;
  precisionTop1: number;
  precisionAt07: number;
  coverageAt07: number;
  candidatePrecision: number;
  /** Of the mentions of persons not in the register: the share that still gets a candidate. */
  falseCandidateRate: number;
  meanCandidates: number;
}

type Ranked = (MatchResult & { id: string })[];

function figures(mentions: readonly LabelledMention[], ranked: readonly Ranked[]): Figures {
  let known = 0;
  let inCandidates = 0;
  let top1 = 0;
  let topTied = 0;
  let withCandidate = 0;
  let correctTop = 0;
  let confident = 0;
  let correctConfident = 0;
  let candidates = 0;
  let trueCandidates = 0;
  let unknownWithCandidate = 0;
  mentions.forEach((m, i) => {
    const r = ranked[i]!;
    candidates += r.length;
    if (m.trueId !== null) {
      known++;
      if (r.some((c) => c.id === m.trueId)) {
        inCandidates++;
        trueCandidates++;
      }
      if (r[0]?.id === m.trueId) top1++;
      if (r.some((c) => c.id === m.trueId && c.score === r[0]!.score)) topTied++;
    } else if (r.length > 0) unknownWithCandidate++;
    if (r.length > 0) {
      withCandidate++;
      if (r[0]!.id === m.trueId) correctTop++;
      if (r[0]!.score > 0.7) {
        confident++;
        if (r[0]!.id === m.trueId) correctConfident++;
      }
    }
  });
  const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 1000);
  return {
    mentions: mentions.length,
    known,
    unknown: mentions.length - known,
    recallCandidates: ratio(inCandidates, known),
    recallTop1: ratio(top1, known),
    recallTopTied: ratio(topTied, known),
    precisionTop1: ratio(correctTop, withCandidate),
    precisionAt07: ratio(correctConfident, confident),
    coverageAt07: ratio(confident, mentions.length),
    candidatePrecision: ratio(trueCandidates, candidates),
    falseCandidateRate: ratio(unknownWithCandidate, mentions.length - known),
    meanCandidates: ratio(candidates, mentions.length),
  };
}

function rankAll(probes: readonly EntityMatchKeys[], register: readonly Candidate<string>[]): Ranked[] {
  const index = new CandidateIndex(register);
  return probes.map((p) => rankCandidates(p, index.candidatesFor(p), CANDIDATE_THRESHOLD));
}

describe('person matching on a generated labelled set', () => {
  const set = labelledSet(SEED, MENTIONS, { registerSize: REGISTER });
  let registerCandidates: Candidate<string>[];
  let probes: EntityMatchKeys[];
  let ranked: Ranked[];
  let overall: Figures;

  beforeAll(() => {
    registerCandidates = set.register.map((p) => ({ id: p.id, keys: registerKeys(p) }));
    probes = set.mentions.map(mentionKeys);
    ranked = rankAll(probes, registerCandidates);
    overall = figures(set.mentions, ranked);
  }, 120_000);

  it('the labelled set is what it says', () => {
    expect(set.register).toHaveLength(REGISTER);
    expect(set.mentions).toHaveLength(MENTIONS);
    const ids = new Set(set.register.map((p) => p.id));
    expect(ids.size).toBe(REGISTER);
    for (const m of set.mentions) if (m.trueId !== null) expect(ids.has(m.trueId)).toBe(true);
    const distractors = set.register.filter((p) => p.distractor).length;
    expect(distractors).toBe(REGISTER * 0.2);
    expect(overall.unknown).toBeGreaterThan(MENTIONS * 0.07);
  });

  it('candidate retrieval by blind index loses nothing against scoring the whole register', () => {
    for (let i = 0; i < 150; i++) {
      const full = rankCandidates(probes[i]!, registerCandidates, CANDIDATE_THRESHOLD);
      expect(ranked[i]!.map((c) => [c.id, c.score])).toEqual(full.map((c) => [c.id, c.score]));
    }
  });

  it('reaches the measured precision and recall (printed for docs/benchmarks.md)', () => {
    const breakdown: Record<string, Figures> = { all: overall };
    const subsets: [string, (m: LabelledMention) => boolean][] = [
      ['name only', (m) => m.info.length === 1],
      ['name + birth date only', (m) => m.info.join() === 'name,birth_date'],
      ['with address', (m) => m.info.includes('address')],
      ['with phone or e-mail', (m) => m.info.includes('phone') || m.info.includes('email')],
      ['name without noise', (m) => !m.variants.some((v) => /^(typo|phonetic|prefix_missing|shape:(surname_only|title_surname|given_only))/.test(v))],
      ['name with typo/phonetic', (m) => m.variants.some((v) => /^(typo|phonetic)/.test(v))],
    ];
    for (const [label, pred] of subsets) {
      const idx = set.mentions.map((m, i) => (pred(m) ? i : -1)).filter((i) => i >= 0);
      breakdown[label] = figures(
        idx.map((i) => set.mentions[i]!),
        idx.map((i) => ranked[i]!),
      );
    }
    console.log(
      `Person matching, labelled set seed ${SEED}: ${MENTIONS} mentions against ${REGISTER} register persons (20% near-duplicates), threshold ${CANDIDATE_THRESHOLD}`,
    );
    console.table(breakdown);
    // Floors a little below the lowest figures measured on this seed and on seeds 1–3
    // (GENERATOR_PR_SEED=n): all 0.964 / 0.807 / 0.804 / 0.97 on this seed, lowest of the four
    // recallCandidates 0.964, recallTop1 0.783, precisionTop1 0.774, precisionAt07 0.97.
    expect(overall.recallCandidates).toBeGreaterThanOrEqual(0.95);
    expect(overall.recallTop1).toBeGreaterThanOrEqual(0.77);
    expect(overall.precisionTop1).toBeGreaterThanOrEqual(0.76);
    expect(overall.precisionAt07).toBeGreaterThanOrEqual(0.96);
    expect(breakdown['name only']!.recallTop1).toBeGreaterThanOrEqual(0.57);
    expect(breakdown['name without noise']!.recallCandidates).toBeGreaterThanOrEqual(0.99);
    expect(breakdown['name with typo/phonetic']!.recallCandidates).toBeGreaterThanOrEqual(0.88);
    expect(breakdown['name + birth date only']!.recallTop1).toBeGreaterThanOrEqual(0.91);
    expect(breakdown['with address']!.recallTop1).toBeGreaterThanOrEqual(0.92);
    expect(breakdown['with phone or e-mail']!.recallTop1).toBeGreaterThanOrEqual(0.78);
  });

  it('gives the same candidates, scores and figures on HMACs of the keys', () => {
    const key = Buffer.from('0123456789abcdef0123456789abcdef');
    const hash = (kind: string) => (field: string, value: string) =>
      createHmac('sha256', key).update(`entity.${kind}.${field}\u0000${value}`).digest('base64url');
    const hashed = (k: EntityMatchKeys) => hashEntityKeys(k, hash(k.kind));
    const hashedRanked = rankAll(
      probes.map(hashed),
      registerCandidates.map((c) => ({ id: c.id, keys: hashed(c.keys) })),
    );
    expect(hashedRanked.map((r) => r.map((c) => [c.id, c.score]))).toEqual(ranked.map((r) => r.map((c) => [c.id, c.score])));
    expect(figures(set.mentions, hashedRanked)).toEqual(overall);
  }, 120_000);
});

/**
 * The same labelled set through the database's retrieval (entities/entity.repo.ts findCandidates:
 * blind indexes in entity_keys, key frequency, at most 50 candidates per mention, no trigram
 * retrieval) and scoring on the stored keys, as EntityService.matches() does it (ties broken by
 * the retrieval weight). Runs on PGlite, or on PostgreSQL with DATABASE_URL.
 */
describe('person matching on a generated labelled set, retrieved from the database', () => {
  const set = labelledSet(SEED, MENTIONS, { registerSize: REGISTER });
  const vault = testVault();
  let dispose: (() => Promise<void>) | undefined;
  let memory: Figures;
  let db: Figures;
  let dbRanked: Ranked[];

  beforeAll(async () => {
    const created = await createTestDatabase();
    dispose = created.dispose;
    const database = created.database;
    const cfg = readMunicipalityConfig(path.resolve('config/municipalities/lopik.json'));
    const municipalityId = (await seedMunicipality(database.db, cfg)).municipality.id;
    const [register] = await database.db.insert(registers).values({ municipalityId, kind: 'brp', rowCount: REGISTER }).returning();
    const data = (p: RegisterPerson): EntityData => ({
      name: p.fullName,
      birthDate: p.birthDate,
      addresses: [{ postcode: p.address.postcode, houseNumber: String(p.address.houseNumber), addition: p.address.addition || null }],
      ...(p.phone ? { phones: [p.phone] } : {}),
      ...(p.email ? { emails: [p.email] } : {}),
    });
    const entityIds: string[] = [];
    for (let i = 0; i < set.register.length; i += 1000) {
      const chunk = set.register.slice(i, i + 1000);
      entityIds.push(
        ...(await insertEntities(
          database.db,
          vault,
          chunk.map((p) => ({ municipalityId, kind: 'person' as const, origin: 'register' as const, registerId: register!.id, externalKey: p.id, data: data(p) })),
        )),
      );
    }
    const labelOf = new Map(entityIds.map((id, i) => [id, set.register[i]!.id]));
    dbRanked = [];
    for (let i = 0; i < set.mentions.length; i += 100) {
      const chunk = set.mentions.slice(i, i + 100).map((m) => keyRowsOf(vault, municipalityId, mentionRaw(m)));
      const { candidates, keyRows } = await findCandidates(database.db, municipalityId, chunk.map((rows) => ({ rows })), []);
      chunk.forEach((rows, j) => {
        const probe = keysFromRows('person', rows);
        dbRanked.push(
          candidates[j]!
            .map((c) => ({ id: labelOf.get(c.id)!, weight: c.weight, ...matchEntities(probe, keysFromRows(c.kind, keyRows.get(c.id) ?? [])) }))
            .filter((r) => r.score > 0 && r.score >= CANDIDATE_THRESHOLD)
            .sort((a, b) => b.score - a.score || b.weight - a.weight)
            .map(({ weight: _w, ...r }) => r),
        );
      });
    }
    db = figures(set.mentions, dbRanked);
    memory = figures(set.mentions, rankAll(set.mentions.map(mentionKeys), set.register.map((p) => ({ id: p.id, keys: registerKeys(p) }))));
  }, 600_000);
  afterAll(async () => dispose?.());

  it('finds nearly what the lossless in-memory retrieval finds (printed for docs/benchmarks.md)', () => {
    console.log(`Database retrieval (findCandidates), labelled set seed ${SEED}:`);
    console.table({ database: db, 'in memory (lossless)': memory });
    // Without trigram retrieval the database misses a few typo/phonetic mentions the lossless
    // in-memory index finds; the floors are a little below the figures measured on this seed.
    expect(db.recallCandidates).toBeGreaterThanOrEqual(memory.recallCandidates - 0.02);
    expect(db.recallTop1).toBeGreaterThanOrEqual(memory.recallTop1 - 0.02);
    expect(db.precisionTop1).toBeGreaterThanOrEqual(memory.precisionTop1 - 0.02);
    expect(db.precisionAt07).toBeGreaterThanOrEqual(0.96);
  });
});
