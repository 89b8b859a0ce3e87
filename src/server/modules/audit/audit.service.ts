import type { AuditResult } from '../../../shared/domain.js';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { insertAudit } from './audit.repo.js';

export interface AuditEvent {
  action: string;
  objectType: string;
  objectId?: string | null;
  result: AuditResult;
  /** Ids and codes only; never names, free text or contact details. */
  details?: Record<string, string | number | boolean | null>;
}

/** Write one audit entry (BIO 8.15.01): actor, action, object, result, origin, time. */
export async function audit(db: DbOrTx, actor: Actor | null, event: AuditEvent): Promise<void> {
  await insertAudit(db, {
    municipalityId: actor?.municipalityId ?? null,
    actorId: actor?.userId ?? null,
    actorRole: actor?.role ?? null,
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId ?? null,
    result: event.result,
    ip: actor?.origin.ip ?? null,
    userAgent: actor?.origin.userAgent?.slice(0, 300) ?? null,
    details: event.details ?? null,
  });
}
