import { bigint, index, integer, pgTable, primaryKey, real, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { EntityKind, LinkDecision, RegisterKind } from '../../../shared/domain.js';
import { municipalities, users } from './organisation.js';
import { signals } from './signal.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

/** One row per imported register of a municipality (docs/registers.md). */
export const registers = pgTable(
  'registers',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    kind: text().$type<RegisterKind>().notNull(),
    rowCount: integer().notNull().default(0),
    importedAt: ts(),
    importedById: uuid().references(() => users.id),
  },
  (t) => [uniqueIndex('registers_kind_uq').on(t.municipalityId, t.kind)],
);

/**
 * What signals refer to and registers hold: a person, organisation, address, phone number,
 * e-mail address, vehicle or website. A mention in a signal (signalId) or a register record
 * (registerId). The values are in `data`, encrypted; matching uses entity_keys only.
 */
export const entities = pgTable(
  'entities',
  {
    id: uuid().primaryKey(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    kind: text().$type<EntityKind>().notNull(),
    signalId: uuid().references(() => signals.id, { onDelete: 'cascade' }),
    registerId: uuid().references(() => registers.id, { onDelete: 'cascade' }),
    /** Register records: blind index of the source's own id (BSN, BAG id, KvK number, case number). */
    externalKey: text(),
    /** Register records: blind index of the row's content, so re-importing an unchanged row changes nothing. */
    contentHash: text(),
    /** Encrypted JSON (entities/entity.repo.ts EntityData): what is shown to the coordinator. */
    data: text().notNull(),
    /** Where the mention came from: the signal's person/organisation/address part, or added by the coordinator. */
    origin: text().$type<'signal_part' | 'coordinator' | 'register'>().notNull(),
    createdById: uuid().references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    index('entities_signal_idx').on(t.signalId),
    index('entities_municipality_kind_idx').on(t.municipalityId, t.kind),
    uniqueIndex('entities_register_external_uq').on(t.registerId, t.externalKey),
  ],
);

/**
 * The blind indexes of an entity's matching keys: the first 8 bytes of an HMAC over the
 * municipality, the key field and the normalised value, as a bigint (compact and indexable;
 * a collision only adds a candidate that the scoring then weighs). `field` is the key field's
 * code (entities/entity-keys.ts), kept so a candidate's keys can be scored without plaintext.
 */
export const entityKeys = pgTable(
  'entity_keys',
  {
    entityId: uuid().notNull().references(() => entities.id, { onDelete: 'cascade' }),
    field: smallint().notNull(),
    hash: bigint({ mode: 'bigint' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.entityId, t.field, t.hash] }), index('entity_keys_hash_idx').on(t.hash, t.field, t.entityId)],
);

/** The coordinator's decisions on candidate matches: remembered (and audited) both ways. */
export const entityLinks = pgTable(
  'entity_links',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    /** A mention in a signal. */
    entityId: uuid().notNull().references(() => entities.id, { onDelete: 'cascade' }),
    /** Another signal's mention, or a register record. */
    candidateId: uuid().notNull().references(() => entities.id, { onDelete: 'cascade' }),
    decision: text().$type<LinkDecision>().notNull(),
    score: real().notNull(),
    reasons: text().array().notNull(),
    decidedById: uuid().notNull().references(() => users.id),
    decidedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('entity_links_pair_uq').on(t.entityId, t.candidateId),
    index('entity_links_candidate_idx').on(t.candidateId),
    index('entity_links_municipality_idx').on(t.municipalityId, t.decision),
  ],
);
