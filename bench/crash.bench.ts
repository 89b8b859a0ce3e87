/**
 * Crash durability of signal submission (issue 7.2): SIGKILL the server under load, restart it on the same
 * database, retry what got no answer, and check that nothing acknowledged was lost, doubled or damaged.
 *
 * For each database — PGlite in a new temporary data directory, and PostgreSQL in a new scratch database
 * `meldroute_bench_crash_<random>` next to DATABASE_URL — the real server (`node --import tsx src/server/main.ts`,
 * or `node dist/server/main.js` with --dist) runs as a child process on 127.0.0.1. Concurrent reporter clients,
 * each with its own session, submit signals through POST /api/signals without pause, every submission with its
 * own Idempotency-Key and a unique marker in its explanation. Per cycle:
 *
 *   1. load for a random 2–5 s, then SIGKILL the server while requests are in flight (on PostgreSQL, in even
 *      cycles, at the first moment after that when an app backend is executing COMMIT, up to 2 s later: the case
 *      where a transaction commits and its answer is lost, which a random moment seldom hits);
 *   2. restart it on the same database (time from spawn until /readyz answers 200);
 *   3. every submission that got no answer is retried with the same key and body until it gets one (as the
 *      report form does): 201 with `idempotent-replayed: true` if the lost request had committed, a plain 201 if
 *      it had not; a few acknowledged submissions are sent again (must replay the same signal) and one with the
 *      same key and another body (must be refused with 409);
 *   4. as the coordinator, list every signal (GET /api/signals, pages of 500) and read each new one
 *      (GET /api/signals/:id): every acknowledged submission must be there exactly once, with the number and id it
 *      was given and its explanation (decrypted by the server) equal byte for byte; numbers must be unique.
 *
 * After the last cycle every signal is read again (a later crash must not damage earlier data), the server is
 * stopped with SIGTERM and the database is opened directly (src/server/db/client.ts) for row counts: signals,
 * idempotency records (none without a signal), the year counter. Prints a table and writes JSON to
 * bench/results/; exits 1 when anything is missing, duplicated or corrupted. Removes the data directories and
 * drops the database afterwards, also on failure or Ctrl-C.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rawRows } from '../src/server/db/client.js';
import type { SignalInput } from '../src/shared/api/signal.js';
import { buildSignal } from '../src/server/testing/factories.js';
import {
  type AppServer,
  REQUEST_TIMEOUT_MS,
  type Session,
  errorLines,
  getJson,
  login,
  loopbackDatabaseUrl,
  requireDist,
  scratchDatabase,
  serverEnv,
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
  round,
  runBenchmark,
  sleep,
  stopChild,
} from './lib/util.js';

const USAGE = `Usage: nice -n 5 npx tsx bench/crash.bench.ts [options]

Options:
  --databases LIST  pglite,postgres (default both)
  --cycles N        kill/restart cycles per database (default 3, max 10)
  --clients N       concurrent reporter clients, one session each (default 24, max 64)
  --random-only     on PostgreSQL, kill at a random moment in every cycle (default: even cycles wait for a COMMIT)
  --dist            run the built server (dist/server/main.js; build it first) instead of src/ through tsx
  --out FILE        JSON output (default bench/results/crash-<date>.json)

Environment:
  DATABASE_URL      PostgreSQL server on loopback (default postgres://postgres@127.0.0.1:5432/test); a new database
                    meldroute_bench_crash_<random> is created there and dropped afterwards`;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
type DbKind = 'pglite' | 'postgres';
const databases = (argValue('--databases') ?? 'pglite,postgres').split(',').map((s) => s.trim()) as DbKind[];
const cycles = Number(argValue('--cycles') ?? 3);
const clientCount = Number(argValue('--clients') ?? 24);
const useDist = process.argv.includes('--dist');
const randomOnly = process.argv.includes('--random-only');
if (
  databases.length === 0 ||
  databases.some((d) => d !== 'pglite' && d !== 'postgres') ||
  !Number.isInteger(cycles) || cycles < 1 || cycles > 10 ||
  !Number.isInteger(clientCount) || clientCount < 1 || clientCount > 64
) {
  console.error(`Out of bounds.\n\n${USAGE}`);
  process.exit(2);
}
requireDist(useDist);

const baseUrl = loopbackDatabaseUrl();

const REPORTERS = ['melder', 'melder2'];
const COORDINATOR = 'aandachtsfunctionaris';
/** A submission is retried at most this often after the restart before it counts as unresolved. */
const MAX_RETRIES = 50;
const LOAD_MIN_MS = 2_000;
const LOAD_MAX_MS = 5_000;
const REPLAY_PROBES = 5;
const PAGE = 500;
/** PostgreSQL, even cycles: after the random delay, how long to watch for a COMMIT before killing anyway. */
const AIM_WINDOW_MS = 2_000;

// ---------------------------------------------------------------------------
// Cleanup, run once: on success, on error, on SIGINT/SIGTERM and on the watchdog.

const { cleanups, cleanup } = cleanupSteps();
// First start on PGlite (cluster, migrations, seed) takes ~15 s here; restarts ~10 s; verification grows with the rows.
const budgetSeconds = 120 + databases.length * (240 + cycles * 300);

cleanups.push(stopAllServers);

function killHard(server: AppServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGKILL');
  return exited;
}

// ---------------------------------------------------------------------------
// Submissions

interface Ack {
  id: string;
  number: string;
  replayed: boolean;
  /** When the 201 came: during the load, after the kill (already on its way), or on a retry after the restart. */
  phase: 'load' | 'after-kill' | 'retry';
}

interface Submission {
  key: string;
  marker: string;
  body: SignalInput;
  json: string;
  cycle: number;
  /** The client (and so the user: idempotency keys are per user) that sends it. */
  client: number;
  /** Requests sent with this key (the first and the retries). */
  attempts: number;
  ack: Ack | null;
  /** 409 idempotency_key_reused for the same body: the server mixed something up. */
  refused: boolean;
}

const observedOn = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
const FILLER =
  'Man voert het woord voor een jonge vrouw en houdt haar paspoort vast; zij kijkt steeds naar hem voordat ze antwoordt. ';

function newSubmission(cycle: number, client: number): Submission {
  const marker = `crash-marker:${randomBytes(12).toString('hex')}`;
  // Non-ASCII on purpose (diacritics, euro sign, typographic quotes, an emoji), a newline, markup and a backslash;
  // lengths from a line to several kB, so some values are stored compressed (TOAST) and some not.
  let explanation = `Crashtest ${marker}\nGezien bij de balie van café “De Brug”: €50 contant, naïef, 🚨 <b>niet</b> \\ 'aanhalingstekens'. `;
  const target = explanation.length + randomInt(0, 4_000);
  while (explanation.length < target) explanation += FILLER;
  explanation += `Einde ${marker}.`;
  const body = buildSignal({ observedOn, explanation, place: `Balie ${randomInt(1, 10)}` });
  return { key: randomUUID(), marker, body, json: JSON.stringify(body), cycle, client, attempts: 0, ack: null, refused: false };
}

type Outcome =
  | { kind: 'ack'; id: string; number: string; replayed: boolean }
  | { kind: 'in-progress' }
  | { kind: 'refused' }
  | { kind: 'unauthorised' }
  | { kind: 'http'; status: number; body: string }
  | { kind: 'network'; message: string };

async function post(origin: string, session: Session, sub: Submission, json = sub.json): Promise<Outcome> {
  sub.attempts++;
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${origin}/api/signals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'idempotency-key': sub.key },
      body: json,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    text = await res.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'network', message: cause?.code ?? cause?.message ?? String(error) };
  }
  if (res.status === 201) {
    const body = JSON.parse(text) as { id: string; number: string };
    return { kind: 'ack', id: body.id, number: body.number, replayed: res.headers.get('idempotent-replayed') === 'true' };
  }
  if (res.status === 409) {
    const code = (JSON.parse(text) as { code?: string }).code;
    if (code === 'idempotency_in_progress') return { kind: 'in-progress' };
    if (code === 'idempotency_key_reused') return { kind: 'refused' };
  }
  if (res.status === 401) return { kind: 'unauthorised' };
  return { kind: 'http', status: res.status, body: text.slice(0, 300) };
}

interface Client {
  index: number;
  session: Session;
  /** The submission this client is sending or has to send again (one at a time, like one person at one form). */
  pending: Submission | null;
  inFlight: boolean;
}

// ---------------------------------------------------------------------------
// Verification through the API, as the coordinator

interface SignalDetail {
  id: string;
  number: string;
  content: { explanation: string; place: string | null; observedOn: string; persons: { fullName: string }[] };
}

interface Verification {
  acknowledged: number;
  listed: number;
  /** Ids seen twice while paging the list (unstable order between pages), not duplicates in the database. */
  listPagingRepeats: number;
  found: number;
  missing: number;
  duplicates: number;
  corrupted: number;
  /** Signals of unacknowledged submissions (their requests never got an answer): allowed, at most one per key. */
  unacknowledgedPresent: number;
  /** New signals without a known marker. */
  unexpected: number;
  /** Acknowledged signals that GET /api/signals/:id shows but the list did not. */
  notListed: number;
  numbersUnique: boolean;
  countsAddUp: boolean;
  detailsRead: number;
  ms: number;
}

const MARKER_RE = /crash-marker:[0-9a-f]{24}/;

async function verify(
  origin: string,
  coordinator: Session,
  submissions: Submission[],
  baseline: Set<string>,
  cache: Map<string, SignalDetail>,
  rereadAll: boolean,
): Promise<Verification> {
  const started = performance.now();
  const ids: string[] = [];
  const numbers: string[] = [];
  const seen = new Set<string>();
  let repeats = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await getJson<{ id: string; number: string }[]>(origin, coordinator, `/api/signals?limit=${PAGE}&offset=${offset}`);
    for (const row of page) {
      if (seen.has(row.id)) {
        repeats++;
        continue;
      }
      seen.add(row.id);
      ids.push(row.id);
      numbers.push(row.number);
    }
    if (page.length < PAGE) break;
  }
  // Read every new signal (all of them again when asked), four at a time; plus acknowledged ids the list did not show.
  const acked = submissions.filter((s) => s.ack);
  const toRead = new Set(ids.filter((id) => !baseline.has(id) && (rereadAll || !cache.has(id))));
  for (const s of acked) if (!seen.has(s.ack!.id)) toRead.add(s.ack!.id);
  const queue = [...toRead];
  let detailsRead = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const res = await fetch(`${origin}/api/signals/${id}`, {
          headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrfToken },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        detailsRead++;
        if (res.status === 404) {
          cache.delete(id);
          await res.body?.cancel();
          continue;
        }
        if (res.status !== 200) throw new Error(`GET /api/signals/${id}: ${res.status} ${(await res.text()).slice(0, 300)}`);
        cache.set(id, (await res.json()) as SignalDetail);
      }
    }),
  );

  const byMarker = new Map<string, SignalDetail[]>();
  let unexpected = 0;
  for (const id of new Set([...ids, ...toRead])) {
    if (baseline.has(id)) continue;
    const detail = cache.get(id);
    if (!detail) continue;
    const marker = MARKER_RE.exec(detail.content.explanation)?.[0];
    if (!marker) {
      unexpected++;
      continue;
    }
    byMarker.set(marker, [...(byMarker.get(marker) ?? []), detail]);
  }
  const known = new Map(submissions.map((s) => [s.marker, s]));
  for (const marker of byMarker.keys()) if (!known.has(marker)) unexpected++;

  let found = 0;
  let missing = 0;
  let duplicates = 0;
  let corrupted = 0;
  let unacknowledgedPresent = 0;
  let notListed = 0;
  for (const s of submissions) {
    const hits = byMarker.get(s.marker) ?? [];
    if (hits.length > 1) duplicates += hits.length - 1;
    if (!s.ack) {
      if (hits.length) unacknowledgedPresent++;
      continue;
    }
    const detail = cache.get(s.ack.id);
    if (!detail) {
      missing++;
      continue;
    }
    found++;
    if (!seen.has(s.ack.id)) notListed++;
    const intact =
      detail.id === s.ack.id &&
      detail.number === s.ack.number &&
      Buffer.from(detail.content.explanation, 'utf8').equals(Buffer.from(s.body.explanation, 'utf8')) &&
      detail.content.place === s.body.place &&
      detail.content.observedOn === s.body.observedOn &&
      detail.content.persons[0]?.fullName === s.body.persons?.[0]?.fullName;
    if (!intact) corrupted++;
  }
  const newListed = ids.filter((id) => !baseline.has(id)).length;
  return {
    acknowledged: acked.length,
    listed: ids.length,
    listPagingRepeats: repeats,
    found,
    missing,
    duplicates,
    corrupted,
    unacknowledgedPresent,
    unexpected,
    numbersUnique: new Set(numbers).size === numbers.length,
    notListed,
    // Every new signal in the list is one acknowledged submission, or the one signal of a request that got no answer.
    countsAddUp: newListed === found + unacknowledgedPresent && unexpected === 0 && notListed === 0,
    detailsRead,
    ms: Math.round(performance.now() - started),
  };
}

/** Poll pg_stat_activity until one of the app's backends is executing COMMIT; false when none was seen in time. */
async function waitForCommit(watcher: pg.Client, windowMs: number): Promise<boolean> {
  const until = performance.now() + windowMs;
  while (performance.now() < until) {
    const { rowCount } = await watcher.query(
      `select 1 from pg_stat_activity where datname = current_database() and application_name = 'meldroute' and state = 'active' and lower(query) = 'commit'`,
    );
    if (rowCount) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// One database

interface CycleResult {
  cycle: number;
  /** How long the load ran before the SIGKILL (ms, random 2–5 s). */
  loadMs: number;
  requestsSentDuringLoad: number;
  acknowledgedDuringLoad: number;
  /** acknowledgedDuringLoad per second of load (a freshly started server, other work on the machine included). */
  acknowledgedPerSecond: number;
  /** Requests sent and not yet answered when the server was killed. */
  inFlightAtKill: number;
  /** Of those, answers that were already on their way and arrived after the kill. */
  answeredAfterKill: number;
  /** Non-201 answers during the load (sent again right away with the same key). */
  errorsDuringLoad: Record<string, number>;
  /** Submissions without an answer after the kill, retried after the restart with the same key and body. */
  retried: number;
  retryRequests: number;
  /** Retries answered 201 with `idempotent-replayed: true`: the lost request had committed before the kill. */
  replayed: number;
  /** Retries answered with a plain 201: the lost request had not committed (rolled back), so it was created now. */
  createdOnRetry: number;
  /** Retries answered 409 idempotency_in_progress (sent again). */
  inProgressAnswers: number;
  unresolved: number;
  /** This cycle's acknowledgements in all: during the load, after the kill and on retry. */
  acknowledged: number;
  /**
   * `random`: at the random moment. `commit`: PostgreSQL only, after the random delay at the first moment an app
   * backend was seen executing COMMIT (pg_stat_activity), so that a transaction commits while its answer is lost.
   */
  killMode: 'random' | 'commit';
  /** killMode commit: whether a COMMIT was seen within the window (otherwise killed at its end). */
  commitSeen: boolean | null;
  /** PGlite: postmaster.pid left in the data directory by the killed process. */
  stalePidFile: boolean | null;
  restartMs: number;
  killToReadyMs: number;
  replayProbes: { sent: number; ok: number };
  conflictProbe: { status: string; ok: boolean };
  serverErrorLines: string[];
  verification: Verification;
}

interface DatabaseResult {
  database: DbKind;
  name: string;
  firstStartMs: number;
  baselineSignals: number;
  cycles: CycleResult[];
  final: Verification;
  sql: {
    signals: number;
    distinctNumbers: number;
    submissionRows: number;
    submissionsWithoutSignal: number;
    distinctSubmissionSignals: number;
    counterLastValue: number | null;
    maxSequence: number | null;
    sequenceGaps: number | null;
  };
  gracefulStopMs: number;
  ok: boolean;
  problems: string[];
}

async function runDatabase(kind: DbKind): Promise<DatabaseResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `meldroute-crash-${kind}-`));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  // PGlite's files go to <dataDir>/pglite; for both, the generated key file goes to dataDir.
  const env = serverEnv(dataDir);
  let name = path.join(dataDir, 'pglite');
  let dbUrl: URL | null = null;
  if (kind === 'postgres') {
    const scratch = await scratchDatabase(baseUrl, 'meldroute_bench_crash');
    cleanups.push(() => scratch.drop());
    name = scratch.name;
    dbUrl = scratch.url;
    env.DATABASE_URL = dbUrl.toString();
  }
  // PostgreSQL: a connection of our own that watches the app's backends (kills aimed at a COMMIT).
  let watcher: pg.Client | null = null;
  if (dbUrl) {
    const client = new pg.Client({ connectionString: dbUrl.toString(), application_name: 'meldroute-bench-watch' });
    client.on('error', () => undefined); // the database is dropped at the end
    await client.connect();
    watcher = client;
    cleanups.push(() => client.end());
  }
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  console.error(`\n[${kind}] ${name}: first start (cluster/migrations/seed)…`);
  let { server, readyMs: firstStartMs } = await startServer(env, port, { useDist });
  console.error(`[${kind}] ready after ${round(firstStartMs / 1000, 1)} s; logging in ${clientCount} reporters and the coordinator`);

  const clients: Client[] = [];
  for (let i = 0; i < clientCount; i++) {
    clients.push({ index: i, session: await login(origin, REPORTERS[i % REPORTERS.length]!), pending: null, inFlight: false });
  }
  const coordinator = await login(origin, COORDINATOR);
  const baselineIds = (await getJson<{ id: string }[]>(origin, coordinator, `/api/signals?limit=${PAGE}`)).map((r) => r.id);
  const baseline = new Set(baselineIds);
  const submissions: Submission[] = [];
  const cache = new Map<string, SignalDetail>();
  const results: CycleResult[] = [];

  for (let cycle = 1; cycle <= cycles; cycle++) {
    // --- 1. Load, then SIGKILL
    const state = { stopped: false, sent: 0, acked: 0, afterKill: 0, errors: {} as Record<string, number> };
    const delayMs = randomInt(LOAD_MIN_MS, LOAD_MAX_MS + 1);
    const killMode: CycleResult['killMode'] = kind === 'postgres' && !randomOnly && cycle % 2 === 0 ? 'commit' : 'random';
    const loadStarted = performance.now();
    const loops = clients.map(async (client) => {
      while (!state.stopped) {
        const sub = client.pending ?? newSubmission(cycle, client.index);
        if (!client.pending) submissions.push(sub);
        client.pending = sub;
        client.inFlight = true;
        state.sent++;
        const outcome = await post(origin, client.session, sub);
        client.inFlight = false;
        if (outcome.kind === 'ack') {
          sub.ack = { id: outcome.id, number: outcome.number, replayed: outcome.replayed, phase: state.stopped ? 'after-kill' : 'load' };
          client.pending = null;
          if (state.stopped) state.afterKill++;
          else state.acked++;
          continue;
        }
        if (state.stopped) break; // the kill: this one waits for the restart
        const label = outcome.kind === 'http' ? `http ${outcome.status}` : outcome.kind;
        state.errors[label] = (state.errors[label] ?? 0) + 1;
        if (outcome.kind === 'refused') {
          sub.refused = true;
          client.pending = null;
        }
        if (outcome.kind === 'unauthorised') throw new Error(`client ${client.index}: session refused during the load`);
        await sleep(50);
      }
    });
    await sleep(delayMs);
    const commitSeen = killMode === 'commit' ? await waitForCommit(watcher!, AIM_WINDOW_MS) : null;
    state.stopped = true;
    const inFlightAtKill = clients.filter((c) => c.inFlight).length;
    const killedAt = performance.now();
    const loadMs = Math.round(killedAt - loadStarted);
    await killHard(server);
    await Promise.all(loops);
    const pending = clients.filter((c) => c.pending).map((c) => ({ client: c, sub: c.pending! }));
    console.error(
      `[${kind}] cycle ${cycle}: killed after ${loadMs} ms${killMode === 'commit' ? ` (${commitSeen ? 'during a COMMIT' : 'no COMMIT seen'})` : ''} — ${state.acked} acknowledged, ${inFlightAtKill} in flight, ${pending.length} without answer`,
    );

    // --- 2. Restart on the same database
    const pidFile = path.join(dataDir, 'pglite', 'postmaster.pid');
    const stalePidFile = kind === 'pglite' ? existsSync(pidFile) : null;
    const restarted = await startServer(env, port, { useDist }).catch((error: unknown) => {
      const detail = stalePidFile ? ` (a stale ${pidFile} of ${statSync(pidFile).size} bytes was present)` : '';
      throw new Error(`[${kind}] cycle ${cycle}: the server did not come back after SIGKILL${detail}: ${String(error)}`);
    });
    server = restarted.server;
    const killToReadyMs = performance.now() - killedAt;
    console.error(`[${kind}] cycle ${cycle}: ready again after ${round(restarted.readyMs / 1000, 1)} s; retrying ${pending.length}`);

    // --- 3. Retry every unanswered submission with the same key and body, until it gets an answer
    let retryRequests = 0;
    let replayed = 0;
    let createdOnRetry = 0;
    let inProgressAnswers = 0;
    let unresolved = 0;
    await Promise.all(
      pending.map(async ({ client, sub }) => {
        for (let attempt = 1; attempt <= MAX_RETRIES; attempt++) {
          retryRequests++;
          const outcome = await post(origin, client.session, sub);
          if (outcome.kind === 'ack') {
            sub.ack = { id: outcome.id, number: outcome.number, replayed: outcome.replayed, phase: 'retry' };
            if (outcome.replayed) replayed++;
            else createdOnRetry++;
            client.pending = null;
            return;
          }
          if (outcome.kind === 'refused') {
            sub.refused = true;
            break;
          }
          if (outcome.kind === 'in-progress') inProgressAnswers++;
          if (outcome.kind === 'unauthorised') throw new Error(`client ${client.index}: session lost over the restart`);
          await sleep(Math.min(1_000, 50 * attempt));
        }
        unresolved++;
        client.pending = null;
      }),
    );

    // Acknowledged submissions sent again must replay the same signal; the same key with other content is refused.
    const ackedThisCycle = submissions.filter((s) => s.cycle === cycle && s.ack && s.ack.phase === 'load');
    const replayProbes = { sent: 0, ok: 0 };
    for (const s of ackedThisCycle.sort(() => Math.random() - 0.5).slice(0, REPLAY_PROBES)) {
      replayProbes.sent++;
      const attemptsBefore = s.attempts;
      const outcome = await post(origin, clients[s.client]!.session, s);
      s.attempts = attemptsBefore;
      if (outcome.kind === 'ack' && outcome.replayed && outcome.id === s.ack!.id && outcome.number === s.ack!.number) replayProbes.ok++;
    }
    const conflictProbe = { status: 'none acknowledged', ok: false };
    const target = ackedThisCycle[0];
    if (target) {
      const changed = JSON.stringify({ ...target.body, explanation: `${target.body.explanation} (gewijzigd)` });
      const attemptsBefore = target.attempts;
      const outcome = await post(origin, clients[target.client]!.session, target, changed);
      target.attempts = attemptsBefore;
      conflictProbe.status = outcome.kind === 'http' ? `http ${outcome.status}` : outcome.kind;
      conflictProbe.ok = outcome.kind === 'refused';
    }

    // --- 4. Verify through the API
    const verification = await verify(origin, coordinator, submissions, baseline, cache, false);
    const thisCycle = submissions.filter((s) => s.cycle === cycle && s.ack);
    const result: CycleResult = {
      cycle,
      loadMs,
      requestsSentDuringLoad: state.sent,
      acknowledgedDuringLoad: state.acked,
      acknowledgedPerSecond: round(state.acked / (loadMs / 1000), 1),
      inFlightAtKill,
      answeredAfterKill: state.afterKill,
      errorsDuringLoad: state.errors,
      retried: pending.length,
      retryRequests,
      replayed,
      createdOnRetry,
      inProgressAnswers,
      unresolved,
      acknowledged: thisCycle.length,
      killMode,
      commitSeen,
      stalePidFile,
      restartMs: Math.round(restarted.readyMs),
      killToReadyMs: Math.round(killToReadyMs),
      replayProbes,
      conflictProbe,
      serverErrorLines: errorLines(server.output()).slice(0, 20),
      verification,
    };
    results.push(result);
    console.error(
      `[${kind}] cycle ${cycle}: ${replayed} replayed, ${createdOnRetry} created on retry; found ${verification.found}/${verification.acknowledged}, ` +
        `missing ${verification.missing}, duplicates ${verification.duplicates}, corrupted ${verification.corrupted} (${verification.detailsRead} read in ${verification.ms} ms)`,
    );
  }

  // After the last cycle: read everything again, stop cleanly, count rows in the database itself.
  const final = await verify(origin, coordinator, submissions, baseline, cache, true);
  const gracefulStopMs = Math.round(await stopChild(server.child, 30_000));
  const exitedCleanly = server.child.exitCode === 0;
  const database = await openDatabase(kind === 'postgres' ? { kind: 'postgres', url: dbUrl!.toString(), poolSize: 1 } : { kind: 'pglite', dataDir: name });
  const year = new Date().getFullYear();
  let sqlCounts: DatabaseResult['sql'];
  try {
    const [row] = await rawRows<Record<string, string | number | null>>(
      database.db,
      sql`select
        (select count(*) from signals) as signals,
        (select count(distinct number) from signals) as distinct_numbers,
        (select count(*) from signal_submissions) as submission_rows,
        (select count(*) from signal_submissions where signal_id is null) as without_signal,
        (select count(distinct signal_id) from signal_submissions) as distinct_submission_signals,
        (select max(last_value) from signal_counters where year = ${year}) as counter_last_value`,
    );
    const sequences = (
      await rawRows<{ number: string }>(database.db, sql`select number from signals where number like ${`%-${year}-%`}`)
    ).map((r) => Number(r.number.split('-').pop()));
    const maxSequence = sequences.length ? Math.max(...sequences) : null;
    sqlCounts = {
      signals: Number(row!.signals),
      distinctNumbers: Number(row!.distinct_numbers),
      submissionRows: Number(row!.submission_rows),
      submissionsWithoutSignal: Number(row!.without_signal),
      distinctSubmissionSignals: Number(row!.distinct_submission_signals),
      counterLastValue: row!.counter_last_value === null ? null : Number(row!.counter_last_value),
      maxSequence,
      sequenceGaps: maxSequence === null ? null : maxSequence - new Set(sequences).size,
    };
  } finally {
    await database.close();
  }

  const acknowledged = submissions.filter((s) => s.ack).length;
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  for (const c of [...results.map((r) => ({ label: `cycle ${r.cycle}`, v: r.verification })), { label: 'final', v: final }]) {
    check(c.v.missing === 0, `${c.label}: ${c.v.missing} acknowledged signal(s) missing`);
    check(c.v.duplicates === 0, `${c.label}: ${c.v.duplicates} duplicate(s)`);
    check(c.v.corrupted === 0, `${c.label}: ${c.v.corrupted} corrupted`);
    check(c.v.unexpected === 0, `${c.label}: ${c.v.unexpected} unexpected signal(s)`);
    check(c.v.numbersUnique, `${c.label}: signal numbers not unique`);
    check(c.v.countsAddUp, `${c.label}: counts do not add up`);
  }
  for (const r of results) {
    check(r.unresolved === 0, `cycle ${r.cycle}: ${r.unresolved} submission(s) got no answer after ${MAX_RETRIES} retries`);
    check(r.replayProbes.ok === r.replayProbes.sent, `cycle ${r.cycle}: ${r.replayProbes.sent - r.replayProbes.ok} replay probe(s) did not replay`);
    check(r.conflictProbe.ok, `cycle ${r.cycle}: same key with another body answered ${r.conflictProbe.status}, not 409 idempotency_key_reused`);
  }
  check(submissions.every((s) => !s.refused), `${submissions.filter((s) => s.refused).length} identical retries refused as a reused key`);
  check(sqlCounts.signals === baseline.size + final.found + final.unacknowledgedPresent, `SQL: ${sqlCounts.signals} signals, expected ${baseline.size} + ${final.found} + ${final.unacknowledgedPresent}`);
  check(sqlCounts.distinctNumbers === sqlCounts.signals, 'SQL: signal numbers not unique');
  check(sqlCounts.submissionsWithoutSignal === 0, `SQL: ${sqlCounts.submissionsWithoutSignal} idempotency record(s) without a signal`);
  check(sqlCounts.submissionRows === acknowledged + final.unacknowledgedPresent, `SQL: ${sqlCounts.submissionRows} idempotency records for ${acknowledged} acknowledged submissions`);
  check(sqlCounts.distinctSubmissionSignals === sqlCounts.submissionRows, 'SQL: two idempotency records point at one signal');
  check(sqlCounts.counterLastValue === sqlCounts.maxSequence, `SQL: year counter at ${sqlCounts.counterLastValue}, highest number ${sqlCounts.maxSequence}`);
  check(exitedCleanly, `the server did not stop cleanly on SIGTERM (code ${server.child.exitCode}, signal ${server.child.signalCode})`);

  return {
    database: kind,
    name: kind === 'postgres' ? name : '<temporary data dir>/pglite',
    firstStartMs: Math.round(firstStartMs),
    baselineSignals: baseline.size,
    cycles: results,
    final,
    sql: sqlCounts,
    gracefulStopMs,
    ok: problems.length === 0,
    problems,
  };
}


// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const machine = machineInfo();
  const otherLoadAtStart = await checkIdle();
  const started = new Date();
  console.error(
    `crash durability: ${databases.join(', ')}; ${cycles} cycles, ${clientCount} clients, server ${useDist ? 'dist/server/main.js' : 'src/server/main.ts via tsx'}`,
  );
  const runs: DatabaseResult[] = [];
  for (const kind of databases) runs.push(await runDatabase(kind));

  const rows = runs.flatMap((r) =>
    r.cycles.map((c) => [
      r.database,
      c.cycle,
      c.killMode === 'commit' ? (c.commitSeen ? 'at COMMIT' : 'COMMIT not seen') : 'random',
      c.loadMs,
      c.acknowledged,
      c.inFlightAtKill,
      c.retried,
      c.replayed,
      c.createdOnRetry,
      c.verification.found,
      c.verification.missing,
      c.verification.duplicates,
      c.verification.corrupted,
      round(c.restartMs / 1000, 1),
    ]),
  );
  const table = markdownTable(
    ['database', 'cycle', 'kill', 'load ms', 'acknowledged', 'in flight at kill', 'retried', 'replayed', 'created on retry', 'found (cumulative)', 'missing', 'duplicates', 'corrupted', 'restart s'],
    rows,
  );
  const finals = markdownTable(
    ['database', 'first start s', 'acknowledged', 'found', 'missing', 'duplicates', 'corrupted', 'SQL signals', 'baseline', 'idempotency rows', 'numbers unique', 'year counter / highest', 'gaps', 'result'],
    runs.map((r) => [
      r.database,
      round(r.firstStartMs / 1000, 1),
      r.final.acknowledged,
      r.final.found,
      r.final.missing,
      r.final.duplicates,
      r.final.corrupted,
      r.sql.signals,
      r.baselineSignals,
      r.sql.submissionRows,
      r.final.numbersUnique && r.sql.distinctNumbers === r.sql.signals ? 'yes' : 'NO',
      `${r.sql.counterLastValue} / ${r.sql.maxSequence}`,
      r.sql.sequenceGaps ?? 'n/a',
      r.ok ? 'ok' : 'FAILED',
    ]),
  );

  const date = started.toISOString().slice(0, 10);
  const out = argValue('--out') ?? path.join(REPO_ROOT, 'bench/results', `crash-${date}.json`);
  const report = {
    benchmark: 'crash',
    description:
      'SIGKILL of the server under concurrent POST /api/signals (each with its own Idempotency-Key), restart on the same database, ' +
      'retry of unanswered submissions with the same key and body, verification through the coordinator API and SQL counts',
    date: started.toISOString(),
    machine: { ...machine, otherLoadAtStart, loadAverageAfter: os.loadavg().map((v) => round(v, 2)) },
    settings: {
      cycles,
      clients: clientCount,
      reporters: REPORTERS,
      loadBeforeKillMs: [LOAD_MIN_MS, LOAD_MAX_MS],
      server: useDist ? 'node dist/server/main.js' : 'node --import tsx src/server/main.ts',
      maxRetries: MAX_RETRIES,
      replayProbesPerCycle: REPLAY_PROBES,
      body: 'buildSignal() with a unique marker in an explanation of 0.1–4 kB (non-ASCII, newline, markup)',
    },
    results: runs,
    ok: runs.every((r) => r.ok),
  };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\n## Crash durability, ${cycles} SIGKILL cycles per database, ${clientCount} clients, ${machine.cpus} cores, Node ${machine.node}\n`);
  console.log(table);
  console.log('\nAfter the last cycle (everything read again, server stopped, rows counted in the database):\n');
  console.log(finals);
  for (const r of runs) for (const p of r.problems) console.log(`\n${r.database}: ${p}`);
  console.log(`\nWritten: ${path.relative(REPO_ROOT, out)}`);
  if (!report.ok) throw new Error('crash durability check FAILED');
}

await runBenchmark(main, cleanup, budgetSeconds);
