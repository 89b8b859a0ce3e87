import type { LeadTimeStep } from '../../../shared/api/dashboard.js';
import type { MarginEntry } from './dashboard.figures.js';

/**
 * Issue 5: the monitoring's facts per month (pure). A month's facts are the margins of its signal
 * atoms per set of forms (dashboard.figures.ts `MarginEntry`) and two histograms — lead times per route step and feedback times per partner,
 * each per sorted set of exploitation forms — so that any period and any form filter can be answered
 * from the months it spans, with the same results as the aggregate SQL over the signals themselves:
 * the counts add up, and a percentile over integer days is exact from the histogram.
 * stats/month-facts.repo.ts keeps them per month in stats_months.
 */

/** One bin as the SQL returns it. */
export interface LeadTimeBin {
  forms: string[];
  step: LeadTimeStep;
  days: number;
  n: number;
}

export interface FeedbackBin {
  forms: string[];
  partnerId: string;
  days: number;
  n: number;
}

/** A histogram as stored: per set of forms and step (or partner), the days and their counts as two arrays (compact JSON). */
export interface LeadTimeSeries {
  forms: string[];
  step: LeadTimeStep;
  days: number[];
  n: number[];
}

export interface FeedbackSeries {
  forms: string[];
  partnerId: string;
  days: number[];
  n: number[];
}

/** The shape of the stored facts; stored facts of another shape count as stale (recomputed on read). */
export const MONTH_FACTS_FORMAT = 2;

export interface MonthFacts {
  format: typeof MONTH_FACTS_FORMAT;
  month: string;
  margins: MarginEntry[];
  /** Empty when read without histograms (loadMonthFacts `histogramsFrom`). */
  lead: LeadTimeSeries[];
  feedback: FeedbackSeries[];
}

/** Bins grouped into series by `key` (the bins of one series keep their order). */
export function toSeries<B extends { days: number; n: number }, S>(bins: readonly B[], key: (b: B) => string, make: (b: B) => S & { days: number[]; n: number[] }): S[] {
  const series = new Map<string, S & { days: number[]; n: number[] }>();
  for (const b of bins) {
    const k = key(b);
    let s = series.get(k);
    if (!s) series.set(k, (s = make(b)));
    s.days.push(b.days);
    s.n.push(b.n);
  }
  return [...series.values()];
}

/** Does a signal with these forms pass the filter (at least one of the forms; null = all)? */
const passes = (forms: readonly string[], filter: readonly string[] | null) => !filter || forms.some((f) => filter.includes(f));

/**
 * percentile_cont(p) of the multiset described by (value, count) pairs: linear interpolation between
 * the values at the positions floor and ceil of p·(n−1), as PostgreSQL computes it.
 */
export function percentileCont(histogram: ReadonlyMap<number, number>, p: number): number | null {
  const values = [...histogram.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = values.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const position = p * (total - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const at = (index: number): number => {
    let seen = 0;
    for (const [value, n] of values) {
      seen += n;
      if (index < seen) return value;
    }
    return values[values.length - 1]![0];
  };
  const low = at(lower);
  return upper === lower ? low : low + (at(upper) - low) * (position - lower);
}

function add(histogram: Map<number, number>, days: number, n: number) {
  histogram.set(days, (histogram.get(days) ?? 0) + n);
}

/** The margins of the months, in month order. */
export const marginsOfMonths = (months: readonly MonthFacts[]): MarginEntry[] => months.flatMap((m) => m.margins);

/** Lead times per step (number of signals, median and 90th percentile in days), like dashboard.repo.ts leadTimes. */
export function leadTimesOf(months: readonly MonthFacts[], forms: readonly string[] | null): { step: LeadTimeStep; n: number; median: number | null; p90: number | null }[] {
  const perStep = new Map<LeadTimeStep, Map<number, number>>();
  for (const m of months) {
    for (const series of m.lead) {
      if (!passes(series.forms, forms)) continue;
      const h = perStep.get(series.step) ?? new Map<number, number>();
      series.days.forEach((d, i) => add(h, d, series.n[i]!));
      perStep.set(series.step, h);
    }
  }
  return [...perStep.entries()].map(([step, h]) => ({
    step,
    n: [...h.values()].reduce((a, b) => a + b, 0),
    median: percentileCont(h, 0.5),
    p90: percentileCont(h, 0.9),
  }));
}

/** Median days from referral to feedback per partner, like dashboard.repo.ts feedbackDays. */
export function feedbackDaysOf(months: readonly MonthFacts[], forms: readonly string[] | null): Map<string, { n: number; median: number }> {
  const perPartner = new Map<string, Map<number, number>>();
  for (const m of months) {
    for (const series of m.feedback) {
      if (!passes(series.forms, forms)) continue;
      const h = perPartner.get(series.partnerId) ?? new Map<number, number>();
      series.days.forEach((d, i) => add(h, d, series.n[i]!));
      perPartner.set(series.partnerId, h);
    }
  }
  return new Map([...perPartner.entries()].map(([partner, h]) => [partner, { n: [...h.values()].reduce((a, b) => a + b, 0), median: percentileCont(h, 0.5)! }]));
}
