import { and, eq, inArray, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { EntityKind, ExploitationForm, SignalState } from '../../../shared/domain.js';
import type { DbOrTx } from '../../db/client.js';
import { entities, entityLinks, signals, users } from '../../db/schema/index.js';

/**
 * Queries of the network views (clusters, the network around a signal, the enrichment record).
 * Every query is scoped to one municipality; nothing here decrypts (entity.repo.ts
 * describeEntities does, for the entities that are shown).
 */

export interface ConfirmedLink {
  id: string;
  entityId: string;
  candidateId: string;
  /** The signal of each side; null for a register record. */
  entitySignalId: string | null;
  candidateSignalId: string | null;
  score: number;
}

const candidateEntities = alias(entities, 'candidate_entities');

function confirmedLinks(db: DbOrTx) {
  return db
    .select({
      id: entityLinks.id,
      entityId: entityLinks.entityId,
      candidateId: entityLinks.candidateId,
      entitySignalId: entities.signalId,
      candidateSignalId: candidateEntities.signalId,
      score: entityLinks.score,
    })
    .from(entityLinks)
    .innerJoin(entities, eq(entities.id, entityLinks.entityId))
    .innerJoin(candidateEntities, eq(candidateEntities.id, entityLinks.candidateId));
}

/** All confirmed links of the municipality, with the signal of each side (a few columns per link). */
export async function listConfirmedLinks(db: DbOrTx, municipalityId: string): Promise<ConfirmedLink[]> {
  return confirmedLinks(db).where(and(eq(entityLinks.municipalityId, municipalityId), eq(entityLinks.decision, 'confirmed')));
}

/** Confirmed links of the municipality that touch one of these entities (either side). */
export async function confirmedLinksTouching(db: DbOrTx, municipalityId: string, entityIds: readonly string[]): Promise<ConfirmedLink[]> {
  if (entityIds.length === 0) return [];
  return confirmedLinks(db).where(
    and(
      eq(entityLinks.municipalityId, municipalityId),
      eq(entityLinks.decision, 'confirmed'),
      or(inArray(entityLinks.entityId, [...entityIds]), inArray(entityLinks.candidateId, [...entityIds])),
    ),
  );
}

export interface SignalFacts {
  id: string;
  number: string;
  state: SignalState;
  exploitationForms: ExploitationForm[];
  receivedAt: Date;
}

/** Number, state, forms and date of signals of the municipality; ids elsewhere are left out. */
export async function signalFacts(db: DbOrTx, municipalityId: string, ids: readonly string[]): Promise<SignalFacts[]> {
  if (ids.length === 0) return [];
  const out: SignalFacts[] = [];
  const all = [...ids];
  for (let i = 0; i < all.length; i += 5000) {
    out.push(
      ...(await db
        .select({ id: signals.id, number: signals.number, state: signals.state, exploitationForms: signals.exploitationForms, receivedAt: signals.receivedAt })
        .from(signals)
        .where(and(eq(signals.municipalityId, municipalityId), inArray(signals.id, all.slice(i, i + 5000))))),
    );
  }
  return out;
}

/** The entities mentioned in these signals (ids, kinds, signal), oldest first. */
export async function entitiesOfSignals(db: DbOrTx, municipalityId: string, signalIds: readonly string[]): Promise<{ id: string; kind: EntityKind; signalId: string }[]> {
  if (signalIds.length === 0) return [];
  const rows = await db
    .select({ id: entities.id, kind: entities.kind, signalId: entities.signalId })
    .from(entities)
    .where(and(eq(entities.municipalityId, municipalityId), inArray(entities.signalId, [...signalIds])))
    .orderBy(entities.createdAt, entities.id);
  return rows.map((r) => ({ id: r.id, kind: r.kind, signalId: r.signalId! }));
}

/** The signal of each of these entities (null for a register record), within the municipality. */
export async function signalOfEntities(db: DbOrTx, municipalityId: string, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: entities.id, signalId: entities.signalId })
    .from(entities)
    .where(and(eq(entities.municipalityId, municipalityId), inArray(entities.id, [...ids])));
  return new Map(rows.map((r) => [r.id, r.signalId]));
}

/** Confirmed links that involve an entity of the signal, with who confirmed them and when. */
export async function confirmedLinksOfSignal(db: DbOrTx, municipalityId: string, signalId: string) {
  return db
    .select({
      id: entityLinks.id,
      entityId: entityLinks.entityId,
      candidateId: entityLinks.candidateId,
      entitySignalId: entities.signalId,
      candidateSignalId: candidateEntities.signalId,
      score: entityLinks.score,
      reasons: entityLinks.reasons,
      decidedAt: entityLinks.decidedAt,
      decidedById: users.id,
      decidedByName: users.displayName,
    })
    .from(entityLinks)
    .innerJoin(entities, eq(entities.id, entityLinks.entityId))
    .innerJoin(candidateEntities, eq(candidateEntities.id, entityLinks.candidateId))
    .innerJoin(users, eq(users.id, entityLinks.decidedById))
    .where(
      and(
        eq(entityLinks.municipalityId, municipalityId),
        eq(entityLinks.decision, 'confirmed'),
        or(eq(entities.signalId, signalId), eq(candidateEntities.signalId, signalId)),
      ),
    )
    .orderBy(entityLinks.decidedAt, entityLinks.id);
}
