import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionInfo, SessionUser } from '../../../shared/api/auth.js';
import type { Db } from '../../db/client.js';
import type { Actor, Origin } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, unauthorized } from '../../lib/errors.js';
import { audit } from '../audit/audit.service.js';
import { findPasswordHash, findUserByUsername, updateUser } from '../users/user.repo.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.js';
import {
  deleteSession,
  deleteSessionsOfUser,
  deleteStaleSessions,
  findSessionWithUser,
  insertSession,
  touchSession,
} from './session.repo.js';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export interface AuthenticatedSession {
  actor: Actor;
  user: SessionUser;
  csrfToken: string;
  tokenHash: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Constant-time comparison of two CSRF tokens. */
export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const invalidLogin = () => new AppError(401, 'invalid_credentials', 'De combinatie van gebruikersnaam en wachtwoord is onjuist.');

export function createAuthService(deps: { db: Db; clock: Clock; policy: SessionPolicy }) {
  const { db, clock, policy } = deps;

  return {
    /** Check the password and open a session. Returns the cookie token (only ever sent to the client). */
    async login(username: string, password: string, origin: Origin): Promise<{ token: string; session: SessionInfo }> {
      const user = await findUserByUsername(db, username);
      if (!user || !user.active) {
        await verifyAgainstDummy(password);
        await audit(db, null, { action: 'auth.login', objectType: 'user', result: 'denied' });
        throw invalidLogin();
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        await audit(db, { userId: user.id, municipalityId: user.municipalityId, role: user.role, departmentId: user.departmentId, origin }, {
          action: 'auth.login',
          objectType: 'user',
          objectId: user.id,
          result: 'denied',
        });
        throw invalidLogin();
      }
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
      // Housekeeping: sessions nobody logged out of do not pile up.
      await deleteStaleSessions(db, now, policy.idleMinutes);
      const authenticated = await this.authenticate(token, origin);
      if (!authenticated) throw unauthorized();
      await audit(db, authenticated.actor, { action: 'auth.login', objectType: 'user', objectId: user.id, result: 'ok' });
      return { token, session: { user: authenticated.user, csrfToken } };
    },

    /** Resolve a cookie token to an actor, enforcing absolute and idle expiry. */
    async authenticate(token: string, origin: Origin): Promise<AuthenticatedSession | null> {
      const tokenHash = hashToken(token);
      const row = await findSessionWithUser(db, tokenHash);
      if (!row) return null;
      const now = clock.now();
      const idleLimit = new Date(row.session.lastSeenAt.getTime() + policy.idleMinutes * 60_000);
      if (!row.user.active || row.session.expiresAt <= now || idleLimit <= now) {
        await deleteSession(db, tokenHash);
        return null;
      }
      // Only write when a minute has passed, to keep reads cheap.
      if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) await touchSession(db, tokenHash, now);
      const u = row.user;
      return {
        tokenHash,
        csrfToken: row.session.csrfToken,
        actor: { userId: u.id, municipalityId: u.municipalityId, role: u.role, departmentId: u.departmentId, origin },
        user: {
          id: u.id,
          username: u.username,
          displayName: u.displayName,
          role: u.role,
          departmentId: u.departmentId,
          departmentName: row.departmentName,
          municipalityName: row.municipalityName,
          mustChangePassword: u.mustChangePassword,
        },
      };
    },

    async logout(session: AuthenticatedSession): Promise<void> {
      await deleteSession(db, session.tokenHash);
      await audit(db, session.actor, { action: 'auth.logout', objectType: 'user', objectId: session.actor.userId, result: 'ok' });
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
}

export type AuthService = ReturnType<typeof createAuthService>;
