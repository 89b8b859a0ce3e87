import { and, count, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { recordCipher, type Vault } from '../../crypto/vault.js';
import type { DbOrTx } from '../../db/client.js';
import { recoveryCodes, users } from '../../db/schema/index.js';

/**
 * The second factor and the lockout counter of an account: columns of `users`
 * that only the auth module reads or writes, and the recovery codes.
 */

/** One failed login more; returns the new count. */
export async function incrementFailedLogins(db: DbOrTx, userId: string): Promise<number> {
  const rows = await db
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1` })
    .where(eq(users.id, userId))
    .returning({ n: users.failedLogins });
  return rows[0]?.n ?? 0;
}

export async function lockAccount(db: DbOrTx, userId: string, until: Date): Promise<void> {
  await db.update(users).set({ lockedUntil: until, failedLogins: 0 }).where(eq(users.id, userId));
}

export async function clearFailedLogins(db: DbOrTx, userId: string): Promise<void> {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
}

/** The second-factor secrets are stored encrypted (crypto/encrypted-columns.ts). */
const cipher = (vault: Vault, userId: string) => recordCipher(vault, 'users', userId);

export async function setPendingTotpSecret(db: DbOrTx, vault: Vault, userId: string, secret: string): Promise<void> {
  await db.update(users).set({ totpPendingSecret: cipher(vault, userId).seal('totp_pending_secret', secret) }).where(eq(users.id, userId));
}

/**
 * Record `step` as used, only if it is later than the last used one. False when
 * another request used the same (or a later) step first: a replay.
 */
export async function useTotpStep(db: DbOrTx, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Make the pending secret the active one and replace the recovery codes. */
export async function enableTotp(db: DbOrTx, vault: Vault, userId: string, secret: string, step: number, codeHashes: string[], now: Date): Promise<void> {
  await db
    .update(users)
    .set({ totpSecret: cipher(vault, userId).seal('totp_secret', secret), totpPendingSecret: null, totpEnabled: true, totpLastStep: step, updatedAt: now })
    .where(eq(users.id, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash, createdAt: now })));
}

export async function disableTotp(db: DbOrTx, userId: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ totpSecret: null, totpPendingSecret: null, totpEnabled: false, totpLastStep: null, updatedAt: now })
    .where(eq(users.id, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** Mark a recovery code used; false when it does not exist or was used before. */
export async function useRecoveryCode(db: DbOrTx, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

/** The whole account row (hashes and second-factor state included): for the auth module only. */
export async function findAccount(db: DbOrTx, vault: Vault, userId: string): Promise<typeof users.$inferSelect | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  const row = rows[0];
  if (!row) return undefined;
  const c = cipher(vault, row.id);
  return { ...row, totpSecret: c.openOpt('totp_secret', row.totpSecret), totpPendingSecret: c.openOpt('totp_pending_secret', row.totpPendingSecret) };
}
