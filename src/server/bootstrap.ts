import type { Config } from './config.js';
import { ConfigError } from './config.js';
import type { Database } from './db/client.js';
import type { Vault } from './crypto/vault.js';
import { MIGRATION_LOCK_KEY, runMigrations } from './db/migrate.js';
import { createKeysService } from './modules/keys/keys.service.js';
import { seedIndicators } from './modules/indicators/indicator.service.js';
import { seedContextSeries } from './modules/context-series/context-series.service.js';
import type { Clock } from './lib/clock.js';
import { readMunicipalityConfig, seedDemo, seedMunicipality, type DemoCredential } from './modules/seed/seed.js';
import { countDemoUsers } from './modules/users/user.repo.js';

export interface BootstrapResult {
  /** Demo credentials created in this run (printed once by the caller). */
  demoCredentials: DemoCredential[];
  municipalitySeeded: boolean;
}

/**
 * Prepare the database for serving: migrations (under a lock), the encryption of rows
 * from before encryption at rest, the configured
 * municipality on an empty database, and in demo mode the demo accounts.
 * In production, demo accounts are refused.
 */
export async function bootstrap(database: Database, config: Config, clock: Clock, vault: Vault): Promise<BootstrapResult> {
  await runMigrations(database);
  // Rows written before encryption at rest are encrypted now, once, by whichever instance holds the lock.
  await database.withAdvisoryLock(MIGRATION_LOCK_KEY, (db) => createKeysService({ database, vault }).upgradeLegacyData(db));
  const cfg = readMunicipalityConfig(config.municipalityConfigPath);
  const { municipality, created } = await seedMunicipality(database.db, cfg);
  // Configured context series (issue 5.8), each once, also into a database from before they were configured.
  await database.withAdvisoryLock(MIGRATION_LOCK_KEY, (db) => seedContextSeries(db, municipality.id, cfg.contextSeries));
  // The default indicator list (issue 6.3): missing codes only, so the coordinator's edits stay.
  await database.withAdvisoryLock(MIGRATION_LOCK_KEY, (db) => seedIndicators(db, municipality.id));
  if (config.env === 'production' && (await countDemoUsers(database.db)) > 0) {
    throw new ConfigError('Refusing to start: the database holds active demo accounts and NODE_ENV=production. Deactivate them first.');
  }
  const demoCredentials = config.demo ? await seedDemo(database.db, clock, vault, municipality, cfg, config.demoPassword) : [];
  return { demoCredentials, municipalitySeeded: created };
}
