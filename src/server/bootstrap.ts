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
 *
 * Several instances may start at once on one PostgreSQL database (docs/deploy.md#several-instances): everything
 * after the migrations runs under the migration lock as well, in one turn, so the first instance seeds and the
 * others find the municipality, the indicators and the demo accounts there (without the lock both saw an empty
 * database and the second crashed on the municipality's unique code; src/server/multi-instance.test.ts).
 */
export async function bootstrap(database: Database, config: Config, clock: Clock, vault: Vault): Promise<BootstrapResult> {
  await runMigrations(database);
  const cfg = readMunicipalityConfig(config.municipalityConfigPath);
  return database.withAdvisoryLock(MIGRATION_LOCK_KEY, async (db) => {
    // Rows written before encryption at rest are encrypted now, once.
    await createKeysService({ database, vault }).upgradeLegacyData(db);
    const { municipality, created } = await seedMunicipality(db, cfg);
    // Configured context series (issue 5.8), each once, also into a database from before they were configured.
    await seedContextSeries(db, municipality.id, cfg.contextSeries);
    // The default indicator list (issue 6.3): missing codes only, so the coordinator's edits stay.
    await seedIndicators(db, municipality.id);
    if (config.env === 'production' && (await countDemoUsers(db)) > 0) {
      throw new ConfigError('Refusing to start: the database holds active demo accounts and NODE_ENV=production. Deactivate them first.');
    }
    const demoCredentials = config.demo ? await seedDemo(db, clock, vault, municipality, cfg, config.demoPassword) : [];
    return { demoCredentials, municipalitySeeded: created };
  });
}
