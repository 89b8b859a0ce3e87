import { testVault } from '../../testing/test-vault.js';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { sessions, users } from '../../db/schema/index.js';
import { SESSION_COOKIE } from '../../http/auth.js';
import type { App } from '../../http/types.js';
import { buildSignal } from '../../testing/factories.js';
import { countRows, expectStatus, setCookieFor } from '../../testing/helpers.js';
import { createTestContext, loginWith, TEST_PASSWORD, TEST_USERS, type TestContext, type TestUserKey } from '../../testing/test-app.js';

const START = '2026-11-28T10:00:00Z';
const minutes = (n: number) => new Date(new Date(START).getTime() + n * 60_000);

describe('authentication and sessions', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ now: START });
  });
  afterEach(() => ctx.clock.set(START));
  afterAll(async () => ctx.close());

  const login = (username: string, password: string, app: App = ctx.app) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const cookieOf = (res: { headers: Record<string, unknown> }) => setCookieFor(res as never, SESSION_COOKIE)!.split(';')[0]!;

  it('stores passwords as argon2id hashes, never in plain text', async () => {
    const [row] = await ctx.database.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, ctx.userIds.reporter));
    expect(row!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(row!.hash).not.toContain(TEST_PASSWORD);
  });

  it('logs in every role and returns the user and a CSRF token, without secrets', async () => {
    for (const [key, u] of Object.entries(TEST_USERS) as [TestUserKey, (typeof TEST_USERS)[TestUserKey]][]) {
      const res = expectStatus(await login(key, TEST_PASSWORD), 200, `login ${key}`);
      const body = res.json();
      expect(body.user).toMatchObject({ id: ctx.userIds[key], username: key, role: u.role, municipalityName: 'Gemeente Lopik', mustChangePassword: false });
      expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(res.body).not.toContain('argon2');
      expect(res.body).not.toContain(TEST_PASSWORD);
    }
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, path / and limited to the maximum session length', async () => {
    const res = await login('reporter', TEST_PASSWORD);
    const cookie = setCookieFor(res, SESSION_COOKIE)!;
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).toMatch(/; Max-Age=43200/i);
    // The test configuration runs on plain http.
    expect(cookie).not.toMatch(/; Secure/i);
    // The token is long and random, and the database keeps only its hash.
    const token = decodeURIComponent(cookie.split(';')[0]!.slice(SESSION_COOKIE.length + 1));
    expect(token.length).toBeGreaterThanOrEqual(40);
    const stored = await ctx.database.db.select({ tokenHash: sessions.tokenHash }).from(sessions);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((s) => s.tokenHash)).not.toContain(token);
  });

  it('marks the cookie Secure when cookieSecure is configured (production default)', async () => {
    const config = { ...loadConfig({ NODE_ENV: 'test', MELDROUTE_SERVE_WEB: 'false', MELDROUTE_COOKIE_SECURE: 'true' }), demo: false };
    const app = await buildApp({ vault: testVault(), config, database: ctx.database, clock: ctx.clock, logger: false });
    try {
      const res = expectStatus(await login('reporter', TEST_PASSWORD, app), 200);
      expect(setCookieFor(res, SESSION_COOKIE)).toMatch(/; Secure/i);
    } finally {
      await app.close();
    }
  });

  it('refuses a wrong password and an unknown user alike, without a cookie', async () => {
    const wrong = await login('reporter', 'not the password at all');
    const unknown = await login('nobody-here', 'not the password at all');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'invalid_credentials', message: 'De combinatie van gebruikersnaam en wachtwoord is onjuist.' });
      expect(setCookieFor(res, SESSION_COOKIE)).toBeUndefined();
    }
    expect(wrong.body).toBe(unknown.body);
  });

  it('accepts the username case-insensitively but the password exactly', async () => {
    expect((await login('REPORTER', TEST_PASSWORD)).statusCode).toBe(200);
    expect((await login('reporter', TEST_PASSWORD.toUpperCase())).statusCode).toBe(401);
  });

  it('answers 401 without a session, and with an unknown or forged cookie', async () => {
    expect((await ctx.anonymous().get('/api/my/signals')).statusCode).toBe(401);
    const forged = await ctx.app.inject({ method: 'GET', url: '/api/my/signals', headers: { cookie: `${SESSION_COOKIE}=forged-token` } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'unauthorized' });
    expect((await ctx.anonymous().get('/api/auth/session')).statusCode).toBe(401);
  });

  it('returns the current session, and reads need no CSRF token', async () => {
    const reporter = await ctx.login('reporter');
    const res = await reporter.request({ method: 'GET', url: '/api/auth/session', headers: { 'x-csrf-token': '' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { id: ctx.userIds.reporter }, csrfToken: reporter.csrfToken });
  });

  describe('CSRF protection', () => {
    it('refuses a state-changing request without the token (403) and stores nothing', async () => {
      const reporter = await ctx.login('reporter');
      const before = await countRows(ctx.database, 'signals');
      const res = await reporter.request({ method: 'POST', url: '/api/signals', payload: buildSignal(), headers: { 'x-csrf-token': '' } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'csrf' });
      expect(await countRows(ctx.database, 'signals')).toBe(before);
    });

    it('refuses a wrong token and the token of another session', async () => {
      const reporter = await ctx.login('reporter');
      const other = await ctx.login('reporter2');
      for (const token of ['wrong', `${reporter.csrfToken}x`, other.csrfToken, reporter.csrfToken.slice(1)]) {
        const res = await reporter.request({ method: 'POST', url: '/api/signals', payload: buildSignal(), headers: { 'x-csrf-token': token } });
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('csrf');
      }
    });

    it('is required by every state-changing operation of the OpenAPI document except login', async () => {
      const doc = (await ctx.anonymous().get('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
      const coordinator = await ctx.login('coordinator');
      const before = await countRows(ctx.database, 'signals');
      let checked = 0;
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const method of Object.keys(ops)) {
          if (!['post', 'put', 'patch', 'delete'].includes(method) || path === '/api/auth/login') continue;
          const url = path.replace('{id}', '00000000-0000-4000-8000-000000000000');
          for (const token of ['', 'wrong']) {
            const res = await coordinator.request({ method: method.toUpperCase() as 'POST', url, payload: method === 'delete' ? undefined : buildSignal(), headers: { 'x-csrf-token': token } });
            expect(res.statusCode, `${method} ${path}`).toBe(403);
            expect(res.json().code).toBe('csrf');
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(25);
      expect(await countRows(ctx.database, 'signals')).toBe(before);
      expect((await coordinator.get('/api/worklist')).statusCode).toBe(200);
    });

    it('protects every method that changes state: PATCH, PUT, DELETE and logout too', async () => {
      const admin = await ctx.login('admin');
      const coordinator = await ctx.login('coordinator');
      const noToken = { 'x-csrf-token': '' };
      const id = '00000000-0000-4000-8000-000000000000';
      const cases = [
        admin.request({ method: 'PATCH', url: `/api/admin/users/${ctx.userIds.reporter}`, payload: { displayName: 'Hacked' }, headers: noToken }),
        admin.request({ method: 'DELETE', url: `/api/admin/routing-rules/${id}`, headers: noToken }),
        coordinator.request({ method: 'PUT', url: `/api/signals/${id}/meeting`, payload: { forMeeting: true }, headers: noToken }),
        coordinator.request({ method: 'POST', url: '/api/auth/logout', headers: noToken }),
      ];
      for (const res of await Promise.all(cases)) expect(res.statusCode).toBe(403);
      // The refused logout did not end the session, and the refused PATCH changed nothing.
      expect((await coordinator.get('/api/worklist')).statusCode).toBe(200);
      const [row] = await ctx.database.db.select({ name: users.displayName }).from(users).where(eq(users.id, ctx.userIds.reporter));
      expect(row!.name).toBe(TEST_USERS.reporter.displayName);
    });
  });

  describe('logout', () => {
    it('ends the session on the server and clears the cookie', async () => {
      const reporter = await ctx.login('reporter');
      expect((await reporter.get('/api/my/signals')).statusCode).toBe(200);
      const res = await reporter.post('/api/auth/logout');
      expect(res.statusCode).toBe(204);
      const cleared = setCookieFor(res, SESSION_COOKIE)!;
      expect(cleared).toMatch(/^mr_session=;/);
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
      // Replaying the old cookie no longer works.
      expect((await reporter.get('/api/my/signals')).statusCode).toBe(401);
      expect((await reporter.get('/api/auth/session')).statusCode).toBe(401);
    });

    it('ends only that session', async () => {
      const first = await ctx.login('reporter2');
      const second = await ctx.login('reporter2');
      expectStatus(await first.post('/api/auth/logout'), 204);
      expect((await second.get('/api/my/signals')).statusCode).toBe(200);
    });
  });

  describe('session expiry (clock-controlled)', () => {
    it('expires after 30 idle minutes', async () => {
      const reporter = await ctx.login('reporter');
      ctx.clock.set(minutes(29));
      expect((await reporter.get('/api/my/signals')).statusCode).toBe(200);
      ctx.clock.set(minutes(29 + 31));
      expect((await reporter.get('/api/my/signals')).statusCode).toBe(401);
      // The expired session is gone for good, also when the clock goes back.
      ctx.clock.set(minutes(1));
      expect((await reporter.get('/api/my/signals')).statusCode).toBe(401);
    });

    it('ends after 12 hours even when used all the time', async () => {
      const reporter = await ctx.login('reporter');
      for (let m = 25; m < 12 * 60; m += 25) {
        ctx.clock.set(minutes(m));
        expect((await reporter.get('/api/auth/session')).statusCode).toBe(200);
      }
      ctx.clock.set(minutes(12 * 60 + 1));
      expect((await reporter.get('/api/auth/session')).statusCode).toBe(401);
    });
  });

  describe('deactivated users and temporary passwords', () => {
    it('a deactivated user can no longer log in, and their open session ends', async () => {
      const admin = await ctx.login('admin');
      const created = expectStatus(
        await admin.post('/api/admin/users', { username: 'leaver', displayName: 'Leo Leaver', role: 'reporter', password: 'a long enough password' }),
        201,
      ).json();
      const leaver = await loginWith(ctx, 'leaver', 'a long enough password');
      expectStatus(await admin.patch(`/api/admin/users/${created.user.id}`, { active: false }), 200);
      expect((await leaver.get('/api/my/signals')).statusCode).toBe(401);
      expect((await login('leaver', 'a long enough password')).statusCode).toBe(401);
    });

    it('holds a user with a temporary password to the password page until they choose one', async () => {
      const admin = await ctx.login('admin');
      const created = expectStatus(await admin.post('/api/admin/users', { username: 'newbie', displayName: 'Nina Newbie', role: 'reporter' }), 201).json();
      expect(created.temporaryPassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
      const res = expectStatus(await login('newbie', created.temporaryPassword), 200);
      expect(res.json().user.mustChangePassword).toBe(true);
      const newbie = await loginWith(ctx, 'newbie', created.temporaryPassword);
      const otherSession = await loginWith(ctx, 'newbie', created.temporaryPassword);

      const blocked = await newbie.get('/api/my/signals');
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().code).toBe('password_change_required');
      expect((await newbie.post('/api/signals', buildSignal())).statusCode).toBe(403);

      const wrongCurrent = await newbie.post('/api/auth/password', { currentPassword: 'not it at all', newPassword: 'my own new password' });
      expect(wrongCurrent.statusCode).toBe(400);
      expect(wrongCurrent.json().fields).toEqual([{ path: 'currentPassword', key: 'v.invalid', message: 'Het huidige wachtwoord is onjuist.' }]);
      const tooShort = await newbie.post('/api/auth/password', { currentPassword: created.temporaryPassword, newPassword: 'kort' });
      expect(tooShort.statusCode).toBe(400);
      expect(tooShort.json().fields[0]).toMatchObject({ path: 'newPassword', key: 'v.password', message: 'Een wachtwoord heeft minimaal 12 tekens.' });

      expectStatus(await newbie.post('/api/auth/password', { currentPassword: created.temporaryPassword, newPassword: 'my own new password' }), 204);
      expect((await newbie.get('/api/my/signals')).statusCode).toBe(200);
      // Every other session of the user ended; the old password no longer works.
      expect((await otherSession.get('/api/auth/session')).statusCode).toBe(401);
      expect((await login('newbie', created.temporaryPassword)).statusCode).toBe(401);
      expect((await login('newbie', 'my own new password')).json().user.mustChangePassword).toBe(false);
    });
  });

  it('limits login attempts per client address (default 10 per minute)', async () => {
    const config = { ...loadConfig({ NODE_ENV: 'test', MELDROUTE_SERVE_WEB: 'false' }), demo: false };
    const app = await buildApp({ vault: testVault(), config, database: ctx.database, clock: ctx.clock, logger: false });
    try {
      // An unknown account, so that the per-account lockout (totp.test.ts) does not interfere.
      const attempt = () =>
        app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'guessed-name', password: 'guess guess guess' }, remoteAddress: '203.0.113.9' });
      for (let i = 0; i < 10; i++) expect((await attempt()).statusCode).toBe(401);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'too_many_requests' });
      // Another address is not affected.
      const other = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'reporter', password: TEST_PASSWORD }, remoteAddress: '203.0.113.10' });
      expect(other.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('keeps session rows only for live sessions after logout', async () => {
    const before = await countRows(ctx.database, 'sessions');
    const c = await ctx.login('analyst');
    expect(await countRows(ctx.database, 'sessions')).toBe(before + 1);
    await c.post('/api/auth/logout');
    expect(await countRows(ctx.database, 'sessions')).toBe(before);
    const rows = await ctx.database.db.execute(sql`select count(*)::int as n from sessions where csrf_token = ${c.csrfToken}`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  });
});
