import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { oidcInfo } from '../../../shared/api/auth.js';
import type { Config, OidcConfig } from '../../config.js';
import { originOf, setSessionCookie } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthService } from './auth.service.js';

/**
 * Single sign-on with OpenID Connect (Authorization Code flow with PKCE, `openid-client`).
 * The provider only says who someone is; the account (and so the role) is Meldroute's own,
 * found by the configured claim. See docs/decisions/0006-single-sign-on.md.
 */

/** The cookie that ties the browser to its pending authorization request. */
export const OIDC_COOKIE = 'mr_oidc';
const COOKIE_PATH = '/api/auth/oidc';
/** How long the round trip to the provider may take. */
const TRANSACTION_MINUTES = 10;
/** Bound on pending round trips held in memory (oldest dropped first). */
const MAX_TRANSACTIONS = 10_000;

interface Transaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

/** Where the browser lands after a refused or failed SSO attempt. */
export const SSO_DENIED = '/inloggen?sso=denied';
export const SSO_ERROR = '/inloggen?sso=error';
export const SSO_TOTP = '/inloggen?sso=totp';

export function oidcRoutes(app: App, auth: AuthService, config: Config, clock: Clock): void {
  const tags = ['auth'];
  const settings = config.oidc;
  const rateLimit = { max: config.loginRateLimit, timeWindow: '1 minute' };
  // Pending authorization requests, by the random id in the cookie; each is used at most once.
  const transactions = new Map<string, Transaction>();
  let discovered: Promise<oidc.Configuration> | null = null;

  function client(s: OidcConfig): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(
        new URL(s.issuer),
        s.clientId,
        { redirect_uris: [s.redirectUri] },
        s.clientSecret ? oidc.ClientSecretPost(s.clientSecret) : oidc.None(),
        // Plain http only outside production (a provider started in a test).
        new URL(s.issuer).protocol === 'http:' && config.env !== 'production' ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = null; // try again on the next login
        throw error;
      });
    return discovered;
  }

  function prune(now: number) {
    for (const [id, t] of transactions) if (t.expiresAt <= now) transactions.delete(id);
    while (transactions.size >= MAX_TRANSACTIONS) transactions.delete(transactions.keys().next().value!);
  }

  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure, path: COOKIE_PATH };

  app.get('/api/auth/oidc', {
    config: { public: true },
    schema: { tags, summary: 'Whether single sign-on is configured, and the text of its button', response: { 200: oidcInfo, ...errors } },
  }, async () => ({ enabled: settings !== null, label: settings?.label ?? null }));

  app.get('/api/auth/oidc/start', {
    config: { public: true, rateLimit },
    schema: { tags, summary: 'Start single sign-on: redirects to the identity provider', response: { 302: z.null(), ...errors } },
  }, async (request, reply) => {
    if (!settings) return reply.redirect(SSO_ERROR, 302);
    let configuration: oidc.Configuration;
    try {
      configuration = await client(settings);
    } catch (error) {
      request.log.warn({ err: error }, 'OIDC discovery failed');
      return reply.redirect(SSO_ERROR, 302);
    }
    const now = clock.now().getTime();
    prune(now);
    const id = randomBytes(32).toString('base64url');
    const t: Transaction = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      expiresAt: now + TRANSACTION_MINUTES * 60_000,
    };
    transactions.set(id, t);
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri,
      scope: settings.claim === 'email' ? 'openid email' : 'openid profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(t.codeVerifier),
      code_challenge_method: 'S256',
      state: t.state,
      nonce: t.nonce,
    });
    // Lax, not Strict: the provider sends the browser back with a cross-site top-level navigation.
    reply.setCookie(OIDC_COOKIE, id, { ...cookieOptions, maxAge: TRANSACTION_MINUTES * 60 });
    return reply.redirect(url.href, 302);
  });

  app.get('/api/auth/oidc/callback', {
    config: { public: true, rateLimit },
    schema: { tags, summary: 'Return from the identity provider: opens a session for the matching account', response: { 302: z.null(), ...errors } },
  }, async (request, reply) => {
    if (!settings) return reply.redirect(SSO_ERROR, 302);
    const id = request.cookies[OIDC_COOKIE];
    reply.clearCookie(OIDC_COOKIE, cookieOptions);
    const t = id ? transactions.get(id) : undefined;
    // One use only: a replayed callback finds nothing.
    if (id) transactions.delete(id);
    if (!t || t.expiresAt <= clock.now().getTime()) return reply.redirect(SSO_ERROR, 302);

    let claims: Record<string, unknown> | undefined;
    try {
      const configuration = await client(settings);
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const tokens = await oidc.authorizationCodeGrant(configuration, new URL(settings.redirectUri + query), {
        pkceCodeVerifier: t.codeVerifier,
        expectedState: t.state,
        expectedNonce: t.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      claims = idToken;
      // Providers that keep the ID token lean give the claim at the userinfo endpoint.
      if (idToken && idToken[settings.claim] === undefined) {
        claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), sub: idToken.sub };
      }
    } catch (error) {
      // Wrong state, provider error, cancelled login, invalid token: never a session. No personal data in the log.
      request.log.warn({ code: (error as { code?: unknown }).code, error: (error as { error?: unknown }).error }, 'OIDC callback refused');
      return reply.redirect(SSO_ERROR, 302);
    }
    const value = claims?.[settings.claim];
    // An email the provider says is unverified identifies nobody.
    const unverified = settings.claim === 'email' && claims?.email_verified === false;
    const outcome = typeof value === 'string' && value.length > 0 && !unverified
      ? await auth.loginWithOidc({ by: settings.claim === 'email' ? 'email' : 'username', value }, originOf(request), { idpEnforcesMfa: settings.idpEnforcesMfa })
      : await auth.loginWithOidc({ by: 'username', value: '' }, originOf(request), { idpEnforcesMfa: settings.idpEnforcesMfa });
    if (outcome.status !== 'ok') return reply.redirect(outcome.status === 'totp_enabled' ? SSO_TOTP : SSO_DENIED, 302);
    setSessionCookie(reply, outcome.token, config.cookieSecure, config.sessionMaxHours * 3600);
    return reply.redirect('/', 302);
  });
}
