/**
 * Register import throughput (issue 4): a generated 1M-row register extract (BAG by default; BRP
 * too with --kinds bag,brp) written to a temporary directory, then imported with the real CLI
 * (`meldroute import KIND FILE`, i.e. RegisterService.importCsv in one transaction) into a fresh
 * PostgreSQL database, twice: the first run inserts every row, the second finds every row
 * unchanged (idempotence). Per run: wall time of the CLI process, the import time the CLI prints,
 * rows/s, the peak RSS of the CLI process (/usr/bin/time -v), the PostgreSQL CPU where visible.
 * Writes JSON to bench/results/ and removes the database and the temporary files, also on failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createWorld, profileOptions } from '../src/server/modules/generator/generate.js';
import { registerStream } from '../src/server/modules/generator/output.js';
import { loopbackUrl, withAdmin } from './lib/registers-db.js';
import { checkIdle, machineBusyMs, machineInfo, markdownTable, REPO_ROOT, round, runBenchmark, stopChild } from './lib/util.js';

const USAGE = `Usage: npx tsx bench/import.bench.ts [--rows 1000000] [--kinds bag|brp|bag,brp] [--seed 1] [--out FILE]

  --rows   rows per generated extract (default 1 000 000). BAG: that many addresses (country places);
           BRP: that many persons, living at rows × 0.4 addresses
  --kinds  which registers (default bag)
Environment: DATABASE_URL (loopback only; default postgres://postgres@127.0.0.1:5432/test)`;

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    kinds: { type: 'string', default: 'bag' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const rows = Number(values.rows!.replace(/_/g, ''));
const kinds = values.kinds!.split(',').map((k) => k.trim()) as ('bag' | 'brp')[];
if (!Number.isInteger(rows) || rows < 1 || rows > 10_000_000 || kinds.some((k) => k !== 'bag' && k !== 'brp')) {
  console.error(`Out of bounds.\n\n${USAGE}`);
  process.exit(2);
}
const seed = Number(values.seed);
const baseUrl = loopbackUrl(process.env.DATABASE_URL);
const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'meldroute-bench-import-'));
const databases = new Set<string>();
const children = new Set<ChildProcess>();
const cleanup = async () => {
  for (const c of children) await stopChild(c, 5_000).catch(() => undefined);
  for (const name of databases) await withAdmin(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).catch((e) => console.error(e));
  rmSync(tmp, { recursive: true, force: true });
};

interface CliRun {
  wallSeconds: number;
  /** What the CLI prints: importCsv's own time (without process start, migrations, seeding). */
  importSeconds: number | null;
  rowsPerSecondWall: number;
  rowsPerSecondImport: number | null;
  peakRssMiB: number | null;
  cliCpuSeconds: number | null;
  otherCores: number | null;
  exitCode: number | null;
  summary: string;
}

/** `node --import tsx src/cli/main.ts import KIND FILE` under /usr/bin/time -v. */
async function cliImport(kind: string, file: string, dbUrl: string, dataDir: string, expectRows: number): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATABASE_URL: dbUrl, MELDROUTE_DATA_DIR: dataDir, MELDROUTE_LOG_LEVEL: 'warn' };
  const busyBefore = machineBusyMs();
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'import', kind, file], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout = (stdout + b.toString()).slice(-20_000)));
  child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-20_000)));
  const timer = setTimeout(() => child.kill('SIGTERM'), 3 * 3600_000);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  children.delete(child);
  const wallSeconds = (performance.now() - started) / 1000;
  const busyAfter = machineBusyMs();
  const num = (re: RegExp, text: string) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : null;
  };
  const importSeconds = num(/rejected \(([\d.]+) s,/, stdout);
  const rssKiB = num(/Maximum resident set size \(kbytes\): (\d+)/, stderr);
  const user = num(/User time \(seconds\): ([\d.]+)/, stderr);
  const sys = num(/System time \(seconds\): ([\d.]+)/, stderr);
  const cliCpuSeconds = user !== null && sys !== null ? round(user + sys, 1) : null;
  if (exitCode !== 0) throw new Error(`import ${kind} exited with ${exitCode}:\n${stdout}\n${stderr}`);
  return {
    wallSeconds: round(wallSeconds, 1),
    importSeconds,
    rowsPerSecondWall: Math.round(expectRows / wallSeconds),
    rowsPerSecondImport: importSeconds ? Math.round(expectRows / importSeconds) : null,
    peakRssMiB: rssKiB === null ? null : round(rssKiB / 1024, 0),
    cliCpuSeconds,
    // Everything but the CLI process (PostgreSQL included): cores busy on average.
    otherCores: busyBefore !== null && busyAfter !== null && cliCpuSeconds !== null ? round((busyAfter - busyBefore - cliCpuSeconds * 1000) / 1000 / wallSeconds, 2) : null,
    exitCode,
    summary: stdout.trim().split('\n').slice(0, 3).join(' / '),
  };
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const idle = await checkIdle();
  const date = new Date().toISOString().slice(0, 10);
  const out = values.out ?? path.join(REPO_ROOT, 'bench/results', `import-${date}.json`);
  const results: Record<string, unknown>[] = [];
  for (const kind of kinds) {
    const world =
      kind === 'bag'
        ? createWorld(profileOptions('country', seed, { addresses: rows, persons: 1, companies: 1, signals: 0 }))
        : createWorld(profileOptions('country', seed, { addresses: Math.max(1000, Math.round(rows * 0.4)), persons: rows, companies: 1, signals: 0 }));
    const file = path.join(tmp, `${kind}.csv`);
    const genStart = performance.now();
    await pipeline(registerStream(world, kind), createWriteStream(file));
    const generateSeconds = round((performance.now() - genStart) / 1000, 1);
    const fileMiB = round(statSync(file).size / 2 ** 20, 1);
    log(`${kind}: ${rows} rows generated in ${generateSeconds} s (${fileMiB} MiB) → ${file}`);

    const name = `meldroute_bench_import_${kind}_${Math.random().toString(16).slice(2, 10)}`;
    databases.add(name);
    await withAdmin(baseUrl, (c) => c.query(`create database ${name}`));
    const dbUrl = new URL(baseUrl);
    dbUrl.pathname = `/${name}`;
    dbUrl.searchParams.set('options', '-c statement_timeout=1800000');
    const dataDir = path.join(tmp, `data-${kind}`);
    mkdirSync(dataDir, { recursive: true });

    const first = await cliImport(kind, file, dbUrl.toString(), dataDir, rows);
    log(`  first import:  ${first.wallSeconds} s wall, ${first.importSeconds} s import, ${first.rowsPerSecondImport} rows/s, peak RSS ${first.peakRssMiB} MiB — ${first.summary}`);
    const second = await cliImport(kind, file, dbUrl.toString(), dataDir, rows);
    log(`  second import: ${second.wallSeconds} s wall, ${second.importSeconds} s import, ${second.rowsPerSecondImport} rows/s, peak RSS ${second.peakRssMiB} MiB — ${second.summary}`);

    const sizes = await withAdmin(dbUrl, async (c) => {
      const r = await c.query<{ t: string; n: string; bytes: string }>(
        `select t, (xpath('/row/n/text()', query_to_xml('select count(*) as n from ' || t, false, true, '')))[1]::text as n,
                pg_total_relation_size(t)::text as bytes from unnest(array['entities', 'entity_keys']) as t`,
      );
      return Object.fromEntries(r.rows.map((x) => [x.t, { rows: Number(x.n), totalMiB: round(Number(x.bytes) / 2 ** 20, 1) }]));
    });
    await withAdmin(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    databases.delete(name);
    rmSync(file, { force: true });
    results.push({ kind, rows, fileMiB, generateSeconds, first, second, sizes, loadAverageAfter: os.loadavg().map((v) => round(v, 2)) });
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify({ benchmark: 'import', description: 'meldroute import KIND FILE (RegisterService.importCsv) of a generated extract into a fresh PostgreSQL database, twice (second run: all rows unchanged)', date: new Date().toISOString(), machine: { ...machine, otherLoadAtStart: idle }, settings: { rows, kinds, seed }, results }, null, 2)}\n`,
    );
  }
  console.log(
    markdownTable(
      ['register', 'rows', 'run', 'wall s', 'import s', 'rows/s (import)', 'peak RSS MiB', 'CLI CPU s', 'other cores incl. PostgreSQL'],
      results.flatMap((r) =>
        (['first', 'second'] as const).map((k) => {
          const x = r[k] as CliRun;
          return [String(r.kind), rows, k, x.wallSeconds, x.importSeconds ?? 'n/a', x.rowsPerSecondImport ?? 'n/a', x.peakRssMiB ?? 'n/a', x.cliCpuSeconds ?? 'n/a', x.otherCores ?? 'n/a'];
        }),
      ),
    ),
  );
  console.log(`Written: ${path.relative(REPO_ROOT, out)}`);
}

await runBenchmark(main, cleanup, 4 * 3600);
