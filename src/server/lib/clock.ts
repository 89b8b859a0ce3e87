import { TZDate } from '@date-fns/tz';

/** Injected time source, so that tests can control "today" (due dates, overdue feedback). */
export interface Clock {
  now(): Date;
  /** Today's calendar date in the municipality's time zone, as YYYY-MM-DD. */
  today(): string;
}

const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function localDate(at: Date): string {
  return AMSTERDAM_DATE.format(at);
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => localDate(new Date()),
};

export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    today: () => localDate(current),
    set(next) {
      current = new Date(next);
    },
  };
}

/** Add whole days to a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The instant of a local Europe/Amsterdam date (YYYY-MM-DD) and wall-clock time (HH:MM), daylight saving
 * time included: 10:00 on 15 January is 09:00Z, on 15 July 08:00Z.
 */
export function amsterdamInstant(date: string, time = '00:00'): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 'Europe/Amsterdam').getTime());
}
