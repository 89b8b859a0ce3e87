import { z } from 'zod';
import {
  changePasswordInput,
  loginInput,
  loginResult,
  loginTotpInput,
  recoveryCodesResult,
  sessionInfo,
  totpConfirmInput,
  totpDisableInput,
  totpSetup,
  totpSetupInput,
  totpStatus,
} from '../../../shared/api/auth.js';
import type { Config } from '../../config.js';
import { clearSessionCookie, originOf, sessionOf, setSessionCookie } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import { AppError, unauthorized } from '../../lib/errors.js';
import { PENDING_LOGIN_MINUTES, type AuthService } from './auth.service.js';
import type { TotpService } from './totp.service.js';

export function authRoutes(app: App, auth: AuthService, totp: TotpService, config: Config): void {
  const tags = ['auth'];
  const maxAge = config.sessionMaxHours * 3600;
  const rateLimit = { max: config.loginRateLimit, timeWindow: '1 minute' };

  app.post('/api/auth/login', {
    config: { public: true, rateLimit },
    schema: {
      tags,
      summary: 'Log in with username and password; with two-factor login, a pending login for POST /api/auth/login/totp',
      body: loginInput,
      response: { 200: loginResult, ...errors },
    },
  }, async (request, reply) => {
    const outcome = await auth.login(request.body.username, request.body.password, originOf(request));
    if (outcome.status === 'totp_required') {
      setSessionCookie(reply, outcome.token, config.cookieSecure, PENDING_LOGIN_MINUTES * 60);
      return { status: 'totp_required' as const, csrfToken: outcome.csrfToken };
    }
    setSessionCookie(reply, outcome.token, config.cookieSecure, maxAge);
    return { status: 'ok' as const, ...outcome.session };
  });

  app.post('/api/auth/login/totp', {
    config: { pendingLogin: true, rateLimit },
    schema: {
      tags,
      summary: 'Second login step: a code from the authenticator app or a recovery code',
      body: loginTotpInput,
      response: { 200: sessionInfo, ...errors },
    },
  }, async (request, reply) => {
    const pending = request.pendingLogin;
    if (!pending) throw new AppError(401, 'login_expired', 'Uw inlogpoging is verlopen of afgebroken. Log opnieuw in met uw gebruikersnaam en wachtwoord.');
    const { token, session } = await auth.completeLogin(pending, request.body.method, request.body.code, originOf(request));
    setSessionCookie(reply, token, config.cookieSecure, maxAge);
    return session;
  });

  app.post('/api/auth/logout', {
    config: { pendingLogin: true },
    schema: { tags, summary: 'End the current session (or abandon a pending login)', response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    const session = request.authSession ?? request.pendingLogin;
    if (!session) throw unauthorized();
    await auth.logout(session);
    clearSessionCookie(reply, config.cookieSecure);
    return reply.code(204).send(null);
  });

  app.post('/api/auth/logout-everywhere', {
    schema: { tags, summary: 'End every session of the current user, on every device', response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await auth.logoutEverywhere(sessionOf(request));
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

  app.get('/api/auth/totp', {
    schema: { tags, summary: 'Whether two-factor login is on, mandatory, and how many recovery codes are left', response: { 200: totpStatus, ...errors } },
  }, async (request) => totp.status(sessionOf(request)));

  app.post('/api/auth/totp/setup', {
    schema: {
      tags,
      summary: 'Start linking an authenticator app: secret, otpauth URI and QR code (the password is needed to replace a linked app)',
      body: totpSetupInput,
      response: { 200: totpSetup, ...errors },
    },
  }, async (request) => totp.setup(sessionOf(request), request.body.password));

  app.post('/api/auth/totp/confirm', {
    config: { rateLimit },
    schema: {
      tags,
      summary: 'Confirm the app with a code: two-factor login is on; returns ten one-time recovery codes, once',
      body: totpConfirmInput,
      response: { 200: recoveryCodesResult, ...errors },
    },
  }, async (request) => totp.confirm(sessionOf(request), request.body.code));

  app.post('/api/auth/totp/disable', {
    config: { rateLimit },
    schema: { tags, summary: 'Switch two-factor login off, where it is not mandatory', body: totpDisableInput, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await totp.disable(sessionOf(request), request.body.password, request.body.code);
    return reply.code(204).send(null);
  });
}
