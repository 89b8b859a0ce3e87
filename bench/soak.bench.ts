/**
 * Soak (issue 7.3): the real server under a realistic, bounded mix of users for a long time (default 30 minutes),
 * reporting errors, latency over time and the server's memory.
 *
 * The server (`node --import tsx src/server/main.ts`, or `node dist/server/main.js` with --dist) runs as a child
 * process on 127.0.0.1 on a new database: a scratch PostgreSQL database next to DATABASE_URL (default) or PGlite
 * in a temporary directory. Its background jobs (mail, reminders, statistics refresh, retention) run as in
 * production. Every user is a closed loop — one request at a time, then a pause drawn from an exponential
 * distribution — so the load is bounded by the number of users, not by how fast the server answers:
 *
 *   - employees (demo reporters and the liaison, several sessions each): mostly submit a signal through the form's
 *     API (POST /api/signals with an Idempotency-Key; persons, organisations and addresses drawn from small pools so
 *     that signals share entities and the matching has work), sometimes look at their own signals;
 *   - coordinators (the coordinator and the deputy): open the worklist and the signal list, take the next new
 *     signal (each signal is taken by one of them), read it with its matches, linked signals and enrichment,
 *     record it, add an enrichment note, and either refer it to a suggested partner or inform the reporter and
 *     close it without grounds; referrals older than a minute get their feedback recorded, the reporter is informed
 *     and the signal is closed;
 *   - dashboard viewers (the coordinator and the analyst): this year's dashboard by month, by quarter, filtered by
 *     form, last year's, and now and then a CSV export.
 *
 * Every few seconds the script reads the server's own Prometheus metrics (GET /metrics with a generated token):
 * resident memory, V8 heap in use, event-loop lag. Per window (default 60 s) it reports requests, errors, p50/p99
 * latency overall and per kind, and memory; at the end a summary per request kind and the memory trend (least
 * squares over the windows' lowest heap after the warm-up, MB per hour). Any non-2xx answer, network error or
 * timeout is an error and is listed with its kind and status. Writes JSON to bench/results/; exits 1 when there
 * were errors or the server logged an error. Removes the data directory and drops the database afterwards, also on
 * failure or Ctrl-C.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SignalInput } from '../src/shared/api/signal.js';
import { EXPLOITATION_FORMS, SOURCE_CONTEXTS } from '../src/shared/domain.js';
import {
  REQUEST_TIMEOUT_MS,
  type Session,
  errorLines,
  login,
  loopbackDatabaseUrl,
  requireDist,
  scratchDatabase,
  serverEnv,
  sessionHeaders,
  startServer,
  stopAllServers,
} from './lib/app-server.js';
import {
  REPO_ROOT,
  checkIdle,
  cleanupSteps,
  freePort,
  machineInfo,
  markdownTable,
  percentile,
  processCpuMs,
  round,
  runBenchmark,
  sleep,
  stopChild,
} from './lib/util.js';

const USAGE = `Usage: nice -n 5 npx tsx bench/soak.bench.ts [options]

Options:
  --database KIND     postgres (default) or pglite
  --minutes N         length of the load (default 30, max 180)
  --warmup N          minutes at the start left out of the memory trend (default 3)
  --window N          seconds per reported window (default 60, 10..600)
  --report-every N    windows per row of the Markdown table (default 5)
  --employees N       employee sessions (default 12, max 60)
  --coordinators N    coordinator sessions (default 2, max 4)
  --viewers N         dashboard viewer sessions (default 2, max 8)
  --pace X            multiply every pause by X (default 1; 0.5 is twice the load)
  --dist              run the built server (dist/server/main.js; build it first)
  --keep              PostgreSQL: keep the database at the end (prints its name; drop it yourself)
  --out FILE          JSON output (default bench/results/soak-<database>-<date>.json)

Environment:
  DATABASE_URL        PostgreSQL server on loopback (default postgres://postgres@127.0.0.1:5432/test); a new
                      database meldroute_bench_soak_<random> is created there and dropped afterwards`;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const database = argValue('--database') ?? 'postgres';
const minutes = Number(argValue('--minutes') ?? 30);
const warmupMinutes = Number(argValue('--warmup') ?? 3);
const windowSeconds = Number(argValue('--window') ?? 60);
const reportEvery = Number(argValue('--report-every') ?? 5);
const employeeCount = Number(argValue('--employees') ?? 12);
const coordinatorCount = Number(argValue('--coordinators') ?? 2);
const viewerCount = Number(argValue('--viewers') ?? 2);
const pace = Number(argValue('--pace') ?? 1);
const useDist = process.argv.includes('--dist');
const inRange = (v: number, min: number, max: number) => Number.isFinite(v) && v >= min && v <= max;
if (
  (database !== 'postgres' && database !== 'pglite') ||
  !inRange(minutes, 0.5, 180) || !inRange(warmupMinutes, 0, minutes) || !inRange(windowSeconds, 10, 600) ||
  !Number.isInteger(reportEvery) || !inRange(reportEvery, 1, 60) ||
  !Number.isInteger(employeeCount) || !inRange(employeeCount, 1, 60) ||
  !Number.isInteger(coordinatorCount) || !inRange(coordinatorCount, 1, 4) ||
  !Number.isInteger(viewerCount) || !inRange(viewerCount, 0, 8) || !inRange(pace, 0.05, 20)
) {
  console.error(`Out of bounds.\n\n${USAGE}`);
  process.exit(2);
}
requireDist(useDist);
const baseUrl = database === 'postgres' ? loopbackDatabaseUrl() : null;

const EMPLOYEES = ['melder', 'melder2', 'taakaccenthouder'];
const COORDINATORS = ['aandachtsfunctionaris', 'plaatsvervanger'];
const VIEWERS = ['aandachtsfunctionaris', 'analist'];
/** Mean pauses (ms) before each request of a kind of user, before --pace. */
const PAUSE = { employee: 3_000, coordinator: 750, viewer: 2_500 };
const METRICS_EVERY_MS = 5_000;
/** A referral gets its feedback this long after it was sent, at the earliest. */
const FEEDBACK_AFTER_MS = 60_000;

const { cleanups, cleanup } = cleanupSteps();
cleanups.push(stopAllServers);
const budgetSeconds = 300 + minutes * 60 * 1.1;

// ---------------------------------------------------------------------------
// Recording

type Kind =
  | 'submit'
  | 'own.list'
  | 'own.read'
  | 'worklist'
  | 'list'
  | 'read'
  | 'matches'
  | 'linked'
  | 'enrichment'
  | 'register'
  | 'note'
  | 'suggestions'
  | 'refer'
  | 'feedback'
  | 'inform'
  | 'close'
  | 'dashboard'
  | 'export';

interface WindowData {
  latencies: Map<Kind, number[]>;
  errors: number;
}

interface MemorySample {
  atS: number;
  rssMb: number;
  heapUsedMb: number;
  eventLoopLagP99Ms: number;
}

/** When the load started: windows and samples are counted from here. */
let startedAt = performance.now();
const windows: WindowData[] = [];
const memory: MemorySample[] = [];
const errorsSeen: { atS: number; kind: Kind; status: number | string; body: string }[] = [];
let stopping = false;

/** Windows of the load; a request still starting in the last moments of the load counts in the last one. */
const windowCount = Math.ceil((minutes * 60) / windowSeconds);

function windowAt(ms: number): WindowData {
  const i = Math.min(windowCount - 1, Math.floor(ms / (windowSeconds * 1000)));
  while (windows.length <= i) windows.push({ latencies: new Map(), errors: 0 });
  return windows[i]!;
}

function record(kind: Kind, started: number, ok: boolean): void {
  const now = performance.now();
  const w = windowAt(started - startedAt);
  let list = w.latencies.get(kind);
  if (!list) w.latencies.set(kind, (list = []));
  list.push(now - started);
  if (!ok) w.errors++;
}

// ---------------------------------------------------------------------------
// HTTP

let origin = '';

interface Answer<T> {
  ok: boolean;
  status: number;
  body: T | null;
}

/** One request as a user; any answer but 2xx (or the expected status) is an error and is listed. */
async function call<T = unknown>(
  session: Session,
  kind: Kind,
  method: 'GET' | 'POST',
  urlPath: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Answer<T>> {
  const started = performance.now();
  let status: number | string = 0;
  let text = '';
  try {
    const res = await fetch(`${origin}${urlPath}`, {
      method,
      headers: { ...sessionHeaders(session), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extraHeaders },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = res.status;
    text = await res.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    status = cause?.code ?? (error as Error).name;
  }
  const ok = typeof status === 'number' && status >= 200 && status < 300;
  // Requests cut off by the end of the run are not counted at all.
  if (stopping && !ok) return { ok, status: typeof status === 'number' ? status : 0, body: null };
  record(kind, started, ok);
  if (!ok && errorsSeen.length < 200) {
    const error = { atS: round((started - startedAt) / 1000, 1), kind, status, body: text.slice(0, 300) };
    errorsSeen.push(error);
    console.error(`[soak] error: ${error.atS} s ${method} ${kind} ${status} ${error.body}`);
  }
  let parsed: T | null = null;
  if (ok && text.length > 0 && !kind.startsWith('export')) {
    try {
      parsed = JSON.parse(text) as T;
    } catch {
      parsed = null;
    }
  }
  return { ok, status: typeof status === 'number' ? status : 0, body: parsed };
}

/** A pause drawn from an exponential distribution with the given mean (ms), bounded to 0.1–5 × the mean. */
async function pause(meanMs: number): Promise<void> {
  const mean = meanMs * pace;
  const ms = Math.min(5 * mean, Math.max(0.1 * mean, -Math.log(1 - Math.random()) * mean));
  const until = performance.now() + ms;
  while (!stopping && performance.now() < until) await sleep(Math.min(500, until - performance.now()));
}

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;
const today = () => new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------------------
// Employees

const FIRST = ['Jan', 'Piet', 'Anna', 'Fatima', 'Mohammed', 'Ewa', 'Tomasz', 'Ioana', 'Sanne', 'Daan', 'Olena', 'Ahmed'];
const LAST = ['van der Berg', 'de Vries', 'Jansen', 'Bakker', 'Kowalski', 'Popescu', 'el Amrani', 'Visser', 'Nowak', 'de Jong'];
const COMPANIES = ['Schoonmaak Lopik BV', 'Agro Uitzend BV', 'Nagelstudio Mooi', 'Bouwbedrijf IJssel', 'Massagesalon Lotus', 'Autowas Benschop'];
const POSTCODES = ['3411 AB', '3411 CD', '3412 EF', '3413 GH', '3415 KL', '3417 MN'];
const EXPLANATIONS = [
  'Man voert het woord voor een jonge vrouw en houdt haar paspoort vast.',
  'Meerdere arbeidsmigranten staan ingeschreven op één adres; de verhuurder is ook de werkgever.',
  'Bij een huisbezoek zag ik matrassen in de garage en mensen die niet Nederlands spreken.',
  'Een klant vertelt dat hij zijn loon contant krijgt en de schuld voor reis en huisvesting terugbetaalt.',
  'Jonge jongen wordt dagelijks door een oudere man opgehaald bij school; geld en nieuwe telefoon.',
];

function employeeSignal(): SignalInput {
  const observed = new Date(Date.now() - randomInt(0, 30) * 86_400_000).toISOString().slice(0, 10);
  const persons = Array.from({ length: randomInt(0, 3) }, () => ({
    fullName: `${pick(FIRST)} ${pick(LAST)}`,
    role: pick(['begeleider', 'mogelijk slachtoffer', 'werkgever']),
    phone: Math.random() < 0.4 ? `06 ${String(randomInt(10_000_000, 10_000_400))}` : undefined,
  }));
  const organisations = Math.random() < 0.5 ? [{ name: pick(COMPANIES), kvkNumber: String(30_000_000 + randomInt(0, 6)) }] : [];
  const addresses = Math.random() < 0.6 ? [{ postcode: pick(POSTCODES), houseNumber: randomInt(1, 40) }] : [];
  return {
    observedOn: observed,
    place: pick(['Publieksbalie', 'Huisbezoek', 'Controle bedrijfspand', 'Telefoon']),
    explanation: `${pick(EXPLANATIONS)} (soak ${randomUUID().slice(0, 8)})`,
    exploitationForms: [pick(EXPLOITATION_FORMS.filter((f) => f !== 'organ_removal'))],
    acuteDanger: Math.random() < 0.05,
    victimInvolved: pick(['yes', 'no', 'unknown'] as const),
    sourceContext: pick(SOURCE_CONTEXTS),
    persons,
    organisations,
    addresses,
  };
}

let submitted = 0;

async function employee(session: Session): Promise<void> {
  while (!stopping) {
    await pause(PAUSE.employee);
    if (stopping) break;
    if (Math.random() < 0.85) {
      const res = await call(session, 'submit', 'POST', '/api/signals', employeeSignal(), { 'idempotency-key': randomUUID() });
      if (res.ok) submitted++;
    } else {
      const own = await call<{ id: string }[]>(session, 'own.list', 'GET', '/api/my/signals');
      if (own.body && own.body.length > 0) {
        await pause(PAUSE.employee / 3);
        await call(session, 'own.read', 'GET', `/api/my/signals/${pick(own.body).id}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Coordinators

interface Summary {
  id: string;
}
interface Worklist {
  newSignals: Summary[];
}
interface Suggestion {
  partner: { id: string };
  ruleId: string;
  alreadyReferred: boolean;
}
interface Referral {
  id: string;
  partner: { kind: 'external' | 'internal_role' };
}

/** Signals taken by a coordinator (each is worked by one of them). */
const taken = new Set<string>();
/** Referred signals waiting for their partner's feedback. */
const awaitingFeedback: { signalId: string; referralId: string; external: boolean; sentAt: number }[] = [];
const handled = { registered: 0, referred: 0, closedNoGrounds: 0, closedAfterFeedback: 0 };

async function informAndClose(session: Session, signalId: string, outcome: 'referred' | 'no_grounds'): Promise<boolean> {
  const informed = await call(session, 'inform', 'POST', `/api/signals/${signalId}/reporter-feedback`, {
    impossible: false,
    givenOn: today(),
    text: 'Bedankt voor je melding; we hebben er iets mee gedaan.',
  });
  if (!informed.ok) return false;
  await pause(PAUSE.coordinator);
  return (await call(session, 'close', 'POST', `/api/signals/${signalId}/close`, { outcome })).ok;
}

async function coordinator(session: Session): Promise<void> {
  while (!stopping) {
    await pause(PAUSE.coordinator);
    const worklist = await call<Worklist>(session, 'worklist', 'GET', '/api/worklist');
    await pause(PAUSE.coordinator);
    await call(session, 'list', 'GET', `/api/signals?limit=50${Math.random() < 0.3 ? '&state=referred' : ''}`);

    // Feedback on a referral sent a while ago: record it, inform the reporter, close.
    const due = awaitingFeedback[0];
    if (due && performance.now() - due.sentAt > FEEDBACK_AFTER_MS && Math.random() < 0.5) {
      awaitingFeedback.shift();
      await pause(PAUSE.coordinator);
      const fed = await call(session, 'feedback', 'POST', `/api/referrals/${due.referralId}/feedback`, {
        receivedOn: today(),
        text: 'Partner heeft het signaal opgepakt en een gesprek gevoerd.',
      });
      // "Referred" is an outcome for a chain partner only; after the meldcode officer's advice (an internal role) the
      // signal closes without grounds for a referral.
      if (fed.ok && (await informAndClose(session, due.signalId, due.external ? 'referred' : 'no_grounds'))) handled.closedAfterFeedback++;
      continue;
    }

    const next = worklist.body?.newSignals.find((s) => !taken.has(s.id));
    if (!next || stopping) continue;
    taken.add(next.id);
    const id = next.id;
    for (const [kind, suffix] of [['read', ''], ['matches', '/matches'], ['linked', '/linked'], ['enrichment', '/enrichment']] as const) {
      await pause(PAUSE.coordinator);
      await call(session, kind, 'GET', `/api/signals/${id}${suffix}`);
    }
    await pause(PAUSE.coordinator);
    if (!(await call(session, 'register', 'POST', `/api/signals/${id}/register`)).ok) continue;
    handled.registered++;
    await pause(PAUSE.coordinator);
    await call(session, 'note', 'POST', `/api/signals/${id}/enrichment-notes`, {
      sourceSystem: pick(['Suite4Sociaal Domein', 'BRP', 'Zaaksysteem', 'Handhaving']),
      finding: 'Adres bekend bij handhaving: eerder controle op bewoning.',
    });
    await pause(PAUSE.coordinator);
    const suggestions = await call<Suggestion[]>(session, 'suggestions', 'GET', `/api/signals/${id}/referral-suggestions`);
    const suggestion = suggestions.body?.find((s) => !s.alreadyReferred);
    await pause(PAUSE.coordinator);
    if (suggestion && Math.random() < 0.7) {
      const referral = await call<Referral>(session, 'refer', 'POST', `/api/signals/${id}/referrals`, {
        partnerId: suggestion.partner.id,
        routingRuleId: suggestion.ruleId,
        referredOn: today(),
        channel: 'secure_email',
        sharedParts: ['explanation'],
      });
      if (referral.body) {
        handled.referred++;
        awaitingFeedback.push({ signalId: id, referralId: referral.body.id, external: referral.body.partner.kind === 'external', sentAt: performance.now() });
      }
    } else if (await informAndClose(session, id, 'no_grounds')) {
      handled.closedNoGrounds++;
    }
  }
}

// ---------------------------------------------------------------------------
// Dashboard viewers

async function viewer(session: Session): Promise<void> {
  const year = new Date().getFullYear();
  while (!stopping) {
    await pause(PAUSE.viewer);
    if (stopping) break;
    const r = Math.random();
    if (r < 0.05) {
      await call(session, 'export', 'GET', `/api/stats/dashboard/export?format=csv&year=${year}`);
    } else if (r < 0.55) {
      await call(session, 'dashboard', 'GET', '/api/stats/dashboard');
    } else if (r < 0.75) {
      await call(session, 'dashboard', 'GET', `/api/stats/dashboard?year=${year}&granularity=quarter`);
    } else if (r < 0.9) {
      await call(session, 'dashboard', 'GET', `/api/stats/dashboard?year=${year}&forms=${pick(['sexual', 'labour', 'criminal'])}`);
    } else {
      await call(session, 'dashboard', 'GET', `/api/stats/dashboard?year=${year - 1}`);
    }
  }
}

// ---------------------------------------------------------------------------
// The server's metrics

async function sampleMetrics(token: string): Promise<void> {
  while (!stopping) {
    try {
      const res = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
      memory.push({
        atS: round((performance.now() - startedAt) / 1000, 1),
        rssMb: round(value('process_resident_memory_bytes') / 2 ** 20, 1),
        heapUsedMb: round(value('nodejs_heap_size_used_bytes') / 2 ** 20, 1),
        eventLoopLagP99Ms: round(value('nodejs_eventloop_lag_p99_seconds') * 1000, 1),
      });
    } catch {
      // A missed sample is not an error of the server's API; the next one follows.
    }
    await sleep(METRICS_EVERY_MS);
  }
}

// ---------------------------------------------------------------------------
// Reporting

function stats(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

function memoryIn(fromS: number, toS: number): MemorySample[] {
  return memory.filter((m) => m.atS >= fromS && m.atS < toS);
}

/** Least-squares slope (per hour) of y over x seconds. */
function slopePerHour(points: { x: number; y: number }[]): number | null {
  if (points.length < 3) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  return sxx === 0 ? null : round((sxy / sxx) * 3600, 1);
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const idleCores = await checkIdle();
  const machine = machineInfo();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `meldroute-soak-${database}-`));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const token = randomUUID();
  const env = serverEnv(dataDir, { MELDROUTE_METRICS_TOKEN: token });
  if (baseUrl) {
    const scratch = await scratchDatabase(baseUrl, 'meldroute_bench_soak');
    if (process.argv.includes('--keep')) console.error(`[soak] --keep: the database ${scratch.name} stays`);
    else cleanups.push(() => scratch.drop());
    env.DATABASE_URL = scratch.url.toString();
  }
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  console.error(`[soak] ${database}: starting the server…`);
  const { server, readyMs } = await startServer(env, port, { useDist });
  const serverPid = server.child.pid!;
  console.error(`[soak] ready after ${round(readyMs / 1000, 1)} s; logging in`);

  const sessions = {
    employees: await Promise.all(Array.from({ length: employeeCount }, (_, i) => login(origin, EMPLOYEES[i % EMPLOYEES.length]!))),
    coordinators: await Promise.all(Array.from({ length: coordinatorCount }, (_, i) => login(origin, COORDINATORS[i % COORDINATORS.length]!))),
    viewers: await Promise.all(Array.from({ length: viewerCount }, (_, i) => login(origin, VIEWERS[i % VIEWERS.length]!))),
  };

  const cpuBefore = processCpuMs(serverPid);
  const loadStarted = performance.now();
  startedAt = loadStarted;
  console.error(
    `[soak] load for ${minutes} min: ${employeeCount} employees, ${coordinatorCount} coordinators, ${viewerCount} dashboard viewers (pace ${pace})`,
  );
  const progress = setInterval(() => {
    const w = windows.at(-2) ?? windows.at(-1);
    const all = w ? [...w.latencies.values()].flat() : [];
    const m = memory.at(-1);
    console.error(
      `[soak] ${round((performance.now() - loadStarted) / 60_000, 1)} min: ${submitted} submitted, last window ${all.length} requests, ` +
        `${w?.errors ?? 0} errors, p99 ${all.length ? round(stats(all).p99) : '-'} ms; rss ${m?.rssMb ?? '-'} MB, heap ${m?.heapUsedMb ?? '-'} MB`,
    );
  }, 60_000);
  const actors = [
    sampleMetrics(token),
    ...sessions.employees.map(employee),
    ...sessions.coordinators.map(coordinator),
    ...sessions.viewers.map(viewer),
  ];
  await sleep(minutes * 60_000);
  stopping = true;
  clearInterval(progress);
  await Promise.all(actors);
  const loadMs = performance.now() - loadStarted;
  const cpuAfter = processCpuMs(serverPid);
  const gracefulStopMs = await stopChild(server.child, 30_000);
  const serverErrors = errorLines(server.output());

  // Per window, and rows of `reportEvery` windows for the Markdown table.
  const windowRows = windows.map((w, i) => {
    const all = [...w.latencies.values()].flat();
    const mem = memoryIn(i * windowSeconds, i === windows.length - 1 ? Number.POSITIVE_INFINITY : (i + 1) * windowSeconds);
    return {
      fromMin: round((i * windowSeconds) / 60, 1),
      requests: all.length,
      errors: w.errors,
      ...(({ p50, p99, max }) => ({ p50, p99, max }))(stats(all)),
      submitP99: w.latencies.get('submit') ? stats(w.latencies.get('submit')!).p99 : null,
      dashboardP99: w.latencies.get('dashboard') ? stats(w.latencies.get('dashboard')!).p99 : null,
      rssMb: mem.length ? Math.max(...mem.map((m) => m.rssMb)) : null,
      heapUsedMinMb: mem.length ? Math.min(...mem.map((m) => m.heapUsedMb)) : null,
      heapUsedMaxMb: mem.length ? Math.max(...mem.map((m) => m.heapUsedMb)) : null,
      eventLoopLagP99Ms: mem.length ? Math.max(...mem.map((m) => m.eventLoopLagP99Ms)) : null,
    };
  });
  const groupRows = [];
  for (let i = 0; i < windows.length; i += reportEvery) {
    const group = windows.slice(i, i + reportEvery);
    const all = group.flatMap((w) => [...w.latencies.values()].flat());
    const submits = group.flatMap((w) => w.latencies.get('submit') ?? []);
    const dashboards = group.flatMap((w) => w.latencies.get('dashboard') ?? []);
    const mem = memoryIn(i * windowSeconds, i + reportEvery >= windows.length ? Number.POSITIVE_INFINITY : (i + reportEvery) * windowSeconds);
    const s = stats(all);
    groupRows.push([
      `${round((i * windowSeconds) / 60, 1)}–${round(Math.min(windows.length, i + reportEvery) * windowSeconds / 60, 1)}`,
      all.length,
      group.reduce((n, w) => n + w.errors, 0),
      s.p50,
      s.p99,
      submits.length ? stats(submits).p99 : '-',
      dashboards.length ? stats(dashboards).p99 : '-',
      mem.length ? Math.max(...mem.map((m) => m.rssMb)) : '-',
      mem.length ? Math.min(...mem.map((m) => m.heapUsedMb)) : '-',
      mem.length ? Math.max(...mem.map((m) => m.eventLoopLagP99Ms)) : '-',
    ]);
  }
  const byKind = new Map<Kind, number[]>();
  const errorsByKind = new Map<Kind, number>();
  for (const w of windows) for (const [kind, values] of w.latencies) byKind.set(kind, [...(byKind.get(kind) ?? []), ...values]);
  for (const e of errorsSeen) errorsByKind.set(e.kind, (errorsByKind.get(e.kind) ?? 0) + 1);
  const kindRows = [...byKind.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([kind, values]) => ({ kind, errors: errorsByKind.get(kind) ?? 0, ...stats(values) }));
  const totalRequests = kindRows.reduce((n, k) => n + k.n, 0);
  const totalErrors = windows.reduce((n, w) => n + w.errors, 0);

  const afterWarmup = windowRows.filter((w) => w.fromMin >= warmupMinutes && w.heapUsedMinMb !== null);
  const heapTrend = slopePerHour(afterWarmup.map((w) => ({ x: w.fromMin * 60, y: w.heapUsedMinMb! })));
  const rssTrend = slopePerHour(afterWarmup.map((w) => ({ x: w.fromMin * 60, y: w.rssMb! })));
  const firstMem = memoryIn(warmupMinutes * 60, warmupMinutes * 60 + windowSeconds);
  const lastMem = memoryIn((windows.length - 1) * windowSeconds, Number.POSITIVE_INFINITY);
  const memorySummary = {
    rssAfterWarmupMb: firstMem.length ? Math.max(...firstMem.map((m) => m.rssMb)) : null,
    rssAtEndMb: lastMem.length ? Math.max(...lastMem.map((m) => m.rssMb)) : null,
    rssMaxMb: memory.length ? Math.max(...memory.map((m) => m.rssMb)) : null,
    heapMinAfterWarmupMb: firstMem.length ? Math.min(...firstMem.map((m) => m.heapUsedMb)) : null,
    heapMinAtEndMb: lastMem.length ? Math.min(...lastMem.map((m) => m.heapUsedMb)) : null,
    heapTrendMbPerHour: heapTrend,
    rssTrendMbPerHour: rssTrend,
    samples: memory.length,
  };

  const title = `soak on ${database}: ${minutes} min, ${employeeCount} employees, ${coordinatorCount} coordinators, ${viewerCount} viewers, pace ${pace}`;
  console.log(`\n## ${title}\n`);
  console.log(
    `${totalRequests} requests in ${round(loadMs / 60_000, 1)} min (${round(totalRequests / (loadMs / 1000), 1)}/s), ${totalErrors} errors; ` +
      `${submitted} signals submitted; coordinators registered ${handled.registered}, referred ${handled.referred}, ` +
      `closed ${handled.closedNoGrounds} without grounds and ${handled.closedAfterFeedback} after feedback. ` +
      `Server CPU ${cpuBefore !== null && cpuAfter !== null ? round((cpuAfter - cpuBefore) / loadMs, 2) : '-'} cores on average; ` +
      `graceful stop ${round(gracefulStopMs / 1000, 1)} s; server log errors: ${serverErrors.length}.\n`,
  );
  console.log(
    markdownTable(
      ['minutes', 'requests', 'errors', 'p50 ms', 'p99 ms', 'submit p99', 'dashboard p99', 'RSS MB (max)', 'heap MB (min)', 'loop lag p99 ms (max)'],
      groupRows,
    ),
  );
  console.log('');
  console.log(markdownTable(['request', 'n', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], kindRows.map((k) => [k.kind, k.n, k.errors, k.p50, k.p95, k.p99, k.max])));
  const show = (v: number | null) => v ?? '-';
  console.log(
    `\nMemory: RSS ${show(memorySummary.rssAfterWarmupMb)} MB after ${warmupMinutes} min warm-up, ${show(memorySummary.rssAtEndMb)} MB at the end ` +
      `(max ${show(memorySummary.rssMaxMb)}); lowest heap in use ${show(memorySummary.heapMinAfterWarmupMb)} → ${show(memorySummary.heapMinAtEndMb)} MB; ` +
      `trend after warm-up: heap ${heapTrend ?? '-'} MB/h, RSS ${rssTrend ?? '-'} MB/h.`,
  );
  if (errorsSeen.length > 0) {
    console.log('\nErrors (first 10):');
    for (const e of errorsSeen.slice(0, 10)) console.log(`  ${e.atS} s ${e.kind} ${e.status} ${e.body}`);
  }
  if (serverErrors.length > 0) console.log(`\nServer log errors (first 5):\n${serverErrors.slice(0, 5).join('\n')}`);

  const out = argValue('--out') ?? path.join(REPO_ROOT, 'bench/results', `soak-${database}-${new Date().toISOString().slice(0, 10)}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        title,
        command: `nice -n 5 npx tsx bench/soak.bench.ts ${process.argv.slice(2).join(' ')}`.trim(),
        machine,
        idleCoresBefore: idleCores,
        server: useDist ? 'node dist/server/main.js' : 'node --import tsx src/server/main.ts',
        settings: { database, minutes, warmupMinutes, windowSeconds, employeeCount, coordinatorCount, viewerCount, pace, pauseMeansMs: PAUSE },
        readyMs: round(readyMs),
        totals: { requests: totalRequests, errors: totalErrors, submitted, handled, loadMs: round(loadMs), gracefulStopMs: round(gracefulStopMs) },
        serverCpuCores: cpuBefore !== null && cpuAfter !== null ? round((cpuAfter - cpuBefore) / loadMs, 3) : null,
        byKind: kindRows,
        windows: windowRows,
        memory: memorySummary,
        memorySamples: memory,
        errors: errorsSeen,
        serverErrorLines: serverErrors.slice(0, 20),
        loadAverageAfter: os.loadavg().map((v) => round(v, 2)),
        linuxMeminfoAvailableMb: (() => {
          try {
            return round(Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) / 1024, 0);
          } catch {
            return null;
          }
        })(),
      },
      null,
      2,
    )}\n`,
  );
  console.error(`[soak] wrote ${path.relative(REPO_ROOT, out)}`);
  if (totalErrors > 0 || serverErrors.length > 0) throw new Error(`${totalErrors} request errors, ${serverErrors.length} server log errors`);
}

void runBenchmark(main, cleanup, budgetSeconds);
