import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFuzzer, operationsOf, CALLERS, type Caller, type FuzzFailure, type FuzzReport } from '../testing/fuzz/api-fuzzer.js';
import { createFuzzWorld } from '../testing/fuzz/fuzz-world.js';
import { expectStatus } from '../testing/helpers.js';
import { createTestContext, type TestContext } from '../testing/test-app.js';

/**
 * The short run of the property-based API fuzzer (src/server/testing/fuzz/api-fuzzer.ts): every
 * operation of the OpenAPI document × every role and an anonymous caller, a few generated requests
 * each, with a fixed seed. The long run is `npx tsx bench/fuzz.bench.ts`.
 *
 * Reproduce a failure: FUZZ_SEED, FUZZ_OPERATION, FUZZ_CALLER, FUZZ_ROUND and FUZZ_RUN as printed
 * with it (docs/DEVELOPING.md, "API fuzzer").
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS_PER_PAIR = Number(process.env.FUZZ_RUNS ?? 2);

describe('API fuzzer (short run)', () => {
  let ctx: TestContext;
  let report: FuzzReport;

  beforeAll(async () => {
    ctx = await createTestContext();
    const doc = expectStatus(await ctx.anonymous().get('/api/openapi.json'), 200).json();
    const world = await createFuzzWorld(ctx);
    const operation = process.env.FUZZ_OPERATION;
    const caller = process.env.FUZZ_CALLER as Caller | undefined;
    const replay = process.env.FUZZ_RUN !== undefined ? { round: Number(process.env.FUZZ_ROUND ?? 0), run: Number(process.env.FUZZ_RUN) } : undefined;
    report = await createFuzzer(world, operationsOf(doc)).run({
      seed: SEED,
      // One round; a replay runs up to the round of its failure (also one found by bench/fuzz.bench.ts).
      rounds: replay ? replay.round + 1 : 1,
      runsPerPair: RUNS_PER_PAIR,
      ...(operation ? { operations: [operation] } : {}),
      ...(caller ? { callers: [caller] } : {}),
      ...(replay ? { replay } : {}),
    });
  }, 240_000);
  afterAll(async () => ctx.close());

  it('sends requests to every operation as every caller', () => {
    // A replay or a run restricted to one operation or caller sends fewer.
    if (process.env.FUZZ_OPERATION || process.env.FUZZ_CALLER || process.env.FUZZ_RUN) return;
    expect(Object.keys(report.byOperation).length).toBeGreaterThanOrEqual(140);
    expect(report.requests).toBe(Object.keys(report.byOperation).length * CALLERS.length * RUNS_PER_PAIR);
    // The generated input reaches the services too, not only the validation: some requests succeed.
    const succeeded = Object.entries(report.byStatus).filter(([s]) => s < '300').reduce((n, [, c]) => n + c, 0);
    expect(succeeded).toBeGreaterThan(report.requests / 20);
  });

  it('finds no failure of a property (no 5xx, field-level messages, nothing written by a refusal, isolation)', () => {
    const explain = (f: FuzzFailure & { count: number }) =>
      `${f.operation} as ${f.caller}: ${f.property} — ${f.detail} (${f.count}×)\n` +
      `  ${f.request.method} ${f.request.url} [${f.request.label}] → ${f.response.status} ${f.response.body.slice(0, 200)}\n` +
      `  replay: FUZZ_SEED=${f.seed} FUZZ_OPERATION='${f.operation}' FUZZ_CALLER=${f.caller} FUZZ_ROUND=${f.round} FUZZ_RUN=${f.run}`;
    expect(report.failures.map(explain)).toEqual([]);
  });
});
