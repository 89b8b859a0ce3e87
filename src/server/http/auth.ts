import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Origin } from '../lib/actor.js';
import { AppError, unauthorized } from '../lib/errors.js';
import { csrfMatches, type AuthenticatedSession, type AuthService } from '../modules/auth/auth.service.js';

export const SESSION_COOKIE = 'mr_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function originOf(request: FastifyRequest): Origin {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

/**
 * Whether a request is for the API. Decided on the matched route's own path where
 * there is one: the router decodes the URL, so `/%61pi/signals` reaches the
 * `/api/signals` handler while `request.url` does not start with `/api/`.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  return (request.routeOptions.url ?? request.url).startsWith('/api/');
}

/**
 * Authentication for /api: resolves the session cookie, requires a session
 * unless the route is public, checks the CSRF token on every state-changing
 * request and holds users with a temporary password to the password page and
 * users who must set up two-factor login to its page. A pending login (password
 * right, second factor awaited) reaches only the routes marked `pendingLogin`.
 */
export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('authSession', null);
  app.decorateRequest('pendingLogin', null);
  app.addHook('onRequest', async (request) => {
    if (!isApiRequest(request)) return;
    const token = request.cookies[SESSION_COOKIE];
    const resolved = token ? await auth.authenticate(token, originOf(request)) : null;
    request.authSession = resolved?.stage === 'full' ? resolved : null;
    request.pendingLogin = resolved?.stage === 'totp' ? resolved : null;
    // Unknown routes fall through to the 404 handler.
    if (!request.routeOptions.url || request.routeOptions.config.public) return;
    const session = request.authSession ?? (request.routeOptions.config.pendingLogin ? request.pendingLogin : null);
    if (!session) throw unauthorized();
    if (!SAFE_METHODS.has(request.method) && !csrfMatches(session.csrfToken, headerValue(request.headers[CSRF_HEADER]))) {
      throw new AppError(403, 'csrf', 'De beveiligingscode van uw sessie ontbreekt of klopt niet. Laad de pagina opnieuw.');
    }
    // The route pattern, not the raw URL, decides what counts as an /api/auth/ route.
    if (session.stage !== 'full' || request.routeOptions.url.startsWith('/api/auth/')) return;
    if (session.user.mustChangePassword) {
      throw new AppError(403, 'password_change_required', 'Kies eerst een nieuw wachtwoord.');
    }
    if (session.user.totpRequired && !session.user.totpEnabled) {
      throw new AppError(403, 'totp_enrolment_required', 'Stel eerst tweestapsverificatie in.');
    }
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function sessionOf(request: FastifyRequest): AuthenticatedSession {
  if (!request.authSession) throw unauthorized();
  return request.authSession;
}

export function actorOf(request: FastifyRequest): Actor {
  return sessionOf(request).actor;
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}
