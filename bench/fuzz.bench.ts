/**
 * The long run of the property-based API fuzzer (src/server/testing/fuzz/api-fuzzer.ts; the short run is
 * src/server/http/fuzz.test.ts): rounds over every operation of the OpenAPI document × every role and an
 * anonymous caller, until about --requests requests were sent, on a fresh test database (in-memory PGlite,
 * or a new database next to DATABASE_URL, dropped afterwards) with app.inject (no network).
 *
 * Prints progress, and writes the report (requests per status and per operation, the failures with what
 * replays them, the known issues) as JSON to bench/results/fuzz-DATE[-NAME].json. Exits 1 when a property
 * failed. Bounded: --minutes (default 25) stops it early, and the report says so.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CALLERS, createFuzzer, operationsOf, type Caller, type FuzzReport } from '../src/server/testing/fuzz/api-fuzzer.js';
import { createFuzzWorld } from '../src/server/testing/fuzz/fuzz-world.js';
import { expectStatus } from '../src/server/testing/helpers.js';
import { createTestContext, type TestContext } from '../src/server/testing/test-app.js';
import { machineInfo, REPO_ROOT, runBenchmark } from './lib/util.js';

const USAGE = `npx tsx bench/fuzz.bench.ts [--requests 100000] [--seed 1] [--runs 1] [--minutes 25] [--name NAME]
  --requests  about how many requests (whole rounds over every operation × caller)
  --seed      the seed; the same seed sends the same requests
  --runs      requests per operation and caller in each round
  --minutes   stop after this long (the report says it stopped early)
  --name      suffix of the result file (bench/results/fuzz-DATE-NAME.json)
Replay one failure (as printed with it): --seed S --operation 'POST /api/signals' --caller reporter --round R --run N
Environment: DATABASE_URL for PostgreSQL (a new database next to it), otherwise in-memory PGlite.`;

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '1' },
    minutes: { type: 'string', default: '25' },
    name: { type: 'string' },
    operation: { type: 'string' },
    caller: { type: 'string' },
    round: { type: 'string' },
    run: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const requests = Number(values.requests);
const seed = Number(values.seed);
const runsPerPair = Number(values.runs);
const minutes = Number(values.minutes);
if (!(requests >= 1 && requests <= 10_000_000 && Number.isInteger(seed) && runsPerPair >= 1 && minutes > 0 && minutes <= 600)) {
  console.error(`Out of bounds.\n\n${USAGE}`);
  process.exit(2);
}
if (values.caller && !CALLERS.includes(values.caller as Caller)) {
  console.error(`--caller is one of ${CALLERS.join(', ')}`);
  process.exit(2);
}

const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
let ctx: TestContext | undefined;

async function main(): Promise<void> {
  const machine = machineInfo();
  ctx = await createTestContext();
  const doc = expectStatus(await ctx.anonymous().get('/api/openapi.json'), 200).json();
  const operations = operationsOf(doc).filter((o) => !values.operation || o.key === values.operation);
  if (operations.length === 0) throw new Error(`no operation ${values.operation}`);
  const callers = values.caller ? [values.caller as Caller] : [...CALLERS];
  const rounds = Math.max(1, Math.ceil(requests / (operations.length * callers.length * runsPerPair)));
  log(`${operations.length} operations × ${callers.length} callers × ${runsPerPair} × ${rounds} rounds, seed ${seed}, ${ctx.database.kind}`);
  const world = await createFuzzWorld(ctx);
  let last = 0;
  const report = await createFuzzer(world, operations).run({
    seed,
    rounds,
    runsPerPair,
    callers,
    ...(values.run !== undefined ? { replay: { round: Number(values.round ?? 0), run: Number(values.run) } } : {}),
    deadline: Date.now() + minutes * 60_000,
    // A replay prints its request and the answer.
    ...(values.run !== undefined ? { onResponse: (req, res) => log(`${req.caller}: ${req.method} ${req.url} [${req.label}] ${req.payload?.slice(0, 2000) ?? ''}\n→ ${res.statusCode} ${res.body.slice(0, 2000)}`) } : {}),
    onProgress(done, r) {
      if (done - last < 5000) return;
      last = done;
      log(`${done} requests, ${r.failures.length} failures, ${Object.entries(r.byStatus).map(([s, n]) => `${s}:${n}`).join(' ')}`);
    },
  });
  print(report);
  const dir = path.join(REPO_ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `fuzz-${new Date().toISOString().slice(0, 10)}${values.name ? `-${values.name}` : ''}.json`);
  const options = { requests, seed, runsPerPair, rounds, minutes, database: ctx.database.kind, operation: values.operation, caller: values.caller };
  writeFileSync(out, `${JSON.stringify({ benchmark: 'fuzz', date: new Date().toISOString(), machine, options, report }, null, 2)}\n`);
  log(`wrote ${path.relative(REPO_ROOT, out)}`);
  if (report.failures.length) throw new Error(`${report.failures.length} properties failed (see above)`);
}

function print(report: FuzzReport): void {
  const seconds = report.durationMs / 1000;
  console.log(`\n${report.requests} requests in ${seconds.toFixed(0)} s (${(report.requests / seconds).toFixed(0)}/s)${report.stoppedEarly ? ', stopped early (--minutes)' : ''}`);
  console.log(`by status: ${Object.entries(report.byStatus).map(([s, n]) => `${s} ${n}`).join(', ')}`);
  console.log(`time (ms): ${Object.entries(report.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const [title, list] of [['failures', report.failures], ['known issues', report.knownIssues]] as const) {
    console.log(`\n${title}: ${list.length}`);
    for (const f of list) {
      console.log(`- ${f.operation} as ${f.caller}: ${f.property} — ${f.detail} (${f.count}×)${f.known ? ` [known: ${f.known}]` : ''}`);
      console.log(`  ${f.request.method} ${f.request.url} [${f.request.label}] → ${f.response.status}`);
      console.log(`  replay: npx tsx bench/fuzz.bench.ts --seed ${f.seed} --operation '${f.operation}' --caller ${f.caller} --round ${f.round} --run ${f.run}`);
    }
  }
}

await runBenchmark(main, async () => {
  await ctx?.close();
  ctx = undefined;
}, minutes * 60 + 600);
