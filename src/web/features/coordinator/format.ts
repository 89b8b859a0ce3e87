import { useMemo } from 'react';
import { useI18n, type Translate } from '../../i18n/i18n.js';

const DAY_MS = 86_400_000;

/** Today's date in the user's time zone, as YYYY-MM-DD (the value of an <input type="date">). */
export function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** A calendar date plus a number of days, both as YYYY-MM-DD. */
export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (YYYY-MM-DD); positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Date and time formatting in the user's language. */
export function useFormat() {
  const { lang } = useI18n();
  return useMemo(() => {
    const locale = lang === 'nl' ? 'nl-NL' : 'en-GB';
    const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const stampFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
    const stampDateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' });
    return {
      /** A calendar date (YYYY-MM-DD). */
      date(value: string | null | undefined): string {
        if (!value) return '';
        const d = new Date(`${value}T00:00:00Z`);
        return Number.isNaN(d.getTime()) ? value : dateFmt.format(d);
      },
      /** A moment (ISO timestamp) with its time. */
      stamp(value: string | null | undefined): string {
        if (!value) return '';
        const d = new Date(value);
        return Number.isNaN(d.getTime()) ? value : stampFmt.format(d);
      },
      /** The date of a moment (ISO timestamp). */
      stampDate(value: string | null | undefined): string {
        if (!value) return '';
        const d = new Date(value);
        return Number.isNaN(d.getTime()) ? value : stampDateFmt.format(d);
      },
    };
  }, [lang]);
}

/** "3 dagen te laat" / "1 dag te laat" for a feedback due date in the past. */
export function overdueText(t: Translate, dueOn: string, today: string): string {
  const days = Math.max(daysBetween(dueOn, today), 1);
  return days === 1 ? t('coord.overdueDay') : t('coord.overdueDays', { days });
}
