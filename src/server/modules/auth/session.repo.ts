import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { departments, municipalities, sessions, users } from '../../db/schema/index.js';

export async function insertSession(
  db: DbOrTx,
  row: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date; now: Date; stage?: 'full' | 'totp' },
): Promise<void> {
  await db.insert(sessions).values({
    tokenHash: row.tokenHash,
    userId: row.userId,
    csrfToken: row.csrfToken,
    stage: row.stage ?? 'full',
    expiresAt: row.expiresAt,
    createdAt: row.now,
    lastSeenAt: row.now,
  });
}

export async function findSessionWithUser(db: DbOrTx, tokenHash: string) {
  const rows = await db
    .select({
      session: sessions,
      user: users,
      departmentName: departments.name,
      municipalityName: municipalities.name,
      municipalitySettings: municipalities.settings,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(municipalities, eq(municipalities.id, users.municipalityId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  return rows[0];
}

export async function touchSession(db: DbOrTx, tokenHash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSessionsOfUser(db: DbOrTx, userId: string, exceptTokenHash?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(exceptTokenHash ? and(eq(sessions.userId, userId), sql`${sessions.tokenHash} <> ${exceptTokenHash}`) : eq(sessions.userId, userId));
}

/** Count one wrong second-factor code against a pending login; returns the new count. */
export async function incrementSessionAttempts(db: DbOrTx, tokenHash: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ attempts: sql`${sessions.attempts} + 1` })
    .where(eq(sessions.tokenHash, tokenHash))
    .returning({ n: sessions.attempts });
  return rows[0]?.n ?? 0;
}

/** End the logins of a user that still wait for their second factor. */
export async function deletePendingSessionsOfUser(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.stage, 'totp')));
}

/** Remove sessions past their absolute lifetime or idle for longer than allowed. */
export async function deleteStaleSessions(db: DbOrTx, now: Date, idleMinutes: number): Promise<void> {
  const idleSince = new Date(now.getTime() - idleMinutes * 60_000);
  await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince)));
}
