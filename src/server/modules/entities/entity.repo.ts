import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { EntityKind, LinkDecision } from '../../../shared/domain.js';
import { recordCipher, type Vault } from '../../crypto/vault.js';
import { rawRows, type DbOrTx } from '../../db/client.js';
import { entities, entityKeys, entityLinks, registers, signals } from '../../db/schema/index.js';
import { CONTEXT_CODES, FIELD_CODES, IDF_SCALE, keyRowsOf, RETRIEVAL_CODES, RETRIEVAL_WEIGHTS, SCORING_CODES, type KeyRow, type StoredField } from './entity-keys.js';
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
  await insertKeysOf(db, vault, rows);
  return rows.map((e) => e.id);
}

async function insertKeysOf(db: DbOrTx, vault: Vault, list: readonly { id: string; municipalityId: string; kind: EntityKind; data: EntityData }[]): Promise<void> {
  const keys = list.flatMap((e) => keyRowsOf(vault, e.municipalityId, rawEntityOf(e.kind, e.data)).map((k) => ({ entityId: e.id, ...k })));
  for (let i = 0; i < keys.length; i += 5000) await db.insert(entityKeys).values(keys.slice(i, i + 5000)).onConflictDoNothing();
}

/** Entities in id order after `afterId` (decrypted), for re-keying in batches. */
export async function entitiesAfter(db: DbOrTx, vault: Vault, afterId: string | null, limit: number) {
  const rows = await db
    .select({ id: entities.id, municipalityId: entities.municipalityId, kind: entities.kind, data: entities.data })
    .from(entities)
    .where(afterId ? gt(entities.id, afterId) : undefined)
    .orderBy(entities.id)
    .limit(limit);
  return rows.map((r) => ({ ...r, data: openEntityData(vault, r.id, r.data) }));
}

/** Replace the blind-index keys of these entities by the ones keyRowsOf computes now. */
export async function replaceKeysOf(db: DbOrTx, vault: Vault, list: readonly { id: string; municipalityId: string; kind: EntityKind; data: EntityData }[]): Promise<void> {
  if (list.length === 0) return;
  await db.delete(entityKeys).where(inArray(entityKeys.entityId, list.map((e) => e.id)));
  await insertKeysOf(db, vault, list);
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

/**
 * A key shared by more than this many entities is too common to find candidates by (a frequent
 * surname, a word in many trade names): findCandidates counts at most PER_KEY_FANOUT + 1 of its
 * index entries to see whether there is one more (an index-only scan; the rows are never carried
 * into the joins and sorts) and finds nothing by it on its own. Such a key does
 * count for the entities registered at the exact address the signal names (see findCandidates).
 * (Until 2026-12-03 the rows read were used to fill up a short candidate list: an arbitrary 201 of
 * hundreds of namesakes, which cost a third of the look-up's time at 10M register rows and found
 * fewer true records than the address does; docs/benchmarks.md §3c.)
 */
export const PER_KEY_FANOUT = 200;

/** One entity to find candidates for: its own key rows, and context (e.g. the signal's addresses). */
export interface CandidateProbe {
  rows: readonly KeyRow[];
  /**
   * Keys that raise the rank of a candidate found by the probe's own keys (a person's surname and
   * the address the same signal names), never a reason to be a candidate on their own. An exact
   * address (`address.full`) also lets an own key that is over the cap count for the entities
   * registered there.
   */
  context?: readonly KeyRow[];
}

export interface FoundCandidate {
  id: string;
  kind: EntityKind;
  /** Summed retrieval weight (prior × idf of the shared keys); ranks candidates the score ties. */
  weight: number;
}

/**
 * Candidates for several probes (all entities of a signal) in one statement, each with the key
 * rows scoring needs (SCORING_CODES): one round trip for any number of entities (scoredCandidates
 * splits a signal's entities over two concurrent calls).
 *
 * Per distinct key an index-only look-up on entity_keys (hash, field, entity_id) counting at most
 * PER_KEY_FANOUT + 1 entries, the key's document frequency df (over the cap when it reaches
 * PER_KEY_FANOUT + 1), and for keys within the cap a second one reading their entities. A
 * candidate's weight is the sum over the keys it shares with the probe of prior × ln(1 +
 * IDF_SCALE / df) (entity-keys.ts RETRIEVAL_WEIGHTS). An own key over the cap counts only for
 * entities that also have an exact address of the probe's context (at most PER_KEY_FANOUT of
 * them per address), weighted as if its df were PER_KEY_FANOUT + 1: "Jansen" finds hundreds,
 * "Jansen" at the address the signal names finds one; those entities' keys are read once each.
 * Per probe the best `limit` by weight, then by the number of distinct fields shared, then by id,
 * are kept: the cut is informed by how rare the shared keys are. Entities of other
 * municipalities (a hash collision) and `excludeIds` are left out. No plaintext involved.
 */
export async function findCandidates(
  db: DbOrTx,
  municipalityId: string,
  probes: readonly CandidateProbe[],
  excludeIds: readonly string[],
  limit = 50,
): Promise<{ candidates: FoundCandidate[][]; keyRows: Map<string, KeyRow[]> }> {
  const probeIdx: number[] = [];
  const hashes: string[] = [];
  const fields: number[] = [];
  const priors: number[] = [];
  const context: boolean[] = [];
  probes.forEach((p, i) => {
    const push = (rows: readonly KeyRow[], ctx: boolean) => {
      for (const k of rows) {
        if (ctx ? !CONTEXT_CODES.includes(k.field) : !RETRIEVAL_CODES.includes(k.field)) continue;
        probeIdx.push(i);
        hashes.push(k.hash.toString());
        fields.push(k.field);
        priors.push(ctx ? CONTEXT_PRIOR : (RETRIEVAL_WEIGHTS[codeToField(k.field)] ?? 1));
        context.push(ctx);
      }
    };
    push(p.rows, false);
    push(p.context ?? [], true);
  });
  const candidates: FoundCandidate[][] = probes.map(() => []);
  const keyRows = new Map<string, KeyRow[]>();
  if (!context.some((c) => !c)) return { candidates, keyRows };
  const exclude = excludeIds.length ? excludeIds : ['00000000-0000-0000-0000-000000000000'];
  const arr = (xs: readonly (string | number | boolean)[]) => `{${xs.join(',')}}`;
  const rows = await rawRows<{ probe: number; id: string; kind: EntityKind; weight: number; keys: string | null }>(
    db,
    sql`with p as (
          select * from unnest(${arr(probeIdx)}::int[], ${arr(hashes)}::bigint[], ${arr(fields)}::smallint[], ${arr(priors)}::real[], ${arr(context)}::bool[])
            as p(probe, hash, field, prior, ctx)
        ),
        -- A key's df counted in the index alone, at most PER_KEY_FANOUT + 1 entries (so a key over the
        -- cap costs one short index-only range): the rows of keys over the cap are never carried
        -- through the joins and sorts below, and no window over the hits is needed for df.
        k as materialized (
          select d.hash, d.field, (
            select count(*) from (select 1 from entity_keys x where x.hash = d.hash and x.field = d.field limit ${PER_KEY_FANOUT + 1}) z
          ) as df
          from (select distinct hash, field from p) d
        ),
        hits as (
          select k.hash, k.field, c.entity_id, k.df
          from k cross join lateral (
            select x.entity_id from entity_keys x where x.hash = k.hash and x.field = k.field
          ) c
          where k.df <= ${PER_KEY_FANOUT}
        ),
        -- Entities at the exact address the signal names (a context key no more common than the cap) are
        -- checked against every own key of the probe, however common: "Jansen" alone finds hundreds,
        -- "Jansen" registered at the address the signal names finds one.
        at_address as (
          select distinct p.probe, h.entity_id from p join hits h on h.hash = p.hash and h.field = p.field
          where p.ctx and p.field = ${ADDRESS_FULL_CODE}
        ),
        -- Each such entity's keys read once (one range of the primary key per entity).
        at_keys as materialized (
          select e.entity_id, y.field, y.hash
          from (select distinct entity_id from at_address) e
          cross join lateral (select k.field, k.hash from entity_keys k where k.entity_id = e.entity_id) y
        ),
        over_cap as (
          select distinct p.probe, p.hash, p.field, p.prior from p join k on k.hash = p.hash and k.field = p.field
          where not p.ctx and k.df > ${PER_KEY_FANOUT}
        ),
        shared as (
          -- keys within the cap (own and context), and over-cap own keys of entities at the signal's address
          select p.probe, h.entity_id, p.field, p.prior, p.ctx, h.df
          from p join hits h on h.hash = p.hash and h.field = p.field
          union all
          select o.probe, a.entity_id, o.field, o.prior, false, ${PER_KEY_FANOUT + 1}::bigint
          from at_keys y
          join at_address a on a.entity_id = y.entity_id
          join over_cap o on o.probe = a.probe and o.hash = y.hash and o.field = y.field
        ),
        scored as (
          select s.probe, s.entity_id,
                 sum(s.prior * ln(1 + ${IDF_SCALE}::float8 / s.df)) as weight,
                 count(distinct s.field) filter (where not s.ctx) as nfields
          from shared s
          where s.entity_id <> all(${arr(exclude)}::uuid[])
          group by s.probe, s.entity_id
          having bool_or(not s.ctx)
        ),
        ranked as (
          select s.*, row_number() over (partition by s.probe order by s.weight desc, s.nfields desc, s.entity_id) as rn from scored s
        ),
        top as (
          select r.probe, r.entity_id, r.weight, r.rn, e.kind
          from ranked r join entities e on e.id = r.entity_id and e.municipality_id = ${municipalityId}::uuid
          where r.rn <= ${limit}
        )
        -- Each candidate's scoring key rows as one 'field:hash,…' string: 30 times fewer rows to send and parse.
        select t.probe, t.entity_id::text as id, t.kind, t.weight::float8 as weight, ks.keys
          from top t cross join lateral (
            select string_agg(k.field::text || ':' || k.hash::text, ',') as keys
            from entity_keys k where k.entity_id = t.entity_id and k.field = any(${arr(SCORING_CODES)}::smallint[])
          ) ks
        order by t.probe, t.rn`,
  );
  for (const r of rows) {
    candidates[Number(r.probe)]!.push({ id: r.id, kind: r.kind, weight: Number(r.weight) });
    if (keyRows.has(r.id)) continue;
    keyRows.set(
      r.id,
      (r.keys ? r.keys.split(',') : []).map((fh) => {
        const at = fh.indexOf(':');
        return { field: Number(fh.slice(0, at)), hash: BigInt(fh.slice(at + 1)) };
      }),
    );
  }
  return { candidates, keyRows };
}

const ADDRESS_FULL_CODE = CONTEXT_CODES[0]!;

/** Weight of a context key (see CandidateProbe.context), times its idf. */
const CONTEXT_PRIOR = 1;

/**
 * Candidate entity ids for one probe (findCandidates for a single entity), best first.
 * Entities of the signal `exclude.signalId` must be in `exclude.entityIds`.
 */
export async function findCandidateIds(
  db: DbOrTx,
  municipalityId: string,
  probe: readonly KeyRow[],
  exclude: { entityIds?: readonly string[] },
  limit = 50,
): Promise<string[]> {
  const { candidates } = await findCandidates(db, municipalityId, [{ rows: probe }], exclude.entityIds ?? [], limit);
  return candidates[0]!.map((c) => c.id);
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
