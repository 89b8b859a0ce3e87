import { testVault } from '../../testing/test-vault.js';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { generateSync } from 'otplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MunicipalitySettings } from '../../../shared/api/admin.js';
import type { Role } from '../../../shared/domain.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { municipalities, recoveryCodes, users } from '../../db/schema/index.js';
import { SESSION_COOKIE } from '../../http/auth.js';
import type { App } from '../../http/types.js';
import { addUser, auditSince, expectStatus, lastAuditId, setCookieFor } from '../../testing/helpers.js';
import { createTestContext, TEST_PASSWORD, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';

const START = '2026-11-28T10:00:00Z';
const at = (seconds: number) => new Date(new Date(START).getTime() + seconds * 1000);

/** A cookie-and-CSRF client over app.inject, built from a login answer. */
interface Session {
  cookie: string;
  csrfToken: string;
  request(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

describe('two-factor login (TOTP), lockout and logging out everywhere', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ now: START, totpMandatory: true });
  });
  afterEach(() => ctx.clock.set(START));
  afterAll(async () => ctx.close());

  const code = (secret: string, when: Date = ctx.clock.now()) => generateSync({ secret, epoch: Math.floor(when.getTime() / 1000) });
  const cookieOf = (res: LightMyRequestResponse) => setCookieFor(res, SESSION_COOKIE)!.split(';')[0]!;

  function session(res: LightMyRequestResponse, app: App = ctx.app): Session {
    const cookie = cookieOf(res);
    const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
    return {
      cookie,
      csrfToken,
      request: (method, url, body, headers = {}) =>
        app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrfToken, ...headers }, ...(method === 'GET' ? {} : { payload: (body ?? {}) as object }) }),
    };
  }

  const passwordStep = (username: string, password = TEST_PASSWORD, app: App = ctx.app) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  /** Log in with the password alone (no second factor set up). */
  async function login(username: string, app: App = ctx.app): Promise<Session> {
    const res = expectStatus(await passwordStep(username, TEST_PASSWORD, app), 200, `login ${username}`);
    expect(res.json().status).toBe('ok');
    return session(res, app);
  }

  let counter = 0;
  async function newUser(role: Role): Promise<{ id: string; username: string }> {
    const username = `totp-${role}-${++counter}`;
    const department = role === 'reporter' || role === 'liaison' ? 'dienstverlening' : null;
    const id = await addUser(ctx, { username, displayName: `Test ${username}`, role, department });
    return { id, username };
  }

  /** Set up two-factor login through the API; returns the secret and the recovery codes. */
  async function enrol(s: Session): Promise<{ secret: string; recoveryCodes: string[] }> {
    const setup = expectStatus(await s.request('POST', '/api/auth/totp/setup'), 200, 'setup').json();
    const confirmed = expectStatus(await s.request('POST', '/api/auth/totp/confirm', { code: code(setup.secret) }), 200, 'confirm').json();
    return { secret: setup.secret, recoveryCodes: confirmed.recoveryCodes };
  }

  /** A user with two-factor login set up (at START - 60 s, so that codes at START are fresh). */
  async function enrolledUser(role: Role = 'reporter') {
    const user = await newUser(role);
    ctx.clock.set(at(-60));
    const s = await login(user.username);
    const { secret, recoveryCodes: codes } = await enrol(s);
    ctx.clock.set(START);
    return { ...user, secret, recoveryCodes: codes };
  }

  /** The password step for an enrolled user: a pending login. */
  async function pending(username: string, app: App = ctx.app): Promise<Session> {
    const res = expectStatus(await passwordStep(username, TEST_PASSWORD, app), 200, 'password step');
    expect(res.json()).toEqual({ status: 'totp_required', csrfToken: expect.any(String) });
    return session(res, app);
  }

  const secondStep = (p: Session, body: { method?: 'totp' | 'recovery'; code: string }) => p.request('POST', '/api/auth/login/totp', body);

  /** The pending login is gone: start again with the password (not "wrong code"). */
  function expectGone(res: LightMyRequestResponse) {
    expect(res.statusCode).toBe(401);
    expect(['unauthorized', 'login_expired']).toContain(res.json().code);
  }

  describe('enrolment', () => {
    it('sets up an app with a QR code and a manual key, and turns two-factor login on with a code from it', async () => {
      const user = await newUser('reporter');
      const s = await login(user.username);
      expect(expectStatus(await s.request('GET', '/api/auth/totp'), 200).json()).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
      const since = await lastAuditId(ctx.database);

      const setup = expectStatus(await s.request('POST', '/api/auth/totp/setup'), 200).json();
      expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(setup.otpauthUri).toBe(`otpauth://totp/Meldroute%20(Gemeente%20Lopik):${user.username}?secret=${setup.secret}&issuer=Meldroute%20(Gemeente%20Lopik)`);
      expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(Buffer.from(setup.qrCode.split(',')[1], 'base64').toString()).toMatch(/^<svg /);
      // Not on until confirmed.
      expect(expectStatus(await s.request('GET', '/api/auth/totp'), 200).json().enabled).toBe(false);

      const wrong = await s.request('POST', '/api/auth/totp/confirm', { code: '000000' === code(setup.secret) ? '111111' : '000000' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().fields).toEqual([expect.objectContaining({ path: 'code', key: 'v.invalid' })]);
      expect((await s.request('POST', '/api/auth/totp/confirm', { code: '12345' })).statusCode).toBe(400);

      const confirmed = expectStatus(await s.request('POST', '/api/auth/totp/confirm', { code: code(setup.secret) }), 200).json();
      expect(confirmed.recoveryCodes).toHaveLength(10);
      for (const c of confirmed.recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(new Set(confirmed.recoveryCodes).size).toBe(10);
      expect(expectStatus(await s.request('GET', '/api/auth/totp'), 200).json()).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
      expect(expectStatus(await s.request('GET', '/api/auth/session'), 200).json().user).toMatchObject({ totpEnabled: true, totpRequired: false });

      // Only hashes of the recovery codes are stored.
      const stored = await ctx.database.db.select({ hash: recoveryCodes.codeHash }).from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
      expect(stored).toHaveLength(10);
      for (const { hash } of stored) for (const c of confirmed.recoveryCodes) expect(hash).not.toContain(c.replace('-', ''));

      const entries = (await auditSince(ctx.database, since)).map((e) => [e.action, e.result, e.objectId]);
      expect(entries).toEqual([
        ['auth.totp_setup', 'ok', user.id],
        ['auth.totp_enrol', 'invalid', user.id],
        ['auth.totp_enrol', 'ok', user.id],
      ]);
    });

    it('never returns the secret again, and keeps it out of the audit trail', async () => {
      const user = await enrolledUser();
      const p = await pending(user.username);
      const res = expectStatus(await secondStep(p, { code: code(user.secret) }), 200);
      const s = session(res);
      for (const url of ['/api/auth/session', '/api/auth/totp']) expect((await s.request('GET', url)).body).not.toContain(user.secret);
      const audit = await queryRows<{ row: string }>(ctx.database, sql`select row_to_json(a)::text as row from audit_log a`);
      for (const { row } of audit) expect(row).not.toContain(user.secret);
    });

    it('ends the other sessions of the user when two-factor login is turned on', async () => {
      const user = await newUser('analyst');
      const other = await login(user.username);
      const s = await login(user.username);
      await enrol(s);
      expect((await other.request('GET', '/api/auth/session')).statusCode).toBe(401);
      expect((await s.request('GET', '/api/auth/session')).statusCode).toBe(200);
    });

    it('needs the password to link a new app when one is linked already', async () => {
      const user = await enrolledUser();
      const s = session(expectStatus(await secondStep(await pending(user.username), { code: code(user.secret) }), 200));
      const without = await s.request('POST', '/api/auth/totp/setup', {});
      expect(without.statusCode).toBe(400);
      expect(without.json().fields[0].path).toBe('password');
      expect((await s.request('POST', '/api/auth/totp/setup', { password: 'not the password' })).statusCode).toBe(400);
      const setup = expectStatus(await s.request('POST', '/api/auth/totp/setup', { password: TEST_PASSWORD }), 200).json();
      expect(setup.secret).not.toBe(user.secret);
      // The old app keeps working until the new one is confirmed.
      ctx.clock.set(at(30));
      expectStatus(await s.request('POST', '/api/auth/totp/confirm', { code: code(setup.secret) }), 200);
      ctx.clock.set(at(90));
      expect((await secondStep(await pending(user.username), { code: code(user.secret) })).statusCode).toBe(401);
      expect((await secondStep(await pending(user.username), { code: code(setup.secret) })).statusCode).toBe(200);
    });
  });

  describe('logging in with a second factor', () => {
    it('gives a short-lived pending login after the password, and a session only after the code', async () => {
      const user = await enrolledUser();
      const res = expectStatus(await passwordStep(user.username), 200);
      expect(res.json()).toEqual({ status: 'totp_required', csrfToken: expect.any(String) });
      expect(res.body).not.toContain('"user"');
      expect(setCookieFor(res, SESSION_COOKIE)).toMatch(/; Max-Age=300/);
      const p = session(res);

      // The pending login reaches nothing but the second step.
      expect((await p.request('GET', '/api/auth/session')).statusCode).toBe(401);
      expect((await p.request('GET', '/api/my/signals')).statusCode).toBe(401);
      expect((await p.request('GET', '/api/auth/totp')).statusCode).toBe(401);
      expect((await p.request('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'another long password' })).statusCode).toBe(401);
      // … and needs its CSRF token there.
      const noToken = await p.request('POST', '/api/auth/login/totp', { code: code(user.secret) }, { 'x-csrf-token': '' });
      expect(noToken.statusCode).toBe(403);

      const since = await lastAuditId(ctx.database);
      const done = expectStatus(await secondStep(p, { code: code(user.secret) }), 200);
      expect(done.json()).toMatchObject({ user: { id: user.id, totpEnabled: true }, csrfToken: expect.any(String) });
      expect(setCookieFor(done, SESSION_COOKIE)).toMatch(/; Max-Age=43200/);
      const s = session(done);
      expect(s.cookie).not.toBe(p.cookie);
      expect((await s.request('GET', '/api/my/signals')).statusCode).toBe(200);
      // The pending token is not promoted: it is gone.
      expectGone(await p.request('POST', '/api/auth/login/totp', { code: code(user.secret) }));
      const entries = (await auditSince(ctx.database, since)).filter((e) => e.action.startsWith('auth.')).map((e) => [e.action, e.result, e.actorId, e.details]);
      expect(entries).toEqual([['auth.login', 'ok', user.id, { secondFactor: 'totp' }]]);
    });

    it('accepts a code of the step before or after (clock drift), but not older or newer ones', async () => {
      const user = await enrolledUser();
      expect((await secondStep(await pending(user.username), { code: code(user.secret, at(-30 * 3)) })).statusCode).toBe(401);
      expect((await secondStep(await pending(user.username), { code: code(user.secret, at(30 * 3)) })).statusCode).toBe(401);
      expect((await secondStep(await pending(user.username), { code: code(user.secret, at(-30)) })).statusCode).toBe(200);
    });

    it('refuses a wrong code with one generic answer, and ends the pending login after five wrong codes', async () => {
      const user = await enrolledUser();
      const p = await pending(user.username);
      const right = code(user.secret);
      const wrongCode = right === '123456' ? '654321' : '123456';
      const answers: LightMyRequestResponse[] = [];
      for (const c of [wrongCode, 'abcdef', '12 34 5']) answers.push(await secondStep(p, { code: c }));
      answers.push(await secondStep(p, { method: 'recovery', code: 'aaaaa-bbbbb' }));
      for (const a of answers) {
        expect(a.statusCode).toBe(401);
        expect(a.json()).toMatchObject({ code: 'invalid_code', fields: [{ path: 'code', key: 'v.invalid' }] });
        expect(a.body).toBe(answers[0]!.body);
        expect(setCookieFor(a, SESSION_COOKIE)).toBeUndefined();
      }
      // The fifth wrong code also locks the account (five failures in a row) and ends the pending login.
      expect((await secondStep(p, { code: wrongCode })).statusCode).toBe(401);
      expectGone(await secondStep(p, { code: right }));
      ctx.clock.set(at(15 * 60 + 1));
      expect((await secondStep(await pending(user.username), { code: code(user.secret) })).statusCode).toBe(200);
    });

    it('accepts a code once: a replay within the same time step is refused', async () => {
      const user = await enrolledUser();
      const c = code(user.secret);
      expectStatus(await secondStep(await pending(user.username), { code: c }), 200);
      const replay = await secondStep(await pending(user.username), { code: c });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().code).toBe('invalid_code');
      // Also at once, in parallel: one of two identical requests wins.
      ctx.clock.set(at(30));
      const [a, b] = [await pending(user.username), await pending(user.username)];
      const results = await Promise.all([secondStep(a, { code: code(user.secret) }), secondStep(b, { code: code(user.secret) })]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
      // The next step's code works.
      ctx.clock.set(at(60));
      expect((await secondStep(await pending(user.username), { code: code(user.secret) })).statusCode).toBe(200);
    });

    it('refuses the code the app was confirmed with for the login that follows in the same step', async () => {
      const user = await newUser('reporter');
      const s = await login(user.username);
      const setup = expectStatus(await s.request('POST', '/api/auth/totp/setup'), 200).json();
      const c = code(setup.secret);
      expectStatus(await s.request('POST', '/api/auth/totp/confirm', { code: c }), 200);
      expect((await secondStep(await pending(user.username), { code: c })).statusCode).toBe(401);
    });

    it('accepts each recovery code once, and records its use', async () => {
      const user = await enrolledUser();
      const [first, second] = user.recoveryCodes as [string, string];
      const since = await lastAuditId(ctx.database);
      const res = expectStatus(await secondStep(await pending(user.username), { method: 'recovery', code: first }), 200);
      expect(expectStatus(await session(res).request('GET', '/api/auth/totp'), 200).json().recoveryCodesLeft).toBe(9);
      const entries = (await auditSince(ctx.database, since)).map((e) => [e.action, e.result, e.objectId, e.details]);
      expect(entries).toEqual([
        ['auth.recovery_code_used', 'ok', user.id, { remaining: 9 }],
        ['auth.login', 'ok', user.id, { secondFactor: 'recovery_code' }],
      ]);
      const again = await secondStep(await pending(user.username), { method: 'recovery', code: first });
      expect(again.statusCode).toBe(401);
      expect(again.json().code).toBe('invalid_code');
      // Case, spaces and dashes do not matter.
      const typed = ` ${second.toUpperCase().replace('-', ' ')} `;
      expectStatus(await secondStep(await pending(user.username), { method: 'recovery', code: typed }), 200);
      // A code of another user is no good.
      const other = await enrolledUser();
      expect((await secondStep(await pending(other.username), { method: 'recovery', code: user.recoveryCodes[2]! })).statusCode).toBe(401);
    });

    it('ends a pending login after five minutes', async () => {
      const user = await enrolledUser();
      const p = await pending(user.username);
      ctx.clock.set(at(5 * 60));
      expectGone(await secondStep(p, { code: code(user.secret) }));
    });

    it('lets a pending login be abandoned with logout', async () => {
      const user = await enrolledUser();
      const p = await pending(user.username);
      expect((await p.request('POST', '/api/auth/logout')).statusCode).toBe(204);
      expectGone(await secondStep(p, { code: code(user.secret) }));
    });
  });

  describe('mandatory two-factor login', () => {
    it('limits a coordinator, meldcode officer or admin without it to /api/auth/* until it is set up', async () => {
      for (const [role, home] of [['coordinator', '/api/worklist'], ['meldcode_officer', '/api/consultations'], ['admin', '/api/admin/users']] as const) {
        const user = await newUser(role);
        const s = await login(user.username);
        expect(expectStatus(await s.request('GET', '/api/auth/session'), 200).json().user).toMatchObject({ totpRequired: true, totpEnabled: false });
        const blocked = await s.request('GET', home);
        expect(blocked.statusCode, role).toBe(403);
        expect(blocked.json().code).toBe('totp_enrolment_required');
        expect(expectStatus(await s.request('GET', '/api/auth/totp'), 200).json()).toEqual({ enabled: false, required: true, recoveryCodesLeft: 0 });
        await enrol(s);
        expect((await s.request('GET', home)).statusCode, role).toBe(200);
      }
    });

    it('is optional for the other roles, unless the municipality requires it', async () => {
      const reporter = await newUser('reporter');
      const s = await login(reporter.username);
      expect(expectStatus(await s.request('GET', '/api/auth/session'), 200).json().user.totpRequired).toBe(false);
      expect((await s.request('GET', '/api/my/signals')).statusCode).toBe(200);

      const admin = await enrolledUser('admin');
      const a = session(expectStatus(await secondStep(await pending(admin.username), { code: code(admin.secret) }), 200));
      expect(expectStatus(await a.request('GET', '/api/admin/settings'), 200).json().totpOtherRoles).toBe('optional');
      expectStatus(await a.request('PATCH', '/api/admin/settings', { totpOtherRoles: 'required' }), 200);
      try {
        expect(expectStatus(await a.request('GET', '/api/admin/settings'), 200).json()).toMatchObject({ totpOtherRoles: 'required', feedbackDueDays: 28 });
        expect((await s.request('GET', '/api/my/signals')).json().code).toBe('totp_enrolment_required');
        // A patch of another setting leaves it alone.
        expectStatus(await a.request('PATCH', '/api/admin/settings', { feedbackDueDays: 28 }), 200);
        expect(expectStatus(await a.request('GET', '/api/admin/settings'), 200).json().totpOtherRoles).toBe('required');
        expect((await a.request('PATCH', '/api/admin/settings', { totpOtherRoles: 'sometimes' })).statusCode).toBe(400);
      } finally {
        expectStatus(await a.request('PATCH', '/api/admin/settings', { totpOtherRoles: 'optional' }), 200);
      }
      expect((await s.request('GET', '/api/my/signals')).statusCode).toBe(200);
    });

    it('reads settings stored before the field existed as optional', async () => {
      const [row] = await ctx.database.db.select({ settings: municipalities.settings }).from(municipalities).where(eq(municipalities.id, ctx.municipality.id));
      const { totpOtherRoles: _, ...old } = row!.settings;
      await ctx.database.db.update(municipalities).set({ settings: old as MunicipalitySettings }).where(eq(municipalities.id, ctx.municipality.id));
      try {
        const admin = await enrolledUser('admin');
        const a = session(expectStatus(await secondStep(await pending(admin.username), { code: code(admin.secret) }), 200));
        expect(expectStatus(await a.request('GET', '/api/admin/settings'), 200).json().totpOtherRoles).toBe('optional');
        expect((await login((await newUser('reporter')).username).then((s) => s.request('GET', '/api/my/signals'))).statusCode).toBe(200);
      } finally {
        await ctx.database.db.update(municipalities).set({ settings: row!.settings }).where(eq(municipalities.id, ctx.municipality.id));
      }
    });

    it('can be switched off only where it is not mandatory, with the password and a current code', async () => {
      const coordinator = await enrolledUser('coordinator');
      const c = session(expectStatus(await secondStep(await pending(coordinator.username), { code: code(coordinator.secret) }), 200));
      ctx.clock.set(at(30));
      const refused = await c.request('POST', '/api/auth/totp/disable', { password: TEST_PASSWORD, code: code(coordinator.secret) });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('totp_mandatory');

      ctx.clock.set(START);
      const reporter = await enrolledUser('reporter');
      const r = session(expectStatus(await secondStep(await pending(reporter.username), { code: code(reporter.secret) }), 200));
      ctx.clock.set(at(30));
      const since = await lastAuditId(ctx.database);
      expect((await r.request('POST', '/api/auth/totp/disable', { password: 'wrong password!', code: code(reporter.secret) })).json().fields[0].path).toBe('password');
      const wrongCode = code(reporter.secret) === '000000' ? '111111' : '000000';
      expect((await r.request('POST', '/api/auth/totp/disable', { password: TEST_PASSWORD, code: wrongCode })).json().fields[0].path).toBe('code');
      expectStatus(await r.request('POST', '/api/auth/totp/disable', { password: TEST_PASSWORD, code: code(reporter.secret) }), 204);
      expect(expectStatus(await r.request('GET', '/api/auth/totp'), 200).json()).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
      expect((await passwordStep(reporter.username)).json().status).toBe('ok');
      const [row] = await ctx.database.db.select({ secret: users.totpSecret }).from(users).where(eq(users.id, reporter.id));
      expect(row!.secret).toBeNull();
      expect((await auditSince(ctx.database, since)).map((e) => [e.action, e.result])).toEqual([
        ['auth.totp_disable', 'invalid'],
        ['auth.totp_disable', 'invalid'],
        ['auth.totp_disable', 'ok'],
        ['auth.login', 'ok'],
      ]);
    });

    it('exempts demo accounts in demo mode only, and is not enforced when switched off', async () => {
      const demoUser = await newUser('coordinator');
      await ctx.database.db.update(users).set({ isDemo: true }).where(eq(users.id, demoUser.id));
      const build = (overrides: { demo: boolean; totpMandatory: boolean }) =>
        buildApp({ vault: testVault(), config: { ...loadConfig({ NODE_ENV: 'test', MELDROUTE_SERVE_WEB: 'false', MELDROUTE_LOGIN_RATE_LIMIT: '1000' }), ...overrides },
          database: ctx.database,
          clock: ctx.clock,
          logger: false,
        });
      const demoApp = await build({ demo: true, totpMandatory: true });
      const offApp = await build({ demo: false, totpMandatory: false });
      try {
        const inDemo = await login(demoUser.username, demoApp);
        expect((await inDemo.request('GET', '/api/auth/session')).json().user.totpRequired).toBe(false);
        expect((await inDemo.request('GET', '/api/worklist')).statusCode).toBe(200);
        // Outside demo mode the same account must set it up.
        const outside = await login(demoUser.username);
        expect((await outside.request('GET', '/api/worklist')).json().code).toBe('totp_enrolment_required');
        // Not a demo account: required in demo mode too.
        const real = await login((await newUser('coordinator')).username, demoApp);
        expect((await real.request('GET', '/api/worklist')).json().code).toBe('totp_enrolment_required');
        const off = await login((await newUser('admin')).username, offApp);
        expect((await off.request('GET', '/api/admin/users')).statusCode).toBe(200);
      } finally {
        await demoApp.close();
        await offApp.close();
      }
    });
  });

  describe('lockout and generic answers', () => {
    it('locks an account for 15 minutes after 5 failed logins in a row, and answers as for a wrong password', async () => {
      const user = await newUser('reporter');
      const since = await lastAuditId(ctx.database);
      for (let i = 0; i < 4; i++) expect((await passwordStep(user.username, 'wrong password')).statusCode).toBe(401);
      // A success in between resets the count.
      expect((await passwordStep(user.username)).statusCode).toBe(200);
      for (let i = 0; i < 5; i++) expect((await passwordStep(user.username, 'wrong password')).statusCode).toBe(401);
      const lockedRight = await passwordStep(user.username);
      const unknown = await passwordStep('nobody-at-all', 'wrong password');
      const wrong = await passwordStep((await newUser('reporter')).username, 'wrong password');
      for (const res of [lockedRight, unknown, wrong]) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ statusCode: 401, code: 'invalid_credentials', message: 'De combinatie van gebruikersnaam en wachtwoord is onjuist.' });
        expect(setCookieFor(res, SESSION_COOKIE)).toBeUndefined();
      }
      expect(lockedRight.body).toBe(unknown.body);
      expect(wrong.body).toBe(unknown.body);
      expect(Object.keys(lockedRight.headers).sort()).toEqual(Object.keys(unknown.headers).sort());

      const entries = (await auditSince(ctx.database, since)).filter((e) => e.objectId === user.id).map((e) => [e.action, e.result, e.details]);
      expect(entries).toEqual([
        ...Array(4).fill(['auth.login', 'denied', { reason: 'password' }]),
        ['auth.login', 'ok', { secondFactor: 'none' }],
        ...Array(5).fill(['auth.login', 'denied', { reason: 'password' }]),
        ['auth.lockout', 'ok', { failures: 5, minutes: 15 }],
        ['auth.login', 'denied', { reason: 'locked' }],
      ]);
      const unknownEntry = (await auditSince(ctx.database, since)).find((e) => e.details?.reason === 'unknown_user')!;
      expect(unknownEntry).toMatchObject({ action: 'auth.login', result: 'denied', actorId: null, objectId: null });

      ctx.clock.set(at(14 * 60 + 59));
      expect((await passwordStep(user.username)).statusCode).toBe(401);
      ctx.clock.set(at(15 * 60));
      expect((await passwordStep(user.username)).statusCode).toBe(200);
      // Unlocked and the count starts again from zero.
      for (let i = 0; i < 4; i++) await passwordStep(user.username, 'wrong password');
      expect((await passwordStep(user.username)).statusCode).toBe(200);
    });

    it('takes about as long for a locked or unknown account as for a wrong password', async () => {
      const locked = await newUser('reporter');
      for (let i = 0; i < 5; i++) await passwordStep(locked.username, 'wrong password');
      const victim = await newUser('reporter');
      const time = async (fn: () => Promise<unknown>) => {
        const start = performance.now();
        await fn();
        return performance.now() - start;
      };
      const median = async (fn: () => Promise<unknown>) => {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) times.push(await time(fn));
        return times.sort((a, b) => a - b)[2]!;
      };
      const wrong = await median(() => passwordStep(victim.username, 'wrong password'));
      // Reset the victim so it does not get locked itself.
      await passwordStep(victim.username);
      const lockedTime = await median(() => passwordStep(locked.username, TEST_PASSWORD));
      const unknownTime = await median(() => passwordStep('nobody-at-all', 'wrong password'));
      // All spend one argon2id verification; allow generous noise.
      for (const t of [lockedTime, unknownTime]) {
        expect(t).toBeGreaterThan(wrong * 0.3);
        expect(t).toBeLessThan(wrong * 3);
      }
    });

    it('uses lockout thresholds from the configuration', () => {
      const config = loadConfig({ NODE_ENV: 'test', MELDROUTE_LOGIN_MAX_FAILURES: '3', MELDROUTE_LOGIN_LOCKOUT_MINUTES: '60' });
      expect(config).toMatchObject({ loginMaxFailures: 3, loginLockoutMinutes: 60, totpMandatory: true });
      expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ loginMaxFailures: 5, loginLockoutMinutes: 15 });
      expect(loadConfig({ NODE_ENV: 'test', MELDROUTE_TOTP_MANDATORY: 'false' }).totpMandatory).toBe(false);
      expect(() => loadConfig({ NODE_ENV: 'test', MELDROUTE_LOGIN_MAX_FAILURES: '0' })).toThrow(/MELDROUTE_LOGIN_MAX_FAILURES/);
    });

    it('limits the second step per client address too', async () => {
      const config = { ...loadConfig({ NODE_ENV: 'test', MELDROUTE_SERVE_WEB: 'false', MELDROUTE_LOGIN_RATE_LIMIT: '3' }), demo: false };
      const app = await buildApp({ vault: testVault(), config, database: ctx.database, clock: ctx.clock, logger: false });
      try {
        const user = await enrolledUser();
        const p = await pending(user.username, app);
        const attempt = () =>
          app.inject({ method: 'POST', url: '/api/auth/login/totp', payload: { code: '000000' }, headers: { cookie: p.cookie, 'x-csrf-token': p.csrfToken }, remoteAddress: '203.0.113.20' });
        for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).not.toBe(429);
        expect((await attempt()).statusCode).toBe(429);
      } finally {
        await app.close();
      }
    });
  });

  describe('logging out everywhere', () => {
    it('ends every session of the user, this one included, and no one else\'s', async () => {
      const user = await newUser('liaison');
      const [a, b] = [await login(user.username), await login(user.username)];
      const bystander = await login((await newUser('liaison')).username);
      const since = await lastAuditId(ctx.database);
      const res = expectStatus(await a.request('POST', '/api/auth/logout-everywhere'), 204);
      expect(setCookieFor(res, SESSION_COOKIE)).toMatch(/^mr_session=;/);
      for (const s of [a, b]) expect((await s.request('GET', '/api/auth/session')).statusCode).toBe(401);
      expect((await bystander.request('GET', '/api/auth/session')).statusCode).toBe(200);
      expect((await auditSince(ctx.database, since)).map((e) => [e.action, e.result, e.actorId])).toEqual([['auth.logout_everywhere', 'ok', user.id]]);
      const left = await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from sessions where user_id = ${user.id}`);
      expect(left[0]!.n).toBe(0);
    });

    it('needs a session and the CSRF token', async () => {
      expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/logout-everywhere' })).statusCode).toBe(401);
      const s = await login((await newUser('reporter')).username);
      expect((await s.request('POST', '/api/auth/logout-everywhere', {}, { 'x-csrf-token': 'wrong' })).statusCode).toBe(403);
      expect((await s.request('GET', '/api/auth/session')).statusCode).toBe(200);
    });
  });
});
