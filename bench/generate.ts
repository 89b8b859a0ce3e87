/**
 * Synthetic registers and signals for a municipality or the whole country (issue 4).
 *
 *   npx tsx bench/generate.ts --profile lopik|country [--seed N] [--out DIR]
 *                             [--addresses N --persons N --companies N --signals N] [--truth]
 *
 * Writes bag.csv, brp.csv, kvk.csv, permits.csv, bibob.csv, labour_housing.csv, enforcement.csv
 * (the formats of docs/registers.md) and signals.jsonl (signalInput objects) to DIR, and with
 * --truth signals.truth.jsonl (which register entities each signal mentions). Prints counts,
 * rows/s and the peak RSS. Output is deterministic: the same options give byte-identical files.
 * Write large runs outside the repository (the default DIR is under the system's temp directory).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createWorld, profileOptions, PROFILES, type ProfileName } from '../src/server/modules/generator/generate.js';
import { writeWorld } from '../src/server/modules/generator/output.js';

const USAGE = `Usage: npx tsx bench/generate.ts --profile lopik|country [--seed N] [--out DIR]
         [--addresses N] [--persons N] [--companies N] [--signals N] [--truth]

Profiles: ${Object.entries(PROFILES)
  .map(([name, p]) => `${name} (${p.addresses} addresses, ${p.persons} persons, ${p.companies} companies, ${p.signals} signals)`)
  .join('; ')}`;

function main(): Promise<void> | void {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'lopik' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      addresses: { type: 'string' },
      persons: { type: 'string' },
      companies: { type: 'string' },
      signals: { type: 'string' },
      truth: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const profile = values.profile as ProfileName;
  if (!(profile in PROFILES)) {
    console.error(`Unknown profile "${values.profile}".\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const size = (name: 'addresses' | 'persons' | 'companies' | 'signals'): number | undefined => {
    const v = values[name];
    if (v === undefined) return undefined;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
    return n;
  };
  const overrides = Object.fromEntries(
    (['addresses', 'persons', 'companies', 'signals'] as const).flatMap((k) => {
      const n = size(k);
      return n === undefined ? [] : [[k, n]];
    }),
  );
  const seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const options = profileOptions(profile, seed, overrides);
  const out = path.resolve(values.out ?? path.join(os.tmpdir(), `meldroute-${profile}-${values.seed}`));
  const world = createWorld(options);

  console.log(
    `Generating profile ${profile}, seed ${values.seed}: ${options.addresses} addresses, ${options.persons} persons, ` +
      `${options.companies} companies, ${options.signals} signals → ${out}`,
  );
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 100);
  const started = performance.now();
  return writeWorld(world, out, {
    truth: values.truth,
    onFile: (f) => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      const perSecond = f.ms > 0 ? Math.round((f.rows / f.ms) * 1000) : f.rows;
      console.log(`  ${f.file.padEnd(22)} ${String(f.rows).padStart(10)} rows  ${(f.ms / 1000).toFixed(1).padStart(7)} s  ${String(perSecond).padStart(9)} rows/s`);
    },
  })
    .then((files) => {
      const seconds = (performance.now() - started) / 1000;
      const rows = files.reduce((s, f) => s + f.rows, 0);
      console.log(
        `Done: ${rows} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s), peak RSS ${Math.round(peakRss / 1024 / 1024)} MB`,
      );
    })
    .finally(() => clearInterval(sampler));
}

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
