import { z } from 'zod';
import { ACTIVITY_STATUSES, AMBITIONS, EXPLOITATION_FORMS, INTERVENTION_KINDS, PILLARS } from '../domain.js';
import { LIMITS } from '../limits.js';
import { id, isoDate, requiredText, timestamp } from './fields.js';

/**
 * Issue 5 points 5–7: the implementation plan (uitvoeringsplan), awareness and training,
 * and administrative interventions (barriers). Requests (…Input) and views.
 */

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
/** Free text that may be cleared with null (the service stores an empty text as null too). */
const nullableNote = z
  .string()
  .trim()
  .max(LIMITS.note)
  .refine((v) => !CONTROL_CHARS.test(v), { error: 'v.control_chars' })
  .nullable();

/** The first year of a two-year plan period (2025 for 2025–2026). */
// No schema-level error key: zod 4 would put it on the min/max checks too.
export const periodYear = z.number().int().min(2000).max(2100);
/** The same in a path or query string. */
const periodParam = z.coerce.number().int().min(2000).max(2100);

export const ambition = z.literal(AMBITIONS, { error: 'v.choice' });

/** A signal number as the coordinator sees it (MH-2026-0001). */
export const signalNumberRef = z
  .string({ error: 'v.signal_number' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,5}-\d{4}-\d{4,6}$/, { error: 'v.signal_number' });

// --- implementation plan ----------------------------------------------------------

// Update schemas are built from fields without defaults (zod keeps `.default()` through `.partial()`).
const activityFields = {
  title: requiredText(),
  ambition,
  pillar: z.enum(PILLARS),
  owner: requiredText(),
  startOn: isoDate.nullable(),
  dueOn: isoDate.nullable(),
  status: z.enum(ACTIVITY_STATUSES),
  notes: nullableNote,
  result: nullableNote,
};

type ActivityShape = { startOn?: unknown; dueOn?: unknown; status?: unknown; result?: unknown };

/** Cross-field rules a form can check: due not before start; a done activity has a result. */
function activityRules(value: ActivityShape, ctx: z.RefinementCtx, whole: boolean): void {
  if (typeof value.startOn === 'string' && typeof value.dueOn === 'string' && value.dueOn < value.startOn) {
    ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'v.date_order' });
  }
  // On an update the result may already be stored: the service checks that case.
  const resultGiven = typeof value.result === 'string' && value.result.trim() !== '';
  if (value.status === 'done' && !resultGiven && (whole || value.result !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['result'], message: 'v.result_required' });
  }
}

export const planActivityInput = z
  .object({
    periodStart: periodYear,
    ...activityFields,
    startOn: activityFields.startOn.default(null),
    dueOn: activityFields.dueOn.default(null),
    status: activityFields.status.default('planned'),
    notes: activityFields.notes.default(null),
    result: activityFields.result.default(null),
  })
  .superRefine((v, ctx) => activityRules(v, ctx, true));

export const planActivityUpdateInput = z
  .object(activityFields)
  .partial()
  .superRefine((v, ctx) => activityRules(v, ctx, false));

export const planActivity = z.object({
  id,
  periodStart: z.number(),
  title: z.string(),
  ambition: z.number(),
  pillar: z.enum(PILLARS),
  owner: z.string(),
  startOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  status: z.enum(ACTIVITY_STATUSES),
  notes: z.string().nullable(),
  result: z.string().nullable(),
  carriedFromId: id.nullable(),
  /** Whether this (open) activity already continues in the next period. */
  carriedOver: z.boolean(),
  updatedAt: timestamp,
});

const statusCounts = z.object({ planned: z.number(), started: z.number(), done: z.number(), dropped: z.number(), total: z.number() });

export const planQuery = z.object({ period: periodParam.optional() });

export const planOverview = z.object({
  period: z.number(),
  /** Periods that have activities, newest first (always includes `period`). */
  periods: z.array(z.number()),
  activities: z.array(planActivity),
  byAmbition: z.array(statusCounts.extend({ ambition: z.number() })),
  byPillar: z.array(statusCounts.extend({ pillar: z.enum(PILLARS) })),
});

export const carryOverParams = z.object({ periodStart: periodParam });
export const carryOverResult = z.object({
  from: z.number(),
  to: z.number(),
  /** New activities in the next period. */
  created: z.number(),
  /** Open activities that were carried over before (nothing done). */
  alreadyCarried: z.number(),
});

// --- awareness and training -------------------------------------------------------

const participation = z.object({
  departmentId: id,
  participants: z.number().int().min(1).max(10_000),
});

const trainingFields = {
  heldOn: isoDate,
  provider: requiredText(),
  topic: requiredText(),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)).max(EXPLOITATION_FORMS.length),
  participation: z.array(participation).min(1).max(200),
  notes: nullableNote,
};

const uniqueDepartments = (v: { participation?: { departmentId: string }[] | undefined }, ctx: z.RefinementCtx) => {
  if (!Array.isArray(v.participation)) return;
  const seen = new Set<string>();
  v.participation.forEach((p, i) => {
    if (seen.has(p.departmentId)) ctx.addIssue({ code: 'custom', path: ['participation', i, 'departmentId'], message: 'v.duplicate_department' });
    seen.add(p.departmentId);
  });
};

export const trainingSessionInput = z
  .object({
    ...trainingFields,
    exploitationForms: trainingFields.exploitationForms.default([]),
    notes: trainingFields.notes.default(null),
  })
  .superRefine(uniqueDepartments);
export const trainingSessionUpdateInput = z.object(trainingFields).partial().superRefine(uniqueDepartments);

export const trainingSession = z.object({
  id,
  heldOn: z.string(),
  provider: z.string(),
  topic: z.string(),
  exploitationForms: z.array(z.enum(EXPLOITATION_FORMS)),
  notes: z.string().nullable(),
  participation: z.array(z.object({ departmentId: id, departmentName: z.string(), participants: z.number() })),
  totalParticipants: z.number(),
});

export const reachQuery = z.object({ asOf: isoDate.optional() });

export const trainingReach = z.object({
  asOf: z.string(),
  /** The window: the two years up to asOf. */
  windowStart: z.string(),
  /** Signal counts below this are null for roles that see suppressed figures. */
  threshold: z.number(),
  departments: z.array(
    z.object({
      departmentId: id,
      departmentName: z.string(),
      /** Participants in sessions within the window (one person trained twice counts twice). */
      participants: z.number(),
      sessions: z.number(),
      firstSessionOn: z.string().nullable(),
      lastSessionOn: z.string().nullable(),
      /**
       * Signals reported by the department in the 12 months before and after its first session in the
       * window. A count, not an effect: null when not trained; for roles that see protected figures also
       * when suppressed (small, or hidden so that a small count cannot be worked out: stats/suppression.ts
       * over all the department's sessions, policy.figures.ts) or when the 12 months are not over yet.
       */
      signalsBefore: z.number().nullable(),
      signalsAfter: z.number().nullable(),
      /** Whether the 12 months after the first session have fully passed by asOf. */
      afterComplete: z.boolean(),
    }),
  ),
});

// --- interventions (barriers) -----------------------------------------------------

const interventionFields = {
  kind: z.enum(INTERVENTION_KINDS),
  decidedOn: isoDate,
  legalBasis: requiredText(),
  signalNumbers: z.array(signalNumberRef).max(50),
  result: nullableNote,
  notes: nullableNote,
};

export const interventionInput = z.object({
  ...interventionFields,
  signalNumbers: interventionFields.signalNumbers.default([]),
  result: interventionFields.result.default(null),
  notes: interventionFields.notes.default(null),
});
export const interventionUpdateInput = z.object(interventionFields).partial();

/** The coordinator's (and deputy's) view: with the related signals, result and notes. */
export const intervention = z.object({
  id,
  kind: z.enum(INTERVENTION_KINDS),
  decidedOn: z.string(),
  legalBasis: z.string(),
  signals: z.array(z.object({ id, number: z.string() })),
  result: z.string().nullable(),
  notes: z.string().nullable(),
  updatedAt: timestamp,
});

export const interventionCountsQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });

export const interventionCounts = z.object({
  from: z.string(),
  to: z.string(),
  threshold: z.number(),
  /**
   * Per kind; null when suppressed for roles that see protected figures (below the threshold, or hidden
   * with it so that it cannot be worked out from the total). Those roles ask for whole calendar years only.
   */
  byKind: z.array(z.object({ kind: z.enum(INTERVENTION_KINDS), count: z.number().nullable() })),
  /** null when suppressed like a kind (a total below the threshold, or a complement of a hidden kind). */
  total: z.number().nullable(),
});

export type PlanActivityInput = z.input<typeof planActivityInput>;
export type TrainingSessionInput = z.input<typeof trainingSessionInput>;
export type InterventionInput = z.input<typeof interventionInput>;
