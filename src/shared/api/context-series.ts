import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { id, requiredText } from './fields.js';

/**
 * Issue 5 point 8: context series — regional or national figures shown beside the municipality's
 * own (the plan's zorgcoördinator registrations in the province of Utrecht, for example). One
 * value per year. These are published aggregate figures from other sources, not counts of the
 * municipality's signals, so they are shown as entered (no small-cell suppression).
 */

export const CONTEXT_YEAR_MIN = 1990;
export const CONTEXT_YEAR_MAX = 2100;
/** A value well above any count of people a series could hold (guards against typing errors). */
export const CONTEXT_VALUE_MAX = 100_000_000;

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

// No schema-level error key on numbers: zod 4 would put it on the min/max checks too.
export const contextYear = z.number().int({ error: 'v.whole_number' }).min(CONTEXT_YEAR_MIN).max(CONTEXT_YEAR_MAX);
export const contextValue = z.number().int({ error: 'v.whole_number' }).min(0).max(CONTEXT_VALUE_MAX);

export const contextSeriesPointInput = z.object({ year: contextYear, value: contextValue });

/** One value per year in a list: a second entry for a year is a field error on its `year`. */
const uniqueYears = (v: { points?: { year: number }[] | undefined }, ctx: z.RefinementCtx) => {
  if (!Array.isArray(v.points)) return;
  const seen = new Set<number>();
  v.points.forEach((p, i) => {
    if (seen.has(p.year)) ctx.addIssue({ code: 'custom', path: ['points', i, 'year'], message: 'v.duplicate_year' });
    seen.add(p.year);
  });
};

const points = z.array(contextSeriesPointInput).max(LIMITS.contextSeriesPoints);

// Update schemas are built from fields without defaults (zod keeps `.default()` through `.partial()`).
const seriesFields = {
  name: requiredText(LIMITS.contextSeriesName),
  source: requiredText(LIMITS.shortText),
  unit: requiredText(LIMITS.contextSeriesUnit),
  description: z
    .string()
    .trim()
    .max(LIMITS.note)
    .refine((v) => !CONTROL_CHARS.test(v), { error: 'v.control_chars' })
    .nullable(),
};

/** A new series, optionally with its first values. */
export const contextSeriesInput = z
  .object({ ...seriesFields, description: seriesFields.description.default(null), points: points.default([]) })
  .superRefine(uniqueYears);

/** Name, source, unit or description of a series (its values: contextSeriesPointsInput). */
export const contextSeriesUpdateInput = z.object(seriesFields).partial();

/** Values to add or change (upsert per year); years not listed stay as they are. */
export const contextSeriesPointsInput = z.object({ points: points.min(1) }).superRefine(uniqueYears);

export const contextSeriesParams = z.object({ id });
export const contextSeriesPointParams = z.object({ id, year: z.coerce.number().int().min(CONTEXT_YEAR_MIN).max(CONTEXT_YEAR_MAX) });

export const contextSeriesPoint = z.object({ year: z.number(), value: z.number() });

export const contextSeries = z.object({
  id,
  name: z.string(),
  /** Where the figures come from (e.g. "Beleidsplan aanpak mensenhandel Lopik, tabel zorgcoördinator"). */
  source: z.string(),
  /** What one value counts (e.g. "aanmeldingen"). */
  unit: z.string(),
  description: z.string().nullable(),
  /** Oldest year first. */
  points: z.array(contextSeriesPoint),
});

/** GET /api/stats/context-series: every series of the municipality, by name. */
export const contextSeriesList = z.object({ series: z.array(contextSeries) });

export type ContextSeries = z.output<typeof contextSeries>;
export type ContextSeriesList = z.output<typeof contextSeriesList>;
export type ContextSeriesInput = z.input<typeof contextSeriesInput>;
