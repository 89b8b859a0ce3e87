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

  it.each([
    ['late in the year', '2026-11-28T10:00:00Z'],
    ['early in January (no example signal falls in the previous year)', '2027-01-05T10:00:00Z'],
  ])('dates the example signals in order: received, referred, feedback, closed (%s)', async (_when, at) => {
    const database = await freshDatabase();
    const config = loadConfig({ NODE_ENV: 'development', MELDROUTE_DEMO_PASSWORD: 'demo-wachtwoord-123' });
    await bootstrap(database, config, fixedClock(at), testVault());
    const year = at.slice(0, 4);
    const rows = await queryRows<{ number: string; received: string; closed: string | null; referred: string | null; feedback: string | null }>(
      database,
      sql`select s.number, to_char(s.received_at at time zone 'Europe/Amsterdam', 'YYYY-MM-DD') as received,
                 to_char(s.closed_at at time zone 'Europe/Amsterdam', 'YYYY-MM-DD') as closed,
                 min(r.referred_on)::text as referred, min(r.feedback_received_on)::text as feedback
          from signals s left join referrals r on r.signal_id = s.id group by s.id order by s.number`,
    );
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5].map((n) => `MH-${year}-000${n}`));
    expect(rows.filter((r) => r.referred !== null).length).toBe(2);
    for (const r of rows) {
      expect(r.received <= at.slice(0, 10)).toBe(true);
      if (r.referred) expect(r.referred >= r.received).toBe(true);
      if (r.feedback) expect(r.feedback >= r.referred!).toBe(true);
      if (r.closed) expect(r.closed >= (r.feedback ?? r.received)).toBe(true);
    }
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
