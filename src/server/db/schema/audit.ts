import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AuditResult } from '../../../shared/domain.js';

/**
 * Append-only audit trail (BIO 8.15.01). A trigger in the migrations refuses
 * UPDATE and DELETE. `details` never holds personal data: ids and codes only.
 *
 * Tamper evidence (docs/decisions/0004-audit-trail.md): entries form one hash
 * chain in `seq` order. `hash` is SHA-256 over the canonical form of the entry
 * including `prev_hash`, the hash of the entry before it; the application
 * computes it (src/server/modules/audit/audit-chain.ts) while holding the chain
 * lock, and `meldroute audit verify` recomputes it.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    /** Position in the hash chain: 1, 2, 3, … without gaps. */
    seq: bigint({ mode: 'number' }).notNull(),
    /** `hash` of the entry with seq − 1; 64 zeros for the first entry. */
    prevHash: text().notNull(),
    /** SHA-256 (hex) of the canonical entry, prevHash included. */
    hash: text().notNull(),
    municipalityId: uuid(),
    actorId: uuid(),
    actorRole: text(),
    action: text().notNull(),
    objectType: text().notNull(),
    objectId: text(),
    result: text().$type<AuditResult>().notNull(),
    ip: text(),
    userAgent: text(),
    details: jsonb().$type<Record<string, string | number | boolean | null>>(),
    at: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('audit_seq_idx').on(t.seq),
    index('audit_object_idx').on(t.objectType, t.objectId),
    index('audit_actor_idx').on(t.actorId, t.at),
  ],
);
