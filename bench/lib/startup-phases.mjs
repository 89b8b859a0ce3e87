// @ts-check
/**
 * Helper of bench/startup.bench.ts: the steps of src/server/main.ts timed one
 * by one in a fresh process, on the built code in dist/. Plain JavaScript so
 * that no TypeScript loader runs in the measured process.
 * Usage: node bench/lib/startup-phases.mjs <data dir>
 * Prints one JSON line: { step: ms, ... }.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** @param {string} file */
const dist = (file) => pathToFileURL(path.resolve(import.meta.dirname, '../../dist/server', file)).href;

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('internal helper of bench/startup.bench.ts: pass a data dir');
  process.exit(2);
}

/** @type {Record<string, number>} */
const times = {};
let last = performance.now();
/** @param {string} step */
const lap = (step) => {
  const now = performance.now();
  times[step] = Math.round((now - last) * 10) / 10;
  last = now;
};

const { loadConfig } = await import(dist('config.js'));
const { openDatabase } = await import(dist('db/client.js'));
const { runMigrations } = await import(dist('db/migrate.js'));
const seed = await import(dist('modules/seed/seed.js'));
const { buildApp } = await import(dist('app.js'));
const { systemClock } = await import(dist('lib/clock.js'));
lap('importModules');

const config = loadConfig({
  NODE_ENV: 'development',
  MELDROUTE_DATA_DIR: dataDir,
  MELDROUTE_DEMO: 'true',
  MELDROUTE_DEMO_PASSWORD: 'bench-demo-wachtwoord-123',
  MELDROUTE_LOG_LEVEL: 'warn',
});
const database = await openDatabase(config.database);
lap('openDatabase');
await runMigrations(database);
lap('migrations');
const cfg = seed.readMunicipalityConfig(config.municipalityConfigPath);
const { municipality } = await seed.seedMunicipality(database.db, cfg);
lap('seedMunicipality');
await seed.seedDemo(database.db, systemClock, municipality, cfg, config.demoPassword);
lap('seedDemo');
const app = await buildApp({ config, database, logger: false });
await app.ready();
lap('buildApp');
await app.close();
await database.close();
lap('close');
console.log(JSON.stringify(times));
