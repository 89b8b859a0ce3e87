import { z } from 'zod';
import { changePasswordInput, loginInput, sessionInfo } from '../../../shared/api/auth.js';
import type { Config } from '../../config.js';
import { clearSessionCookie, originOf, sessionOf, setSessionCookie } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import { unauthorized } from '../../lib/errors.js';
import type { AuthService } from './auth.service.js';

export function authRoutes(app: App, auth: AuthService, config: Config): void {
  const tags = ['auth'];
  const maxAge = config.sessionMaxHours * 3600;

  app.post('/api/auth/login', {
    config: { public: true, rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Log in with username and password', body: loginInput, response: { 200: sessionInfo, ...errors } },
  }, async (request, reply) => {
    const { token, session } = await auth.login(request.body.username, request.body.password, originOf(request));
    setSessionCookie(reply, token, config.cookieSecure, maxAge);
    return session;
  });

  app.post('/api/auth/logout', {
    schema: { tags, summary: 'End the current session', response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await auth.logout(sessionOf(request));
    clearSessionCookie(reply, config.cookieSecure);
    return reply.code(204).send(null);
  });

  app.get('/api/auth/session', {
    config: { public: true },
    schema: { tags, summary: 'The current user and CSRF token', response: { 200: sessionInfo, ...errors } },
  }, async (request) => {
    const session = request.authSession;
    if (!session) throw unauthorized();
    return { user: session.user, csrfToken: session.csrfToken };
  });

  app.post('/api/auth/password', {
    schema: { tags, summary: 'Change one\'s own password', body: changePasswordInput, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await auth.changePassword(sessionOf(request), request.body.currentPassword, request.body.newPassword);
    return reply.code(204).send(null);
  });
}
