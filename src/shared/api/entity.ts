import { z } from 'zod';
import { ENTITY_KINDS, EXPLOITATION_FORMS, LINK_DECISIONS, REGISTER_KINDS, SIGNAL_OUTCOMES, SIGNAL_STATES } from '../domain.js';
import { LIMITS } from '../limits.js';
import { email, id, isoDate, kvkNumber, optionalText, phone, postcode } from './fields.js';

/** Why a candidate matched (src/server/modules/entities/match.ts). */
export const MATCH_REASONS = [
  'exact_key',
  'same_address',
  'same_building',
  'similar_name_same_birth_year',
  'phonetic_name',
  'similar_name',
  'same_phone',
  'same_email',
  'same_kvk',
  'same_plate',
  'same_website',
] as const;
export type MatchReasonCode = (typeof MATCH_REASONS)[number];

/** What an entity holds, as shown to the coordinator. */
export const entityView = z.object({
  id,
  kind: z.enum(ENTITY_KINDS),
  /** A one-line description: a name, an address, a number. */
  label: z.string(),
  name: z.string().nullable(),
  birthDate: z.string().nullable(),
  addresses: z.array(z.object({ postcode: z.string(), houseNumber: z.string(), addition: z.string().nullable() })),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
  kvk: z.array(z.string()),
  plates: z.array(z.string()),
  websites: z.array(z.string()),
  /** Register records: what else the register says. */
  details: z.record(z.string(), z.string()),
});

export const candidateView = z.object({
  entity: entityView,
  /** Where the candidate lives: an earlier signal, or a municipal register. */
  source: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('signal'),
      signalId: id,
      number: z.string(),
      state: z.enum(SIGNAL_STATES),
      outcome: z.enum(SIGNAL_OUTCOMES).nullable(),
      receivedAt: z.string(),
    }),
    z.object({
      type: z.literal('register'),
      register: z.enum(REGISTER_KINDS),
      /** The record came (also) from the live register API (BRP/BAG) just now, not only from an imported extract. */
      live: z.boolean().optional(),
    }),
  ]),
  score: z.number(),
  reasons: z.array(z.enum(MATCH_REASONS)),
  /** The coordinator's earlier decision on this pair, if any. */
  decision: z.enum(LINK_DECISIONS).nullable(),
});

/** GET /api/signals/:id/matches: per entity of the signal its candidates, best first. */
export const signalMatches = z.object({
  entities: z.array(z.object({ entity: entityView, candidates: z.array(candidateView) })),
  /**
   * Live register lookups (Haal Centraal BRP/BAG, when configured) that did not answer in full: the candidates
   * from the local database are still shown. Absent when no live register is configured.
   */
  liveRegisters: z
    .array(z.object({ register: z.enum(['brp', 'bag']), status: z.enum(['ok', 'timeout', 'unavailable', 'limited']) }))
    .optional(),
});

export const linkDecisionInput = z.object({
  entityId: id,
  candidateId: id,
  decision: z.enum(LINK_DECISIONS),
});

/** The coordinator adds what the reporter did not (a licence plate, a website, a phone number …). */
export const addEntityInput = z
  .object({
    kind: z.enum(ENTITY_KINDS),
    name: optionalText(),
    birthDate: isoDate.optional(),
    postcode: postcode.optional(),
    houseNumber: z.number({ error: 'v.house_number' }).int({ error: 'v.house_number' }).min(1, { error: 'v.house_number' }).max(99_999, { error: 'v.house_number' }).optional(),
    addition: optionalText(10),
    phone: phone.optional(),
    email: email.optional(),
    kvkNumber: kvkNumber.optional(),
    plate: z.string().trim().min(4, { error: 'v.plate' }).max(12, { error: 'v.plate' }).optional(),
    website: z.string().trim().min(3, { error: 'v.website' }).max(LIMITS.shortText).optional(),
    note: optionalText(LIMITS.note),
  })
  .superRefine((v, ctx) => {
    const need: Record<(typeof ENTITY_KINDS)[number], keyof typeof v> = {
      person: 'name',
      organisation: 'name',
      address: 'postcode',
      phone: 'phone',
      email: 'email',
      vehicle: 'plate',
      website: 'website',
    };
    const field = need[v.kind];
    if (v[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'v.required' });
    if (v.kind === 'address' && v.houseNumber === undefined) ctx.addIssue({ code: 'custom', path: ['houseNumber'], message: 'v.house_number' });
  });
export type AddEntityInput = z.input<typeof addEntityInput>;

/** GET /api/signals/:id/linked: signals that share a confirmed entity with this one. */
export const linkedSignals = z.array(
  z.object({
    signalId: id,
    number: z.string(),
    state: z.enum(SIGNAL_STATES),
    outcome: z.enum(SIGNAL_OUTCOMES).nullable(),
    receivedAt: z.string(),
    /** What they share, as labels ("J. van der Berg", "3411 AB 7"). */
    via: z.array(z.string()),
  }),
);


/** GET /api/clusters: connected groups of signals through confirmed links (at least two signals each). */
export const clusterView = z.object({
  /** Stable: the smallest signal number of the cluster. */
  id: z.string(),
  size: z.number().int(),
  signals: z.array(z.object({ signalId: id, number: z.string(), state: z.enum(SIGNAL_STATES), receivedAt: z.string() })),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
  firstReceivedAt: z.string(),
  lastReceivedAt: z.string(),
  open: z.number().int(),
  closed: z.number().int(),
  /** Register records the cluster is connected through. */
  registerRecords: z.number().int(),
});
export const clusterList = z.object({ clusters: z.array(clusterView) });

/** How far the network view reaches: signals that many confirmed steps away. */
export const networkQuery = z.object({
  depth: z.coerce.number().int().min(1).max(3).default(1),
});

/** The network view draws at most this many nodes. */
export const NETWORK_MAX_NODES = 200;

export const networkNode = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('signal'),
    id,
    number: z.string(),
    state: z.enum(SIGNAL_STATES),
    exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
    /** Confirmed steps from the signal the view starts at (0 for that signal). */
    distance: z.number().int(),
  }),
  z.object({
    type: z.literal('entity'),
    id,
    kind: z.enum(ENTITY_KINDS),
    label: z.string(),
    /** A register record's register; null for a signal's entity. */
    register: z.enum(REGISTER_KINDS).nullable(),
  }),
]);

export const networkEdge = z.object({
  id: z.string(),
  source: id,
  target: id,
  /** member: the entity is mentioned in the signal; link: a confirmed match between two entities. */
  type: z.enum(['member', 'link']),
  score: z.number().nullable(),
});

/** GET /api/signals/:id/network: signals and entities within `depth` confirmed steps, bounded. */
export const signalNetwork = z.object({
  signalId: id,
  depth: z.number().int(),
  nodes: z.array(networkNode),
  edges: z.array(networkEdge),
  /** More was reachable than NETWORK_MAX_NODES. */
  truncated: z.boolean(),
});

const recordAuthor = z.object({ id, displayName: z.string() });

/** One entry of a signal's enrichment record. */
export const enrichmentEntry = z.discriminatedUnion('type', [
  /** A note from a department or source system. */
  z.object({
    type: z.literal('note'),
    id,
    at: z.string(),
    author: recordAuthor,
    sourceSystem: z.string(),
    departmentName: z.string().nullable(),
    finding: z.string(),
  }),
  /** A confirmed match to an entity of another signal, or (register_hit) to a register record. */
  z.object({
    type: z.enum(['match', 'register_hit']),
    id,
    at: z.string(),
    author: recordAuthor,
    /** This signal's entity. */
    entity: z.object({ id, kind: z.enum(ENTITY_KINDS), label: z.string() }),
    /** What it was confirmed to be. */
    matched: z.object({ id, kind: z.enum(ENTITY_KINDS), label: z.string() }),
    source: candidateView.shape.source,
    score: z.number(),
    reasons: z.array(z.enum(MATCH_REASONS)),
  }),
]);

/** GET /api/signals/:id/enrichment: notes, confirmed matches and register hits, oldest first. */
export const enrichmentRecord = z.object({ entries: z.array(enrichmentEntry) });
