import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n.js';

const LOCALE = { nl: 'nl-NL', en: 'en-GB' } as const;

/** Today's date in the browser's time zone as YYYY-MM-DD (the default for "date observed"). */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Date formatters in the user's language. Calendar dates (YYYY-MM-DD) are not shifted by time zones. */
export function useFormat() {
  const { lang } = useI18n();
  return useMemo(() => {
    const dateFmt = new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric' });
    const shortFmt = new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'short', year: 'numeric' });
    const dateTimeFmt = new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    const calendar = (iso: string): Date | null => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
      return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
    };
    const safe = (fmt: Intl.DateTimeFormat, d: Date | null, fallback: string) => (d && !Number.isNaN(d.getTime()) ? fmt.format(d) : fallback);
    return {
      /** A calendar date (YYYY-MM-DD), long: 12 mei 2026. */
      date: (iso: string) => safe(dateFmt, calendar(iso), iso),
      /** A calendar date (YYYY-MM-DD), short: 12 mei 2026 / 12 May 2026 with abbreviated month. */
      shortDate: (iso: string) => safe(shortFmt, calendar(iso), iso),
      /** The date part of a timestamp, short. */
      shortDateOf: (timestamp: string) => safe(shortFmt, new Date(timestamp), timestamp),
      /** A timestamp with its time: 12 mei 2026 om 14:03. */
      dateTime: (timestamp: string) => safe(dateTimeFmt, new Date(timestamp), timestamp),
    };
  }, [lang]);
}
