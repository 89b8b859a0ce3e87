import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { timestamp } from './fields.js';

/**
 * Issue 5 point 4: the biennial evaluation report (two calendar years: `from` and `from + 1`) and
 * the coordinator's conclusions and recommendations in it.
 */

export const EVALUATION_FORMATS = ['pdf', 'docx'] as const;
export type EvaluationFormat = (typeof EVALUATION_FORMATS)[number];

/** Conclusions and recommendations: each at most this many characters. */
export const EVALUATION_TEXT_MAX = LIMITS.explanation;

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** The first year of the two-year period (2025 for 2025–2026). */
const periodYear = z.number({ error: 'v.invalid' }).int({ error: 'v.invalid' }).min(2000, { error: 'v.invalid' }).max(2100, { error: 'v.invalid' });
const periodParam = z.coerce.number({ error: 'v.invalid' }).int({ error: 'v.invalid' }).min(2000, { error: 'v.invalid' }).max(2100, { error: 'v.invalid' });

/** Free text that may be cleared with null or an empty text (stored as null). */
const evaluationText = z
  .string({ error: 'v.invalid' })
  .trim()
  .max(EVALUATION_TEXT_MAX)
  .refine((v) => !CONTROL_CHARS.test(v), { error: 'v.control_chars' })
  .nullable();

export const evaluationConclusionsQuery = z.object({ from: periodParam.optional() });

export const evaluationConclusionsInput = z.object({
  periodStart: periodYear,
  conclusions: evaluationText,
  recommendations: evaluationText,
});
export type EvaluationConclusionsInput = z.input<typeof evaluationConclusionsInput>;

export const evaluationConclusionsView = z.object({
  periodStart: z.number(),
  /** Periods to choose from (newest first): plan periods, periods with conclusions and the current one. */
  periods: z.array(z.number()),
  conclusions: z.string().nullable(),
  recommendations: z.string().nullable(),
  /** When they were last saved; null when nothing was written yet. */
  updatedAt: timestamp.nullable(),
});
export type EvaluationConclusionsView = z.infer<typeof evaluationConclusionsView>;

export const evaluationReportQuery = z.object({
  from: periodParam,
  format: z.enum(EVALUATION_FORMATS, { error: 'v.choice' }).default('pdf'),
});
