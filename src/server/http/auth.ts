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
 * Authentication for /api: resolves the session cookie, requires a session
 * unless the route is public, checks the CSRF token on every state-changing
 * request and holds users with a temporary password to the password page.
 */
export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('authSession', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    request.authSession = token ? await auth.authenticate(token, originOf(request)) : null;
    // Unknown routes fall through to the 404 handler.
    if (!request.routeOptions.url || request.routeOptions.config.public) return;
    const session = request.authSession;
    if (!session) throw unauthorized();
    if (!SAFE_METHODS.has(request.method) && !csrfMatches(session.csrfToken, headerValue(request.headers[CSRF_HEADER]))) {
      throw new AppError(403, 'csrf', 'De beveiligingscode van uw sessie ontbreekt of klopt niet. Laad de pagina opnieuw.');
    }
    if (session.user.mustChangePassword && !request.url.startsWith('/api/auth/')) {
      throw new AppError(403, 'password_change_required', 'Kies eerst een nieuw wachtwoord.');
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
