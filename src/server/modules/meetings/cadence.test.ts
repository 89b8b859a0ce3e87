import { describe, expect, it } from 'vitest';
import { monthlyRule, nextSeriesDate, nthWeekdayOf, onCadence, seriesDates } from './cadence.js';

describe('meeting cadence', () => {
  it('every four weeks counts 28 days from the first date, across the year end and DST changes', () => {
    const series = { cadence: 'every_4_weeks' as const, firstDate: '2026-01-13' };
    expect(seriesDates(series, '2026-01-01', 4)).toEqual(['2026-01-13', '2026-02-10', '2026-03-10', '2026-04-07']);
    // From a date between two meetings: the next one, not the previous one.
    expect(seriesDates(series, '2026-03-11', 2)).toEqual(['2026-04-07', '2026-05-05']);
    // On a meeting day itself: that day.
    expect(nextSeriesDate(series, '2026-03-10')).toBe('2026-03-10');
    // 13 meetings a year: the 14th falls in the next year.
    const year = seriesDates(series, '2026-01-01', 14);
    expect(year.filter((d) => d.startsWith('2026'))).toHaveLength(13);
    expect(year[13]).toBe('2027-01-12');
  });

  it('monthly keeps the weekday and the week of the month', () => {
    // 2026-01-13 is the second Tuesday of January.
    expect(monthlyRule('2026-01-13')).toEqual({ weekday: 2, week: 2 });
    expect(seriesDates({ cadence: 'monthly', firstDate: '2026-01-13' }, '2026-01-01', 4)).toEqual(['2026-01-13', '2026-02-10', '2026-03-10', '2026-04-14']);
  });

  it('monthly from a fifth-week date means the last such weekday', () => {
    // 2026-01-29 is the fifth Thursday of January: the last Thursday of each month after it.
    expect(monthlyRule('2026-01-29')).toEqual({ weekday: 4, week: 5 });
    expect(seriesDates({ cadence: 'monthly', firstDate: '2026-01-29' }, '2026-01-01', 4)).toEqual(['2026-01-29', '2026-02-26', '2026-03-26', '2026-04-30']);
  });

  it('finds nth weekdays in leap years and short months', () => {
    expect(nthWeekdayOf(2028, 2, 2, 5)).toBe('2028-02-29'); // last Tuesday of February 2028 (leap year)
    expect(nthWeekdayOf(2026, 2, 0, 1)).toBe('2026-02-01'); // first Sunday
    expect(nthWeekdayOf(2026, 12, 3, 4)).toBe('2026-12-23'); // fourth Wednesday
  });

  it('does not start before the first date, and ad hoc series have no cadence', () => {
    expect(seriesDates({ cadence: 'monthly', firstDate: '2026-06-09' }, '2026-01-01', 1)).toEqual(['2026-06-09']);
    expect(seriesDates({ cadence: 'ad_hoc', firstDate: '2026-06-09' }, '2026-01-01', 3)).toEqual([]);
    expect(nextSeriesDate({ cadence: 'ad_hoc', firstDate: '2026-06-09' }, '2026-01-01')).toBeUndefined();
  });

  it('tells whether a date is on the cadence', () => {
    expect(onCadence({ cadence: 'every_4_weeks', firstDate: '2026-01-13' }, '2026-02-10')).toBe(true);
    expect(onCadence({ cadence: 'every_4_weeks', firstDate: '2026-01-13' }, '2026-02-11')).toBe(false);
    expect(onCadence({ cadence: 'monthly', firstDate: '2026-01-13' }, '2026-03-10')).toBe(true);
    expect(onCadence({ cadence: 'ad_hoc', firstDate: '2026-01-13' }, '2031-07-01')).toBe(true);
  });
});
