import { z } from 'zod';
import { EXPLOITATION_FORMS, PARTNER_KINDS, SIGNAL_STATES, SOURCE_CONTEXTS } from '../domain.js';
import { id } from './fields.js';

/**
 * Issue 5: the monitoring dashboard (coordinator, deputy coordinator, analyst) and its exports.
 *
 * Periods are whole calendar months (`YYYY-MM`, inclusive) in Europe/Amsterdam. The analyst (and
 * every aggregated export) may only ask for ONE WHOLE CALENDAR YEAR (`year`, or from = YYYY-01 and
 * to = YYYY-12): all suppressed figures of a year come from one fixed, protected table family, so no
 * two queries can be differenced to recover a hidden count (see src/server/modules/stats/suppression.ts).
 * The coordinator may choose any month range.
 */

export const DASHBOARD_GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type DashboardGranularity = (typeof DASHBOARD_GRANULARITIES)[number];

/** The steps of the route whose lead times are measured (calendar days, local dates). */
export const LEAD_TIME_STEPS = [
  'received_registered',
  'registered_referred',
  'referred_informed',
  'informed_closed',
  'received_closed',
] as const;
export type LeadTimeStep = (typeof LEAD_TIME_STEPS)[number];

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'v.invalid' });
const year = z.coerce.number({ error: 'v.invalid' }).int({ error: 'v.invalid' }).min(2000, { error: 'v.invalid' }).max(2100, { error: 'v.invalid' });

/** `forms=sexual,labour` or `forms=sexual&forms=labour`; absent = every form (no filter). */
const formsFilter = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
    z.array(z.enum(EXPLOITATION_FORMS, { error: 'v.choice' })).max(EXPLOITATION_FORMS.length, { error: 'v.too_many' }),
  )
  .optional();

export const dashboardQuery = z.object({
  /** Preset: one calendar year. Without year, from and to: the current calendar year. */
  year: year.optional(),
  /** A month range (inclusive); both or neither. The analyst: only a whole calendar year. */
  from: month.optional(),
  to: month.optional(),
  granularity: z.enum(DASHBOARD_GRANULARITIES, { error: 'v.choice' }).default('month'),
  /** Signals with at least one of these forms (a signal can have several). Absent: all signals. */
  forms: formsFilter,
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const dashboardExportQuery = dashboardQuery.extend({
  format: z.enum(EXPORT_FORMATS, { error: 'v.choice' }).default('csv'),
});

export const signalRowsExportQuery = z.object({
  format: z.enum(EXPORT_FORMATS, { error: 'v.choice' }).default('csv'),
  year: year.optional(),
  from: month.optional(),
  to: month.optional(),
});

/**
 * A count. `value` is the exact count, or null when it is suppressed ("< threshold"): either it is
 * itself below the threshold (and above 0), or it was hidden so that another hidden count cannot be
 * recomputed from totals (complementary suppression). 0 is shown as 0. For the coordinator in the app
 * nothing is suppressed.
 */
export const count = z.object({ value: z.number().int().nullable(), suppressed: z.boolean() });
/** A share between 0 and 1; null when the counts it is computed from are suppressed (or the base is 0). */
export const rate = z.object({ value: z.number().nullable(), suppressed: z.boolean() });

export const periodBucket = z.object({
  /** `2026-03`, `2026-Q1` or `2026`. */
  label: z.string(),
  from: z.string(),
  to: z.string(),
});

export const dashboardView = z.object({
  /** True for the coordinator and deputy in the app: every count exact. */
  exact: z.boolean(),
  /** Counts below this (and above 0) are shown as "< threshold" where suppressed. */
  threshold: z.number().int(),
  period: z.object({ from: z.string(), to: z.string() }),
  granularity: z.enum(DASHBOARD_GRANULARITIES),
  /** The form filter applied (all forms when none was given). */
  forms: z.array(z.enum(EXPLOITATION_FORMS)),
  totals: z.object({ signals: count, referred: count, referredShare: rate }),
  /** Per bucket of the granularity: signals received, and of those, signals referred to an outside partner. */
  series: z.array(periodBucket.extend({ signals: count, referred: count })),
  /**
   * Signals per exploitation form (only the forms of the filter). A signal can have several
   * forms, so these do NOT add up to the total.
   */
  byForm: z.array(z.object({ form: z.enum(EXPLOITATION_FORMS), signals: count })),
  /** Signals per reporting department; `departmentId` null = no department. Adds up to the total. */
  byDepartment: z.array(z.object({ departmentId: id.nullable(), name: z.string().nullable(), signals: count })),
  /** Signals per source context; null = not recorded. Adds up to the total. */
  bySourceContext: z.array(z.object({ sourceContext: z.enum(SOURCE_CONTEXTS).nullable(), signals: count })),
  /**
   * Per partner: signals referred to it, their share of all signals, and whether it gave feedback
   * (share of those signals with feedback received, median days from referral to feedback).
   */
  partners: z.array(
    z.object({
      partnerId: id,
      name: z.string(),
      kind: z.enum(PARTNER_KINDS),
      signals: count,
      share: rate,
      feedbackReceived: count,
      feedbackShare: rate,
      feedbackMedianDays: z.number().nullable(),
    }),
  ),
  /**
   * Lead times in calendar days per step, over the signals of the period that went through the step.
   * `n` is given exactly to the coordinator only (null for the analyst); the percentiles are
   * hidden (`suppressed`) when fewer than `threshold` signals went through the step.
   */
  leadTimes: z.array(
    z.object({
      step: z.enum(LEAD_TIME_STEPS),
      n: z.number().int().nullable(),
      medianDays: z.number().nullable(),
      p90Days: z.number().nullable(),
      suppressed: z.boolean(),
    }),
  ),
  /** Open work now (not bound to the period or the form filter). */
  openWork: z.object({
    byState: z.array(z.object({ state: z.enum(SIGNAL_STATES), signals: count })),
    total: count,
    /** Referrals whose feedback is past due and not received. */
    overdueReferrals: count,
  }),
  /** The same months one year earlier. */
  yearOnYear: z.object({
    previous: z.object({ from: z.string(), to: z.string() }),
    signals: z.object({ current: count, previous: count }),
    referred: z.object({ current: count, previous: count }),
    series: z.array(z.object({ label: z.string(), previousLabel: z.string(), current: count, previous: count })),
  }),
});
export type DashboardView = z.infer<typeof dashboardView>;
