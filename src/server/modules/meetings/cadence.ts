import type { MeetingCadence } from '../../../shared/api/meetings.js';
import { addDays } from '../../lib/clock.js';

/**
 * The dates of a meeting series (pure). Dates are local calendar dates (YYYY-MM-DD); the start time is
 * local too, so a cadence never drifts across daylight saving time.
 *
 * - every_4_weeks: the first date and every 28 days after it (the local undermining meeting).
 * - monthly: the same weekday in the same week of the month as the first date ("the second Tuesday");
 *   a first date in the month's fifth week means "the last such weekday of the month".
 * - ad_hoc: no cadence; meetings are planned one by one.
 */
export function seriesDates(series: { cadence: MeetingCadence; firstDate: string }, from: string, count: number): string[] {
  if (count <= 0 || series.cadence === 'ad_hoc') return [];
  const start = from > series.firstDate ? from : series.firstDate;
  const out: string[] = [];
  if (series.cadence === 'every_4_weeks') {
    const behind = daysBetween(series.firstDate, start);
    let date = addDays(series.firstDate, Math.ceil(behind / 28) * 28);
    while (out.length < count) {
      out.push(date);
      date = addDays(date, 28);
    }
    return out;
  }
  const rule = monthlyRule(series.firstDate);
  let [year, month] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  while (out.length < count) {
    const date = nthWeekdayOf(year, month, rule.weekday, rule.week);
    if (date >= start) out.push(date);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return out;
}

/** The first date of the series on or after `from` (undefined for ad hoc series). */
export const nextSeriesDate = (series: { cadence: MeetingCadence; firstDate: string }, from: string): string | undefined => seriesDates(series, from, 1)[0];

/** Does `date` fall on the series' cadence? (Ad hoc series accept every date.) */
export function onCadence(series: { cadence: MeetingCadence; firstDate: string }, date: string): boolean {
  if (series.cadence === 'ad_hoc') return true;
  return seriesDates(series, date, 1)[0] === date;
}

/** Weekday (0 = Sunday) and week of the month (1–4, or 5 = last) of a date. */
export function monthlyRule(date: string): { weekday: number; week: number } {
  const day = Number(date.slice(8, 10));
  return { weekday: utc(date).getUTCDay(), week: Math.min(5, Math.ceil(day / 7)) };
}

/** The `week`-th (5 = last) `weekday` of a month. */
export function nthWeekdayOf(year: number, month: number, weekday: number, week: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const offset = (weekday - first.getUTCDay() + 7) % 7;
  let day = 1 + offset + (Math.min(week, 5) - 1) * 7;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  while (day > daysInMonth) day -= 7;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function utc(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

function daysBetween(from: string, to: string): number {
  return Math.round((utc(to).getTime() - utc(from).getTime()) / 86_400_000);
}
