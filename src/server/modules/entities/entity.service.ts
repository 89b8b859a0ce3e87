import type { z } from 'zod';
import type { addEntityInput, candidateView, linkDecisionInput, linkedSignals, signalMatches } from '../../../shared/api/entity.js';
import type { EntityView } from './entity.views.js';
import type { EntityKind } from '../../../shared/domain.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { can } from '../../lib/permissions.js';
import { audit } from '../audit/audit.service.js';
import { insertHistory, signalExists, type SignalParts } from '../signals/signal.repo.js';
import { keysFromRows, type KeyRow } from './entity-keys.js';
import {
  describeEntities,
  findCandidates,
  findEntityInMunicipality,
  findEntityOfSignal,
  insertEntities,
  listLinksOf,
  listSignalEntities,
  loadKeyRows,
  upsertLink,
  type EntityData,
  type FoundCandidate,
  type NewEntity,
} from './entity.repo.js';
import { toEntityView } from './entity.views.js';
import { listLinkedSignals } from './links.repo.js';
import { networkMethods } from './network.service.js';
import { addLiveCandidates, type LiveRegisterLookup } from '../registers/live-lookup.js';
import { CANDIDATE_THRESHOLD, matchEntities, type MatchResult } from './match.js';

type CandidateView = z.output<typeof candidateView>;

/** Candidates shown per entity of a signal. */
export const CANDIDATES_PER_ENTITY = 10;

/** The entities a submitted signal refers to: one per involved person, organisation and address. */
export function entitiesFromParts(municipalityId: string, signalId: string, parts: SignalParts): NewEntity[] {
  const base = { municipalityId, signalId, origin: 'signal_part' as const };
  return [
    ...parts.persons.map((p) => ({
      ...base,
      kind: 'person' as const,
      data: clean({ name: p.fullName, role: p.role, birthDate: p.birthDate, emails: list(p.email), phones: list(p.phone) }),
    })),
    ...parts.organisations.map((o) => ({ ...base, kind: 'organisation' as const, data: clean({ name: o.name, kvk: list(o.kvkNumber) }) })),
    ...parts.addresses.map((a) => ({
      ...base,
      kind: 'address' as const,
      data: clean({ addresses: [{ postcode: a.postcode, houseNumber: String(a.houseNumber), addition: a.addition ?? null }] }),
    })),
  ];
}

const list = (v: string | null | undefined) => (v ? [v] : undefined);
function clean(data: EntityData & Record<string, unknown>): EntityData {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined && v !== null && v !== '')) as EntityData;
}

/**
 * How many statements the candidate look-up of one signal is split into, run at the same time on
 * the pool's connections: the look-up is CPU-bound in PostgreSQL (index look-ups, a sort and an
 * aggregate over a few thousand rows), so on two cores the halves overlap (docs/benchmarks.md §3d:
 * the statement's p95 −19 %, p99 −35 % at 1M register rows). On PGlite (one connection) they run
 * one after the other.
 */
export const RETRIEVAL_STATEMENTS = 2;

/** Probe indexes split into at most `n` groups of about the same number of keys (largest first). */
export function splitProbes(sizes: readonly number[], n: number): number[][] {
  const groups: number[][] = Array.from({ length: Math.max(1, Math.min(n, sizes.length)) }, () => []);
  const load = groups.map(() => 0);
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => b.size - a.size || a.i - b.i);
  for (const { size, i } of order) {
    const g = load.indexOf(Math.min(...load));
    groups[g]!.push(i);
    load[g]! += size;
  }
  return groups.filter((g) => g.length > 0).map((g) => g.sort((a, b) => a - b));
}

/**
 * The candidate part of matches(): for each entity of a signal, the candidates found by
 * findCandidates (the entities split over RETRIEVAL_STATEMENTS concurrent statements) scored with
 * matchEntities, at or above the threshold, best first (ties broken by the retrieval weight, then
 * by id), at most CANDIDATES_PER_ENTITY. A person's or organisation's retrieval is given the
 * addresses the same signal names as context: among namesakes, the one registered at such an
 * address ranks first.
 */
export async function scoredCandidates(
  db: DbOrTx,
  municipalityId: string,
  own: readonly { id: string; kind: EntityKind }[],
  ownRows: ReadonlyMap<string, KeyRow[]>,
  statements = RETRIEVAL_STATEMENTS,
): Promise<{ entityId: string; results: (MatchResult & { id: string })[] }[]> {
  const ownIds = own.map((e) => e.id);
  const addressContext = own.filter((e) => e.kind === 'address').flatMap((e) => ownRows.get(e.id) ?? []);
  const probes = own.map((e) => ({ rows: ownRows.get(e.id) ?? [], context: e.kind === 'person' || e.kind === 'organisation' ? addressContext : [] }));
  const candidates: FoundCandidate[][] = own.map(() => []);
  const keyRows = new Map<string, KeyRow[]>();
  const groups = splitProbes(probes.map((p) => p.rows.length), statements);
  const found = await Promise.all(groups.map((g) => findCandidates(db, municipalityId, g.map((i) => probes[i]!), ownIds)));
  groups.forEach((g, gi) => {
    g.forEach((i, j) => (candidates[i] = found[gi]!.candidates[j]!));
    for (const [id, rows] of found[gi]!.keyRows) keyRows.set(id, rows);
  });
  return own.map((e, i) => {
    const probe = keysFromRows(e.kind, ownRows.get(e.id) ?? []);
    const results = candidates[i]!
      .map((c) => ({ id: c.id, weight: c.weight, ...matchEntities(probe, keysFromRows(c.kind, keyRows.get(c.id) ?? [])) }))
      .filter((r) => r.score >= CANDIDATE_THRESHOLD)
      .sort((a, b) => b.score - a.score || b.weight - a.weight || a.id.localeCompare(b.id))
      .slice(0, CANDIDATES_PER_ENTITY)
      .map(({ weight: _w, ...r }) => r);
    return { entityId: e.id, results };
  });
}

export function createEntityService(deps: { db: Db; clock: Clock; vault: Vault; liveRegisters?: LiveRegisterLookup | null }) {
  const { db, clock, vault } = deps;

  async function guard(actor: Actor, action: string, signalId: string): Promise<void> {
    if (!can(actor, 'entity.match')) {
      await audit(db, actor, { action, objectType: 'signal', objectId: signalId, result: 'denied' });
      throw forbidden();
    }
    if (!(await signalExists(db, actor.municipalityId, signalId))) {
      await audit(db, actor, { action, objectType: 'signal', objectId: signalId, result: 'not_found' });
      throw notFound('signaal');
    }
  }

  return {
    /** Step 3: for each entity of the signal, earlier signals and register records that may be the same. */
    async matches(actor: Actor, signalId: string): Promise<z.output<typeof signalMatches>> {
      await guard(actor, 'signal.matches', signalId);
      const own = await listSignalEntities(db, vault, signalId);
      const ownIds = own.map((e) => e.id);
      const ownRows = await loadKeyRows(db, ownIds);
      // Candidates are found and scored on the stored keys of both sides: no plaintext is compared.
      const perEntity = await scoredCandidates(db, actor.municipalityId, own, ownRows);
      const allIds = [...new Set(perEntity.flatMap((p) => p.results.map((r) => r.id)))];
      const described = new Map((await describeEntities(db, vault, actor.municipalityId, allIds)).map((d) => [d.id, d]));
      const decisions = new Map((await listLinksOf(db, ownIds)).map((l) => [`${l.entityId}:${l.candidateId}`, l.decision]));
      const result = {
        entities: own.map((e) => ({
          entity: toEntityView(e.id, e.kind, e.data),
          candidates: (perEntity.find((p) => p.entityId === e.id)?.results ?? []).map((r): CandidateView => {
            const d = described.get(r.id)!;
            return {
              entity: toEntityView(d.id, d.kind, d.data),
              source:
                d.signalId && d.signalNumber
                  ? { type: 'signal', signalId: d.signalId, number: d.signalNumber, state: d.signalState!, outcome: d.signalOutcome, receivedAt: d.signalReceivedAt!.toISOString() }
                  : { type: 'register', register: d.registerKind! },
              score: r.score,
              reasons: r.reasons,
              decision: decisions.get(`${e.id}:${r.id}`) ?? null,
            };
          }),
        })),
      };
      // --- live registers (registers/live-lookup.ts): BRP/BAG answers as extra candidates, only when configured ---
      const liveRegisters = deps.liveRegisters ? await addLiveCandidates(deps.liveRegisters, actor, signalId, own, result.entities) : undefined;
      // --- end live registers ---
      await audit(db, actor, {
        action: 'signal.matches',
        objectType: 'signal',
        objectId: signalId,
        result: 'ok',
        details: { entities: own.length, candidates: allIds.length },
      });
      return liveRegisters ? { ...result, liveRegisters } : result;
    },

    /** Confirm or reject a candidate: remembered, on the signal's history, audited. The score is recomputed here. */
    async decide(actor: Actor, signalId: string, input: z.output<typeof linkDecisionInput>): Promise<void> {
      const action = input.decision === 'confirmed' ? 'entity.link_confirm' : 'entity.link_reject';
      await guard(actor, action, signalId);
      try {
        await db.transaction(async (tx) => {
          const entity = await findEntityOfSignal(tx, signalId, input.entityId);
          const candidate = await findEntityInMunicipality(tx, actor.municipalityId, input.candidateId);
          if (!entity || !candidate || candidate.signalId === signalId) throw notFound('entiteit');
          const rows = await loadKeyRows(tx, [entity.id, candidate.id]);
          const match = matchEntities(keysFromRows(entity.kind, rows.get(entity.id) ?? []), keysFromRows(candidate.kind, rows.get(candidate.id) ?? []));
          const now = clock.now();
          await upsertLink(tx, {
            municipalityId: actor.municipalityId,
            entityId: entity.id,
            candidateId: candidate.id,
            decision: input.decision,
            score: match.score,
            reasons: match.reasons,
            decidedById: actor.userId,
            decidedAt: now,
          });
          const state = (await tx.query.signals.findFirst({ columns: { state: true }, where: (s, { eq }) => eq(s.id, signalId) }))!.state;
          await insertHistory(tx, vault, {
            signalId,
            action: input.decision === 'confirmed' ? 'link_confirmed' : 'link_rejected',
            fromState: state,
            toState: state,
            actorId: actor.userId,
            at: now,
          });
          await audit(tx, actor, {
            action,
            objectType: 'signal',
            objectId: signalId,
            result: 'ok',
            details: { entityId: entity.id, candidateId: candidate.id, score: match.score },
          });
        });
      } catch (error) {
        if (error instanceof AppError) await audit(db, actor, { action, objectType: 'signal', objectId: signalId, result: error.statusCode === 404 ? 'not_found' : 'invalid' });
        throw error;
      }
    },

    /** The coordinator adds an entity the reporter did not give (a plate, a website, a phone number …). */
    async addEntity(actor: Actor, signalId: string, input: z.output<typeof addEntityInput>): Promise<EntityView> {
      await guard(actor, 'entity.add', signalId);
      const data = clean({
        name: input.name,
        birthDate: input.birthDate,
        addresses: input.postcode && input.houseNumber ? [{ postcode: input.postcode, houseNumber: String(input.houseNumber), addition: input.addition ?? null }] : undefined,
        phones: list(input.phone),
        emails: list(input.email),
        kvk: list(input.kvkNumber),
        plates: list(input.plate),
        websites: list(input.website),
        details: input.note ? { note: input.note } : undefined,
      });
      return db.transaction(async (tx) => {
        const now = clock.now();
        const [id] = await insertEntities(tx, vault, [{ municipalityId: actor.municipalityId, signalId, kind: input.kind, data, origin: 'coordinator', createdById: actor.userId }]);
        const state = (await tx.query.signals.findFirst({ columns: { state: true }, where: (s, { eq }) => eq(s.id, signalId) }))!.state;
        await insertHistory(tx, vault, { signalId, action: 'entity_added', fromState: state, toState: state, actorId: actor.userId, at: now });
        await audit(tx, actor, { action: 'entity.add', objectType: 'signal', objectId: signalId, result: 'ok', details: { entityId: id!, kind: input.kind } });
        return toEntityView(id!, input.kind, data);
      });
    },

    /** Signals that share a confirmed entity with this one (directly, or through the same register record). */
    async linked(actor: Actor, signalId: string): Promise<z.output<typeof linkedSignals>> {
      await guard(actor, 'signal.linked', signalId);
      const rows = await listLinkedSignals(db, vault, actor.municipalityId, signalId);
      await audit(db, actor, { action: 'signal.linked', objectType: 'signal', objectId: signalId, result: 'ok', details: { count: rows.length } });
      return rows;
    },

    // Clusters, the network view and the enrichment record (network.service.ts).
    ...networkMethods({ db, vault }, guard),
  };
}

export type EntityService = ReturnType<typeof createEntityService>;
