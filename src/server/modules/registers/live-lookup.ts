/**
 * Live register lookups during matching (issue 4, point 3): when the Haal Centraal BRP Personen and/or BAG
 * Individuele Bevragingen APIs are configured (MELDROUTE_BRP_API_URL/KEY, MELDROUTE_BAG_API_URL/KEY), the
 * coordinator's candidate matches for a signal also hold what those registers answer right now:
 *
 * - a person with a surname and a full birth date → BRP ZoekMetGeslachtsnaamEnGeboortedatum; every person found
 *   is a candidate (the register answered exactly that question);
 * - a person with a name and an address but no full birth date → BRP ZoekMetPostcodeEnHuisnummer; only the
 *   residents whose name matches (score at or above the candidate threshold) are kept, the other residents are
 *   dropped at once (never stored, never shown);
 * - an address with postcode and house number → BAG adressen.
 *
 * A hit becomes linkable through a local register record: the record of that register with the same external id
 * (blind index of the BSN or BAG id, as the CSV import stores it) is reused when it exists, otherwise created
 * (data encrypted, the BSN only as its blind index, no content hash: see docs/registers.md "Live registers"). So
 * the ordinary confirm/reject of entity.service.ts works on it and both decisions are remembered.
 *
 * Every lookup has a deadline (2 s by default). A register that does not answer in time, answers with an error,
 * or is busy being imported, never fails the request: its status is reported as a notice and the candidates from
 * the local database are shown as always. Each live query is audited (`register.live_lookup`: the register, the
 * query type, the entity id, the outcome and the number of hits — never a query value).
 */
import type { z } from 'zod';
import type { candidateView } from '../../../shared/api/entity.js';
import type { EntityKind } from '../../../shared/domain.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { audit } from '../audit/audit.service.js';
import { keyRowsOf, keysFromRows } from '../entities/entity-keys.js';
import { listLinksOf, rawEntityOf, type EntityData } from '../entities/entity.repo.js';
import { toEntityView } from '../entities/entity.views.js';
import { CANDIDATE_THRESHOLD, matchEntities } from '../entities/match.js';
import { parseDutchName } from '../entities/names.js';
import { RegisterApiError, type RegisterAddress, type RegisterLookup, type RegisterPerson } from './adapters/index.js';
import { findOrCreateLiveRecords } from './register.repo.js';
import { externalKeyOf } from './register.service.js';

type CandidateView = z.output<typeof candidateView>;
type LiveKind = 'brp' | 'bag';

/** Deadline of one live lookup (the adapters' own timeout, and a guard around the whole exchange). */
export const LIVE_LOOKUP_TIMEOUT_MS = 2_000;
/** Live queries per request at most: a signal with more persons and addresses gets a `limited` notice. */
export const LIVE_QUERIES_PER_REQUEST = 12;
/** Live candidates per entity at most (a large building has hundreds of BAG addresses). */
export const LIVE_CANDIDATES_PER_ENTITY = 10;

export type LiveStatus = 'ok' | 'timeout' | 'unavailable' | 'limited';
export interface LiveNotice {
  register: LiveKind;
  status: LiveStatus;
}

/** An entity of the signal, decrypted (entity.repo.ts listSignalEntities). */
export interface LiveProbe {
  id: string;
  kind: EntityKind;
  data: EntityData;
}

export interface LiveResult {
  /** Per entity id of the signal: its live candidates, best first. */
  candidates: Map<string, CandidateView[]>;
  /** One per configured register that was asked (or would have been). */
  notices: LiveNotice[];
}

type QueryType = 'name_birth_date' | 'residents' | 'address';
interface PlannedQuery {
  probe: LiveProbe;
  lookup: RegisterLookup;
  type: QueryType;
}

/** A hit in Meldroute's own shape: what a register record of that kind holds. */
interface Hit {
  register: LiveKind;
  externalId: string;
  kind: EntityKind;
  data: EntityData;
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Which live queries an entity calls for (pure). */
export function planQueries(probes: readonly LiveProbe[], lookups: readonly RegisterLookup[]): PlannedQuery[] {
  const brp = lookups.find((l) => l.kind === 'brp' && l.capabilities.persons);
  const bag = lookups.find((l) => l.kind === 'bag' && l.capabilities.addresses);
  const out: PlannedQuery[] = [];
  for (const probe of probes) {
    const d = probe.data;
    if (probe.kind === 'person' && brp && d.name && parseDutchName(d.name).surname) {
      if (d.birthDate && FULL_DATE.test(d.birthDate)) out.push({ probe, lookup: brp, type: 'name_birth_date' });
      else if (d.addresses?.[0]) out.push({ probe, lookup: brp, type: 'residents' });
    }
    if (probe.kind === 'address' && bag && d.addresses?.[0]) out.push({ probe, lookup: bag, type: 'address' });
  }
  return out;
}

/** The address query of an entity's first address: `addition` holds letter and/or addition as the signal gave them. */
function addressQuery(data: EntityData) {
  const a = data.addresses![0]!;
  const addition = (a.addition ?? '').replace(/[\s-]+/g, '');
  const letter = /^[A-Za-z]/.test(addition) ? addition[0] : undefined;
  const rest = letter ? addition.slice(1) : addition;
  return { postcode: a.postcode, huisnummer: Number(a.houseNumber), huisletter: letter, toevoeging: rest || undefined };
}

async function runQuery(q: PlannedQuery): Promise<Hit[]> {
  if (q.type === 'address') return (await q.lookup.addressesByPostcode(addressQuery(q.probe.data))).map(addressHit);
  if (q.type === 'residents') return (await q.lookup.personsByAddress(addressQuery(q.probe.data))).map(personHit);
  const name = parseDutchName(q.probe.data.name!);
  const persons = await q.lookup.personsByNameAndBirthDate({
    geslachtsnaam: name.surname,
    voorvoegsel: name.prefix || undefined,
    geboortedatum: q.probe.data.birthDate!,
  });
  return persons.map(personHit);
}

function compact(data: EntityData): EntityData {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined && v !== null && v !== '')) as EntityData;
}
const detailsOf = (o: Record<string, string | null | undefined>) =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));

/** A BRP person as a `brp` register record holds one (docs/registers.md): never the BSN. */
export function personHit(p: RegisterPerson): Hit {
  const a = p.address;
  return {
    register: 'brp',
    externalId: p.externalId,
    kind: 'person',
    data: compact({
      name: p.fullName ?? undefined,
      birthDate: p.birthDate ?? undefined,
      addresses: a?.postcode && a.houseNumber ? [{ postcode: a.postcode, houseNumber: String(a.houseNumber), addition: a.houseNumberSuffix }] : undefined,
      details: detailsOf({ straat: a?.street, woonplaats: a?.place, geheimhouding: p.confidential ? 'ja' : null }),
    }),
  };
}

/** A BAG address as a `bag` register record holds one. */
export function addressHit(a: RegisterAddress): Hit {
  return {
    register: 'bag',
    externalId: a.externalId,
    kind: 'address',
    data: compact({
      addresses: a.postcode ? [{ postcode: a.postcode, houseNumber: String(a.houseNumber), addition: a.houseNumberSuffix }] : undefined,
      details: detailsOf({ straat: a.street, woonplaats: a.place }),
    }),
  };
}

class Deadline extends Error {}
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Deadline()), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** How a failed query went: the register's fault (a notice), or a query the register cannot take (no notice). */
function outcomeOf(error: unknown): 'timeout' | 'unavailable' | 'invalid_query' {
  if (error instanceof Deadline) return 'timeout';
  if (error instanceof RegisterApiError) return error.kind === 'timeout' ? 'timeout' : error.kind === 'invalid-query' ? 'invalid_query' : 'unavailable';
  return 'unavailable';
}

const STATUS_RANK: Record<LiveStatus, number> = { ok: 0, limited: 1, unavailable: 2, timeout: 3 };

export interface LiveRegisterLookup {
  candidates(actor: Actor, signalId: string, probes: readonly LiveProbe[]): Promise<LiveResult>;
}

/**
 * The live lookups for matching, or null when no register API is configured (then nothing is ever sent).
 * `lookups` come from adapters/index.ts createRegisterLookups(config.registersApi, { timeoutMs }).
 */
export function createLiveRegisterLookup(deps: { db: Db; vault: Vault; lookups: readonly RegisterLookup[]; timeoutMs?: number }): LiveRegisterLookup | null {
  const { db, vault, lookups } = deps;
  if (lookups.length === 0) return null;
  const timeoutMs = deps.timeoutMs ?? LIVE_LOOKUP_TIMEOUT_MS;

  return {
    async candidates(actor, signalId, probes) {
      const planned = planQueries(probes, lookups);
      const asked = planned.slice(0, LIVE_QUERIES_PER_REQUEST);
      const status = new Map<LiveKind, LiveStatus>();
      const note = (register: LiveKind, s: LiveStatus) => {
        if (STATUS_RANK[s] >= STATUS_RANK[status.get(register) ?? 'ok']) status.set(register, s);
      };
      for (const q of planned.slice(LIVE_QUERIES_PER_REQUEST)) note(q.lookup.kind, 'limited');

      const settled = await Promise.allSettled(asked.map((q) => withDeadline(runQuery(q), timeoutMs + 250)));

      // Score every hit against its entity on the same keys the database matching uses.
      const scored: { probe: LiveProbe; hit: Hit; score: number; reasons: CandidateView['reasons'] }[] = [];
      const outcomes: { q: PlannedQuery; outcome: LiveStatus | 'invalid_query'; hits: number }[] = [];
      settled.forEach((s, i) => {
        const q = asked[i]!;
        if (s.status === 'rejected') {
          const outcome = outcomeOf(s.reason);
          // A name the register's search syntax cannot express (nothing was sent) is no fault of the register.
          if (outcome !== 'invalid_query') note(q.lookup.kind, outcome);
          outcomes.push({ q, outcome, hits: 0 });
          return;
        }
        note(q.lookup.kind, 'ok');
        const probeKeys = keysFromRows(q.probe.kind, keyRowsOf(vault, actor.municipalityId, rawEntityOf(q.probe.kind, q.probe.data)));
        const kept = s.value
          .map((hit) => ({ probe: q.probe, hit, ...matchEntities(probeKeys, keysFromRows(hit.kind, keyRowsOf(vault, actor.municipalityId, rawEntityOf(hit.kind, hit.data)))) }))
          // Residents of an address are candidates only when the name matches; the other searches asked exactly.
          .filter((c) => q.type !== 'residents' || c.score >= CANDIDATE_THRESHOLD)
          .sort((a, b) => b.score - a.score || a.hit.externalId.localeCompare(b.hit.externalId))
          .slice(0, LIVE_CANDIDATES_PER_ENTITY);
        scored.push(...kept);
        outcomes.push({ q, outcome: 'ok', hits: kept.length });
      });

      // Local register records for the hits kept, so that they can be confirmed or rejected.
      const idOf = new Map<string, string>();
      for (const register of ['brp', 'bag'] as const) {
        const hits = scored.filter((c) => c.hit.register === register).map((c) => c.hit);
        if (hits.length === 0) continue;
        try {
          const keyOf = (h: Hit) => externalKeyOf(vault, actor.municipalityId, register, h.externalId);
          const ids = await findOrCreateLiveRecords(
            db,
            vault,
            { municipalityId: actor.municipalityId, kind: register, createdById: actor.userId, lockTimeoutMs: timeoutMs },
            hits.map((h) => ({ externalKey: keyOf(h), kind: h.kind, data: h.data })),
          );
          for (const h of hits) {
            const id = ids.get(keyOf(h));
            if (id) idOf.set(`${register}:${h.externalId}`, id);
          }
        } catch {
          // A lock wait past the deadline (an import of this register is running) or a database error: the
          // hits cannot be linked now, so they are not shown; the local candidates still are.
          note(register, 'unavailable');
        }
      }

      const decisions = new Map((await listLinksOf(db, probes.map((p) => p.id))).map((l) => [`${l.entityId}:${l.candidateId}`, l.decision]));
      const candidates = new Map<string, CandidateView[]>();
      for (const c of scored) {
        const id = idOf.get(`${c.hit.register}:${c.hit.externalId}`);
        if (!id) continue;
        const list = candidates.get(c.probe.id) ?? [];
        if (list.some((x) => x.entity.id === id)) continue;
        list.push({
          entity: toEntityView(id, c.hit.kind, c.hit.data),
          source: { type: 'register', register: c.hit.register, live: true },
          score: c.score,
          reasons: c.reasons,
          decision: decisions.get(`${c.probe.id}:${id}`) ?? null,
        });
        candidates.set(c.probe.id, list);
      }

      // One entry per live query: which register, which query, for which entity, how it went — no query value.
      for (const { q, outcome, hits } of outcomes) {
        await audit(db, actor, {
          action: 'register.live_lookup',
          objectType: 'signal',
          objectId: signalId,
          result: 'ok',
          details: { register: q.lookup.kind, query: q.type, entityId: q.probe.id, outcome, hits },
        });
      }

      const notices = lookups.map((l) => ({ register: l.kind, status: status.get(l.kind) ?? 'ok' }));
      return { candidates, notices };
    },
  };
}

/**
 * Merge the live candidates into the candidates from the database (entity.service.ts matches()): a record found
 * both ways is shown once, marked live; the rest are added; best first.
 */
export function mergeLiveCandidates(local: readonly CandidateView[], live: readonly CandidateView[] | undefined): CandidateView[] {
  if (!live || live.length === 0) return [...local];
  const liveIds = new Set(live.map((c) => c.entity.id));
  const merged = local.map((c) => (liveIds.has(c.entity.id) && c.source.type === 'register' ? { ...c, source: { ...c.source, live: true } } : c));
  const seen = new Set(local.map((c) => c.entity.id));
  return [...merged, ...live.filter((c) => !seen.has(c.entity.id))].sort((a, b) => b.score - a.score);
}

/**
 * The hook of entity.service.ts matches(): asks the live registers for the signal's entities and merges their
 * candidates into each entity's list (in place). Returns the notices for the response.
 */
export async function addLiveCandidates(
  live: LiveRegisterLookup,
  actor: Actor,
  signalId: string,
  probes: readonly LiveProbe[],
  entities: { entity: { id: string }; candidates: CandidateView[] }[],
): Promise<LiveNotice[]> {
  const result = await live.candidates(actor, signalId, probes);
  for (const item of entities) item.candidates = mergeLiveCandidates(item.candidates, result.candidates.get(item.entity.id));
  return result.notices;
}
