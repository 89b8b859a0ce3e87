import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TOTP_MANDATORY_ROLES, type SessionInfo, type SessionUser } from '../../../shared/api/auth.js';
import type { MunicipalitySettings } from '../../../shared/api/admin.js';
import type { Role } from '../../../shared/domain.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db } from '../../db/client.js';
import type { users } from '../../db/schema/index.js';
import type { Actor, Origin } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, unauthorized } from '../../lib/errors.js';
import { audit } from '../audit/audit.service.js';
import { findActiveUserByEmail, findPasswordHash, findUserByUsername, updateUser } from '../users/user.repo.js';
import {
  clearFailedLogins,
  countUnusedRecoveryCodes,
  findAccount,
  incrementFailedLogins,
  lockAccount,
  useRecoveryCode,
  useTotpStep,
} from './credentials.repo.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.js';
import {
  deletePendingSessionsOfUser,
  deleteSession,
  deleteSessionsOfUser,
  deleteStaleSessions,
  findSessionWithUser,
  incrementSessionAttempts,
  insertSession,
  touchSession,
} from './session.repo.js';
import { hashRecoveryCode, verifyTotp } from './totp.js';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export interface LoginPolicy {
  /** Consecutive failures (password or second factor) that lock an account … */
  maxFailures: number;
  /** … for this long. */
  lockoutMinutes: number;
  /** Enforce mandatory two-factor login (see Config.totpMandatory). */
  totpMandatory: boolean;
  /** Demo mode: demo accounts are exempt from mandatory two-factor login. */
  demo: boolean;
}

/** A pending login (password right, second factor awaited) lives this long … */
export const PENDING_LOGIN_MINUTES = 5;
/** … and accepts this many wrong codes before it is ended. */
export const PENDING_LOGIN_MAX_ATTEMPTS = 5;

export interface AuthenticatedSession {
  stage: 'full';
  actor: Actor;
  user: SessionUser;
  csrfToken: string;
  tokenHash: string;
}

/** A login whose password was right and that waits for the second factor. It grants nothing else. */
export interface PendingLogin {
  stage: 'totp';
  actor: Actor;
  csrfToken: string;
  tokenHash: string;
}

type AccountRow = typeof users.$inferSelect;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Constant-time comparison of two CSRF tokens. */
export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The one answer to every failed first login step: unknown user, wrong password,
 * deactivated or locked account look exactly alike.
 */
const invalidLogin = () => new AppError(401, 'invalid_credentials', 'De combinatie van gebruikersnaam en wachtwoord is onjuist.');
/** The one answer to every failed second step: wrong, reused or malformed code, or a locked account. */
const INVALID_CODE = 'De code is onjuist of al gebruikt. Probeer het opnieuw.';
const invalidCode = () =>
  new AppError(401, 'invalid_code', INVALID_CODE, [{ path: 'code', key: 'v.invalid', message: INVALID_CODE }]);
const loginExpired = () =>
  new AppError(401, 'login_expired', 'Uw inlogpoging is verlopen of afgebroken. Log opnieuw in met uw gebruikersnaam en wachtwoord.');

const actorOf = (u: Pick<AccountRow, 'id' | 'municipalityId' | 'role' | 'departmentId'>, origin: Origin): Actor => ({
  userId: u.id,
  municipalityId: u.municipalityId,
  role: u.role,
  departmentId: u.departmentId,
  origin,
});

/** Is two-factor login mandatory for this account? */
export function totpRequiredFor(
  policy: Pick<LoginPolicy, 'totpMandatory' | 'demo'>,
  user: { role: Role; isDemo: boolean },
  settings: Partial<MunicipalitySettings> | null | undefined,
): boolean {
  if (!policy.totpMandatory) return false;
  // Demo accounts have published passwords; newcomers must be able to try every role.
  if (user.isDemo && policy.demo) return false;
  return TOTP_MANDATORY_ROLES.includes(user.role) || settings?.totpOtherRoles === 'required';
}

export type LoginOutcome =
  | { status: 'ok'; token: string; session: SessionInfo }
  | { status: 'totp_required'; token: string; csrfToken: string };

export function createAuthService(deps: { db: Db; clock: Clock; vault: Vault; policy: SessionPolicy; login?: Partial<LoginPolicy> }) {
  const { db, clock, policy, vault } = deps;
  const loginPolicy: LoginPolicy = { maxFailures: 5, lockoutMinutes: 15, totpMandatory: true, demo: false, ...deps.login };

  /** Count a failed attempt against the account; lock it when there were too many in a row. */
  async function recordFailure(user: AccountRow, actor: Actor, reason: 'password' | 'totp' | 'recovery_code'): Promise<void> {
    const failures = await incrementFailedLogins(db, user.id);
    await audit(db, actor, { action: 'auth.login', objectType: 'user', objectId: user.id, result: 'denied', details: { reason } });
    if (failures >= loginPolicy.maxFailures) {
      await lockAccount(db, user.id, new Date(clock.now().getTime() + loginPolicy.lockoutMinutes * 60_000));
      await deletePendingSessionsOfUser(db, user.id);
      await audit(db, actor, {
        action: 'auth.lockout',
        objectType: 'user',
        objectId: user.id,
        result: 'ok',
        details: { failures, minutes: loginPolicy.lockoutMinutes },
      });
    }
  }

  const isLocked = (user: AccountRow) => user.lockedUntil !== null && user.lockedUntil > clock.now();

  const service = {
    /**
     * Check the password. Without two-factor login this opens a session; with it,
     * a pending login that only the second step accepts. Returns the cookie token
     * (only ever sent to the client).
     */
    async login(username: string, password: string, origin: Origin): Promise<LoginOutcome> {
      const user = await findUserByUsername(db, username);
      if (!user || !user.active) {
        await verifyAgainstDummy(password);
        await audit(db, null, { action: 'auth.login', objectType: 'user', result: 'denied', details: { reason: 'unknown_user' } });
        throw invalidLogin();
      }
      const actor = actorOf(user, origin);
      // Always spend the hashing time, also on a locked account, so that timing tells nothing.
      const passwordOk = await verifyPassword(user.passwordHash, password);
      if (isLocked(user)) {
        await audit(db, actor, { action: 'auth.login', objectType: 'user', objectId: user.id, result: 'denied', details: { reason: 'locked' } });
        throw invalidLogin();
      }
      if (!passwordOk) {
        await recordFailure(user, actor, 'password');
        throw invalidLogin();
      }
      const now = clock.now();
      // Housekeeping: sessions nobody logged out of do not pile up.
      await deleteStaleSessions(db, now, policy.idleMinutes);
      if (user.totpEnabled) {
        const token = randomBytes(32).toString('base64url');
        const csrfToken = randomBytes(32).toString('base64url');
        await insertSession(db, {
          tokenHash: hashToken(token),
          userId: user.id,
          csrfToken,
          now,
          expiresAt: new Date(now.getTime() + PENDING_LOGIN_MINUTES * 60_000),
          stage: 'totp',
        });
        return { status: 'totp_required', token, csrfToken };
      }
      return { status: 'ok', ...(await openSession(user, origin, 'none')) };
    },

    /** The second login step: a code from the authenticator app or a recovery code. */
    async completeLogin(pending: PendingLogin, method: 'totp' | 'recovery', code: string, origin: Origin): Promise<{ token: string; session: SessionInfo }> {
      const user = await findAccount(db, vault, pending.actor.userId);
      if (!user || !user.active || !user.totpEnabled || !user.totpSecret) {
        await deleteSession(db, pending.tokenHash);
        throw loginExpired();
      }
      const actor = actorOf(user, origin);
      if (isLocked(user)) {
        await deleteSession(db, pending.tokenHash);
        await audit(db, actor, { action: 'auth.login', objectType: 'user', objectId: user.id, result: 'denied', details: { reason: 'locked' } });
        throw invalidCode();
      }
      const now = clock.now();
      let ok: boolean;
      if (method === 'totp') {
        const step = await verifyTotp(user.totpSecret, code, now, user.totpLastStep);
        // The conditional update makes a code good for one login, also under concurrent requests.
        ok = step !== null && (await useTotpStep(db, user.id, step));
      } else {
        ok = await useRecoveryCode(db, user.id, hashRecoveryCode(user.id, code), now);
      }
      if (!ok) {
        const attempts = await incrementSessionAttempts(db, pending.tokenHash);
        await recordFailure(user, actor, method === 'totp' ? 'totp' : 'recovery_code');
        if (attempts >= PENDING_LOGIN_MAX_ATTEMPTS) await deleteSession(db, pending.tokenHash);
        throw invalidCode();
      }
      if (method === 'recovery') {
        await audit(db, actor, {
          action: 'auth.recovery_code_used',
          objectType: 'user',
          objectId: user.id,
          result: 'ok',
          details: { remaining: await countUnusedRecoveryCodes(db, user.id) },
        });
      }
      // A fresh token for the full session: the pending one is never promoted.
      await deleteSession(db, pending.tokenHash);
      return openSession(user, origin, method === 'totp' ? 'totp' : 'recovery_code');
    },

    /**
     * Single sign-on: the identity provider has vouched for the account matched by its claim.
     * Opens a session exactly like a password login. Unknown, inactive and locked accounts,
     * and (unless the provider enforces MFA) accounts with Meldroute's own second factor on,
     * are refused with the reason audited; the caller shows one generic refusal.
     */
    async loginWithOidc(
      match: { by: 'email' | 'username'; value: string },
      origin: Origin,
      options: { idpEnforcesMfa: boolean },
    ): Promise<{ status: 'ok'; token: string; session: SessionInfo } | { status: 'denied' | 'totp_enabled' }> {
      const user = match.by === 'email' ? await findActiveUserByEmail(db, match.value) : await findUserByUsername(db, match.value);
      if (!user || !user.active) {
        await audit(db, null, { action: 'auth.login', objectType: 'user', result: 'denied', details: { method: 'oidc', reason: 'unknown_user' } });
        return { status: 'denied' };
      }
      const actor = actorOf(user, origin);
      if (isLocked(user)) {
        await audit(db, actor, { action: 'auth.login', objectType: 'user', objectId: user.id, result: 'denied', details: { method: 'oidc', reason: 'locked' } });
        return { status: 'denied' };
      }
      if (user.totpEnabled && !options.idpEnforcesMfa) {
        // The provider's login does not count as Meldroute's second factor: use password and code.
        await audit(db, actor, { action: 'auth.login', objectType: 'user', objectId: user.id, result: 'denied', details: { method: 'oidc', reason: 'totp_enabled' } });
        return { status: 'totp_enabled' };
      }
      await deleteStaleSessions(db, clock.now(), policy.idleMinutes);
      return { status: 'ok', ...(await openSession(user, origin, options.idpEnforcesMfa ? 'idp' : 'none', 'oidc')) };
    },

    /** Resolve a cookie token to a session or a pending login, enforcing absolute and idle expiry. */
    async authenticate(token: string, origin: Origin): Promise<AuthenticatedSession | PendingLogin | null> {
      const tokenHash = hashToken(token);
      const row = await findSessionWithUser(db, tokenHash);
      if (!row) return null;
      const now = clock.now();
      const idleLimit = new Date(row.session.lastSeenAt.getTime() + policy.idleMinutes * 60_000);
      if (!row.user.active || row.session.expiresAt <= now || idleLimit <= now) {
        await deleteSession(db, tokenHash);
        return null;
      }
      const u = row.user;
      const actor = actorOf(u, origin);
      if (row.session.stage === 'totp') return { stage: 'totp', tokenHash, csrfToken: row.session.csrfToken, actor };
      // Only write when a minute has passed, to keep reads cheap.
      if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) await touchSession(db, tokenHash, now);
      return {
        stage: 'full',
        tokenHash,
        csrfToken: row.session.csrfToken,
        actor,
        user: {
          id: u.id,
          username: u.username,
          displayName: u.displayName,
          role: u.role,
          departmentId: u.departmentId,
          departmentName: row.departmentName,
          municipalityName: row.municipalityName,
          mustChangePassword: u.mustChangePassword,
          totpEnabled: u.totpEnabled,
          totpRequired: totpRequiredFor(loginPolicy, u, row.municipalitySettings),
        },
      };
    },

    async logout(session: AuthenticatedSession | PendingLogin): Promise<void> {
      await deleteSession(db, session.tokenHash);
      if (session.stage === 'full') {
        await audit(db, session.actor, { action: 'auth.logout', objectType: 'user', objectId: session.actor.userId, result: 'ok' });
      }
    },

    /** End every session of the user, this one included (a lost or shared device). */
    async logoutEverywhere(session: AuthenticatedSession): Promise<void> {
      await deleteSessionsOfUser(db, session.actor.userId);
      await audit(db, session.actor, { action: 'auth.logout_everywhere', objectType: 'user', objectId: session.actor.userId, result: 'ok' });
    },

    /** Change one's own password; every other session of the user is ended. */
    async changePassword(session: AuthenticatedSession, currentPassword: string, newPassword: string): Promise<void> {
      const hash = await findPasswordHash(db, session.actor.userId);
      if (!hash || !(await verifyPassword(hash, currentPassword))) {
        await audit(db, session.actor, { action: 'auth.password_change', objectType: 'user', objectId: session.actor.userId, result: 'denied' });
        throw new AppError(400, 'validation', 'Het huidige wachtwoord is onjuist.', [
          { path: 'currentPassword', key: 'v.invalid', message: 'Het huidige wachtwoord is onjuist.' },
        ]);
      }
      await updateUser(db, session.actor.municipalityId, session.actor.userId, {
        passwordHash: await hashPassword(newPassword),
        mustChangePassword: false,
      });
      await deleteSessionsOfUser(db, session.actor.userId, session.tokenHash);
      await audit(db, session.actor, { action: 'auth.password_change', objectType: 'user', objectId: session.actor.userId, result: 'ok' });
    },
  };

  /** Open a full session after a complete login. */
  async function openSession(
    user: AccountRow,
    origin: Origin,
    secondFactor: 'none' | 'totp' | 'recovery_code' | 'idp',
    method: 'password' | 'oidc' = 'password',
  ): Promise<{ token: string; session: SessionInfo }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = clock.now();
    await insertSession(db, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      now,
      expiresAt: new Date(now.getTime() + policy.maxHours * 3_600_000),
    });
    if (user.failedLogins > 0 || user.lockedUntil) await clearFailedLogins(db, user.id);
    const authenticated = await service.authenticate(token, origin);
    if (!authenticated || authenticated.stage !== 'full') throw unauthorized();
    await audit(db, authenticated.actor, { action: 'auth.login', objectType: 'user', objectId: user.id, result: 'ok', details: method === 'oidc' ? { method, secondFactor } : { secondFactor } });
    return { token, session: { user: authenticated.user, csrfToken } };
  }

  return service;
}

export type AuthService = ReturnType<typeof createAuthService>;
