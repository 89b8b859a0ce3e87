import { testVault } from './testing/test-vault.js';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { ROLES } from '../shared/domain.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { fixedClock } from './lib/clock.js';
import { listDepartments } from './modules/municipality/municipality.repo.js';
import { listPartners, listRoutingRules } from './modules/partners/partner.repo.js';
import { findMunicipalityByCode } from './modules/municipality/municipality.repo.js';
import { verifyPassword } from './modules/auth/password.js';
import { findUserByUsername } from './modules/users/user.repo.js';
import { createTestDatabase, queryRows } from './testing/test-database.js';

const clock = fixedClock('2026-11-28T10:00:00Z');
let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

async function freshDatabase() {
  const created = await createTestDatabase();
  dispose = created.dispose;
  return created.database;
}

describe('bootstrap', () => {
  it('gives an empty database the Lopik configuration, one demo account per role and example signals', async () => {
    const database = await freshDatabase();
    const config = loadConfig({ NODE_ENV: 'development', MELDROUTE_DEMO_PASSWORD: 'demo-wachtwoord-123' });
    const result = await bootstrap(database, config, clock, testVault());

    expect(result.municipalitySeeded).toBe(true);
    expect(result.demoCredentials.map((c) => c.role).sort()).toEqual([...ROLES, 'reporter'].sort());
    const lopik = (await findMunicipalityByCode(database.db, 'lopik'))!;
    const departments = (await listDepartments(database.db, lopik.id)).map((d) => d.name);
    expect(departments).toEqual(
      expect.arrayContaining(['Burgerzaken / Dienstverlening', 'Civiel', 'Algemene Juridische Zaken (AJZ)', 'Openbare Orde en Veiligheid (OOV)', 'Sociaal Domein / Breed Sociaal Loket', 'Toezicht en Handhaving']),
    );
    const partners = await listPartners(database.db, lopik.id);
    expect(partners.map((p) => p.code)).toEqual(
      expect.arrayContaining(['politie-avim', 'nla', 'moviera', 'veilig-thuis', 'om', 'riec', 'belle', 'pretty-woman', 'comensha', 'fairwork', 'meldcode']),
    );
    expect(partners.find((p) => p.code === 'nla')!.exploitationForms).toEqual(['labour']);
    expect((await listRoutingRules(database.db, lopik.id)).length).toBe(5);

    const coordinator = (await findUserByUsername(database.db, 'aandachtsfunctionaris'))!;
    expect(await verifyPassword(coordinator.passwordHash, 'demo-wachtwoord-123')).toBe(true);
    const states = await queryRows<{ state: string }>(database, sql`select distinct state from signals order by state`);
    expect(states.map((r) => r.state)).toEqual(['closed', 'received', 'referred', 'registered']);
  });

  it('seeds nothing twice', async () => {
    const database = await freshDatabase();
    const config = loadConfig({ NODE_ENV: 'development' });
    await bootstrap(database, config, clock, testVault());
    const again = await bootstrap(database, config, clock, testVault());
    expect(again).toEqual({ demoCredentials: [], municipalitySeeded: false });
    const count = await queryRows<{ n: number }>(database, sql`select count(*)::int as n from signals`);
    expect(count[0]!.n).toBe(5);
  });

  it('refuses production on a database with demo accounts, and seeds none in production', async () => {
    const database = await freshDatabase();
    await bootstrap(database, loadConfig({ NODE_ENV: 'development' }), clock, testVault());
    await expect(bootstrap(database, loadConfig({ NODE_ENV: 'production', MELDROUTE_KEY_FILE: 'unused-keys.json' }), clock, testVault())).rejects.toBeInstanceOf(ConfigError);

    const clean = await createTestDatabase();
    try {
      const result = await bootstrap(clean.database, loadConfig({ NODE_ENV: 'production', MELDROUTE_KEY_FILE: 'unused-keys.json' }), clock, testVault());
      expect(result.demoCredentials).toEqual([]);
      const users = await queryRows<{ n: number }>(clean.database, sql`select count(*)::int as n from users`);
      expect(users[0]!.n).toBe(0);
    } finally {
      await clean.dispose();
    }
  });
});
