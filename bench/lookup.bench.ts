/**
 * Candidate lookup for one signal (all its entities) against register records, on PostgreSQL at
 * several register sizes (or on PGlite at Lopik size with --pglite), next to a naive plaintext
 * ILIKE / equality scan in the same run (issue 4).
 *
 * Per size: a fresh database (migrations, Lopik configuration, demo accounts), the generator's
 * BAG, BRP and KvK registers imported through RegisterService.importCsv (the real import: real
 * blind indexes in entity_keys, data encrypted), N probe signals of the generator submitted through
 * SignalService.submit (so their entities and keys are stored as a real submission stores them),
 * then per probe:
 *   - matches():   EntityService.matches(coordinator, signalId) = GET /api/signals/:id/matches minus
 *                  HTTP (guard, decryption of the signal's and the candidates' data, audit entry);
 *   - candidates:  the calls of matches() that find and score candidates (listSignalEntities,
 *                  loadKeyRows, scoredCandidates = findCandidates in one statement + matchEntities), without
 *                  the guard, describeEntities, listLinksOf and the audit entry;
 *   - naive:       a plaintext side table of the same register rows without any index, one query per
 *                  entity of the signal: `name ILIKE '%surname%'` (persons), `name ILIKE '%word%' or
 *                  kvk = …` (organisations), `postcode = … and house_number = …` (addresses).
 * Each is warmed up first, then timed over the probes (wall clock of the whole signal, in process).
 * Recall against the generator's truth: the share of mentions whose register record is among the
 * candidates. Writes JSON to bench/results/ and drops the database, also on failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { rawRows, type DbOrTx } from '../src/server/db/client.js';
import { systemClock } from '../src/server/lib/clock.js';
import { keysFromRows, RETRIEVAL_CODES, type KeyRow } from '../src/server/modules/entities/entity-keys.js';
import { findCandidates, listSignalEntities, loadKeyRows, PER_KEY_FANOUT } from '../src/server/modules/entities/entity.repo.js';
import { CANDIDATES_PER_ENTITY, createEntityService, scoredCandidates } from '../src/server/modules/entities/entity.service.js';
import { CANDIDATE_THRESHOLD, matchEntities } from '../src/server/modules/entities/match.js';
import { createWorld, profileOptions, type SignalTruth, type World } from '../src/server/modules/generator/generate.js';
import { registerStream } from '../src/server/modules/generator/output.js';
import { externalKeyOf } from '../src/server/modules/registers/register.service.js';
import { createSignalService } from '../src/server/modules/signals/signal.service.js';
import { signalInput } from '../src/shared/api/signal.js';
import type { RegisterKind } from '../src/shared/domain.js';
import { createBenchDb, importRegister, loadRegisterDirect, loopbackUrl, tableSizes, withIndexesDeferred, type BenchDb, type ImportRun } from './lib/registers-db.js';
import { checkIdle, machineInfo, markdownTable, parseSize, percentile, REPO_ROOT, round, runBenchmark } from './lib/util.js';

const USAGE = `Usage: npx tsx bench/lookup.bench.ts [--sizes 10000,1000000] [--probes 500] [--seed 1] [--pglite] [--out FILE]

  --sizes    register rows per run (PostgreSQL), split as the generator's country profile:
             10 addresses : 1 person : 2 companies (e.g. 1M = 769 231 BAG + 76 923 BRP + 153 846 KvK)
  --pglite   instead: one run on in-memory PGlite with the generator's lopik profile
             (6000 addresses, 15000 persons, 1500 companies)
  --probes   probe signals (generator signals, submitted through SignalService.submit), default 500
  --naive-seconds  time budget of each naive pass (default 120); fewer probes are timed when it runs out
  --budget   watchdog in seconds (default 3600 per size)
  --parallel-import  import BAG, BRP and KvK at the same time (three transactions) to load large sizes faster
  --loader import|direct|bulk  import: RegisterService.importCsv (default). direct: the import's parser, key functions and
             insertRegisterRecords batch by batch, without importCsv's per-batch look-up of existing records
             (which scans the register: see docs/benchmarks.md) — the same stored rows, for sizes importCsv cannot load.
             bulk: direct, with the indexes of entities and entity_keys dropped during the load and rebuilt from their
             catalogue definitions afterwards (PostgreSQL; for 10M); no statement timeout while loading
  --keep     keep the database (and write its keyring to /tmp/<database>.keyring.json) to run again with --reuse;
             drop it yourself afterwards (psql -c 'drop database …')
  --reuse NAME  one size, on the kept database NAME: no loading; the earlier probe signals' entities are deleted and the
             probes submitted again (for trying retrieval changes that do not change the stored keys)
Environment: DATABASE_URL (loopback only; default postgres://postgres@127.0.0.1:5432/test)`;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,1000000' },
    probes: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    pglite: { type: 'boolean', default: false },
    out: { type: 'string' },
    'naive-seconds': { type: 'string', default: '120' },
    budget: { type: 'string' },
    'parallel-import': { type: 'boolean', default: false },
    loader: { type: 'string', default: 'import' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const sizes = values.pglite ? [0] : values.sizes!.split(',').map(parseSize);
const probes = Number(values.probes);
const seed = Number(values.seed);
const naiveSeconds = Number(values['naive-seconds']);
if (!Number.isInteger(probes) || probes < 1 || probes > 5000 || sizes.some((n) => n < 0 || n > 20_000_000) || !['import', 'direct', 'bulk'].includes(values.loader!)) {
  console.error(`Out of bounds.\n\n${USAGE}`);
  process.exit(2);
}
const baseUrl = values.pglite ? null : loopbackUrl(process.env.DATABASE_URL);
const budgetSeconds = Number(values.budget ?? 3600 * sizes.length);

const open = new Set<BenchDb>();
const cleanup = async () => {
  for (const b of open) await b.drop().catch((e) => console.error('drop failed:', e));
};

const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ---------------------------------------------------------------------------------------------

function worldFor(total: number): World {
  if (values.pglite) return createWorld(profileOptions('lopik', seed, { signals: probes }));
  // The country profile's proportions: 10M addresses, 1M persons, 2M companies.
  const persons = Math.round(total / 13);
  const companies = Math.round((2 * total) / 13);
  return createWorld(profileOptions('country', seed, { addresses: total - persons - companies, persons, companies, signals: probes }));
}

/** A PostgreSQL array literal (text), NULL for null. */
function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

const NAIVE_TABLE = 'bench_naive_registers';

/** The naive baseline's plaintext copy of the same register rows: no index at all. */
async function loadNaive(db: DbOrTx, world: World): Promise<number> {
  await db.execute(
    sql.raw(`create table ${NAIVE_TABLE} (ext_id text not null, kind text not null, name text, postcode text, house_number int,
             house_letter text, addition text, kvk text)`),
  );
  type Row = [string, string, string | null, string | null, string | null, string | null, string | null, string | null];
  let batch: Row[] = [];
  let n = 0;
  const flush = async () => {
    if (!batch.length) return;
    const col = (i: number) => pgArray(batch.map((r) => r[i]!));
    await db.execute(sql`insert into ${sql.raw(NAIVE_TABLE)}
      select a, b, c, d, e::int, f, g, h from unnest(${col(0)}::text[], ${col(1)}::text[], ${col(2)}::text[], ${col(3)}::text[],
        ${col(4)}::text[], ${col(5)}::text[], ${col(6)}::text[], ${col(7)}::text[]) as t(a, b, c, d, e, f, g, h)`);
    n += batch.length;
    batch = [];
  };
  const push = async (r: Row) => {
    batch.push(r);
    if (batch.length >= 10_000) await flush();
  };
  const nz = (s: string | undefined) => (s ? s : null);
  for (const r of world.bagRows()) await push([r[0]!, 'address', null, r[5]!, r[2]!, nz(r[3]), nz(r[4]), null]);
  for (const r of world.brpRows()) {
    const name = [r[1], r[2], r[3]].filter(Boolean).join(' ');
    await push([r[0]!, 'person', name, nz(r[6]), nz(r[7]), nz(r[8]), nz(r[9]), null]);
  }
  for (const r of world.kvkRows()) await push([`${r[0]}|${r[1]}`, 'organisation', r[2]!, nz(r[5]), nz(r[6]), null, nz(r[7]), r[0]!]);
  await flush();
  await db.execute(sql.raw(`analyze ${NAIVE_TABLE}`));
  return n;
}

const LEGAL_FORMS = new Set(['bv', 'b.v.', 'vof', 'v.o.f.', 'nv', 'n.v.', 'holding', 'en', 'de', 'het', 'van', 'the']);
const likeArg = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface ProbeSignal {
  index: number;
  signalId: string;
  truth: SignalTruth;
  input: ReturnType<typeof signalInput.parse>;
  /** Own entity id → the register record (entity id) the generator says it mentions, or null if not imported. */
  truthOf: Map<string, { kind: 'person' | 'organisation' | 'address'; registerEntityId: string | null; extId: string }>;
}

/** Naive: one plaintext scan per entity of the signal; the external ids found. */
async function naiveLookup(db: DbOrTx, p: ProbeSignal): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>();
  const q = async (where: ReturnType<typeof sql>) =>
    new Set((await rawRows<{ ext_id: string }>(db, sql`select ext_id from ${sql.raw(NAIVE_TABLE)} where ${where} limit 1000`)).map((r) => r.ext_id));
  for (const person of p.input.persons) {
    const surname = person.fullName.trim().split(/\s+/).pop() ?? '';
    found.set(`person:${person.fullName}`, await q(sql`kind = 'person' and name ilike ${likeArg(surname)}`));
  }
  for (const org of p.input.organisations) {
    const words = org.name
      .toLowerCase()
      .split(/[\s,]+/)
      .filter((w) => w.length >= 3 && !LEGAL_FORMS.has(w))
      .sort((a, b) => b.length - a.length);
    const word = words[0] ?? org.name;
    found.set(
      `organisation:${org.name}`,
      await q(org.kvkNumber ? sql`kind = 'organisation' and (name ilike ${likeArg(word)} or kvk = ${org.kvkNumber})` : sql`kind = 'organisation' and name ilike ${likeArg(word)}`),
    );
  }
  for (const a of p.input.addresses) {
    const pc = a.postcode.replace(/\s+/g, '').toUpperCase();
    found.set(`address:${pc}|${a.houseNumber}`, await q(sql`postcode = ${pc} and house_number = ${a.houseNumber}`));
  }
  return found;
}

/** The candidate part of EntityService.matches(), call for call (no guard, describe, links, audit). */
async function candidatesOnly(b: BenchDb, signalId: string, retrieved?: Map<string, { found: string[]; probe: KeyRow[] }>): Promise<Map<string, string[]>> {
  const db = b.database.db;
  const own = await listSignalEntities(db, b.vault, signalId);
  const ownRows = await loadKeyRows(db, own.map((e) => e.id));
  const perEntity = await scoredCandidates(db, b.municipalityId, own, ownRows);
  if (retrieved) {
    // Untimed: the raw retrieval (before scoring and the top 10), with the same probes and context as scoredCandidates.
    const context = own.filter((e) => e.kind === 'address').flatMap((e) => ownRows.get(e.id) ?? []);
    const { candidates } = await findCandidates(
      db,
      b.municipalityId,
      own.map((e) => ({ rows: ownRows.get(e.id) ?? [], context: e.kind === 'person' || e.kind === 'organisation' ? context : [] })),
      own.map((e) => e.id),
    );
    own.forEach((e, i) => retrieved.set(e.id, { found: candidates[i]!.map((c) => c.id), probe: ownRows.get(e.id) ?? [] }));
  }
  return new Map(perEntity.map((p) => [p.entityId, p.results.map((r) => r.id)]));
}

function stats(ms: number[]) {
  const s = Float64Array.from(ms).sort();
  return {
    n: s.length,
    p50: round(percentile(s, 50), 2),
    p95: round(percentile(s, 95), 2),
    p99: round(percentile(s, 99), 2),
    max: round(s[s.length - 1] ?? Number.NaN, 2),
    mean: round(s.reduce((a, x) => a + x, 0) / Math.max(1, s.length), 2),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

interface SizeResult {
  label: string;
  database: string;
  registers: { addresses: number; persons: number; companies: number; total: number };
  imports: Omit<ImportRun, 'report'>[];
  loadSeconds: number;
  naiveLoadSeconds: number;
  sizes: Awaited<ReturnType<typeof tableSizes>>;
  probes: { signals: number; entities: number; mentionsWithTruth: number; submitSeconds: number; entitiesPerSignal: number };
  latencyMs: { matches: ReturnType<typeof stats>; candidates: ReturnType<typeof stats>; naive: ReturnType<typeof stats> & { probesTimed: number; budgetSeconds: number } };
  recall: Record<string, unknown>;
  loadAverage: { beforeTiming: number[]; afterTiming: number[] };
  otherLoadCoresBeforeTiming: number | null;
}

async function runSize(total: number): Promise<SizeResult> {
  const world = worldFor(total);
  const o = world.options;
  const registersTotal = o.addresses + o.persons + o.companies;
  const label = values.pglite ? 'lopik' : total >= 1e6 ? `${total / 1e6}m` : `${total / 1e3}k`;
  log(`${label}: ${o.addresses} addresses, ${o.persons} persons, ${o.companies} companies (${registersTotal} register rows), ${probes} probes`);
  const reuse = values.reuse;
  const b = await createBenchDb(baseUrl, label.replace('.', '_'), {
    reuse,
    // Rebuilding the indexes of ~100 M key rows and vacuuming them take longer than the default bound (the watchdog stays).
    statementTimeoutMs: values.loader === 'bulk' ? 6 * 3600_000 : undefined,
    keyFile: reuse ? `/tmp/${reuse}.keyring.json` : values.keep ? `/tmp/meldroute_bench_keyring_${process.pid}.json` : undefined,
  });
  if (!values.keep && !reuse) open.add(b);
  if (values.keep && !reuse) {
    const { renameSync } = await import('node:fs');
    renameSync(`/tmp/meldroute_bench_keyring_${process.pid}.json`, `/tmp/${b.name}.keyring.json`);
    log(`keeping ${b.name} (keyring /tmp/${b.name}.keyring.json): drop it when done`);
  }
  const db = b.database.db;
  log(`database ${b.name ?? 'in-memory PGlite'} (${b.postgresVersion}) ready`);

  // --- registers through the real import
  const loadStart = performance.now();
  const imports: ImportRun[] = [];
  const importOne = async (kind: RegisterKind) => {
    const stream = registerStream(world, kind as 'bag' | 'brp' | 'kvk');
    const run = values.loader === 'import' ? await importRegister(b, kind, stream) : await loadRegisterDirect(b, kind, stream);
    imports.push(run);
    log(`  import ${kind}: ${run.rows} rows in ${run.seconds.toFixed(1)} s (${run.rowsPerSecond} rows/s)`);
  };
  if (reuse) {
    // The kept database: only the earlier probe signals' entities go (and with them their keys).
    await db.execute(sql`delete from entities where origin <> 'register'`);
  } else {
    const loadAll = async () => {
      if (values['parallel-import']) await Promise.all((['bag', 'brp', 'kvk'] as RegisterKind[]).map(importOne));
      else for (const kind of ['bag', 'brp', 'kvk'] as RegisterKind[]) await importOne(kind);
    };
    if (values.loader === 'bulk') await withIndexesDeferred(b, loadAll, log);
    else await loadAll();
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const naiveStart = performance.now();
  const naiveRows = reuse ? 0 : await loadNaive(db, world);
  const naiveLoadSeconds = (performance.now() - naiveStart) / 1000;
  log(`  naive side table: ${naiveRows} rows in ${naiveLoadSeconds.toFixed(1)} s`);
  // VACUUM as well as ANALYZE: autovacuum, which does both, is off on this machine's PostgreSQL, and the
  // look-ups are index-only scans, which need the visibility map that VACUUM sets.
  if (b.database.kind === 'postgres') await db.execute(sql`vacuum analyze`);
  log(`  vacuum analyze done`);

  // --- probe signals through the real submission
  const signals = createSignalService({ db, clock: systemClock, vault: b.vault });
  const submitStart = performance.now();
  const list: ProbeSignal[] = [];
  for (let i = 0; i < probes; i++) {
    const { input: raw, truth } = world.signalAt(i);
    const input = signalInput.parse(raw);
    const { id } = await signals.submit(b.reporter, input);
    list.push({ index: i, signalId: id, truth, input, truthOf: new Map() });
  }
  const submitSeconds = (performance.now() - submitStart) / 1000;

  // --- the truth: register records by the blind index of their external id (as the import stores it)
  const extKeys = new Map<string, { kind: RegisterKind; extId: string }>();
  const extIdOf = {
    person: (t: SignalTruth['persons'][number]) => ({ kind: 'brp' as const, extId: t.bsn }),
    organisation: (t: SignalTruth['organisations'][number]) => ({ kind: 'kvk' as const, extId: `${t.kvk}|${world.companyAt(t.index).vestigingsnummer}` }),
    address: (t: SignalTruth['addresses'][number]) => ({ kind: 'bag' as const, extId: t.nummeraanduiding_id }),
  };
  for (const p of list) {
    for (const t of p.truth.persons) extKeys.set(externalKeyOf(b.vault, b.municipalityId, 'brp', t.bsn), extIdOf.person(t));
    for (const t of p.truth.organisations) {
      const e = extIdOf.organisation(t);
      extKeys.set(externalKeyOf(b.vault, b.municipalityId, 'kvk', e.extId), e);
    }
    for (const t of p.truth.addresses) extKeys.set(externalKeyOf(b.vault, b.municipalityId, 'bag', t.nummeraanduiding_id), extIdOf.address(t));
  }
  const entityOfExt = new Map<string, string>();
  const keys = [...extKeys.keys()];
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    const rows = await rawRows<{ id: string; external_key: string }>(
      db,
      sql`select id::text as id, external_key from entities where origin = 'register' and external_key = any(${pgArray(chunk)}::text[])`,
    );
    for (const r of rows) entityOfExt.set(extKeys.get(r.external_key)!.extId, r.id);
  }
  // Own entities of each signal → the mention (persons, organisations, addresses in input order; matched by content).
  let entities = 0;
  let mentionsWithTruth = 0;
  for (const p of list) {
    const own = await listSignalEntities(db, b.vault, p.signalId);
    entities += own.length;
    const used = new Set<string>();
    const take = (pred: (e: (typeof own)[number]) => boolean) => {
      const e = own.find((x) => !used.has(x.id) && pred(x));
      if (e) used.add(e.id);
      return e;
    };
    p.input.persons.forEach((person, k) => {
      const e = take((x) => x.kind === 'person' && x.data.name === person.fullName);
      const t = p.truth.persons[k];
      if (e && t) p.truthOf.set(e.id, { kind: 'person', extId: t.bsn, registerEntityId: entityOfExt.get(t.bsn) ?? null });
    });
    p.input.organisations.forEach((org, k) => {
      const e = take((x) => x.kind === 'organisation' && x.data.name === org.name);
      const t = p.truth.organisations[k];
      if (e && t) {
        const ext = extIdOf.organisation(t).extId;
        p.truthOf.set(e.id, { kind: 'organisation', extId: ext, registerEntityId: entityOfExt.get(ext) ?? null });
      }
    });
    p.input.addresses.forEach((a, k) => {
      const e = take((x) => x.kind === 'address' && x.data.addresses?.[0]?.houseNumber === String(a.houseNumber) && x.data.addresses?.[0]?.postcode?.replace(/\s/g, '').toUpperCase() === a.postcode.replace(/\s/g, '').toUpperCase());
      const t = p.truth.addresses[k];
      if (e && t) p.truthOf.set(e.id, { kind: 'address', extId: t.nummeraanduiding_id, registerEntityId: entityOfExt.get(t.nummeraanduiding_id) ?? null });
    });
    mentionsWithTruth += [...p.truthOf.values()].filter((t) => t.registerEntityId).length;
  }
  log(`  ${list.length} probe signals submitted in ${submitSeconds.toFixed(1)} s: ${entities} entities, ${mentionsWithTruth} mentions of imported register records`);

  // --- timing
  const entityService = createEntityService({ db, clock: systemClock, vault: b.vault });
  const loadBefore = os.loadavg().map((v) => round(v, 2));
  const otherLoad = await checkIdle();

  // matches(): warm-up pass (also the recall), then the timed pass
  const seenMatches = new Map<string, Map<string, string[]>>();
  for (const p of list) {
    const r = await entityService.matches(b.coordinator, p.signalId);
    seenMatches.set(p.signalId, new Map(r.entities.map((e) => [e.entity.id, e.candidates.map((c) => c.entity.id)])));
  }
  const matchesMs: number[] = [];
  for (const p of list) matchesMs.push((await timed(() => entityService.matches(b.coordinator, p.signalId))).ms);
  log(`  matches(): p50 ${stats(matchesMs).p50} ms, p95 ${stats(matchesMs).p95} ms`);

  // candidates only: warm-up, timed
  for (const p of list.slice(0, 50)) await candidatesOnly(b, p.signalId);
  const candidatesMs: number[] = [];
  const seenCandidates = new Map<string, Map<string, string[]>>();
  for (const p of list) {
    const r = await timed(() => candidatesOnly(b, p.signalId));
    candidatesMs.push(r.ms);
    seenCandidates.set(p.signalId, r.value);
  }
  log(`  candidates: p50 ${stats(candidatesMs).p50} ms, p95 ${stats(candidatesMs).p95} ms`);

  // naive: warm-up (a few probes), then timed within a budget
  for (const p of list.slice(0, 5)) await naiveLookup(db, p);
  const naiveMs: number[] = [];
  const seenNaive = new Map<string, Map<string, Set<string>>>();
  const naiveStarted = performance.now();
  for (const p of list) {
    if ((performance.now() - naiveStarted) / 1000 > naiveSeconds) break;
    const r = await timed(() => naiveLookup(db, p));
    naiveMs.push(r.ms);
    seenNaive.set(p.signalId, r.value);
  }
  log(`  naive: ${naiveMs.length} probes, p50 ${stats(naiveMs).p50} ms, p95 ${stats(naiveMs).p95} ms`);
  const loadAfter = os.loadavg().map((v) => round(v, 2));

  // Untimed diagnostics: the raw candidate ids of findCandidateIds (before scoring and the top 10),
  // and for each mention whether its selective keys hit PER_KEY_FANOUT (then the lateral LIMIT picks
  // an arbitrary subset of the entities sharing that key).
  const retrievedOf = new Map<string, Map<string, { found: string[]; probe: KeyRow[] }>>();
  for (const p of list) {
    const r = new Map<string, { found: string[]; probe: KeyRow[] }>();
    await candidatesOnly(b, p.signalId, r);
    retrievedOf.set(p.signalId, r);
  }
  /** Why findCandidateIds missed the true record: no shared selective key, a shared key over the fan-out cap, or the top-50 cut. */
  const whyMissed = async (probe: KeyRow[], trueId: string) => {
    const theirs = new Set(((await loadKeyRows(db, [trueId])).get(trueId) ?? []).map((k) => `${k.field}:${k.hash}`));
    let saturated = 0;
    let selective = 0;
    for (const k of probe) {
      if (!RETRIEVAL_CODES.includes(k.field) || !theirs.has(`${k.field}:${k.hash}`)) continue;
      selective++;
      const [row] = await rawRows<{ n: string }>(
        db,
        sql`select count(*)::text as n from (select 1 from entity_keys where hash = ${k.hash.toString()}::bigint and field = ${k.field} limit ${PER_KEY_FANOUT + 1}) x`,
      );
      if (Number(row!.n) > PER_KEY_FANOUT) saturated++;
    }
    return { saturated, selective };
  };

  // --- recall against the generator's truth
  type Tally = {
    mentions: number; inMatches: number; inCandidates: number; inRetrieved: number; naiveMentions: number; inNaive: number; naiveHits: number;
    /** Missed by findCandidateIds: no selective key in common / every shared selective key over PER_KEY_FANOUT / some / none (cut by the limit of 50). */
    missedNoSharedKey: number; missedAllKeysSaturated: number; missedSomeKeysSaturated: number; missedNoKeySaturated: number;
    /** Retrieved but not among the matches: the true record scores below the threshold / at or above it but outside the top 10. */
    lostBelowThreshold: number; lostOutsideTop: number;
  };
  const tally = new Map<string, Tally>();
  const bump = (kind: string, f: (t: Tally) => void) => {
    for (const k of [kind, 'all']) {
      const t = tally.get(k) ?? { mentions: 0, inMatches: 0, inCandidates: 0, inRetrieved: 0, naiveMentions: 0, inNaive: 0, naiveHits: 0, missedNoSharedKey: 0, missedAllKeysSaturated: 0, missedSomeKeysSaturated: 0, missedNoKeySaturated: 0, lostBelowThreshold: 0, lostOutsideTop: 0 };
      f(t);
      tally.set(k, t);
    }
  };
  let probesAllFound = 0;
  let probesWithTruth = 0;
  for (const p of list) {
    const m = seenMatches.get(p.signalId)!;
    const c = seenCandidates.get(p.signalId)!;
    const naive = seenNaive.get(p.signalId);
    let all = true;
    let any = false;
    for (const [ownId, t] of p.truthOf) {
      if (!t.registerEntityId) continue;
      any = true;
      const hit = (m.get(ownId) ?? []).includes(t.registerEntityId);
      if (!hit) all = false;
      const ret = retrievedOf.get(p.signalId)!.get(ownId);
      const inRetrieved = (ret?.found ?? []).includes(t.registerEntityId);
      const sat = !inRetrieved && ret ? await whyMissed(ret.probe, t.registerEntityId) : null;
      let lostScore: number | null = null;
      if (inRetrieved && !hit && ret) {
        const theirs = (await loadKeyRows(db, [t.registerEntityId])).get(t.registerEntityId) ?? [];
        lostScore = matchEntities(keysFromRows(t.kind, ret.probe), keysFromRows(t.kind, theirs)).score;
      }
      bump(t.kind, (x) => {
        x.mentions++;
        if (hit) x.inMatches++;
        if ((c.get(ownId) ?? []).includes(t.registerEntityId!)) x.inCandidates++;
        if (inRetrieved) x.inRetrieved++;
        if (lostScore !== null) {
          if (lostScore < CANDIDATE_THRESHOLD) x.lostBelowThreshold++;
          else x.lostOutsideTop++;
        }
        if (sat) {
          if (sat.selective === 0) x.missedNoSharedKey++;
          else if (sat.saturated === sat.selective) x.missedAllKeysSaturated++;
          else if (sat.saturated > 0) x.missedSomeKeysSaturated++;
          else x.missedNoKeySaturated++;
        }
      });
    }
    if (any) {
      probesWithTruth++;
      if (all) probesAllFound++;
    }
    // Naive recall: its result sets are keyed by the mention's text.
    if (naive) {
      p.input.persons.forEach((person, k) => {
        const t = p.truth.persons[k];
        const got = naive.get(`person:${person.fullName}`);
        if (t && got) bump('person', (x) => ((x.naiveMentions++, (x.naiveHits += got.size)), got.has(t.bsn) && x.inNaive++));
      });
      p.input.organisations.forEach((org, k) => {
        const t = p.truth.organisations[k];
        const got = naive.get(`organisation:${org.name}`);
        if (t && got) bump('organisation', (x) => ((x.naiveMentions++, (x.naiveHits += got.size)), got.has(extIdOf.organisation(t).extId) && x.inNaive++));
      });
      p.input.addresses.forEach((a, k) => {
        const t = p.truth.addresses[k];
        const got = naive.get(`address:${a.postcode.replace(/\s+/g, '').toUpperCase()}|${a.houseNumber}`);
        if (t && got) bump('address', (x) => ((x.naiveMentions++, (x.naiveHits += got.size)), got.has(t.nummeraanduiding_id) && x.inNaive++));
      });
    }
  }
  const ratio = (a: number, b2: number) => (b2 ? round(a / b2, 3) : null);
  const recall: Record<string, unknown> = {
    probesWithTruth,
    probesAllMentionsFound: ratio(probesAllFound, probesWithTruth),
  };
  for (const [kind, t] of tally) {
    recall[kind] = {
      mentions: t.mentions,
      matches: ratio(t.inMatches, t.mentions),
      candidates: ratio(t.inCandidates, t.mentions),
      retrieved: ratio(t.inRetrieved, t.mentions),
      missedByRetrieval: {
        noSharedSelectiveKey: t.missedNoSharedKey,
        allSharedKeysOverFanout: t.missedAllKeysSaturated,
        someSharedKeysOverFanout: t.missedSomeKeysSaturated,
        cutByLimit: t.missedNoKeySaturated,
      },
      lostAfterRetrieval: {
        belowThreshold: t.lostBelowThreshold,
        outsideTop10: t.lostOutsideTop,
      },
      naiveMentions: t.naiveMentions,
      naive: ratio(t.inNaive, t.naiveMentions),
      naiveRowsPerMention: ratio(t.naiveHits, t.naiveMentions),
    };
  }

  const sizesNow = await tableSizes(b, ['entities', 'entity_keys', NAIVE_TABLE]);
  const result: SizeResult = {
    label,
    database: b.postgresVersion,
    registers: { addresses: o.addresses, persons: o.persons, companies: o.companies, total: registersTotal },
    imports: imports.map(({ report: _r, ...rest }) => ({ ...rest, seconds: round(rest.seconds, 1) })),
    loadSeconds: round(loadSeconds, 1),
    naiveLoadSeconds: round(naiveLoadSeconds, 1),
    sizes: sizesNow,
    probes: { signals: list.length, entities, mentionsWithTruth, submitSeconds: round(submitSeconds, 1), entitiesPerSignal: round(entities / list.length, 2) },
    latencyMs: { matches: stats(matchesMs), candidates: stats(candidatesMs), naive: { ...stats(naiveMs), probesTimed: naiveMs.length, budgetSeconds: naiveSeconds } },
    recall,
    loadAverage: { beforeTiming: loadBefore, afterTiming: loadAfter },
    otherLoadCoresBeforeTiming: otherLoad,
  };
  if (!values.keep && !reuse) {
    await b.drop();
    open.delete(b);
  } else await b.database.close();
  return result;
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const results: SizeResult[] = [];
  const date = new Date().toISOString().slice(0, 10);
  const out =
    values.out ?? path.join(REPO_ROOT, 'bench/results', `lookup-${values.pglite ? 'pglite-' : ''}${date}${values.pglite ? '' : `-${sizes.map((s) => (s >= 1e6 ? `${s / 1e6}m` : `${s / 1e3}k`)).join('-')}`}.json`);
  const write = () => {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          benchmark: 'lookup',
          description:
            'Candidate lookup for one signal (all its entities) against imported registers: EntityService.matches() (= GET /api/signals/:id/matches minus HTTP), its candidate repository calls alone, and a naive plaintext ILIKE/equality scan',
          date: new Date().toISOString(),
          machine: { ...machine, loadAverageAtEnd: os.loadavg().map((v) => round(v, 2)) },
          settings: { sizes, probes, seed, pglite: values.pglite, loader: values.loader, parallelImport: values['parallel-import'], naiveSeconds, candidatesPerEntity: CANDIDATES_PER_ENTITY, threshold: CANDIDATE_THRESHOLD },
          results,
        },
        null,
        2,
      )}\n`,
    );
  };
  for (const total of sizes) {
    results.push(await runSize(total));
    write(); // after every size, so a later failure keeps what was measured
  }
  const rows = results.map((r) => [
    r.label,
    r.registers.total,
    r.sizes.entity_keys!.rows,
    r.latencyMs.matches.p50,
    r.latencyMs.matches.p95,
    r.latencyMs.matches.p99,
    r.latencyMs.matches.max,
    r.latencyMs.candidates.p50,
    r.latencyMs.candidates.p95,
    r.latencyMs.naive.p50,
    r.latencyMs.naive.p95,
    `${r.latencyMs.naive.probesTimed}`,
  ]);
  console.log(
    markdownTable(
      ['size', 'register rows', 'entity_keys rows', 'matches p50', 'p95', 'p99', 'max', 'candidates p50', 'p95', 'naive p50', 'p95', 'naive probes'],
      rows,
    ),
  );
  console.log(JSON.stringify(results.map((r) => ({ label: r.label, recall: r.recall, sizes: r.sizes, imports: r.imports })), null, 1));
  console.log(`Written: ${path.relative(REPO_ROOT, out)}`);
}

await runBenchmark(main, cleanup, budgetSeconds);
