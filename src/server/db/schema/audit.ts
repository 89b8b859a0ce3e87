import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AuditResult } from '../../../shared/domain.js';

/**
 * Append-only audit trail (BIO 8.15.01). A trigger in the migrations refuses
 * UPDATE and DELETE. `details` never holds personal data: ids and codes only.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
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
  (t) => [index('audit_object_idx').on(t.objectType, t.objectId), index('audit_actor_idx').on(t.actorId, t.at)],
);
