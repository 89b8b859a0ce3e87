import { describe, expect, it } from 'vitest';
import { amsterdamToUtc, eventUid, renderCalendar, type CalendarEvent } from './calendar.ics.js';

const NOW = new Date('2026-11-28T10:00:00Z');
const BASE = 'https://meldroute.lopik.nl';
const opts = { now: NOW, baseUrl: BASE };

const meeting = (over: Partial<Extract<CalendarEvent, { kind: 'meeting' }>> = {}): CalendarEvent => ({
  kind: 'meeting',
  id: '11111111-1111-4111-8111-111111111111',
  date: '2027-01-14',
  startTime: '10:00',
  durationMinutes: 90,
  seriesName: 'Lokaal ondermijningsoverleg',
  location: 'Gemeentehuis, kamer 2.14',
  ...over,
});

/** The unfolded lines of one VEVENT with the given UID. */
function eventLines(ics: string, uid: string): string[] {
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  const block = unfolded.split('BEGIN:VEVENT').find((b) => b.includes(`UID:${uid}\r\n`));
  if (!block) throw new Error(`no event ${uid} in\n${ics}`);
  return block.split('\r\n');
}

describe('amsterdamToUtc', () => {
  it('uses +1 h in winter and +2 h in summer', () => {
    expect(amsterdamToUtc('2027-01-14', '10:00').toISOString()).toBe('2027-01-14T09:00:00.000Z');
    expect(amsterdamToUtc('2027-07-15', '10:00').toISOString()).toBe('2027-07-15T08:00:00.000Z');
  });

  it('switches on the last Sundays of March and October, not a day early or late', () => {
    // 2027: summer time from Sunday 28 March 02:00, back on Sunday 31 October 03:00.
    expect(amsterdamToUtc('2027-03-27', '10:00').toISOString()).toBe('2027-03-27T09:00:00.000Z');
    expect(amsterdamToUtc('2027-03-28', '10:00').toISOString()).toBe('2027-03-28T08:00:00.000Z');
    expect(amsterdamToUtc('2027-03-28', '03:00').toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(amsterdamToUtc('2027-03-28', '01:30').toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(amsterdamToUtc('2027-10-30', '10:00').toISOString()).toBe('2027-10-30T08:00:00.000Z');
    expect(amsterdamToUtc('2027-10-31', '10:00').toISOString()).toBe('2027-10-31T09:00:00.000Z');
    expect(amsterdamToUtc('2027-10-31', '04:00').toISOString()).toBe('2027-10-31T03:00:00.000Z');
  });

  it('handles midnight and the turn of the year', () => {
    expect(amsterdamToUtc('2027-01-01', '00:00').toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(amsterdamToUtc('2027-06-01', '00:30').toISOString()).toBe('2027-05-31T22:30:00.000Z');
  });
});

describe('renderCalendar', () => {
  it('writes a meeting in UTC, right on both sides of daylight saving time', () => {
    const winter = meeting();
    const summer = meeting({ id: '22222222-2222-4222-8222-222222222222', date: '2027-07-15', durationMinutes: 60 });
    const ics = renderCalendar([winter, summer], opts);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    const w = eventLines(ics, eventUid(winter));
    expect(w).toContain('DTSTART:20270114T090000Z');
    expect(w).toContain('DTEND:20270114T103000Z');
    expect(w).toContain('SUMMARY:Lokaal ondermijningsoverleg');
    expect(w).toContain('LOCATION:Gemeentehuis\\, kamer 2.14');
    expect(w).toContain(`URL;VALUE=URI:${BASE}/overleggen/11111111-1111-4111-8111-111111111111`);
    expect(w).toContain('DTSTAMP:20261128T100000Z');
    const s = eventLines(ics, eventUid(summer));
    expect(s).toContain('DTSTART:20270715T080000Z');
    expect(s).toContain('DTEND:20270715T090000Z');
  });

  it('gives every event a stable UID, whatever the order or the time of rendering', () => {
    const action: CalendarEvent = { kind: 'action', id: 'a1', meetingId: 'm1', dueDate: '2026-12-20', seriesName: 'Mensenhandeloverleg' };
    const feedback: CalendarEvent = { kind: 'feedback', id: 'r1', signalId: 's1', dueDate: '2026-12-05', signalNumber: '2026-0012' };
    const one = renderCalendar([meeting(), action, feedback], opts);
    const two = renderCalendar([feedback, action, meeting()], { ...opts, now: new Date('2026-12-01T08:00:00Z') });
    const uids = (ics: string) => ics.split('\r\n').filter((l) => l.startsWith('UID:'));
    expect(uids(one)).toEqual(['UID:referral-r1@meldroute', 'UID:action-a1@meldroute', 'UID:meeting-11111111-1111-4111-8111-111111111111@meldroute']);
    expect(uids(two)).toEqual(uids(one));
    // Apart from DTSTAMP the feed is the same.
    const withoutStamp = (ics: string) => ics.replace(/DTSTAMP:\d{8}T\d{6}Z/g, '');
    expect(withoutStamp(two)).toBe(withoutStamp(one));
  });

  it('writes due items as all-day events on their date, free time, with fixed wording', () => {
    const action: CalendarEvent = { kind: 'action', id: 'a1', meetingId: 'm1', dueDate: '2026-12-31', seriesName: 'Mensenhandeloverleg' };
    const feedback: CalendarEvent = { kind: 'feedback', id: 'r1', signalId: 's1', dueDate: '2027-03-28', signalNumber: '2026-0012' };
    const ics = renderCalendar([action, feedback], opts);
    const a = eventLines(ics, 'action-a1@meldroute');
    expect(a).toContain('DTSTART;VALUE=DATE:20261231');
    expect(a).toContain('DTEND;VALUE=DATE:20270101');
    expect(a).toContain('SUMMARY:Actiepunt uit Mensenhandeloverleg');
    expect(a).toContain('TRANSP:TRANSPARENT');
    expect(a).toContain(`URL;VALUE=URI:${BASE}/overleggen/m1`);
    const f = eventLines(ics, 'referral-r1@meldroute');
    // The day of the switch to summer time is still one whole day.
    expect(f).toContain('DTSTART;VALUE=DATE:20270328');
    expect(f).toContain('DTEND;VALUE=DATE:20270329');
    expect(f).toContain('SUMMARY:Terugkoppeling verwacht — signaal 2026-0012');
    expect(f).toContain(`URL;VALUE=URI:${BASE}/signalen/s1`);
  });

  it('escapes text, drops control characters and folds long lines', () => {
    const long = 'Overleg '.repeat(20).trim();
    const ics = renderCalendar(
      [
        meeting({ seriesName: 'Overleg, deel; 1\\2\nregel', location: 'Zaal\u0000 A\r\nvleugel B' }),
        meeting({ id: '33333333-3333-4333-8333-333333333333', seriesName: long, location: null }),
      ],
      opts,
    );
    const e = eventLines(ics, 'meeting-11111111-1111-4111-8111-111111111111@meldroute');
    expect(e).toContain('SUMMARY:Overleg\\, deel\\; 1\\\\2\\nregel');
    expect(e).toContain('LOCATION:Zaal  A\\nvleugel B');
    expect(ics).not.toContain('\u0000');
    const l = eventLines(ics, 'meeting-33333333-3333-4333-8333-333333333333@meldroute');
    expect(l).toContain(`SUMMARY:${long}`);
    expect(l.some((x) => x.startsWith('LOCATION'))).toBe(false);
    // RFC 5545 3.1: no line longer than 75 octets; every line ends in CRLF.
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('is an empty but valid calendar without events', () => {
    const ics = renderCalendar([], opts);
    expect(ics).toContain('PRODID:-//Meldroute//Agenda//NL');
    expect(ics).toContain('X-WR-CALNAME:Meldroute');
    expect(ics).not.toContain('BEGIN:VEVENT');
  });
});
