import type { z } from 'zod';
import {
  NETWORK_MAX_NODES,
  type MatchReasonCode,
  type clusterList,
  type enrichmentEntry,
  type enrichmentRecord,
  type networkEdge,
  type networkNode,
  type signalNetwork,
} from '../../../shared/api/entity.js';
import { EXPLOITATION_FORMS, type ExploitationForm } from '../../../shared/domain.js';
import type { Vault } from '../../crypto/vault.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { forbidden } from '../../lib/errors.js';
import { can } from '../../lib/permissions.js';
import { audit } from '../audit/audit.service.js';
import { listEnrichmentNotes } from '../signals/signal.repo.js';
import { describeEntities } from './entity.repo.js';
import { entityLabel } from './entity.views.js';
import { confirmedLinksOfSignal, confirmedLinksTouching, entitiesOfSignals, listConfirmedLinks, signalFacts, signalOfEntities, type ConfirmedLink } from './network.repo.js';

type NetworkNode = z.output<typeof networkNode>;
type NetworkEdge = z.output<typeof networkEdge>;
type EnrichmentEntry = z.output<typeof enrichmentEntry>;

/** Union–find over string keys (path halving, union by size). */
export class Components {
  private readonly parent = new Map<string, string>();
  private readonly size = new Map<string, number>();

  find(x: string): string {
    if (!this.parent.has(x)) {
      this.parent.set(x, x);
      this.size.set(x, 1);
      return x;
    }
    let p = this.parent.get(x)!;
    while (p !== x) {
      const grand = this.parent.get(p)!;
      this.parent.set(x, grand);
      x = p;
      p = this.parent.get(x)!;
    }
    return x;
  }

  union(a: string, b: string): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size.get(ra)! < this.size.get(rb)!) [ra, rb] = [rb, ra];
    this.parent.set(rb, ra);
    this.size.set(ra, this.size.get(ra)! + this.size.get(rb)!);
  }

  /** Groups of keys by their component. */
  groups(): string[][] {
    const out = new Map<string, string[]>();
    for (const key of this.parent.keys()) {
      const root = this.find(key);
      const list = out.get(root) ?? [];
      list.push(key);
      out.set(root, list);
    }
    return [...out.values()];
  }
}

/** A side of a link as a graph vertex: its signal, or the register record itself. */
const vertexOf = (entityId: string, signalId: string | null) => (signalId ? `s:${signalId}` : `r:${entityId}`);

/**
 * The clusters, the network around a signal and the enrichment record (issue 4, parts 4 and 5).
 * `guard` is the entity service's check (permission, signal of the municipality; audited refusals).
 */
export function networkMethods(deps: { db: Db; vault: Vault }, guard: (actor: Actor, action: string, signalId: string) => Promise<void>) {
  const { db, vault } = deps;

  return {
    /**
     * Connected groups of signals: two signals are connected when an entity of one was confirmed to
     * be an entity of the other, or both were confirmed to the same register record (components are
     * computed over all confirmed links of the municipality). Rejected links connect nothing.
     */
    async clusters(actor: Actor): Promise<z.output<typeof clusterList>> {
      if (!can(actor, 'entity.match')) {
        await audit(db, actor, { action: 'cluster.list', objectType: 'municipality', objectId: actor.municipalityId, result: 'denied' });
        throw forbidden();
      }
      const links = await listConfirmedLinks(db, actor.municipalityId);
      const components = new Components();
      for (const l of links) components.union(vertexOf(l.entityId, l.entitySignalId), vertexOf(l.candidateId, l.candidateSignalId));
      const groups = components
        .groups()
        .map((keys) => ({ signalIds: keys.filter((k) => k.startsWith('s:')).map((k) => k.slice(2)), registerRecords: keys.filter((k) => k.startsWith('r:')).length }))
        .filter((g) => g.signalIds.length >= 2);
      const facts = new Map((await signalFacts(db, actor.municipalityId, groups.flatMap((g) => g.signalIds))).map((s) => [s.id, s]));
      const clusters = groups
        .map((g) => {
          const members = g.signalIds
            .map((id) => facts.get(id))
            .filter((s) => s !== undefined)
            .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.number.localeCompare(b.number));
          const forms = new Set<ExploitationForm>(members.flatMap((s) => s.exploitationForms));
          const closed = members.filter((s) => s.state === 'closed').length;
          return {
            id: members.map((s) => s.number).sort((a, b) => a.localeCompare(b, 'nl', { numeric: true }))[0] ?? '',
            size: members.length,
            signals: members.map((s) => ({ signalId: s.id, number: s.number, state: s.state, receivedAt: s.receivedAt.toISOString() })),
            exploitationForms: EXPLOITATION_FORMS.filter((f) => forms.has(f)),
            firstReceivedAt: members[0]?.receivedAt.toISOString() ?? '',
            lastReceivedAt: members.at(-1)?.receivedAt.toISOString() ?? '',
            open: members.length - closed,
            closed,
            registerRecords: g.registerRecords,
          };
        })
        .filter((c) => c.size >= 2)
        .sort((a, b) => b.size - a.size || b.lastReceivedAt.localeCompare(a.lastReceivedAt) || a.id.localeCompare(b.id));
      await audit(db, actor, {
        action: 'cluster.list',
        objectType: 'municipality',
        objectId: actor.municipalityId,
        result: 'ok',
        details: { clusters: clusters.length, signals: clusters.reduce((n, c) => n + c.size, 0) },
      });
      return { clusters };
    },

    /**
     * Signals and entities within `depth` confirmed steps of the signal (a step: an entity of one
     * signal confirmed to an entity of another, or both to one register record). Breadth first,
     * at most NETWORK_MAX_NODES nodes; `truncated` says that more was reachable.
     */
    async network(actor: Actor, signalId: string, depth: number): Promise<z.output<typeof signalNetwork>> {
      await guard(actor, 'signal.network', signalId);
      const m = actor.municipalityId;
      const signalDistance = new Map<string, number>([[signalId, 0]]);
      const entityIds = new Set<string>();
      const links = new Map<string, ConfirmedLink>();
      let truncated = false;
      const room = () => signalDistance.size + entityIds.size < NETWORK_MAX_NODES;
      const addEntity = (id: string) => {
        if (entityIds.has(id)) return;
        if (room()) entityIds.add(id);
        else truncated = true;
      };

      let frontier = [signalId];
      for (let level = 0; level < depth && frontier.length > 0; level++) {
        const next: string[] = [];
        // The entities mentioned in the frontier's signals.
        for (const e of await entitiesOfSignals(db, m, frontier)) addEntity(e.id);
        // Confirmed links from those entities; a register record passes on to the other signals confirmed to it.
        let reached = await confirmedLinksTouching(db, m, [...entityIds]);
        const registerRecords = new Set<string>();
        for (const l of reached) {
          if (!l.entitySignalId) registerRecords.add(l.entityId);
          if (!l.candidateSignalId) registerRecords.add(l.candidateId);
        }
        reached = [...reached, ...(await confirmedLinksTouching(db, m, [...registerRecords]))];
        for (const l of reached) {
          if (links.has(l.id)) continue;
          const ends: [string, string | null][] = [
            [l.entityId, l.entitySignalId],
            [l.candidateId, l.candidateSignalId],
          ];
          // A link is drawn only when both ends (and their signals) fit.
          const newSignals = ends.map(([, s]) => s).filter((s): s is string => !!s && !signalDistance.has(s));
          const newEntities = ends.map(([e]) => e).filter((e) => !entityIds.has(e));
          if (signalDistance.size + entityIds.size + new Set(newSignals).size + new Set(newEntities).size > NETWORK_MAX_NODES) {
            truncated = true;
            continue;
          }
          for (const s of newSignals) {
            if (signalDistance.has(s)) continue;
            signalDistance.set(s, level + 1);
            next.push(s);
          }
          for (const e of newEntities) addEntity(e);
          links.set(l.id, l);
        }
        frontier = next;
      }

      const [facts, described, signalOf] = await Promise.all([
        signalFacts(db, m, [...signalDistance.keys()]),
        describeEntities(db, vault, m, [...entityIds]),
        signalOfEntities(db, m, [...entityIds]),
      ]);
      const nodes: NetworkNode[] = [
        ...facts
          .map((s) => ({ type: 'signal' as const, id: s.id, number: s.number, state: s.state, exploitationForms: s.exploitationForms, distance: signalDistance.get(s.id)! }))
          .sort((a, b) => a.distance - b.distance || a.number.localeCompare(b.number)),
        ...described.map((d) => ({ type: 'entity' as const, id: d.id, kind: d.kind, label: entityLabel(d.kind, d.data), register: d.registerKind ?? null })),
      ];
      const present = new Set(nodes.map((n) => n.id));
      const edges: NetworkEdge[] = [
        ...[...entityIds]
          .filter((e) => present.has(e) && signalOf.get(e) && present.has(signalOf.get(e)!))
          .map((e) => ({ id: `m:${e}`, source: signalOf.get(e)!, target: e, type: 'member' as const, score: null })),
        ...[...links.values()]
          .filter((l) => present.has(l.entityId) && present.has(l.candidateId))
          .map((l) => ({ id: `l:${l.id}`, source: l.entityId, target: l.candidateId, type: 'link' as const, score: l.score })),
      ];
      await audit(db, actor, {
        action: 'signal.network',
        objectType: 'signal',
        objectId: signalId,
        result: 'ok',
        details: { depth, signals: facts.length, entities: described.length, truncated },
      });
      return { signalId, depth, nodes, edges, truncated };
    },

    /**
     * The signal's enrichment record, oldest first: notes (source, department, author, time) and the
     * confirmed matches (what was matched, score, reasons, who confirmed and when); a match to a
     * register record is a register hit.
     */
    async enrichment(actor: Actor, signalId: string): Promise<z.output<typeof enrichmentRecord>> {
      await guard(actor, 'signal.enrichment', signalId);
      const [notes, links] = await Promise.all([listEnrichmentNotes(db, vault, signalId), confirmedLinksOfSignal(db, actor.municipalityId, signalId)]);
      // This signal's side of each link, and the other side.
      const sides = links.map((l) => (l.entitySignalId === signalId ? { own: l.entityId, other: l.candidateId } : { own: l.candidateId, other: l.entityId }));
      const described = new Map((await describeEntities(db, vault, actor.municipalityId, sides.flatMap((s) => [s.own, s.other]))).map((d) => [d.id, d]));
      const entries: EnrichmentEntry[] = [
        ...notes.map((n) => ({
          type: 'note' as const,
          id: n.id,
          at: n.createdAt.toISOString(),
          author: { id: n.authorId, displayName: n.authorName },
          sourceSystem: n.sourceSystem,
          departmentName: n.departmentName,
          finding: n.finding,
        })),
        ...links.flatMap((l, i): EnrichmentEntry[] => {
          const own = described.get(sides[i]!.own);
          const other = described.get(sides[i]!.other);
          if (!own || !other) return [];
          const source =
            other.signalId && other.signalNumber
              ? { type: 'signal' as const, signalId: other.signalId, number: other.signalNumber, state: other.signalState!, outcome: other.signalOutcome, receivedAt: other.signalReceivedAt!.toISOString() }
              : { type: 'register' as const, register: other.registerKind! };
          return [
            {
              type: source.type === 'register' ? 'register_hit' : 'match',
              id: l.id,
              at: l.decidedAt.toISOString(),
              author: { id: l.decidedById, displayName: l.decidedByName },
              entity: { id: own.id, kind: own.kind, label: entityLabel(own.kind, own.data) },
              matched: { id: other.id, kind: other.kind, label: entityLabel(other.kind, other.data) },
              source,
              score: l.score,
              reasons: l.reasons as MatchReasonCode[],
            },
          ];
        }),
      ].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
      await audit(db, actor, {
        action: 'signal.enrichment',
        objectType: 'signal',
        objectId: signalId,
        result: 'ok',
        details: { notes: notes.length, links: links.length },
      });
      return { entries };
    },
  };
}
