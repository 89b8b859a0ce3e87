/**
 * Signal submission through the HTTP API on PostgreSQL, next to a bare Fastify
 * route doing a single-row insert with node-postgres, in the same run.
 *
 * Creates a uniquely named database next to DATABASE_URL, starts the real
 * Meldroute server (buildApp + bootstrap, as src/server/main.ts) and the bare
 * server as child processes on 127.0.0.1, logs in as the demo reporter and
 * loads POST /api/signals with autocannon at each concurrency, then the bare
 * route the same way. Prints Markdown tables and writes JSON to bench/results/.
 * Drops the database and stops the children at the end, also on failure.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildSignal } from '../src/server/testing/factories.js';
import { BARE_TABLE_SQL, type ServerKind, type ToChild, type ToParent } from './lib/submit-protocol.js';
import {
  REPO_ROOT,
  checkIdle,
  cleanupSteps,
  machineInfo,
  markdownTable,
  positiveNumberEnv,
  machineBusyMs,
  processCpuMs,
  round,
  sleep,
  runBenchmark,
  stopChild,
} from './lib/util.js';

const USAGE = `Usage: npx tsx bench/submit.bench.ts   (or: npm run bench:submit)

Environment:
  DATABASE_URL       PostgreSQL server on loopback (default postgres://postgres@127.0.0.1:5432/test);
                     a new database is created there and dropped afterwards
  BENCH_DURATION     seconds per measured run (default 10, max 120)
  BENCH_WARMUP       seconds of warm-up per server before measuring (default 3, max 60)
  BENCH_CONNECTIONS  comma-separated concurrent clients (default 1,10,50, each max 200)
  BENCH_OUT          JSON output file (default bench/results/submit-<date>.json)
  BENCH_CPU_PROF_DIR if set, the Meldroute server runs with --cpu-prof and writes its profile there`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DEMO_PASSWORD = 'bench-demo-wachtwoord-123';
const REPORTER = 'melder';
const POOL_SIZE = 10; // both servers (the app's default in openDatabase)

const duration = positiveNumberEnv('BENCH_DURATION', 10);
const warmup = positiveNumberEnv('BENCH_WARMUP', 3);
const connectionLevels = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map((s) => Number(s.trim()));
if (duration > 120 || warmup > 60 || connectionLevels.some((c) => !Number.isInteger(c) || c < 1 || c > 200)) {
  console.error(`Out of bounds.\n\n${USAGE}`);
  process.exit(2);
}

const baseUrl = new URL(process.env.DATABASE_URL ?? DEFAULT_URL);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(baseUrl.hostname)) {
  console.error(`Benchmarks run on loopback only; DATABASE_URL points at ${baseUrl.hostname}.`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Cleanup, run once: on success, on error, on SIGINT/SIGTERM and on the watchdog.

const { cleanups, cleanup } = cleanupSteps();
// Bounded in time: warm-ups + runs + generous slack for setup and teardown.
const budgetSeconds = 2 * warmup + 2 * connectionLevels.length * (duration + 2) + 180;

// ---------------------------------------------------------------------------
// Database and servers

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>, url: URL = baseUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url.toString(), application_name: 'meldroute-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

interface Server {
  kind: ServerKind;
  child: ChildProcess;
  url: string;
}

const cpuProfDir = process.env.BENCH_CPU_PROF_DIR;
const SERVER_SCRIPT = path.join(REPO_ROOT, 'bench/lib/submit-server.ts');

function startServer(kind: ServerKind, env: NodeJS.ProcessEnv, urlPath: string): Promise<Server> {
  const child = fork(SERVER_SCRIPT, [kind], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', ...(kind === 'meldroute' && cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [])],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanups.push(() => stopChild(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start within 60 s`)), 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited during startup (code ${code}, signal ${signal})`));
    });
    child.on('message', (message: ToParent) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({ kind, child, url: `http://127.0.0.1:${message.port}${urlPath}` });
      }
    });
  });
}

function serverCpuMs(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no CPU reading from the server')), 5_000);
    const onMessage = (message: ToParent) => {
      if (message.type !== 'cpu') return;
      clearTimeout(timer);
      server.child.off('message', onMessage);
      resolve(message.userMs + message.systemMs);
    };
    server.child.on('message', onMessage);
    server.child.send({ type: 'cpu' } satisfies ToChild);
  });
}

async function login(origin: string): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: REPORTER, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mr_session='));
  if (!cookie) throw new Error('login returned no session cookie');
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: cookie.split(';')[0]!, csrfToken: body.csrfToken };
}

// ---------------------------------------------------------------------------
// Load

interface Phase {
  server: ServerKind;
  connections: number;
  seconds: number;
  requestsOk: number;
  reqPerSec: number;
  /** Latency of 2xx responses (ms), from our own sub-millisecond samples. */
  p50: number;
  p99: number;
  /** autocannon's own latency percentiles (whole milliseconds), for cross-checking. */
  autocannonP50: number;
  autocannonP99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /**
   * CPU milliseconds per successful request: server process, PostgreSQL (the
   * backends serving the benchmark database), load generator (this process).
   */
  cpuMsPerRequest: { server: number; postgres: number | null; loadGenerator: number };
  /** Average cores busy during the run (same split), and everything else on the machine. */
  coresBusy: { server: number; postgres: number | null; loadGenerator: number; other: number | null };
}

let benchDbName = '';
/** CPU ms so far per PostgreSQL backend connected to the benchmark database (Linux, local server only). */
async function backendCpu(): Promise<Map<number, number>> {
  const pids = await withAdmin(async (c) =>
    (await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [benchDbName])).rows.map((r) => r.pid),
  );
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    const ms = processCpuMs(pid);
    if (ms !== null) cpu.set(pid, ms);
  }
  return cpu;
}

async function load(server: Server, connections: number, seconds: number, headers: Record<string, string>, body: string): Promise<Phase> {
  const latencies: number[] = [];
  const serverBefore = await serverCpuMs(server);
  const pgBefore = await backendCpu();
  const machineBefore = machineBusyMs();
  const selfBefore = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: server.url, method: 'POST', headers, body, connections, duration: seconds, timeout: 10 },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const self = process.cpuUsage(selfBefore);
  const machineAfter = machineBusyMs();
  const pgAfter = await backendCpu();
  const serverMs = (await serverCpuMs(server)) - serverBefore;
  const selfMs = (self.user + self.system) / 1000;
  // Backends opened during the run count in full; ones closed during it (idle pool connections) did no work.
  const pgMs = pgAfter.size ? [...pgAfter].reduce((sum, [pid, ms]) => sum + ms - (pgBefore.get(pid) ?? 0), 0) : null;
  const otherMs =
    machineBefore !== null && machineAfter !== null ? Math.max(0, machineAfter - machineBefore - serverMs - selfMs - (pgMs ?? 0)) : null;

  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, Number(s.count)]));
  const requestsOk = Object.entries(statusCodes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  const sorted = Float64Array.from(latencies).sort();
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length, Math.ceil((p / 100) * sorted.length)) - 1]! : Number.NaN);
  const perReq = (ms: number) => round(ms / Math.max(1, requestsOk), 3);
  const cores = (ms: number) => round(ms / 1000 / result.duration, 2);
  return {
    server: server.kind,
    connections,
    seconds: round(result.duration, 2),
    requestsOk,
    reqPerSec: round(requestsOk / result.duration, 1),
    p50: round(pct(50), 2),
    p99: round(pct(99), 2),
    autocannonP50: result.latency.p50,
    autocannonP99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    cpuMsPerRequest: { server: perReq(serverMs), postgres: pgMs === null ? null : perReq(pgMs), loadGenerator: perReq(selfMs) },
    coresBusy: {
      server: cores(serverMs),
      postgres: pgMs === null ? null : cores(pgMs),
      loadGenerator: cores(selfMs),
      other: otherMs === null ? null : cores(otherMs),
    },
  };
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const machine = machineInfo();
  const otherLoadAtStart = await checkIdle();
  const dbName = `meldroute_bench_${randomBytes(5).toString('hex')}`;
  benchDbName = dbName;
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${dbName}`;

  cleanups.push(() => withAdmin((c) => c.query(`drop database if exists ${dbName} with (force)`)));
  const postgresVersion = await withAdmin(async (c) => {
    await c.query(`create database ${dbName}`);
    return (await c.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  });
  console.error(`database ${dbName} on PostgreSQL ${postgresVersion}; ${duration} s per run, ${warmup} s warm-up, clients ${connectionLevels.join('/')}`);

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: dbUrl.toString(),
    MELDROUTE_DEMO: 'true',
    MELDROUTE_DEMO_PASSWORD: DEMO_PASSWORD,
    MELDROUTE_SERVE_WEB: 'false',
    MELDROUTE_LOG_LEVEL: 'warn',
  };
  const meldroute = await startServer('meldroute', childEnv, '/api/signals');
  await withAdmin((c) => c.query(BARE_TABLE_SQL), dbUrl);
  const bare = await startServer('bare', childEnv, '/bare/signals');

  // Realistic body: the test factory's signal, observed a week ago (the API refuses future dates).
  const observedOn = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const body = JSON.stringify(buildSignal({ observedOn }));
  const session = await login(new URL(meldroute.url).origin);
  const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken };

  // One request each, to fail early with a readable message rather than a table of 4xx.
  for (const server of [meldroute, bare]) {
    const res = await fetch(server.url, { method: 'POST', headers, body });
    if (res.status !== 201) throw new Error(`${server.kind}: probe request answered ${res.status}: ${await res.text()}`);
  }
  const countRows = () =>
    withAdmin(async (c) => {
      const r = await c.query<{ signals: string; bare: string }>(
        'select (select count(*) from signals) as signals, (select count(*) from bench_bare_signals) as bare',
      );
      return { signals: Number(r.rows[0]!.signals), bare: Number(r.rows[0]!.bare) };
    }, dbUrl);
  const rowsBefore = await countRows();

  const okSent = { meldroute: 0, bare: 0 };
  for (const server of [meldroute, bare]) {
    console.error(`warm-up ${server.kind}: ${warmup} s at 10 clients`);
    const w = await load(server, 10, warmup, headers, body);
    okSent[server.kind] += w.requestsOk;
    await sleep(1000);
  }

  const phases: Phase[] = [];
  for (const connections of connectionLevels) {
    for (const server of [meldroute, bare]) {
      console.error(`${server.kind}: ${duration} s at ${connections} client(s)`);
      const phase = await load(server, connections, duration, headers, body);
      okSent[server.kind] += phase.requestsOk;
      phases.push(phase);
      await sleep(1000);
    }
  }
  const rowsAfter = await countRows();
  // A run ends with requests in flight whose answers autocannon no longer counts: rows may exceed 2xx by at most that.
  const integrity = {
    signalsInserted: rowsAfter.signals - rowsBefore.signals,
    meldroute2xx: okSent.meldroute,
    bareRowsInserted: rowsAfter.bare - rowsBefore.bare,
    bare2xx: okSent.bare,
    maxInFlightAtStops: 10 + connectionLevels.reduce((sum, c) => sum + c, 0),
  };
  const integrityOk = (rows: number, ok: number) => rows >= ok && rows - ok <= integrity.maxInFlightAtStops;

  // --- Report
  const find = (kind: ServerKind, c: number) => phases.find((p) => p.server === kind && p.connections === c)!;
  const rows = connectionLevels.map((c) => {
    const m = find('meldroute', c);
    const b = find('bare', c);
    return { connections: c, meldroute: m, bare: b, throughputRatio: round(m.reqPerSec / b.reqPerSec, 3) };
  });
  const errCell = (p: Phase) => `${p.errors} / ${p.non2xx}`;
  const mainTable = markdownTable(
    ['clients', 'Meldroute req/s', 'p50 ms', 'p99 ms', 'err / non-2xx', 'bare req/s', 'p50 ms', 'p99 ms', 'err / non-2xx', 'ratio Meldroute/bare'],
    rows.map((r) => [
      r.connections,
      r.meldroute.reqPerSec,
      r.meldroute.p50,
      r.meldroute.p99,
      errCell(r.meldroute),
      r.bare.reqPerSec,
      r.bare.p50,
      r.bare.p99,
      errCell(r.bare),
      r.throughputRatio.toFixed(3),
    ]),
  );
  const na = (v: number | null) => (v === null ? 'n/a' : v);
  const cpuTable = markdownTable(
    ['clients', 'server', 'server CPU ms/req', 'PostgreSQL CPU ms/req', 'load gen CPU ms/req', 'cores busy: server + PG + load gen', 'other load (cores)'],
    phases.map((p) => [
      p.connections,
      p.server,
      p.cpuMsPerRequest.server,
      na(p.cpuMsPerRequest.postgres),
      p.cpuMsPerRequest.loadGenerator,
      `${p.coresBusy.server} + ${na(p.coresBusy.postgres)} + ${p.coresBusy.loadGenerator}`,
      na(p.coresBusy.other),
    ]),
  );

  const date = new Date().toISOString().slice(0, 10);
  const out = process.env.BENCH_OUT ?? path.join(REPO_ROOT, 'bench/results', `submit-${date}.json`);
  const report = {
    benchmark: 'submit',
    description: 'POST /api/signals (session cookie + CSRF, validation, transaction) vs a bare Fastify route with one node-postgres insert',
    date: new Date().toISOString(),
    machine: { ...machine, otherLoadAtStart, postgres: postgresVersion, loadAverageAfter: os.loadavg().map((v) => round(v, 2)) },
    settings: {
      durationSeconds: duration,
      warmupSeconds: warmup,
      warmupConnections: 10,
      connections: connectionLevels,
      poolSize: POOL_SIZE,
      order: 'per concurrency: Meldroute, then bare; 1 s pause between runs',
      latency: '2xx only; p50/p99 from per-request samples (autocannon responseTime, ms)',
      body: 'buildSignal() from src/server/testing/factories.ts (1 person, 1 organisation, 1 address)',
    },
    results: rows.map((r) => ({ connections: r.connections, throughputRatio: r.throughputRatio, meldroute: r.meldroute, bare: r.bare })),
    integrity,
  };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\n## Signal submission, PostgreSQL ${postgresVersion}, ${machine.cpus} cores, Node ${machine.node}, ${duration} s per run\n`);
  console.log(mainTable);
  console.log(`\nCPU per successful request (ms) and average cores busy:\n`);
  console.log(cpuTable);
  const verdict = integrityOk(integrity.signalsInserted, integrity.meldroute2xx) && integrityOk(integrity.bareRowsInserted, integrity.bare2xx);
  console.log(
    `\nRows: ${integrity.signalsInserted} signals for ${integrity.meldroute2xx} Meldroute 2xx; ` +
      `${integrity.bareRowsInserted} bare rows for ${integrity.bare2xx} bare 2xx ` +
      `(${verdict ? 'consistent' : 'INCONSISTENT'}: the difference may be up to ${integrity.maxInFlightAtStops} requests in flight at the stops).`,
  );
  console.log(`\nWritten: ${path.relative(REPO_ROOT, out)}`);
}

await runBenchmark(main, cleanup, budgetSeconds);
