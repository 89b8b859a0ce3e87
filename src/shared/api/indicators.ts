import { z } from 'zod';
import { EXPLOITATION_FORMS, INDICATOR_FORMS, INDICATOR_GROUPS, INDICATOR_TICK_SOURCES } from '../domain.js';
import { id, requiredText, timestamp } from './fields.js';

/**
 * Issue 6.3: indicator lists — signs that may point to trafficking, per exploitation form and group,
 * maintained by the coordinator; the reporter ticks what they saw on the signal form.
 */
export const INDICATOR_LIMITS = {
  /** The text of one indicator. */
  text: 300,
  /** Indicators ticked on one signal (the whole default list is about 60). */
  perSignal: 100,
  /** Indicators in one reorder request. */
  reorder: 500,
} as const;

const indicatorForms = z
  .array(z.enum(INDICATOR_FORMS))
  .min(1, { error: 'v.too_few' })
  .max(INDICATOR_FORMS.length)
  .refine((forms) => new Set(forms).size === forms.length, { error: 'v.invalid' });

/** The ids of the indicators ticked on a signal (submission, or the coordinator while recording). */
export const indicatorIds = z
  .array(id)
  .max(INDICATOR_LIMITS.perSignal)
  .refine((ids) => new Set(ids).size === ids.length, { error: 'v.invalid' });

/** `GET /api/indicators?forms=sexual,labour`: the active list for the chosen forms (none or only "unknown": all). */
export const indicatorListQuery = z.object({
  forms: z
    .string()
    .max(200)
    .optional()
    .transform((v) => (v ? v.split(',').filter(Boolean) : []))
    .pipe(z.array(z.enum(EXPLOITATION_FORMS)).max(EXPLOITATION_FORMS.length)),
});

export const indicatorInput = z.object({
  group: z.enum(INDICATOR_GROUPS),
  forms: indicatorForms,
  text: requiredText(INDICATOR_LIMITS.text),
});

/** Edit text, group, forms; `active: false` deactivates (and `true` brings it back). */
export const indicatorUpdateInput = z
  .object({
    group: z.enum(INDICATOR_GROUPS),
    forms: indicatorForms,
    text: requiredText(INDICATOR_LIMITS.text),
    active: z.boolean(),
  })
  .partial();

/** The new order: the listed indicators get their position in this list (others keep theirs). */
export const indicatorOrderInput = z.object({
  ids: z
    .array(id)
    .min(1, { error: 'v.too_few' })
    .max(INDICATOR_LIMITS.reorder)
    .refine((ids) => new Set(ids).size === ids.length, { error: 'v.invalid' }),
});

/** The coordinator's own ticks on a signal (the reporter's ticks stay as they were). */
export const signalIndicatorsInput = z.object({ indicatorIds });

export const indicatorStatsQuery = z.object({
  year: z.coerce.number({ error: 'v.invalid' }).int({ error: 'v.invalid' }).min(2000, { error: 'v.invalid' }).max(2100, { error: 'v.invalid' }).optional(),
});

// --- views -----------------------------------------------------------------------

export const indicator = z.object({
  id,
  group: z.enum(INDICATOR_GROUPS),
  forms: z.array(z.enum(INDICATOR_FORMS)),
  text: z.string(),
  active: z.boolean(),
  sortOrder: z.number().int(),
});

/** The coordinator's maintenance list: how often each was ticked (a ticked indicator cannot be deleted). */
export const maintainedIndicator = indicator.extend({ timesTicked: z.number().int() });

export const tickedIndicator = indicator.extend({
  source: z.enum(INDICATOR_TICK_SOURCES),
  tickedAt: timestamp,
});

export const signalIndicators = z.object({ indicators: z.array(tickedIndicator) });

const countCell = z.object({ count: z.number().int().nullable(), suppressed: z.boolean() });

/** Ticks per indicator and per group for the signals received in one calendar year. */
export const indicatorCounts = z.object({
  year: z.number().int(),
  /** False for the analyst: counts below the threshold (and their complements) are suppressed. */
  exact: z.boolean(),
  threshold: z.number().int(),
  total: countCell,
  groups: z.array(
    countCell.extend({
      group: z.enum(INDICATOR_GROUPS),
      indicators: z.array(countCell.extend({ id, text: z.string(), forms: z.array(z.enum(INDICATOR_FORMS)), active: z.boolean() })),
    }),
  ),
});
