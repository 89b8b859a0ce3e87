/**
 * The monitoring dashboard (issue 5) on PostgreSQL at 10k and 1M signals: every query of
 * src/server/modules/stats/dashboard.repo.ts timed on its own, and the whole service calls
 * (DashboardService.dashboard for the coordinator — exact — and for the analyst — protected, with
 * complementary suppression —, and the aggregated export), warm, over varied filters (years, form
 * filters, granularities). p50 / p95 / max per query.
 *
 * Per size: a fresh database next to DATABASE_URL (migrations, the Lopik configuration, demo accounts),
 * signals written directly by bench/lib/signals-bulk.ts (batched insert … from unnest; several years,
 * seasonal months, realistic states, outcomes, forms, departments, contexts, referrals with feedback and
 * due dates, reporter feedback), `vacuum analyze`, one warm-up pass of every case, then `--reps` timed rounds.
 * Optionally the evaluation report as PDF and DOCX (--evaluation, see timeEvaluation). The load average is recorded with every
 * query's series. Writes JSON to bench/results/ and drops the database, also on failure or Ctrl-C.
 *
 * --keep / --reuse NAME are for working on the queries: keep the loaded database, and time again on it
 * later (migrations are applied again, so new indexes are picked up). Drop it afterwards
 * (`--drop NAME`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, rawRows, type Db, type DbOrTx } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import type { Actor } from '../src/server/lib/actor.js';
import { fixedClock } from '../src/server/lib/clock.js';
import { generateEvaluation } from '../src/server/modules/evaluation/evaluation.service.js';
import { addMonths } from '../src/server/modules/stats/dashboard.figures.js';
import {
  feedbackDays,
  leadTimes,
  listDepartmentsForStats,
  listPartnersForStats,
  openWork,
  signalAtoms,
  signalRows,
} from '../src/server/modules/stats/dashboard.repo.js';
import { createDashboardService } from '../src/server/modules/stats/dashboard.service.js';
import { loadMonthFacts } from '../src/server/modules/stats/month-facts.repo.js';
import type { DashboardGranularity } from '../src/shared/api/dashboard.js';
import type { EvaluationFormat } from '../src/shared/api/evaluation.js';
import type { ExploitationForm } from '../src/shared/domain.js';
import { createBenchDb, loopbackUrl, tableSizes, withAdmin } from './lib/registers-db.js';
import { loadSignalsDirect, type BulkTruth } from './lib/signals-bulk.js';
import { checkIdle, machineInfo, markdownTable, parseSize, percentile, REPO_ROOT, round, runBenchmark } from './lib/util.js';

const USAGE = `Usage: npx tsx bench/dashboard.bench.ts [--sizes 10k,1m] [--reps 20] [--years 2019-2026] [--today 2026-12-02]
       [--seed 1] [--out FILE] [--budget SECONDS] [--keep] [--reuse DBNAME] [--drop DBNAME] [--only REGEX] [--evaluation]

  --sizes     signals per run (each in its own database)
  --reps      timed rounds per case (each round takes the next filter combination), default 20;
              the coordinator's pseudonymised signal rows (an export of a whole year) get reps/4
  --years     calendar years the signals are received in; the timed years are the last three
  --today     the clock of the services and the loader: nothing is received later; open work is as of this day
  --keep      do not drop the database at the end (prints its name); --reuse NAME: time on it again, no load
  --only      time only the cases whose name matches
  --evaluation  also time the evaluation report (PDF and DOCX, src/server/modules/evaluation)
Environment: DATABASE_URL (loopback only; default postgres://postgres@127.0.0.1:5432/test)`;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,1000000' },
    reps: { type: 'string', default: '20' },
    years: { type: 'string', default: '2019-2026' },
    today: { type: 'string', default: '2026-12-02' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    budget: { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    drop: { type: 'string' },
    only: { type: 'string' },
    evaluation: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const sizes = values.reuse ? [0] : values.sizes!.split(',').map(parseSize);
const reps = Number(values.reps);
const [firstYear, lastYear] = values.years!.split('-').map(Number) as [number, number];
const today = values.today!;
if (!Number.isInteger(reps) || reps < 1 || reps > 1000 || !(firstYear >= 2000 && lastYear >= firstYear + 2 && lastYear <= 2100) || sizes.some((n) => n < 0 || n > 5_000_000)) {
  console.error(`Out of bounds.\n\n${USAGE}`);
  process.exit(2);
}
const baseUrl = loopbackUrl(process.env.DATABASE_URL);
const budgetSeconds = Number(values.budget ?? 2400 * sizes.length);
const only = values.only ? new RegExp(values.only) : null;

const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
const load = () => os.loadavg().map((v) => round(v, 2));

const cleanups: (() => Promise<void>)[] = [];
const cleanup = async () => {
  for (const c of cleanups.splice(0)) await c().catch((e) => console.error('cleanup failed:', e));
};

if (values.drop) {
  const name = values.drop;
  if (!/^meldroute_bench_[a-z0-9_]+$/.test(name)) throw new Error('only meldroute_bench_* databases');
  await withAdmin(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
  console.error(`dropped ${name}`);
  process.exit(0);
}

function stats(ms: number[]) {
  const s = Float64Array.from(ms).sort();
  return { n: s.length, p50: round(percentile(s, 50), 1), p95: round(percentile(s, 95), 1), max: round(s[s.length - 1] ?? Number.NaN, 1) };
}

// ---------------------------------------------------------------------------------------------

interface Ctx {
  db: DbOrTx;
  municipalityId: string;
  coordinator: Actor;
  analyst: Actor;
}

async function actorsOf(db: DbOrTx, municipalityId: string) {
  const users = await rawRows<{ id: string; role: string; department_id: string | null }>(
    db,
    sql`select id::text as id, role, department_id::text as department_id from users where municipality_id = ${municipalityId}::uuid order by username`,
  );
  const actorOf = (role: string): Actor => {
    const u = users.find((x) => x.role === role);
    if (!u) throw new Error(`no demo user with role ${role}`);
    return { userId: u.id, municipalityId, role: u.role as Actor['role'], departmentId: u.department_id, origin: { ip: '127.0.0.1', userAgent: 'meldroute-bench' } };
  };
  return { coordinator: actorOf('coordinator'), analyst: actorOf('analyst') };
}

/** The filter combinations, taken round-robin by the timed rounds. */
const YEARS = [lastYear - 1, lastYear - 2, lastYear];
const GRANULARITIES: DashboardGranularity[] = ['month', 'quarter', 'year'];
const COORDINATOR_FORMS: (ExploitationForm[] | null)[] = [null, ['sexual'], ['labour', 'criminal'], ['organ_removal'], ['unknown']];
const ANALYST_FORMS: (ExploitationForm[] | null)[] = [null, ['sexual'], ['labour'], ['criminal']];
const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;
const yearRange = (y: number) => ({ from: `${y}-01`, to: `${y}-12` });

/** Raise the version of the months in [from, to], as the triggers of migration 0014 do on a change. */
async function staleMonths(c: Ctx, from: string, to: string): Promise<void> {
  await c.db.execute(sql`update stats_months set version = version + 1 where municipality_id = ${c.municipalityId} and month between ${from} and ${to}`);
}

interface Case {
  name: string;
  what: string;
  reps?: number;
  run(c: Ctx, i: number): Promise<unknown>;
}

function cases(service: ReturnType<typeof createDashboardService>): Case[] {
  return [
    {
      name: 'repo.signalAtoms',
      what: 'atoms of a year and the year before (24 months, as dashboard() asks)',
      run: (c, i) => {
        const { from, to } = yearRange(pick(YEARS, i));
        return signalAtoms(c.db, c.municipalityId, addMonths(from, -12), to);
      },
    },
    {
      name: 'repo.leadTimes',
      what: 'lead times of a year, form filter varied',
      run: (c, i) => {
        const { from, to } = yearRange(pick(YEARS, i));
        return leadTimes(c.db, c.municipalityId, from, to, pick(COORDINATOR_FORMS, i));
      },
    },
    {
      name: 'repo.feedbackDays',
      what: 'feedback days per partner of a year, form filter varied',
      run: (c, i) => {
        const { from, to } = yearRange(pick(YEARS, i));
        return feedbackDays(c.db, c.municipalityId, from, to, pick(COORDINATOR_FORMS, i));
      },
    },
    {
      name: 'repo.loadMonthFacts warm',
      what: 'the monthly pre-aggregate of a year and the year before (24 months, as dashboard() reads it), all months fresh',
      run: (c, i) => {
        const { from, to } = yearRange(pick(YEARS, i));
        return loadMonthFacts(c.db, c.municipalityId, addMonths(from, -12), to);
      },
    },
    {
      name: 'repo.loadMonthFacts one stale month',
      what: 'the same 24 months after a change in one of them (its version raised first, as a trigger does): one month recomputed',
      run: async (c, i) => {
        const { from, to } = yearRange(pick(YEARS, i));
        await staleMonths(c, `${to.slice(0, 4)}-06`, `${to.slice(0, 4)}-06`);
        return loadMonthFacts(c.db, c.municipalityId, addMonths(from, -12), to);
      },
    },
    {
      name: 'repo.loadMonthFacts cold',
      what: 'the same 24 months all stale (after a partner changed kind, or the first read after an upgrade): every month recomputed',
      reps: Math.max(3, Math.floor(reps / 4)),
      run: async (c, i) => {
        const { from, to } = yearRange(pick(YEARS, i));
        await staleMonths(c, addMonths(from, -12), to);
        return loadMonthFacts(c.db, c.municipalityId, addMonths(from, -12), to);
      },
    },
    { name: 'repo.openWork', what: 'open signals per state and overdue referrals, now', run: (c) => openWork(c.db, c.municipalityId, today) },
    { name: 'repo.listPartnersForStats', what: 'the partner directory', run: (c) => listPartnersForStats(c.db, c.municipalityId) },
    { name: 'repo.listDepartmentsForStats', what: 'the departments', run: (c) => listDepartmentsForStats(c.db, c.municipalityId) },
    {
      name: 'repo.signalRows',
      what: "the coordinator's pseudonymised signal rows of a whole year (an export, not a dashboard query)",
      reps: Math.max(3, Math.floor(reps / 4)),
      run: (c, i) => {
        const { from, to } = yearRange(pick(YEARS, i));
        return signalRows(c.db, c.municipalityId, from, to);
      },
    },
    {
      name: 'service.dashboard coordinator',
      what: 'dashboard() exact: year, granularity and forms varied (incl. two forms)',
      run: (c, i) => service.dashboard(c.coordinator, { year: pick(YEARS, i), granularity: pick(GRANULARITIES, i), forms: pick(COORDINATOR_FORMS, i) ?? undefined }),
    },
    {
      name: 'service.dashboard coordinator after a change',
      what: 'dashboard() exact for the current year right after a change in its last month (that month recomputed)',
      run: async (c, i) => {
        await staleMonths(c, `${lastYear}-${today.slice(5, 7)}`, `${lastYear}-${today.slice(5, 7)}`);
        return service.dashboard(c.coordinator, { year: lastYear, granularity: pick(GRANULARITIES, i), forms: pick(COORDINATOR_FORMS, i) ?? undefined });
      },
    },
    {
      name: 'service.dashboard coordinator 3 months',
      what: 'dashboard() exact for a quarter-long month range',
      run: (c, i) => service.dashboard(c.coordinator, { from: `${pick(YEARS, i)}-04`, to: `${pick(YEARS, i)}-06`, granularity: 'month', forms: pick(COORDINATOR_FORMS, i) ?? undefined }),
    },
    {
      name: 'service.dashboard analyst',
      what: 'dashboard() protected (table family + complementary suppression): year, granularity, none or one form',
      run: (c, i) => service.dashboard(c.analyst, { year: pick(YEARS, i), granularity: pick(GRANULARITIES, i), forms: pick(ANALYST_FORMS, i) ?? undefined }),
    },
    {
      name: 'service.exportDashboard csv',
      what: 'aggregated export (protected) as CSV, analyst',
      run: (c, i) => service.exportDashboard(c.analyst, { year: pick(YEARS, i), granularity: pick(GRANULARITIES, i), forms: pick(ANALYST_FORMS, i) ?? undefined, format: 'csv' }),
    },
    {
      name: 'service.exportDashboard xlsx',
      what: 'aggregated export (protected) as XLSX, coordinator',
      run: (c, i) => service.exportDashboard(c.coordinator, { year: pick(YEARS, i), granularity: 'month', forms: pick(ANALYST_FORMS, i) ?? undefined, format: 'xlsx' }),
    },
    {
      name: 'report data: dashboard analyst x2 years',
      what: "the evaluation's figures for a two-year period: dashboard() protected for each of the two years (month granularity)",
      reps: Math.max(3, Math.floor(reps / 2)),
      run: async (c, i) => {
        const y = pick(YEARS.slice(0, 2), i);
        return Promise.all([service.dashboard(c.analyst, { year: y - 1, granularity: 'month' }), service.dashboard(c.analyst, { year: y, granularity: 'month' })]);
      },
    },
  ];
}

interface CaseResult {
  name: string;
  what: string;
  ms: ReturnType<typeof stats>;
  loadAverage: number[];
}

async function timeCases(c: Ctx, service: ReturnType<typeof createDashboardService>): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const k of cases(service)) {
    if (only && !only.test(k.name)) continue;
    const n = k.reps ?? reps;
    // Warm-up: every filter combination once (caches, plans).
    for (let i = 0; i < Math.min(n, 6); i++) await k.run(c, i);
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await k.run(c, i);
      ms.push(performance.now() - t);
    }
    const r = { name: k.name, what: k.what, ms: stats(ms), loadAverage: load() };
    log(`  ${k.name}: p50 ${r.ms.p50} ms, p95 ${r.ms.p95} ms, max ${r.ms.max} ms (load ${r.loadAverage.join(' ')})`);
    out.push(r);
  }
  return out;
}

/**
 * The evaluation report (issue 5.4) for the two years up to `today`, as PDF and as DOCX: every query
 * behind it, the charts and the rendering, end to end (generateEvaluation). Fewer rounds than the
 * queries: a report is made a few times a year, not per page view. Reports time and size.
 */
async function timeEvaluation(c: Ctx): Promise<{ fromYear: number; formats: { format: EvaluationFormat; ms: ReturnType<typeof stats>; bytes: number }[] }> {
  const fromYear = Number(today.slice(0, 4)) - 1;
  const deps = { db: c.db as Db, clock: fixedClock(`${today}T12:00:00Z`) };
  const rounds = Math.max(3, Math.ceil(reps / 4));
  const formats: { format: EvaluationFormat; ms: ReturnType<typeof stats>; bytes: number }[] = [];
  for (const format of ['pdf', 'docx'] as const) {
    let bytes = (await generateEvaluation(deps, c.municipalityId, fromYear, format)).body.length; // warm-up
    const ms: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      bytes = (await generateEvaluation(deps, c.municipalityId, fromYear, format)).body.length;
      ms.push(performance.now() - t);
    }
    const r = { format, ms: stats(ms), bytes };
    log(`  evaluation ${fromYear}–${fromYear + 1} ${format}: p50 ${r.ms.p50} ms, p95 ${r.ms.p95} ms, ${bytes} bytes`);
    formats.push(r);
  }
  return { fromYear, formats };
}

interface SizeResult {
  label: string;
  database: string;
  postgresVersion: string;
  truth: BulkTruth | null;
  loadSeconds: number | null;
  tables: Record<string, unknown>;
  otherLoadCoresBeforeTiming: number | null;
  loadAverage: { beforeTiming: number[]; afterTiming: number[] };
  cases: CaseResult[];
  evaluation: unknown;
}

async function runSize(total: number): Promise<SizeResult> {
  let ctx: Ctx;
  let name: string;
  let postgresVersion: string;
  let truth: BulkTruth | null = null;
  let loadSeconds: number | null = null;
  const label = values.reuse ? 'reuse' : total >= 1e6 ? `${total / 1e6}m` : `${total / 1e3}k`;
  if (values.reuse) {
    name = values.reuse;
    if (!/^meldroute_bench_[a-z0-9_]+$/.test(name)) throw new Error('only meldroute_bench_* databases');
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    url.searchParams.set('options', '-c statement_timeout=600000');
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
    cleanups.push(() => database.close());
    await runMigrations(database);
    const [m] = await rawRows<{ id: string }>(database.db, sql`select id::text as id from municipalities order by code limit 1`);
    ctx = { db: database.db, municipalityId: m!.id, ...(await actorsOf(database.db, m!.id)) };
    postgresVersion = (await rawRows<{ v: string }>(database.db, sql`show server_version`))[0]!.v ?? '';
    await database.db.execute(sql`vacuum analyze`);
  } else {
    const b = await createBenchDb(baseUrl, `dash_${label.replace('.', '_')}`);
    name = b.name!;
    postgresVersion = b.postgresVersion;
    if (values.keep) cleanups.push(async () => { await b.database.close(); console.error(`kept database ${name}`); });
    else cleanups.push(() => b.drop());
    log(`${label}: database ${name} (${b.postgresVersion})`);
    ctx = { db: b.database.db, municipalityId: b.municipalityId, ...(await actorsOf(b.database.db, b.municipalityId)) };
    const t = performance.now();
    let next = 0;
    truth = await loadSignalsDirect(b.database.db, {
      municipalityId: b.municipalityId,
      coordinatorId: b.coordinator.userId,
      vault: b.vault,
      signals: total,
      firstYear,
      lastYear,
      today,
      seed: Number(values.seed),
      onProgress: (done) => {
        if (done >= next) {
          log(`  loaded ${done} signals (${Math.round(done / ((performance.now() - t) / 1000))}/s)`);
          next += Math.max(10_000, total / 10);
        }
      },
    });
    // VACUUM as well as ANALYZE: autovacuum is off on this machine, and index-only scans (the open-work counts)
    // need the visibility map a running database's autovacuum keeps; without it they fetch every heap row.
    await b.database.db.execute(sql`vacuum analyze`);
    loadSeconds = round((performance.now() - t) / 1000, 1);
    log(`  ${truth.signals} signals, ${truth.referrals} referrals, ${truth.reporterFeedback} reporter feedback rows in ${loadSeconds} s`);
  }
  const tables = await tableSizes({ database: { db: ctx.db } } as never, ['signals', 'referrals', 'reporter_feedback']);
  const service = createDashboardService({ db: ctx.db as never, clock: fixedClock(`${today}T12:00:00Z`) });
  // Sanity: the dashboard's total for a year equals what was loaded.
  const check = await service.dashboard(ctx.coordinator, { year: lastYear - 1, granularity: 'year' });
  log(`  check: dashboard ${lastYear - 1} total ${check.totals.signals.value}${truth ? `, loaded ${truth.perYear[lastYear - 1]}` : ''}`);

  const beforeTiming = load();
  const otherLoad = await checkIdle();
  const results = await timeCases(ctx, service);
  const evaluation = values.evaluation ? await timeEvaluation(ctx) : null;
  return {
    label,
    database: name,
    postgresVersion,
    truth,
    loadSeconds,
    tables,
    otherLoadCoresBeforeTiming: otherLoad,
    loadAverage: { beforeTiming, afterTiming: load() },
    cases: results,
    evaluation,
  };
}

await runBenchmark(
  async () => {
    const machine = machineInfo();
    const results: SizeResult[] = [];
    for (const n of sizes) results.push(await runSize(n));
    const out = values.out ?? path.join(REPO_ROOT, 'bench/results', `dashboard-${new Date().toISOString().slice(0, 10)}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ benchmark: 'dashboard', date: new Date().toISOString(), machine, options: { sizes, reps, years: values.years, today }, results }, null, 2)}\n`);
    log(`wrote ${path.relative(REPO_ROOT, out)}`);
    const names = [...new Set(results.flatMap((r) => r.cases.map((c) => c.name)))];
    const header = ['query', ...results.flatMap((r) => [`${r.label} p50`, `${r.label} p95`, `${r.label} max`])];
    console.log(
      markdownTable(
        header,
        names.map((n) => [
          n,
          ...results.flatMap((r): (string | number)[] => {
            const c = r.cases.find((x) => x.name === n);
            return c ? [c.ms.p50, c.ms.p95, c.ms.max] : ['', '', ''];
          }),
        ]),
      ),
    );
  },
  cleanup,
  budgetSeconds,
);
