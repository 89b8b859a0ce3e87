/** Small helpers shared by the benchmark scripts (no test framework, no timing assertions). */
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A free TCP port on the loopback interface (bound, read and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One GET on loopback without keep-alive; resolves with the status code, or null if nothing answered within 2 s. */
export function probeStatus(port: number, urlPath: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/**
 * Cleanup steps of a benchmark, run once in reverse order of registration (on success, on error, on SIGINT/SIGTERM
 * and on the watchdog: pass `cleanup` to runBenchmark); a failing step is logged and the others still run.
 */
export function cleanupSteps(): { cleanups: (() => Promise<unknown>)[]; cleanup: () => Promise<void> } {
  const cleanups: (() => Promise<unknown>)[] = [];
  let cleanedUp: Promise<void> | undefined;
  const cleanup = () => {
    cleanedUp ??= (async () => {
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (error) {
          console.error('cleanup step failed:', error);
        }
      }
    })();
    return cleanedUp;
  };
  return { cleanups, cleanup };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(values: number[]): { median: number; min: number; max: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, n: sorted.length };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A row count from the command line: "10000", "10k", "1m", "2.5M", "1_000_000". */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(s.trim().replace(/_/g, ''));
  if (!m) throw new Error(`bad size ${s}`);
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1));
}

export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  const align = headers.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(headers), line(align), ...rows.map(line)].join('\n');
}

export function positiveNumberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export interface MachineInfo {
  cpus: number;
  /** 1, 5 and 15 minute load averages when the run started (other work on the machine skews results). */
  loadAverage: number[];
  cpuModel: string;
  totalMemoryGiB: number;
  platform: string;
  node: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
}

export function machineInfo(): MachineInfo {
  const status = git(['status', '--porcelain']);
  return {
    cpus: os.availableParallelism(),
    loadAverage: os.loadavg().map((v) => round(v, 2)),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    gitCommit: git(['rev-parse', '--short', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
  };
}

let clockTicks: number | undefined;
function ticksToMs(ticks: number): number {
  clockTicks ??= (() => {
    try {
      return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      return 100;
    }
  })();
  return (ticks * 1000) / clockTicks;
}

/** Fields of /proc/<pid>/stat after the command name (index 0 = state), or null. */
function procStatFields(pid: number | 'self'): string[] | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // gone, or not Linux
  }
}

/** CPU time (ms, user + system) used so far by a local process; null if it is not visible. */
export function processCpuMs(pid: number): number | null {
  const f = procStatFields(pid);
  return f ? ticksToMs(Number(f[11]) + Number(f[12])) : null;
}

/** CPU time (ms) of this process plus its exited, reaped children (utime, stime, cutime, cstime). */
export function selfAndChildrenCpuMs(): number | null {
  const f = procStatFields('self');
  return f ? ticksToMs(Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) : null;
}

/** CPU time (ms) the whole machine has been busy (all cores, /proc/stat), to see other load. */
export function machineBusyMs(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal
    const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
    return ticksToMs(user! + nice! + system! + irq! + softirq! + steal!);
  } catch {
    return null;
  }
}

/** Ask a child to stop (SIGTERM), then SIGKILL after `graceMs`. Resolves with how long it took. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<number> {
  const started = performance.now();
  if (child.exitCode !== null || child.signalCode !== null) return 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  return performance.now() - started;
}

/**
 * Cores busy on the machine over `ms` (everything but this process), before a
 * benchmark starts. Prints a warning when other work would skew the results.
 */
export async function checkIdle(ms = 1_000): Promise<number | null> {
  const before = machineBusyMs();
  const self = process.cpuUsage();
  await sleep(ms);
  const after = machineBusyMs();
  if (before === null || after === null) return null;
  const own = process.cpuUsage(self);
  const cores = round(Math.max(0, after - before - (own.user + own.system) / 1000) / ms, 2);
  if (cores > 0.25 * os.availableParallelism()) {
    console.error(`warning: the machine is busy with other work (${cores} of ${os.availableParallelism()} cores); results will be skewed`);
  }
  return cores;
}

/**
 * Run a benchmark's main function bounded in time: `cleanup` runs once — on success, on error, on SIGINT/SIGTERM
 * and when the watchdog fires after `budgetSeconds` — and the process exits with 0, 1 (error or watchdog) or 130.
 */
export async function runBenchmark(main: () => Promise<void>, cleanup: () => Promise<void>, budgetSeconds: number): Promise<never> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void cleanup().then(() => process.exit(130));
    });
  }
  const watchdog = setTimeout(() => {
    console.error(`Watchdog: the benchmark exceeded ${budgetSeconds} s; stopping.`);
    void cleanup().then(() => process.exit(1));
  }, budgetSeconds * 1000);
  let exitCode = 0;
  try {
    await main();
  } catch (error) {
    console.error(error);
    exitCode = 1;
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
  process.exit(exitCode);
}
