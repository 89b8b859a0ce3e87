/**
 * Startup of the built server on the embedded database (PGlite):
 *
 *   cold  a new, empty MELDROUTE_DATA_DIR: PGlite creates the cluster, then
 *         migrations, the Lopik configuration and the demo seed run
 *   warm  the same data dir again: open, check migrations, nothing to seed
 *
 * Each start spawns `node dist/server/main.js` on 127.0.0.1 and a free port and
 * measures from spawn until GET /readyz answers 200; then SIGTERM and the time
 * until the process has exited. Node's own startup (`node -e ""`) is measured
 * as a reference. Data dirs are temporary and removed, also on failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  REPO_ROOT,
  checkIdle,
  freePort,
  machineBusyMs,
  machineInfo,
  markdownTable,
  positiveNumberEnv,
  probeStatus,
  round,
  selfAndChildrenCpuMs,
  sleep,
  stopChild,
  runBenchmark,
  summarise,
} from './lib/util.js';

const USAGE = `Usage: npx tsc -p tsconfig.json && npx tsx bench/startup.bench.ts   (or: npx tsc -p tsconfig.json && npm run bench:startup)

Measures the built server (dist/server/main.js): build it first.

Environment:
  BENCH_RUNS  cold and warm starts each (default 5, max 20)
  BENCH_OUT   JSON output file (default bench/results/startup-<date>.json)`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

const MAIN = path.join(REPO_ROOT, 'dist/server/main.js');
const READY_TIMEOUT_MS = 120_000;
const runs = positiveNumberEnv('BENCH_RUNS', 5);
if (!Number.isInteger(runs) || runs > 20) {
  console.error(`BENCH_RUNS must be an integer from 1 to 20.\n\n${USAGE}`);
  process.exit(2);
}
if (!existsSync(MAIN)) {
  console.error(`${path.relative(REPO_ROOT, MAIN)} is missing.\n\n${USAGE}`);
  process.exit(2);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}
const stale = Math.max(newestMtime(path.join(REPO_ROOT, 'src/server')), newestMtime(path.join(REPO_ROOT, 'src/shared'))) > statSync(MAIN).mtimeMs;
if (stale) console.error('warning: src/ has changes newer than dist/server/main.js; run `npx tsc -p tsconfig.json` first');

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(full) : statSync(full).size;
  }
  return total;
}

// ---------------------------------------------------------------------------
// Cleanup, once: on success, on error, on SIGINT/SIGTERM and on the watchdog.

const children = new Set<ChildProcess>();
const dataDirs = new Set<string>();
let cleanedUp: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleanedUp ??= (async () => {
    for (const child of children) await stopChild(child, 5_000).catch(() => undefined);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  })();
  return cleanedUp;
}
const budgetSeconds = runs * 4 * 150 + 60;

// ---------------------------------------------------------------------------

interface Start {
  /** Spawn until /readyz answered 200 (ms). */
  readyMs: number;
  /** Spawn until the "is running" line on stdout (ms). */
  listeningMs: number | null;
  /** SIGTERM until the process exited (ms). */
  stopMs: number;
  /** CPU time of the server process over its whole life (ms), when measurable. */
  serverCpuMs: number | null;
  /** Average cores busy with other work on the machine meanwhile (noise indicator). */
  otherCores: number | null;
}

const DEMO_PASSWORD = 'bench-demo-wachtwoord-123';

async function startOnce(dataDir: string): Promise<Start> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    MELDROUTE_DATA_DIR: dataDir,
    MELDROUTE_DEMO: 'true',
    MELDROUTE_DEMO_PASSWORD: DEMO_PASSWORD,
    MELDROUTE_LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL; // the embedded database
  const machineBefore = machineBusyMs();
  const ownBefore = selfAndChildrenCpuMs();
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  let listeningMs: number | null = null;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-16_000);
    if (listeningMs === null && output.includes('Meldroute is running at')) listeningMs = performance.now() - started;
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  let readyMs: number | null = null;
  while (readyMs === null) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited before it was ready (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`);
    }
    if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`server not ready within ${READY_TIMEOUT_MS} ms:\n${output}`);
    if ((await probeStatus(port, '/readyz')) === 200) readyMs = performance.now() - started;
    else await sleep(5);
  }
  const stopMs = await stopChild(child);
  const wallMs = performance.now() - started;
  children.delete(child);
  if (child.exitCode !== 0) throw new Error(`server did not stop cleanly (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`);
  const machineAfter = machineBusyMs();
  const ownAfter = selfAndChildrenCpuMs();
  const self = process.cpuUsage(selfBefore);
  const ownMs = ownBefore !== null && ownAfter !== null ? ownAfter - ownBefore : null;
  const serverCpuMs = ownMs === null ? null : round(ownMs - (self.user + self.system) / 1000, 0);
  const otherCores =
    machineBefore !== null && machineAfter !== null && ownMs !== null ? round(Math.max(0, machineAfter - machineBefore - ownMs) / wallMs, 2) : null;
  return { readyMs, listeningMs, stopMs, serverCpuMs, otherCores };
}

async function nodeBaseline(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  children.add(child);
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  children.delete(child);
  return performance.now() - started;
}

const PHASES_SCRIPT = path.join(REPO_ROOT, 'bench/lib/startup-phases.mjs');

/** The steps of main.ts timed one by one in a fresh process (bench/lib/startup-phases.mjs, plain JS: no loader in the way). */
async function phasesOnce(dataDir: string): Promise<Record<string, number>> {
  const machineBefore = machineBusyMs();
  const ownBefore = selfAndChildrenCpuMs();
  const started = performance.now();
  const child = spawn(process.execPath, [PHASES_SCRIPT, dataDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-16_000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-16_000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), READY_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  children.delete(child);
  const line = output.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`startup phases failed (code ${code}):\n${output}`);
  const machineAfter = machineBusyMs();
  const ownAfter = selfAndChildrenCpuMs();
  const times = JSON.parse(line) as Record<string, number>;
  if (machineBefore !== null && machineAfter !== null && ownBefore !== null && ownAfter !== null) {
    otherDuringPhases.push(round(Math.max(0, machineAfter - machineBefore - (ownAfter - ownBefore)) / (performance.now() - started), 2));
  }
  return times;
}
const otherDuringPhases: number[] = [];

async function main(): Promise<void> {
  const machine = machineInfo();
  const otherLoadAtStart = await checkIdle();
  await probeStatus(1, '/'); // load the http client code before the first measured start

  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) baseline.push(await nodeBaseline());

  const cold: Start[] = [];
  const warm: Start[] = [];
  const dataDirBytes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meldroute-bench-startup-'));
    dataDirs.add(dir);
    const c = await startOnce(dir);
    cold.push(c);
    dataDirBytes.push(dirBytes(dir));
    const w = await startOnce(dir);
    warm.push(w);
    rmSync(dir, { recursive: true, force: true });
    dataDirs.delete(dir);
    console.error(`run ${i + 1}/${runs}: cold ${Math.round(c.readyMs)} ms, warm ${Math.round(w.readyMs)} ms`);
  }

  const coldPhases: Record<string, number>[] = [];
  const warmPhases: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meldroute-bench-startup-'));
    dataDirs.add(dir);
    coldPhases.push(await phasesOnce(dir));
    warmPhases.push(await phasesOnce(dir));
    rmSync(dir, { recursive: true, force: true });
    dataDirs.delete(dir);
    console.error(`phases ${i + 1}/${runs} done`);
  }

  const stats = (values: number[], digits = 0) => {
    const s = summarise(values);
    return { median: round(s.median, digits), min: round(s.min, digits), max: round(s.max, digits), n: s.n };
  };
  const listening = (xs: Start[]) => xs.map((x) => x.listeningMs).filter((v): v is number => v !== null);
  const summary = {
    cold: { ready: stats(cold.map((x) => x.readyMs)), listeningLine: stats(listening(cold)), stop: stats(cold.map((x) => x.stopMs)) },
    warm: { ready: stats(warm.map((x) => x.readyMs)), listeningLine: stats(listening(warm)), stop: stats(warm.map((x) => x.stopMs)) },
    nodeBaseline: stats(baseline),
    coldServerCpuMs: stats(cold.map((x) => x.serverCpuMs ?? Number.NaN)),
    warmServerCpuMs: stats(warm.map((x) => x.serverCpuMs ?? Number.NaN)),
    otherLoadCores: stats([...cold, ...warm].map((x) => x.otherCores ?? Number.NaN), 2),
    otherLoadCoresDuringSteps: otherDuringPhases.length ? stats(otherDuringPhases, 2) : null,
    dataDirMiB: round(summarise(dataDirBytes).median / 2 ** 20, 1),
  };

  const row = (name: string, s: { median: number; min: number; max: number; n: number }) => [name, s.n, s.median, s.min, s.max];
  const table = markdownTable(
    ['measure', 'runs', 'median ms', 'min ms', 'max ms'],
    [
      row('cold start → /readyz 200 (new data dir)', summary.cold.ready),
      row('warm start → /readyz 200 (same data dir)', summary.warm.ready),
      row('cold: stop (SIGTERM → exit)', summary.cold.stop),
      row('warm: stop (SIGTERM → exit)', summary.warm.stop),
      row('reference: `node -e ""` spawn → exit', summary.nodeBaseline),
      row('cold: server CPU time, whole life', summary.coldServerCpuMs),
      row('warm: server CPU time, whole life', summary.warmServerCpuMs),
    ],
  );

  const phaseNames = Object.keys(coldPhases[0]!);
  const phaseMedians = (xs: Record<string, number>[]) =>
    Object.fromEntries(phaseNames.map((name) => [name, round(summarise(xs.map((x) => x[name]!)).median, 0)]));
  const phases = { cold: phaseMedians(coldPhases), warm: phaseMedians(warmPhases) };
  const phaseTable = markdownTable(
    ['step (in-process, dist/)', 'cold median ms', 'warm median ms'],
    [...phaseNames.map((name) => [name, phases.cold[name]!, phases.warm[name]!]),
      ['total', phaseNames.reduce((t, n) => t + phases.cold[n]!, 0), phaseNames.reduce((t, n) => t + phases.warm[n]!, 0)]],
  );

  const date = new Date().toISOString().slice(0, 10);
  const out = process.env.BENCH_OUT ?? path.join(REPO_ROOT, 'bench/results', `startup-${date}.json`);
  const report = {
    benchmark: 'startup',
    description: 'node dist/server/main.js on PGlite (demo mode): spawn until /readyz answers 200; cold = new data dir, warm = same dir again',
    date: new Date().toISOString(),
    machine: { ...machine, otherLoadAtStart, loadAverageAfter: os.loadavg().map((v) => round(v, 2)) },
    settings: { runs, pollIntervalMs: 5, demo: true, serveWeb: existsSync(path.join(REPO_ROOT, 'dist/web/index.html')), distStale: stale },
    summary,
    phases,
    runs: cold.map((c, i) => ({ cold: c, warm: warm[i], coldPhases: coldPhases[i], warmPhases: warmPhases[i] })),
  };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\n## Startup on the embedded database (PGlite), ${machine.cpus} cores, Node ${machine.node}\n`);
  console.log(table);
  console.log(`\nWhere the time goes (each step of main.ts timed in a fresh process, median of ${runs}):\n`);
  console.log(phaseTable);
  console.log(
    `\nOther load on the machine during the starts: median ${summary.otherLoadCores.median} cores (max ${summary.otherLoadCores.max}); ` +
      `during the timed steps: median ${summary.otherLoadCoresDuringSteps?.median ?? 'n/a'} (max ${summary.otherLoadCoresDuringSteps?.max ?? 'n/a'}); ` +
      `load average before: ${machine.loadAverage.join(', ')}.`,
  );
  console.log(`Data dir after a cold start: ${summary.dataDirMiB} MiB. Written: ${path.relative(REPO_ROOT, out)}`);
}

await runBenchmark(main, cleanup, budgetSeconds);
