import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { EntityKind, LinkDecision } from '../../../shared/domain.js';
import { recordCipher, type Vault } from '../../crypto/vault.js';
import { rawRows, type DbOrTx } from '../../db/client.js';
import { entities, entityKeys, entityLinks, registers, signals } from '../../db/schema/index.js';
import { keyRowsOf, RETRIEVAL_CODES, RETRIEVAL_WEIGHTS, FIELD_CODES, type KeyRow, type StoredField } from './entity-keys.js';
import type { RawAddress, RawEntity } from './keys.js';

/**
 * What an entity holds, stored encrypted as JSON in entities.data. The matching keys are
 * derived from it (keys.ts → entity-keys.ts) when it is written; reading it is only for
 * showing the coordinator what a candidate is.
 */
export interface EntityData {
  name?: string;
  /** YYYY-MM-DD (or a year). */
  birthDate?: string;
  role?: string;
  addresses?: RawAddress[];
  phones?: string[];
  emails?: string[];
  kvk?: string[];
  plates?: string[];
  websites?: string[];
  /** Register records: what else the register says (street, place, subject, legal form …). */
  details?: Record<string, string>;
}

export function rawEntityOf(kind: EntityKind, data: EntityData): RawEntity {
  return {
    kind,
    name: data.name ?? null,
    birthYear: data.birthDate ?? null,
    addresses: data.addresses,
    phones: data.phones,
    emails: data.emails,
    kvk: data.kvk,
    plates: data.plates,
    websites: data.websites,
  };
}

export interface NewEntity {
  municipalityId: string;
  kind: EntityKind;
  data: EntityData;
  origin: 'signal_part' | 'coordinator' | 'register';
  signalId?: string | null;
  registerId?: string | null;
  externalKey?: string | null;
  contentHash?: string | null;
  createdById?: string | null;
}

const T = 'entities';

export function sealEntityData(vault: Vault, id: string, data: EntityData): string {
  return recordCipher(vault, T, id).seal('data', JSON.stringify(data));
}

export function openEntityData(vault: Vault, id: string, sealed: string): EntityData {
  return JSON.parse(recordCipher(vault, T, id).open('data', sealed)) as EntityData;
}

/** Insert entities and their blind-index keys (a few statements for any number of entities). */
export async function insertEntities(db: DbOrTx, vault: Vault, list: readonly NewEntity[]): Promise<string[]> {
  if (list.length === 0) return [];
  const rows = list.map((e) => ({ ...e, id: randomUUID() }));
  await db.insert(entities).values(
    rows.map((e) => ({
      id: e.id,
      municipalityId: e.municipalityId,
      kind: e.kind,
      data: sealEntityData(vault, e.id, e.data),
      origin: e.origin,
      signalId: e.signalId ?? null,
      registerId: e.registerId ?? null,
      externalKey: e.externalKey ?? null,
      contentHash: e.contentHash ?? null,
      createdById: e.createdById ?? null,
    })),
  );
  const keys = rows.flatMap((e) => keyRowsOf(vault, e.municipalityId, rawEntityOf(e.kind, e.data)).map((k) => ({ entityId: e.id, ...k })));
  for (let i = 0; i < keys.length; i += 5000) await db.insert(entityKeys).values(keys.slice(i, i + 5000));
  return rows.map((e) => e.id);
}

export interface EntityRow {
  id: string;
  kind: EntityKind;
  origin: 'signal_part' | 'coordinator' | 'register';
  signalId: string | null;
  registerId: string | null;
  data: EntityData;
  createdAt: Date;
}

export async function listSignalEntities(db: DbOrTx, vault: Vault, signalId: string): Promise<EntityRow[]> {
  const rows = await db.select().from(entities).where(eq(entities.signalId, signalId)).orderBy(entities.createdAt, entities.id);
  return rows.map((r) => ({ id: r.id, kind: r.kind, origin: r.origin, signalId: r.signalId, registerId: r.registerId, data: openEntityData(vault, r.id, r.data), createdAt: r.createdAt }));
}

/** Candidates' descriptions: the entity, and its signal (number, state, outcome) or register kind. Scoped to the municipality. */
export async function describeEntities(db: DbOrTx, vault: Vault, municipalityId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: entities.id,
      kind: entities.kind,
      origin: entities.origin,
      data: entities.data,
      signalId: entities.signalId,
      signalNumber: signals.number,
      signalState: signals.state,
      signalOutcome: signals.outcome,
      signalReceivedAt: signals.receivedAt,
      registerKind: registers.kind,
    })
    .from(entities)
    .leftJoin(signals, eq(signals.id, entities.signalId))
    .leftJoin(registers, eq(registers.id, entities.registerId))
    .where(and(eq(entities.municipalityId, municipalityId), inArray(entities.id, [...ids])));
  return rows.map((r) => ({ ...r, data: openEntityData(vault, r.id, r.data) }));
}

export async function findEntityOfSignal(db: DbOrTx, signalId: string, entityId: string) {
  const rows = await db.select({ id: entities.id, kind: entities.kind }).from(entities).where(and(eq(entities.id, entityId), eq(entities.signalId, signalId))).limit(1);
  return rows[0];
}

export async function findEntityInMunicipality(db: DbOrTx, municipalityId: string, entityId: string) {
  const rows = await db
    .select({ id: entities.id, kind: entities.kind, signalId: entities.signalId })
    .from(entities)
    .where(and(eq(entities.id, entityId), eq(entities.municipalityId, municipalityId)))
    .limit(1);
  return rows[0];
}

/** The kinds of entities of the municipality (no decryption); ids of other municipalities are left out. */
export async function kindsOf(db: DbOrTx, municipalityId: string, ids: readonly string[]): Promise<Map<string, EntityKind>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: entities.id, kind: entities.kind })
    .from(entities)
    .where(and(eq(entities.municipalityId, municipalityId), inArray(entities.id, [...ids])));
  return new Map(rows.map((r) => [r.id, r.kind]));
}

/** The stored key rows of entities, by entity id. */
export async function loadKeyRows(db: DbOrTx, ids: readonly string[]): Promise<Map<string, KeyRow[]>> {
  const out = new Map<string, KeyRow[]>();
  if (ids.length === 0) return out;
  const rows = await db.select().from(entityKeys).where(inArray(entityKeys.entityId, [...ids]));
  for (const r of rows) {
    const list = out.get(r.entityId) ?? [];
    list.push({ field: r.field, hash: r.hash });
    out.set(r.entityId, list);
  }
  return out;
}

/** At most this many entities per key are looked at: a very common key (a frequent surname) cannot flood the lookup. */
export const PER_KEY_FANOUT = 200;

/**
 * Candidate entities sharing selective keys with the probe, ranked by the summed weight of the
 * shared keys (entity-keys.ts RETRIEVAL_WEIGHTS), at most `limit`. One indexed look-up per key,
 * each bounded by PER_KEY_FANOUT; no plaintext involved.
 */
export async function findCandidateIds(
  db: DbOrTx,
  probe: readonly KeyRow[],
  exclude: { signalId?: string | null; entityIds?: readonly string[] },
  limit = 50,
): Promise<string[]> {
  const selective = probe.filter((k) => RETRIEVAL_CODES.includes(k.field));
  if (selective.length === 0) return [];
  const weights = selective.map((k) => RETRIEVAL_WEIGHTS[codeToField(k.field)] ?? 1);
  const hashes = selective.map((k) => k.hash.toString());
  const fields = selective.map((k) => k.field);
  const excludeIds = exclude.entityIds?.length ? exclude.entityIds : ['00000000-0000-0000-0000-000000000000'];
  const rows = await rawRows<{ entity_id: string }>(
    db,
    sql`select c.entity_id::text as entity_id
        from unnest(${`{${hashes.join(',')}}`}::bigint[], ${`{${fields.join(',')}}`}::smallint[], ${`{${weights.join(',')}}`}::real[]) as p(hash, field, weight)
        cross join lateral (
          select k.entity_id from entity_keys k where k.hash = p.hash and k.field = p.field limit ${PER_KEY_FANOUT}
        ) c
        join entities e on e.id = c.entity_id
        where e.id <> all(${`{${excludeIds.join(',')}}`}::uuid[])
          and (${exclude.signalId ?? null}::uuid is null or e.signal_id is null or e.signal_id <> ${exclude.signalId ?? null}::uuid)
        group by c.entity_id
        order by sum(p.weight) desc, c.entity_id
        limit ${limit}`,
  );
  return rows.map((r) => r.entity_id);
}

const FIELD_OF_CODE = new Map(Object.entries(FIELD_CODES).map(([f, c]) => [c, f as StoredField]));
function codeToField(code: number): StoredField {
  return FIELD_OF_CODE.get(code)!;
}

// --- links -----------------------------------------------------------------------------

export async function upsertLink(
  db: DbOrTx,
  link: { municipalityId: string; entityId: string; candidateId: string; decision: LinkDecision; score: number; reasons: string[]; decidedById: string; decidedAt: Date },
): Promise<void> {
  await db
    .insert(entityLinks)
    .values(link)
    .onConflictDoUpdate({
      target: [entityLinks.entityId, entityLinks.candidateId],
      set: { decision: link.decision, score: link.score, reasons: link.reasons, decidedById: link.decidedById, decidedAt: link.decidedAt },
    });
}

export async function listLinksOf(db: DbOrTx, entityIds: readonly string[]) {
  if (entityIds.length === 0) return [];
  return db.select().from(entityLinks).where(inArray(entityLinks.entityId, [...entityIds]));
}
