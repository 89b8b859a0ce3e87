import type { DashboardGranularity } from '../../../shared/api/dashboard.js';

/**
 * Formatting of the dashboard's figures (pure, so the tests can pin it down). A suppressed count
 * is never a number: it reads "< threshold" wherever it appears — table, chart label, summary.
 */

export interface CountValue {
  value: number | null;
  suppressed: boolean;
}

type Lang = 'nl' | 'en';
const locale = (lang: Lang) => (lang === 'nl' ? 'nl-NL' : 'en-GB');

/** "12", "< 5" (suppressed) or "–" (no value). */
export function formatCount(count: CountValue, threshold: number, lang: Lang): string {
  if (count.value !== null) return count.value.toLocaleString(locale(lang));
  return count.suppressed ? `< ${threshold}` : '–';
}

/** A plain number that may be null because it is suppressed (policy APIs): "< 5" or the number. */
export function formatNullableCount(value: number | null, threshold: number, lang: Lang): string {
  return formatCount({ value, suppressed: value === null }, threshold, lang);
}

/** A share as a percentage ("40%"), or "–" when there is no value (suppressed or no base). */
export function formatShare(value: number | null, lang: Lang): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

/** Days with at most one decimal ("3", "4,5"), or "–". */
export function formatDays(value: number | null, lang: Lang): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(value);
}

/** The value to draw: suppressed and missing counts are drawn as nothing (0), and labelled instead. */
export function chartValue(count: CountValue): number {
  return count.value ?? 0;
}

/** A period bucket label for people: `2026-03` → "mrt 2026", `2026-Q1` → "K1 2026", `2026` → "2026". */
export function formatBucket(label: string, granularity: DashboardGranularity, lang: Lang): string {
  if (granularity === 'quarter') {
    const match = /^(\d{4})-Q([1-4])$/.exec(label);
    if (match) return `${lang === 'nl' ? 'K' : 'Q'}${match[2]} ${match[1]}`;
  }
  if (granularity === 'month') {
    const match = /^(\d{4})-(\d{2})$/.exec(label);
    if (match) {
      const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
      return new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date).replace('.', '');
    }
  }
  return label;
}

/** `2026-01`…`2026-12` → "2026"; otherwise "jan 2026 – jun 2026". */
export function formatPeriod(period: { from: string; to: string }, lang: Lang): string {
  if (period.from.endsWith('-01') && period.to === `${period.from.slice(0, 4)}-12`) return period.from.slice(0, 4);
  return `${formatBucket(period.from, 'month', lang)} – ${formatBucket(period.to, 'month', lang)}`;
}

/** `2026-01-01` → "1 januari 2026". */
export function formatDate(iso: string, lang: Lang): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}
