import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { accessLog } from '../../../shared/api/audit.js';
import { ROLES, type AuditResult, type Role } from '../../../shared/domain.js';
import { blindKeys } from '../../crypto/blind-keys.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { assertCan, can, type Permission } from '../../lib/permissions.js';
import { signalExists } from '../signals/signal.repo.js';
import { ChainVerifier, entryHash, GENESIS_HASH, storable, type ChainedFields, type VerifyResult } from './audit-chain.js';
import { chainHead, countRowsUpTo, insertAudit, listChainPage, listSignalAccess, lockChain } from './audit.repo.js';

/** Object type of audit entries that name a signal by its pseudonym (BlindKeys.signalPseudonym). */
export const SIGNAL_PSEUDONYM = 'signal_pseudonym';

export interface AuditEvent {
  action: string;
  objectType: string;
  objectId?: string | null;
  result: AuditResult;
  /** Ids and codes only; never names, free text or contact details. */
  details?: Record<string, string | number | boolean | null>;
}

const uuidText = (value: string | null | undefined) => (value ? value.toLowerCase() : null);

/**
 * Append one entry to the chain inside `tx`: take the chain lock, read the
 * head, hash, insert. The lock is held until `tx` ends, so keep audit() the
 * last write of a transaction.
 */
async function append(tx: DbOrTx, fields: Omit<ChainedFields, 'seq' | 'prevHash' | 'at' | 'result'> & { result: AuditResult }): Promise<void> {
  await lockChain(tx);
  const head = await chainHead(tx);
  const entry = { ...fields, seq: head.seq + 1, prevHash: head.hash ?? GENESIS_HASH, at: head.now };
  await insertAudit(tx, {
    ...entry,
    details: entry.details as Record<string, string | number | boolean | null> | null,
    at: new Date(entry.at),
    hash: entryHash(entry),
  });
}

/**
 * Write one audit entry (BIO 8.15.01): actor, action, object, result, origin,
 * time, chained to the entry before it. With a transaction, the entry is part
 * of it (no change without its entry); with the database, it gets its own.
 */
export async function audit(db: DbOrTx, actor: Actor | null, event: AuditEvent): Promise<void> {
  const details = event.details
    ? Object.fromEntries(Object.entries(event.details).map(([k, v]) => [storable(k), typeof v === 'string' ? storable(v) : v]))
    : null;
  const fields = {
    municipalityId: uuidText(actor?.municipalityId),
    actorId: uuidText(actor?.userId),
    actorRole: actor?.role ?? null,
    action: storable(event.action),
    objectType: storable(event.objectType),
    objectId: storable(event.objectId ?? null),
    result: event.result,
    ip: storable(actor?.origin.ip ?? null),
    userAgent: storable(actor?.origin.userAgent?.slice(0, 300) ?? null),
    details,
  };
  if (is(db, PgTransaction)) await append(db, fields);
  else await db.transaction((tx) => append(tx, fields));
}

/** How a refused request is audited: 403 denied, 404 not found, any other client error invalid. */
export function auditResultOf(error: AppError): AuditResult {
  return error.statusCode === 403 ? 'denied' : error.statusCode === 404 ? 'not_found' : 'invalid';
}

/**
 * A change under one permission: the permission check, the change and its 'ok' entry in one
 * transaction (no change without its entry); a refusal (denied, not found, invalid) rolls the change
 * back and is audited on its own. `fn` returns the value and, for a new record, its id and details
 * (ids and codes only) for the entry.
 */
export async function auditedChange<T>(
  db: Db,
  actor: Actor,
  permission: Permission,
  event: { action: string; objectType: string; objectId?: string | null },
  fn: (tx: DbOrTx) => Promise<{ value: T; objectId?: string | null; details?: AuditEvent['details'] }>,
): Promise<T> {
  try {
    assertCan(actor, permission);
    return await db.transaction(async (tx) => {
      const { value, objectId, details } = await fn(tx);
      await audit(tx, actor, { action: event.action, objectType: event.objectType, objectId: objectId ?? event.objectId ?? null, result: 'ok', ...(details ? { details } : {}) });
      return value;
    });
  } catch (error) {
    if (error instanceof AppError) await audit(db, actor, { action: event.action, objectType: event.objectType, objectId: event.objectId ?? null, result: auditResultOf(error) });
    throw error;
  }
}

/**
 * Walk the whole chain in seq order and report the first broken link.
 * `anchor`: a head (seq and hash) recorded earlier, which must still be in the chain.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  options: { anchor?: { seq: number; hash: string }; pageSize?: number } = {},
): Promise<VerifyResult> {
  const verifier = new ChainVerifier(options.anchor);
  const pageSize = options.pageSize ?? 1000;
  for (;;) {
    const page = await listChainPage(db, verifier.cursor, pageSize);
    for (const entry of page) if (!verifier.push(entry)) break;
    if (verifier.done || page.length < pageSize) break;
  }
  return verifier.finish(verifier.done ? null : await countRowsUpTo(db, verifier.lastSeq));
}

type AccessLog = z.output<typeof accessLog>;

const ACCESS_LOG_LIMIT = 500;
const isRole = (value: string | null): value is Role => value !== null && (ROLES as readonly string[]).includes(value);

/** The coordinator's view on the audit trail of one signal. */
export function createAuditService(deps: { db: Db; vault: Vault }) {
  const { db, vault } = deps;
  return {
    /** Who viewed or changed the signal (or its referrals), and when; newest first. */
    async signalAccessLog(actor: Actor, signalId: string): Promise<AccessLog> {
      const action = 'signal.access_log';
      if (!can(actor, 'signal.read_access_log')) {
        await audit(db, actor, { action, objectType: 'signal', objectId: signalId, result: 'denied' });
        throw forbidden();
      }
      if (!(await signalExists(db, actor.municipalityId, signalId))) {
        await audit(db, actor, { action, objectType: 'signal', objectId: signalId, result: 'not_found' });
        throw notFound('signaal');
      }
      const rows = await listSignalAccess(db, actor.municipalityId, signalId, blindKeys(vault).signalPseudonym(signalId), ACCESS_LOG_LIMIT + 1);
      await audit(db, actor, { action, objectType: 'signal', objectId: signalId, result: 'ok' });
      return {
        signalId,
        truncated: rows.length > ACCESS_LOG_LIMIT,
        entries: rows.slice(0, ACCESS_LOG_LIMIT).map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actor: r.actorId ? { id: r.actorId, displayName: r.actorName, role: isRole(r.actorRole) ? r.actorRole : null } : null,
          action: r.action,
          result: r.result,
          objectType: r.objectType === 'referral' ? 'referral' : 'signal',
          objectId: r.objectType === SIGNAL_PSEUDONYM ? signalId : r.objectId,
        })),
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
