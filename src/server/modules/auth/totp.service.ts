import type { RecoveryCodesResult, TotpSetup, TotpStatus } from '../../../shared/api/auth.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, conflict, fieldError } from '../../lib/errors.js';
import { audit } from '../audit/audit.service.js';
import type { AuthenticatedSession } from './auth.service.js';
import {
  countUnusedRecoveryCodes,
  disableTotp,
  enableTotp,
  findAccount,
  setPendingTotpSecret,
  useTotpStep,
} from './credentials.repo.js';
import { verifyPassword } from './password.js';
import { deleteSessionsOfUser } from './session.repo.js';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri, qrCodeDataUrl, verifyTotp } from './totp.js';

const validation = (path: string, message: string) => new AppError(400, 'validation', message, [fieldError(path, 'v.invalid', message)]);

/**
 * Setting up and switching off two-factor login for one's own account. The
 * secret is shown once, at setup; it is never part of another response or a log.
 */
export function createTotpService(deps: { db: Db; clock: Clock; vault: Vault }) {
  const { db, clock, vault } = deps;

  async function account(session: AuthenticatedSession) {
    const user = await findAccount(db, vault, session.actor.userId);
    if (!user) throw new AppError(401, 'unauthorized', 'U bent niet ingelogd of uw sessie is verlopen.');
    return user;
  }

  const auditTotp = (session: AuthenticatedSession, action: string, result: 'ok' | 'denied' | 'invalid', details?: Record<string, string | number | boolean | null>) =>
    audit(db, session.actor, { action, objectType: 'user', objectId: session.actor.userId, result, ...(details ? { details } : {}) });

  return {
    async status(session: AuthenticatedSession): Promise<TotpStatus> {
      const user = await account(session);
      return {
        enabled: user.totpEnabled,
        required: session.user.totpRequired,
        recoveryCodesLeft: user.totpEnabled ? await countUnusedRecoveryCodes(db, user.id) : 0,
      };
    },

    /**
     * Start linking an authenticator app: a new secret, pending until confirmed with
     * a code. Replacing an app that is already linked needs the password.
     */
    async setup(session: AuthenticatedSession, password: string | undefined): Promise<TotpSetup> {
      const user = await account(session);
      if (user.totpEnabled) {
        if (!password) throw validation('password', 'Vul uw wachtwoord in om een nieuwe app te koppelen.');
        if (!(await verifyPassword(user.passwordHash, password))) {
          await auditTotp(session, 'auth.totp_setup', 'denied');
          throw validation('password', 'Het wachtwoord is onjuist.');
        }
      }
      const secret = newTotpSecret();
      await setPendingTotpSecret(db, vault, user.id, secret);
      const uri = otpauthUri(secret, `Meldroute (${session.user.municipalityName})`, user.username);
      await auditTotp(session, 'auth.totp_setup', 'ok', { replacing: user.totpEnabled });
      return { secret, otpauthUri: uri, qrCode: await qrCodeDataUrl(uri) };
    },

    /**
     * Confirm the pending secret with a code from the app: two-factor login is on,
     * other sessions of the user end, and new recovery codes are returned once.
     */
    async confirm(session: AuthenticatedSession, code: string): Promise<RecoveryCodesResult> {
      const user = await account(session);
      if (!user.totpPendingSecret) throw conflict('totp_not_started', 'Begin opnieuw met het koppelen van een app.');
      const step = await verifyTotp(user.totpPendingSecret, code, clock.now(), null);
      if (step === null) {
        await auditTotp(session, 'auth.totp_enrol', 'invalid');
        throw validation('code', 'De code klopt niet. Controleer of de tijd op uw telefoon goed staat en probeer het opnieuw.');
      }
      const recoveryCodes = newRecoveryCodes();
      const secret = user.totpPendingSecret;
      await db.transaction(async (tx) => {
        await enableTotp(tx, vault, user.id, secret, step, recoveryCodes.map((c) => hashRecoveryCode(user.id, c)), clock.now());
        await deleteSessionsOfUser(tx, user.id, session.tokenHash);
        await audit(tx, session.actor, {
          action: 'auth.totp_enrol',
          objectType: 'user',
          objectId: user.id,
          result: 'ok',
          details: { replaced: user.totpEnabled },
        });
      });
      return { recoveryCodes };
    },

    /** Switch two-factor login off: only where it is not mandatory, with password and a current code. */
    async disable(session: AuthenticatedSession, password: string, code: string): Promise<void> {
      if (session.user.totpRequired) {
        await auditTotp(session, 'auth.totp_disable', 'denied');
        throw new AppError(403, 'totp_mandatory', 'Tweestapsverificatie is verplicht voor uw account en kan niet worden uitgezet.');
      }
      const user = await account(session);
      if (!user.totpEnabled || !user.totpSecret) throw conflict('totp_not_enabled', 'Tweestapsverificatie staat niet aan.');
      if (!(await verifyPassword(user.passwordHash, password))) {
        await auditTotp(session, 'auth.totp_disable', 'invalid');
        throw validation('password', 'Het wachtwoord is onjuist.');
      }
      const step = await verifyTotp(user.totpSecret, code, clock.now(), user.totpLastStep);
      if (step === null || !(await useTotpStep(db, user.id, step))) {
        await auditTotp(session, 'auth.totp_disable', 'invalid');
        throw validation('code', 'De code is onjuist of al gebruikt. Probeer het opnieuw.');
      }
      await disableTotp(db, user.id, clock.now());
      await auditTotp(session, 'auth.totp_disable', 'ok');
    },
  };
}

export type TotpService = ReturnType<typeof createTotpService>;
