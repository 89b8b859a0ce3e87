import { z } from 'zod';
import { ENTITY_KINDS, LINK_DECISIONS, REGISTER_KINDS, SIGNAL_OUTCOMES, SIGNAL_STATES } from '../domain.js';
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
    z.object({ type: z.literal('register'), register: z.enum(REGISTER_KINDS) }),
  ]),
  score: z.number(),
  reasons: z.array(z.enum(MATCH_REASONS)),
  /** The coordinator's earlier decision on this pair, if any. */
  decision: z.enum(LINK_DECISIONS).nullable(),
});

/** GET /api/signals/:id/matches: per entity of the signal its candidates, best first. */
export const signalMatches = z.object({
  entities: z.array(z.object({ entity: entityView, candidates: z.array(candidateView) })),
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

