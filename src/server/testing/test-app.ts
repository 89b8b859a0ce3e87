import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../shared/domain.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/client.js';
import type { App } from '../http/types.js';
import { fixedClock } from '../lib/clock.js';
import { hashPassword } from '../modules/auth/password.js';
import { listDepartments, type MunicipalityRow } from '../modules/municipality/municipality.repo.js';
import { readMunicipalityConfig, seedMunicipality } from '../modules/seed/seed.js';
import { insertUser } from '../modules/users/user.repo.js';
import { createTestDatabase } from './test-database.js';
import { testVault } from './test-vault.js';
import type { Vault } from '../crypto/vault.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/** The test users: one per role, plus a second reporter in another department. */
export const TEST_USERS = {
  reporter: { role: 'reporter', department: 'dienstverlening', displayName: 'Rita Reporter', email: 'rita.reporter@lopik.test' },
  reporter2: { role: 'reporter', department: 'sociaal-domein', displayName: 'Otto Other', email: 'otto.other@lopik.test' },
  colleague: { role: 'reporter', department: 'dienstverlening', displayName: 'Cora Colleague', email: 'cora.colleague@lopik.test' },
  liaison: { role: 'liaison', department: 'dienstverlening', displayName: 'Lisa Liaison', email: 'lisa.liaison@lopik.test' },
  coordinator: { role: 'coordinator', department: 'oov', displayName: 'Coen Coordinator', email: 'coen.coordinator@lopik.test' },
  deputy: { role: 'deputy_coordinator', department: 'oov', displayName: 'Dirk Deputy', email: 'dirk.deputy@lopik.test' },
  meldcode: { role: 'meldcode_officer', department: 'sociaal-domein', displayName: 'Mira Meldcode', email: 'mira.meldcode@lopik.test' },
  analyst: { role: 'analyst', department: null, displayName: 'Anton Analyst', email: 'anton.analyst@lopik.test' },
  admin: { role: 'admin', department: null, displayName: 'Ada Admin', email: 'ada.admin@lopik.test' },
} as const satisfies Record<string, { role: Role; department: string | null; displayName: string; email: string }>;
export type TestUserKey = keyof typeof TEST_USERS;

/** The test user of each role, for suites that go through every role. */
export const USER_OF_ROLE: Record<Role, TestUserKey> = {
  reporter: 'reporter',
  liaison: 'liaison',
  coordinator: 'coordinator',
  deputy_coordinator: 'deputy',
  meldcode_officer: 'meldcode',
  analyst: 'analyst',
  admin: 'admin',
};

/** A logged-in HTTP client over app.inject: keeps the session cookie and sends the CSRF token. */
export interface Client {
  userId: string;
  csrfToken: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export interface TestContext {
  app: App;
  database: Database;
  /** The keys the app encrypts with (testVault()). */
  vault: Vault;
  clock: ReturnType<typeof fixedClock>;
  municipality: MunicipalityRow;
  userIds: Record<TestUserKey, string>;
  departmentIds: Record<string, string>;
  /** Log in as one of the test users. */
  login(user: TestUserKey): Promise<Client>;
  /** A client without a session. */
  anonymous(): Client;
  /** Create a second municipality with its own coordinator, for isolation tests. */
  otherMunicipality(): Promise<{ municipality: MunicipalityRow; coordinatorUsername: string }>;
  close(): Promise<void>;
}

function makeClient(app: App, cookie: string | null, csrfToken: string, userId: string): Client {
  const request = (options: InjectOptions) =>
    app.inject({
      ...options,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...(options.headers ?? {}),
      },
    });
  const withBody = (method: 'POST' | 'PATCH' | 'PUT') => (url: string, body?: unknown) =>
    request({ method, url, payload: (body ?? {}) as InjectOptions['payload'] });
  return {
    userId,
    csrfToken,
    request,
    get: (url) => request({ method: 'GET', url }),
    post: withBody('POST'),
    patch: withBody('PATCH'),
    put: withBody('PUT'),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

/** A migrated database with the Lopik configuration, one user per role, and the app on top. */
/**
 * Mandatory two-factor login is off unless `totpMandatory` is set: the coordinator,
 * meldcode officer and admin of other suites log in with their password alone.
 */
export async function createTestContext(options: { now?: string; totpMandatory?: boolean; vault?: Vault; env?: Record<string, string> } = {}): Promise<TestContext> {
  const { database, dispose } = await createTestDatabase();
  const clock = fixedClock(options.now ?? '2026-11-28T10:00:00Z');
  const config = {
    ...loadConfig({ NODE_ENV: 'test', MELDROUTE_SERVE_WEB: 'false', MELDROUTE_LOGIN_RATE_LIMIT: '1000', ...options.env }),
    demo: false,
    totpMandatory: options.totpMandatory ?? false,
  };
  const cfg = readMunicipalityConfig(config.municipalityConfigPath);
  const { municipality } = await seedMunicipality(database.db, cfg);
  const departments = await listDepartments(database.db, municipality.id);
  const departmentIds = Object.fromEntries(departments.map((d) => [d.code, d.id]));
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const userIds = {} as Record<TestUserKey, string>;
  for (const [key, u] of Object.entries(TEST_USERS) as [TestUserKey, (typeof TEST_USERS)[TestUserKey]][]) {
    userIds[key] = await insertUser(database.db, {
      municipalityId: municipality.id,
      username: key,
      displayName: u.displayName,
      email: u.email,
      role: u.role,
      departmentId: u.department ? departmentIds[u.department]! : null,
      passwordHash,
    });
  }
  const vault = options.vault ?? testVault();
  const app = await buildApp({ config, database, clock, vault, logger: false });
  await app.ready();

  const ctx: TestContext = {
    app,
    database,
    vault,
    clock,
    municipality,
    userIds,
    departmentIds,
    login: (user) => loginWith(ctx, user),
    anonymous: () => makeClient(app, null, '', ''),
    async otherMunicipality() {
      const { municipality: other } = await seedMunicipality(database.db, { ...cfg, code: 'elders', name: 'Gemeente Elders' });
      await insertUser(database.db, {
        municipalityId: other.id,
        username: 'elders-coordinator',
        displayName: 'Elders Coordinator',
        role: 'coordinator',
        passwordHash,
      });
      return { municipality: other, coordinatorUsername: 'elders-coordinator' };
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
  return ctx;
}

/** Log in by username (for users created inside a test). */
export async function loginWith(ctx: TestContext, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode}`);
  const setCookie = res.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)!.split(';')[0]!;
  const body = res.json() as { csrfToken: string; user: { id: string } };
  return makeClient(ctx.app, cookie, body.csrfToken, body.user.id);
}
