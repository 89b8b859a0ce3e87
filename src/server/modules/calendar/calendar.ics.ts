import ical, { ICalEventTransparency } from 'ical-generator';
import { addDays, amsterdamInstant } from '../../lib/clock.js';

/**
 * Issue 6.6: the calendar feed as iCalendar text (RFC 5545). PURE: events in, text out.
 *
 * What an event may say is fixed here, so that no caller can put personal data in a feed: a
 * meeting's series name, place and time; an action item's series and due date (never its
 * description); a referral's signal number and feedback due date (never the partner, a person or a
 * place). Meeting times are local Europe/Amsterdam in the database and are written in UTC, so that
 * every calendar client shows them right on both sides of a daylight-saving change.
 */
export type CalendarEvent =
  | {
      kind: 'meeting';
      id: string;
      /** Local date and start time (Europe/Amsterdam): YYYY-MM-DD, HH:MM. */
      date: string;
      startTime: string;
      durationMinutes: number;
      seriesName: string;
      location: string | null;
    }
  | { kind: 'action'; id: string; meetingId: string; dueDate: string; seriesName: string }
  | { kind: 'feedback'; id: string; signalId: string; dueDate: string; signalNumber: string };

export interface RenderOptions {
  /** When the feed is made (DTSTAMP of every event). */
  now: Date;
  /** Where the app is reached, without a trailing slash; links in events start with it. */
  baseUrl: string;
}

/** The instant of a local Europe/Amsterdam date and time: 10:00 on 15 January is 09:00Z, on 15 July 08:00Z. */
export const amsterdamToUtc = (date: string, time: string): Date => amsterdamInstant(date, time);

/** Control characters other than line breaks (which iCalendar escapes) are never meant: drop them. */
const clean = (text: string) => text.replace(/[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F]/g, ' ').trim();

export const eventUid = (event: Pick<CalendarEvent, 'kind' | 'id'>): string =>
  `${{ meeting: 'meeting', action: 'action', feedback: 'referral' }[event.kind]}-${event.id}@meldroute`;

/** The app page an event links to. */
export function eventPath(event: CalendarEvent): string {
  switch (event.kind) {
    case 'meeting':
      return `/overleggen/${event.id}`;
    case 'action':
      return `/overleggen/${event.meetingId}`;
    case 'feedback':
      return `/signalen/${event.signalId}`;
  }
}

const startKey = (e: CalendarEvent) => (e.kind === 'meeting' ? `${e.date}T${e.startTime}` : `${e.dueDate}T00:00`);

/** The feed: a VCALENDAR with one VEVENT per meeting, action item and expected feedback. */
export function renderCalendar(events: readonly CalendarEvent[], options: RenderOptions): string {
  const calendar = ical({
    name: 'Meldroute',
    description: 'Overleggen en termijnen uit Meldroute',
    prodId: { company: 'Meldroute', product: 'Agenda', language: 'NL' },
    // Clients that honour it refresh hourly (REFRESH-INTERVAL, X-PUBLISHED-TTL).
    ttl: 60 * 60,
  });
  const sorted = [...events].sort((a, b) => startKey(a).localeCompare(startKey(b)) || eventUid(a).localeCompare(eventUid(b)));
  for (const event of sorted) {
    const url = `${options.baseUrl}${eventPath(event)}`;
    const common = { id: eventUid(event), stamp: options.now, url, description: `Meldroute: ${url}` };
    if (event.kind === 'meeting') {
      const start = amsterdamToUtc(event.date, event.startTime);
      calendar.createEvent({
        ...common,
        start,
        end: new Date(start.getTime() + event.durationMinutes * 60_000),
        summary: clean(event.seriesName),
        location: event.location ? clean(event.location) : null,
      });
    } else {
      calendar.createEvent({
        ...common,
        allDay: true,
        // Dates without a time: the day itself, whatever the client's time zone.
        start: event.dueDate,
        end: addDays(event.dueDate, 1),
        transparency: ICalEventTransparency.TRANSPARENT,
        summary: event.kind === 'action' ? `Actiepunt uit ${clean(event.seriesName)}` : `Terugkoppeling verwacht — signaal ${clean(event.signalNumber)}`,
      });
    }
  }
  return calendar.toString();
}
