import { testVault } from '../../testing/test-vault.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { users } from '../../db/schema/index.js';
import { SESSION_COOKIE } from '../../http/auth.js';
import type { App } from '../../http/types.js';
import { auditSince, lastAuditId, setCookieFor } from '../../testing/helpers.js';
import { startOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';
import { createTestContext, type TestContext } from '../../testing/test-app.js';
import { OIDC_COOKIE } from './oidc.js';

/**
 * Single sign-on against a real OpenID Connect provider (`oidc-provider`) on a free port:
 * Meldroute's side is driven with inject, the provider over real HTTP, with the redirects
 * followed by hand as a browser would.
 */
const REDIRECT_URI = 'http://127.0.0.1:3999/api/auth/oidc/callback';

describe('single sign-on (OpenID Connect)', () => {
  let ctx: TestContext;
  let provider: TestOidcProvider;
  let app: App;

  beforeAll(async () => {
    ctx = await createTestContext();
    provider = await startOidcProvider({
      redirectUris: [REDIRECT_URI],
      accounts: {
        // Case differs from users.email: matching is case-insensitive.
        rita: { email: 'Rita.Reporter@lopik.test', email_verified: true },
        stranger: { email: 'nobody@elsewhere.test', email_verified: true },
        unverified: { email: 'otto.other@lopik.test', email_verified: false },
        coen: { email: 'coen.coordinator@lopik.test', email_verified: true },
      },
    });
    app = await buildApp({ vault: testVault(), config: {
        ...loadConfig({
          NODE_ENV: 'test',
          MELDROUTE_SERVE_WEB: 'false',
          MELDROUTE_LOGIN_RATE_LIMIT: '1000',
          MELDROUTE_OIDC_ISSUER: provider.issuer,
          MELDROUTE_OIDC_CLIENT_ID: provider.clientId,
          MELDROUTE_OIDC_CLIENT_SECRET: provider.clientSecret,
          MELDROUTE_OIDC_REDIRECT_URI: REDIRECT_URI,
          MELDROUTE_OIDC_LABEL: 'Inloggen met Testprovider',
        }),
        demo: false,
        totpMandatory: false,
      },
      database: ctx.database,
      clock: ctx.clock,
      logger: false,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await provider?.close();
    await ctx?.close();
  });

  /** A browser's cookie jar for the provider. */
  function jar() {
    const cookies = new Map<string, string>();
    return {
      header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      store(res: Response) {
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const i = pair!.indexOf('=');
          cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
        }
      },
    };
  }

  /** Follow the provider's redirects (and its login and consent forms) until it sends the browser back to Meldroute. */
  async function signInAtProvider(authorizationUrl: string, login: string): Promise<string> {
    const cookies = jar();
    let url = authorizationUrl;
    for (let hop = 0; hop < 20; hop++) {
      if (url.startsWith(REDIRECT_URI)) return url;
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookies.header() } });
      cookies.store(res);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url).href;
        continue;
      }
      expect(res.status, url).toBe(200);
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!;
      const prompt = /name="prompt" value="(\w+)"/.exec(html)![1]!;
      const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt });
      const submitted = await fetch(new URL(action, url), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookies.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      cookies.store(submitted);
      expect(submitted.status, `submit ${prompt}`).toBeGreaterThanOrEqual(300);
      url = new URL(submitted.headers.get('location')!, url).href;
    }
    throw new Error('the provider never redirected back');
  }

  /** GET /api/auth/oidc/start: the provider's authorization URL and Meldroute's transaction cookie. */
  async function start() {
    const res = await app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
    expect(res.statusCode).toBe(302);
    const cookie = setCookieFor(res, OIDC_COOKIE)!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/api\/auth\/oidc/);
    return { location: res.headers.location as string, cookie: cookie.split(';')[0]! };
  }

  const callback = (callbackUrl: string, cookie: string | null) => {
    const u = new URL(callbackUrl);
    return app.inject({ method: 'GET', url: u.pathname + u.search, headers: cookie ? { cookie } : {} });
  };

  it('tells the web app that single sign-on is configured, and its label', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/auth/oidc' });
    expect(res.json()).toEqual({ enabled: true, label: 'Inloggen met Testprovider' });
    const off = await ctx.app.inject({ method: 'GET', url: '/api/auth/oidc' });
    expect(off.json()).toEqual({ enabled: false, label: null });
    const offStart = await ctx.app.inject({ method: 'GET', url: '/api/auth/oidc/start' });
    expect(offStart.statusCode).toBe(302);
    expect(offStart.headers.location).toBe('/inloggen?sso=error');
  });

  it('sends the browser to the provider with state, nonce and a PKCE S256 challenge', async () => {
    const { location } = await start();
    const url = new URL(location);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('client_id')).toBe(provider.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
  });

  it('opens a normal session for the account with the matching email, audited as an OIDC login', async () => {
    const before = await lastAuditId(ctx.database);
    const { location, cookie } = await start();
    const back = await signInAtProvider(location, 'rita');
    const res = await callback(back, cookie);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/');
    const session = setCookieFor(res, SESSION_COOKIE)!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    // The transaction cookie is cleared.
    expect(setCookieFor(res, OIDC_COOKIE)).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/);

    const me = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session.split(';')[0]! } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ id: ctx.userIds.reporter, role: 'reporter' });
    expect(me.json().csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // The session works for the API, CSRF token included.
    const logout = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: session.split(';')[0]!, 'x-csrf-token': me.json().csrfToken },
      payload: {},
    });
    expect(logout.statusCode).toBe(204);

    const entries = (await auditSince(ctx.database, before)).filter((e) => e.action === 'auth.login');
    expect(entries.map((e) => [e.result, e.actorId, e.details])).toEqual([['ok', ctx.userIds.reporter, { method: 'oidc', secondFactor: 'none' }]]);
  });

  it('refuses a replayed callback and a callback with a wrong state', async () => {
    const { location, cookie } = await start();
    const back = await signInAtProvider(location, 'rita');
    expect((await callback(back, cookie)).headers.location).toBe('/');
    const replay = await callback(back, cookie);
    expect(replay.statusCode).toBe(302);
    expect(replay.headers.location).toBe('/inloggen?sso=error');
    expect(setCookieFor(replay, SESSION_COOKIE)).toBeUndefined();

    const second = await start();
    const back2 = new URL(await signInAtProvider(second.location, 'rita'));
    back2.searchParams.set('state', 'forged-state-value-0123456789');
    const forged = await callback(back2.href, second.cookie);
    expect(forged.headers.location).toBe('/inloggen?sso=error');
    expect(setCookieFor(forged, SESSION_COOKIE)).toBeUndefined();

    // A callback without the browser's transaction cookie (login CSRF) opens nothing either.
    const third = await start();
    const back3 = await signInAtProvider(third.location, 'rita');
    const noCookie = await callback(back3, null);
    expect(noCookie.headers.location).toBe('/inloggen?sso=error');
    expect(setCookieFor(noCookie, SESSION_COOKIE)).toBeUndefined();
    // … and the code of another browser's transaction is refused for a different transaction.
    const fourth = await start();
    const crossed = await callback(back3, fourth.cookie);
    expect(crossed.headers.location).toBe('/inloggen?sso=error');
    expect(setCookieFor(crossed, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses an unknown email, an unverified email and an inactive account, audited', async () => {
    const before = await lastAuditId(ctx.database);
    for (const login of ['stranger', 'unverified']) {
      const { location, cookie } = await start();
      const res = await callback(await signInAtProvider(location, login), cookie);
      expect(res.headers.location, login).toBe('/inloggen?sso=denied');
      expect(setCookieFor(res, SESSION_COOKIE)).toBeUndefined();
    }
    await ctx.database.db.update(users).set({ active: false }).where(eq(users.id, ctx.userIds.reporter));
    try {
      const { location, cookie } = await start();
      const res = await callback(await signInAtProvider(location, 'rita'), cookie);
      expect(res.headers.location).toBe('/inloggen?sso=denied');
      expect(setCookieFor(res, SESSION_COOKIE)).toBeUndefined();
    } finally {
      await ctx.database.db.update(users).set({ active: true }).where(eq(users.id, ctx.userIds.reporter));
    }
    const entries = (await auditSince(ctx.database, before)).filter((e) => e.action === 'auth.login');
    expect(entries.map((e) => [e.result, e.details])).toEqual([
      ['denied', { method: 'oidc', reason: 'unknown_user' }],
      ['denied', { method: 'oidc', reason: 'unknown_user' }],
      ['denied', { method: 'oidc', reason: 'unknown_user' }],
    ]);
    // No email address (personal data) in the audit trail.
    expect(JSON.stringify(entries)).not.toMatch(/@/);
  });

  it('does not let the provider stand in for Meldroute\'s own second factor unless configured', async () => {
    await ctx.database.db.update(users).set({ totpEnabled: true, totpSecret: 'JBSWY3DPEHPK3PXP' }).where(eq(users.id, ctx.userIds.coordinator));
    try {
      const { location, cookie } = await start();
      const res = await callback(await signInAtProvider(location, 'coen'), cookie);
      expect(res.headers.location).toBe('/inloggen?sso=totp');
      expect(setCookieFor(res, SESSION_COOKIE)).toBeUndefined();
    } finally {
      await ctx.database.db.update(users).set({ totpEnabled: false, totpSecret: null }).where(eq(users.id, ctx.userIds.coordinator));
    }
  });

  it('validates the OIDC configuration', () => {
    expect(() => loadConfig({ MELDROUTE_OIDC_ISSUER: 'https://login.example.test' })).toThrow(/MELDROUTE_OIDC_CLIENT_ID: required/);
    expect(() => loadConfig({ MELDROUTE_OIDC_ISSUER: 'not a url' })).toThrow(/MELDROUTE_OIDC_ISSUER/);
    expect(() => loadConfig({ MELDROUTE_OIDC_CLAIM: 'sub' })).toThrow(/MELDROUTE_OIDC_CLAIM/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', MELDROUTE_DEMO: 'false', MELDROUTE_OIDC_ISSUER: 'http://idp.example.test', MELDROUTE_OIDC_CLIENT_ID: 'x', MELDROUTE_OIDC_REDIRECT_URI: 'https://meldroute.example.test/api/auth/oidc/callback' }),
    ).toThrow(/MELDROUTE_OIDC_ISSUER: must be an https/);
    expect(loadConfig({}).oidc).toBeNull();
  });
});
