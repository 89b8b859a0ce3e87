import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { auditLog, referrals, users } from '../../db/schema/index.js';
import { CHAIN_LOCK_KEY, ISO_TIMESTAMP_FORMAT, type StoredEntry } from './audit-chain.js';

export type AuditInsert = typeof auditLog.$inferInsert;
export type AuditRow = typeof auditLog.$inferSelect;

/** Rows of a raw query; both drivers (node-postgres, PGlite) return `{ rows }`. */
async function rawRows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** `at` as the ISO text the hash covers, computed by the database (no driver date parsing in between). */
const atIso = sql<string>`to_char(${auditLog.at} at time zone 'UTC', ${sql.raw(`'${ISO_TIMESTAMP_FORMAT}'`)})`;

/**
 * Take the chain lock for the rest of the transaction. Appends from every
 * connection and app instance queue here, so the chain stays linear.
 */
export async function lockChain(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(CHAIN_LOCK_KEY))}::bigint)`);
}

/**
 * The last entry of the chain and the database's current time (milliseconds,
 * as ISO text). Call after lockChain, in the same transaction, so that the head
 * cannot move before the new entry is inserted.
 */
export async function chainHead(tx: DbOrTx): Promise<{ seq: number; hash: string | null; now: string }> {
  const [row] = await rawRows<{ seq: string | null; hash: string | null; now: string }>(
    tx,
    sql`select h.seq::text as seq, h.hash, to_char(date_trunc('milliseconds', clock_timestamp()) at time zone 'UTC', ${sql.raw(`'${ISO_TIMESTAMP_FORMAT}'`)}) as now
        from (select 1) as one
        left join lateral (select seq, hash from audit_log order by seq desc limit 1) as h on true`,
  );
  return { seq: row?.seq ? Number(row.seq) : 0, hash: row?.hash ?? null, now: row!.now };
}

export async function insertAudit(db: DbOrTx, entry: AuditInsert): Promise<void> {
  await db.insert(auditLog).values(entry);
}

/** A page of the chain after the entry `after` (seq, then id), in that order, as verify reads it. */
export async function listChainPage(db: DbOrTx, after: { seq: number; id: number }, limit: number): Promise<StoredEntry[]> {
  return db
    .select({
      id: auditLog.id,
      seq: auditLog.seq,
      prevHash: auditLog.prevHash,
      hash: auditLog.hash,
      at: atIso,
      municipalityId: auditLog.municipalityId,
      actorId: auditLog.actorId,
      actorRole: auditLog.actorRole,
      action: auditLog.action,
      objectType: auditLog.objectType,
      objectId: auditLog.objectId,
      result: auditLog.result,
      ip: auditLog.ip,
      userAgent: auditLog.userAgent,
      details: auditLog.details,
    })
    .from(auditLog)
    .where(or(gt(auditLog.seq, after.seq), and(eq(auditLog.seq, after.seq), gt(auditLog.id, after.id))))
    .orderBy(asc(auditLog.seq), asc(auditLog.id))
    .limit(limit);
}

/** Rows with seq ≤ `seq` or without a seq: a chain of `seq` intact entries has exactly `seq` of them. */
export async function countRowsUpTo(db: DbOrTx, seq: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`count(*)::text` })
    .from(auditLog)
    .where(or(lte(auditLog.seq, seq), isNull(auditLog.seq)));
  return Number(row?.n ?? 0);
}

export async function listAuditForObject(db: DbOrTx, objectType: string, objectId: string): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.objectType, objectType), eq(auditLog.objectId, objectId)))
    .orderBy(asc(auditLog.id));
}

/**
 * Who read or changed one signal: entries on the signal itself and on its
 * referrals, newest first. The actor's name only for users of the same
 * municipality (an attempt from elsewhere shows without a name).
 */
export async function listSignalAccess(db: DbOrTx, municipalityId: string, signalId: string, pseudonym: string, limit: number) {
  const referralIds = db.select({ id: sql`${referrals.id}::text` }).from(referrals).where(eq(referrals.signalId, signalId));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorRole: auditLog.actorRole,
      actorName: users.displayName,
      action: auditLog.action,
      objectType: auditLog.objectType,
      objectId: auditLog.objectId,
      result: auditLog.result,
    })
    .from(auditLog)
    .leftJoin(users, and(eq(users.id, auditLog.actorId), eq(users.municipalityId, municipalityId)))
    .where(
      or(
        and(eq(auditLog.objectType, 'signal'), eq(auditLog.objectId, signalId)),
        and(eq(auditLog.objectType, 'signal_pseudonym'), eq(auditLog.objectId, pseudonym)),
        and(eq(auditLog.objectType, 'referral'), inArray(auditLog.objectId, referralIds)),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(limit);
}
