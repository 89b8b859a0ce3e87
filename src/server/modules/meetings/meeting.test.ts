import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALIDATION_MESSAGES } from '../../../shared/validation.js';
import { pdfText } from '../../testing/documents.js';
import { auditEntries, expectStatus, registeredSignal } from '../../testing/helpers.js';
import { createTestContext, loginWith, TEST_USERS, type Client, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';

type Meeting = {
  id: string;
  seriesId: string;
  date: string;
  status: string;
  participants: { userId: string | null; name: string; organisation: string | null }[];
  items: {
    id: string;
    kind: string;
    signalId: string | null;
    signalNumber: string | null;
    exploitationForms: string[];
    title: string | null;
    summary: string | null;
    sharedPersons: { id: string; fullName: string; role: string | null }[];
    minutes: string | null;
    decision: string | null;
    actions: { id: string; description: string; ownerId: string; status: string }[];
  }[];
  canManage: boolean;
};
type Series = { id: string; cadence: string; upcomingDates: string[]; participants: { userId: string | null; name: string; organisation: string | null }[] };
type Candidate = { signalId: string; number: string; meetingNote: string | null; persons: { id: string; fullName: string }[] };

const DUTCH = new Set(Object.keys(VALIDATION_MESSAGES.nl));
function expectFieldError(res: { statusCode: number; json(): unknown }, path: string) {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { code: string; fields: { path: string; key: string; message: string }[] };
  const field = body.fields.find((f) => f.path === path);
  expect(field, JSON.stringify(body.fields)).toBeDefined();
  expect(DUTCH.has(field!.key)).toBe(true);
}

/**
 * Issue 6.1 through the HTTP API: series and cadence, the agenda built from signals marked for discussion,
 * what participants see (pseudonymised, on screen and in the PDF), minutes, action items in the owner's
 * worklist and on the signal's history, and who may do what.
 */
describe('meetings', () => {
  let ctx: TestContext;
  let coordinator: Client;
  let deputy: Client;
  let liaison: Client;
  let meldcode: Client;
  let reporter: Client;
  let reporter2: Client;
  let analyst: Client;

  // The signal on the agenda: two persons, of whom the coordinator shares one.
  const SHARED = 'Jan van der Berg';
  const UNSHARED = 'Piet Geheimhouder';
  const EXPLANATION = 'Bijzonder herkenbare toelichting over de werkgever aan de Dorpsstraat.';
  const PLACE = 'Achterom bij de bakkerij';
  const NOTE = 'Interne notitie: melder is buurvrouw';
  let signal: { id: string; number: string };
  let series: Series;
  let meeting: Meeting;
  let other: Awaited<ReturnType<TestContext['otherMunicipality']>>;

  beforeAll(async () => {
    ctx = await createTestContext({ now: '2026-12-01T09:00:00Z' });
    [coordinator, deputy, liaison, meldcode, reporter, reporter2, analyst] = await Promise.all([
      ctx.login('coordinator'),
      ctx.login('deputy'),
      ctx.login('liaison'),
      ctx.login('meldcode'),
      ctx.login('reporter'),
      ctx.login('reporter2'),
      ctx.login('analyst'),
    ]);
    signal = await registeredSignal(reporter, coordinator, {
      explanation: EXPLANATION,
      place: PLACE,
      exploitationForms: ['labour'],
      persons: [
        { fullName: SHARED, role: 'werkgever' },
        { fullName: UNSHARED, role: 'buurman', phone: '06 98765432' },
      ],
    });
    expectStatus(await coordinator.put(`/api/signals/${signal.id}/meeting`, { forMeeting: true, meetingNote: NOTE }), 204);
    other = await ctx.otherMunicipality();
  }, 240_000);
  afterAll(async () => ctx.close());

  const view = async (client: Client, id = meeting.id) => expectStatus(await client.get(`/api/meetings/${id}`), 200, 'meeting').json() as Meeting;

  describe('series and cadence', () => {
    it('creates a series every four weeks with users and guests, and shows the coming dates', async () => {
      const res = await coordinator.post('/api/meeting-series', {
        name: 'Lokaal ondermijningsoverleg',
        cadence: 'every_4_weeks',
        firstDate: '2026-11-10',
        startTime: '10:00',
        durationMinutes: 90,
        location: 'Gemeentehuis, kamer 2',
        participantUserIds: [ctx.userIds.liaison, ctx.userIds.meldcode],
        guests: [{ name: 'Gerda Wijkagent', organisation: 'Politie Midden-Nederland' }],
      });
      series = expectStatus(res, 201, 'series').json() as Series;
      // Today is 1 December 2026: the next meetings are 8 December, 5 January, …
      expect(series.upcomingDates.slice(0, 3)).toEqual(['2026-12-08', '2027-01-05', '2027-02-02']);
      expect(series.participants.map((p) => p.name)).toEqual([TEST_USERS.liaison.displayName, TEST_USERS.meldcode.displayName, 'Gerda Wijkagent']);
      expect(series.participants[2]).toMatchObject({ userId: null, organisation: 'Politie Midden-Nederland' });
    });

    it('lists the active users of the municipality to invite, for the coordinator and deputy only', async () => {
      const people = expectStatus(await coordinator.get('/api/meeting-series/people'), 200).json() as { id: string; displayName: string; role: string; department: string | null }[];
      const liaisonPerson = people.find((p) => p.id === ctx.userIds.liaison);
      expect(liaisonPerson).toMatchObject({ displayName: TEST_USERS.liaison.displayName, role: 'liaison' });
      expect(liaisonPerson!.department).toEqual(expect.any(String));
      expect(Object.keys(liaisonPerson!).sort()).toEqual(['department', 'displayName', 'id', 'role']);
      // Users of another municipality are not offered.
      const otherCoordinator = await loginWith(ctx, other.coordinatorUsername);
      expect(people.map((p) => p.id)).not.toContain(otherCoordinator.userId);
      expectStatus(await deputy.get('/api/meeting-series/people'), 200);
      for (const client of [liaison, reporter, analyst]) expect((await client.get('/api/meeting-series/people')).statusCode).toBe(403);
    });

    it('plans the next meeting by the cadence, then the one after it, and refuses a second meeting on one date', async () => {
      const first = expectStatus(await coordinator.post(`/api/meeting-series/${series.id}/meetings`, {}), 201).json() as Meeting;
      expect(first).toMatchObject({ date: '2026-12-08', status: 'draft', seriesId: series.id });
      const second = expectStatus(await coordinator.post(`/api/meeting-series/${series.id}/meetings`, {}), 201).json() as Meeting;
      expect(second.date).toBe('2027-01-05');
      expectFieldError(await coordinator.post(`/api/meeting-series/${series.id}/meetings`, { date: '2026-12-08' }), 'date');
      meeting = first as Meeting;
    });

    it('asks for a date for an ad hoc series, and validates the series form field by field', async () => {
      const adHoc = expectStatus(
        await coordinator.post('/api/meeting-series', { name: 'Casusoverleg', cadence: 'ad_hoc', firstDate: '2026-12-01', startTime: '14:00', durationMinutes: 60, participantUserIds: [], guests: [] }),
        201,
      ).json() as Series;
      expect(adHoc.upcomingDates).toEqual([]);
      expectFieldError(await coordinator.post(`/api/meeting-series/${adHoc.id}/meetings`, {}), 'date');
      expectStatus(await coordinator.post(`/api/meeting-series/${adHoc.id}/meetings`, { date: '2026-12-17' }), 201);
      const bad = await coordinator.post('/api/meeting-series', { name: '', cadence: 'weekly', firstDate: '2026-02-30', startTime: '25:00', durationMinutes: 5, participantUserIds: ['x'], guests: [] });
      for (const path of ['name', 'cadence', 'firstDate', 'startTime', 'durationMinutes', 'participantUserIds.0']) expectFieldError(bad, path);
      // A user of another municipality cannot be invited.
      const otherCoordinator = await loginWith(ctx, other.coordinatorUsername);
      expectFieldError(
        await coordinator.post('/api/meeting-series', { name: 'X', cadence: 'monthly', firstDate: '2026-12-01', startTime: '09:00', durationMinutes: 60, participantUserIds: [otherCoordinator.userId], guests: [] }),
        'participantUserIds.0',
      );
    });
  });

  describe('building the agenda', () => {
    it('offers the signals marked for discussion with their persons, for the coordinator only', async () => {
      const candidates = expectStatus(await coordinator.get(`/api/meetings/${meeting.id}/candidates`), 200).json() as Candidate[];
      const c = candidates.find((x) => x.signalId === signal.id)!;
      expect(c).toMatchObject({ number: signal.number, meetingNote: NOTE });
      expect(c.persons.map((p) => p.fullName)).toEqual([SHARED, UNSHARED]);
      expect((await liaison.get(`/api/meetings/${meeting.id}/candidates`)).statusCode).toBe(403);
    });

    it('puts the signal on the agenda with a summary and one shared person, and a topic; the signal leaves the candidates', async () => {
      const candidates = expectStatus(await coordinator.get(`/api/meetings/${meeting.id}/candidates`), 200).json() as Candidate[];
      const persons = candidates.find((x) => x.signalId === signal.id)!.persons;
      const shared = persons.find((p) => p.fullName === SHARED)!;
      // A person of another signal cannot be shared.
      const otherSignal = await registeredSignal(reporter, coordinator, { persons: [{ fullName: 'Karel Anders' }] });
      const otherPerson = (expectStatus(await coordinator.get(`/api/signals/${otherSignal.id}`), 200).json() as { content: { persons: { id: string }[] } }).content.persons[0]!.id;
      expectFieldError(await coordinator.post(`/api/meetings/${meeting.id}/items`, { signalId: signal.id, summary: 'x', sharedPersonIds: [otherPerson] }), 'sharedPersonIds.0');
      // Neither or both of signal and topic: refused.
      expectFieldError(await coordinator.post(`/api/meetings/${meeting.id}/items`, { summary: 'los' }), 'title');

      meeting = expectStatus(
        await coordinator.post(`/api/meetings/${meeting.id}/items`, {
          signalId: signal.id,
          summary: 'Signaal over arbeidsuitbuiting bij een bedrijf in het buitengebied; politie gevraagd te checken.',
          sharedPersonIds: [shared.id],
        }),
        201,
      ).json() as Meeting;
      meeting = expectStatus(await coordinator.post(`/api/meetings/${meeting.id}/items`, { title: 'Voorlichting huisvesting arbeidsmigranten' }), 201).json() as Meeting;
      expect(meeting.items.map((i) => i.kind)).toEqual(['signal', 'topic']);
      expect(meeting.items[0]).toMatchObject({ signalId: signal.id, signalNumber: signal.number, exploitationForms: ['labour'] });
      expect(meeting.items[0]!.sharedPersons.map((p) => p.fullName)).toEqual([SHARED]);

      const after = expectStatus(await coordinator.get(`/api/meetings/${meeting.id}/candidates`), 200).json() as Candidate[];
      expect(after.map((c) => c.signalId)).not.toContain(signal.id);

      // Reorder: the topic first.
      meeting = expectStatus(await coordinator.put(`/api/meetings/${meeting.id}/items/order`, { ids: [meeting.items[1]!.id] }), 200).json() as Meeting;
      expect(meeting.items.map((i) => i.kind)).toEqual(['topic', 'signal']);
      const history = (expectStatus(await coordinator.get(`/api/signals/${signal.id}`), 200).json() as { history: { action: string }[] }).history.map((h) => h.action);
      expect(history).toContain('meeting_agenda');
    });

    it('keeps a draft agenda from the participants', async () => {
      expect((await liaison.get(`/api/meetings/${meeting.id}`)).statusCode).toBe(404);
      const overview = expectStatus(await liaison.get('/api/meetings'), 200).json() as { upcoming: { id: string }[]; series: { id: string }[] };
      expect(overview.upcoming.map((m) => m.id)).not.toContain(meeting.id);
      expect(overview.series.map((s) => s.id)).toEqual([series.id]);
    });
  });

  describe('what participants see', () => {
    const secrets = () => [
      UNSHARED,
      '06 98765432',
      '+31698765432',
      EXPLANATION,
      PLACE,
      NOTE,
      TEST_USERS.reporter.displayName,
      TEST_USERS.reporter.email,
      signal.id,
    ];

    it('publishes the agenda: participants see it pseudonymised, non-participants not at all', async () => {
      meeting = expectStatus(await coordinator.post(`/api/meetings/${meeting.id}/publish`), 200).json() as Meeting;
      expect(meeting.status).toBe('published');
      // The participants (users) are notified in the app with the date and a link, nothing of the agenda.
      for (const client of [liaison, meldcode]) {
        const { items } = expectStatus(await client.get('/api/notifications'), 200).json() as { items: { kind: string; reference: string; link: string }[] };
        expect(items).toContainEqual(expect.objectContaining({ kind: 'agenda_published', reference: '2026-12-08', link: `/overleggen/${meeting.id}` }));
      }
      const { items: others } = expectStatus(await reporter2.get('/api/notifications'), 200).json() as { items: { kind: string }[] };
      expect(others.map((n) => n.kind)).not.toContain('agenda_published');
      // Publishing twice is refused.
      expect((await coordinator.post(`/api/meetings/${meeting.id}/publish`)).statusCode).toBe(409);

      for (const client of [liaison, meldcode]) {
        const res = expectStatus(await client.get(`/api/meetings/${meeting.id}`), 200);
        for (const secret of secrets()) expect(res.body, secret).not.toContain(secret);
        const seen = res.json() as Meeting;
        expect(seen.canManage).toBe(false);
        const item = seen.items.find((i) => i.kind === 'signal')!;
        expect(item).toMatchObject({ signalId: null, signalNumber: signal.number, exploitationForms: ['labour'] });
        expect(item.summary).toContain('arbeidsuitbuiting');
        expect(item.sharedPersons.map((p) => p.fullName)).toEqual([SHARED]);
        const overview = expectStatus(await client.get('/api/meetings'), 200).json() as { upcoming: { id: string }[] };
        expect(overview.upcoming.map((m) => m.id)).toContain(meeting.id);
      }
      // Not a participant: the meeting does not exist for them.
      for (const client of [reporter, reporter2, analyst]) expect((await client.get(`/api/meetings/${meeting.id}`)).statusCode).toBe(404);
      // Another municipality's coordinator neither.
      expect((await (await loginWith(ctx, other.coordinatorUsername)).get(`/api/meetings/${meeting.id}`)).statusCode).toBe(404);
      // Every read is in the audit trail.
      const reads = await auditEntries(ctx.database, { action: 'meeting.read', actorId: ctx.userIds.liaison });
      expect(reads.some((e) => e.objectId === meeting.id && e.result === 'ok')).toBe(true);
    });

    it('prints the same pseudonymised agenda as PDF', async () => {
      const res = expectStatus(await liaison.get(`/api/meetings/${meeting.id}/pdf`), 200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe('attachment; filename="overleg-2026-12-08.pdf"');
      expect(res.headers['cache-control']).toBe('no-store');
      const text = pdfText(res.rawPayload);
      expect(text).toContain(`Signaal ${signal.number}`);
      expect(text).toContain(SHARED);
      expect(text).toContain('Gerda Wijkagent (Politie Midden-Nederland)');
      expect(text).toContain('Voorlichting huisvesting arbeidsmigranten');
      for (const secret of secrets()) expect(text, secret).not.toContain(secret);
      expect((await reporter2.get(`/api/meetings/${meeting.id}/pdf`)).statusCode).toBe(404);
    });
  });

  describe('minutes and action items', () => {
    it('minutes an item, assigns an action to a participant; it appears in their worklist and on the signal history', async () => {
      const item = meeting.items.find((i) => i.kind === 'signal')!;
      meeting = expectStatus(
        await coordinator.put(`/api/meetings/${meeting.id}/items/${item.id}/minutes`, { minutes: 'Politie herkent het adres.', decision: 'Doorverwijzen naar de NLA.' }),
        200,
      ).json() as Meeting;
      expect(meeting.items.find((i) => i.id === item.id)).toMatchObject({ minutes: 'Politie herkent het adres.', decision: 'Doorverwijzen naar de NLA.' });

      // The owner must take part in the meeting (or be the coordinator or deputy).
      expectFieldError(await coordinator.post(`/api/meetings/${meeting.id}/items/${item.id}/actions`, { description: 'x', ownerId: ctx.userIds.reporter2, dueDate: '2026-12-15' }), 'ownerId');
      meeting = expectStatus(
        await coordinator.post(`/api/meetings/${meeting.id}/items/${item.id}/actions`, { description: 'Navragen bij team Vergunningen', ownerId: ctx.userIds.liaison, dueDate: '2026-12-15' }),
        201,
      ).json() as Meeting;
      expectStatus(await coordinator.post(`/api/meetings/${meeting.id}/items/${item.id}/actions`, { description: 'Terugkoppelen aan melder', ownerId: ctx.userIds.deputy, dueDate: '2026-11-30' }), 201);

      const mine = expectStatus(await liaison.get('/api/meeting-actions/mine'), 200).json() as { id: string; description: string; overdue: boolean; signalNumber: string | null; seriesName: string }[];
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ description: 'Navragen bij team Vergunningen', overdue: false, signalNumber: signal.number, seriesName: 'Lokaal ondermijningsoverleg' });
      const deputyMine = expectStatus(await deputy.get('/api/meeting-actions/mine'), 200).json() as { overdue: boolean }[];
      expect(deputyMine[0]!.overdue).toBe(true);
      expect(expectStatus(await reporter.get('/api/meeting-actions/mine'), 200).json()).toEqual([]);

      const history = (expectStatus(await coordinator.get(`/api/signals/${signal.id}`), 200).json() as { history: { action: string; reason: string | null }[] }).history;
      expect(history.find((h) => h.action === 'meeting_action')?.reason).toBe('Navragen bij team Vergunningen');
    });

    it('lets the owner mark an action done, nothing else; others do not see it', async () => {
      const [action] = expectStatus(await liaison.get('/api/meeting-actions/mine'), 200).json() as { id: string }[];
      expectFieldError(await liaison.patch(`/api/meeting-actions/${action!.id}`, { description: 'Anders' }), 'status');
      expect((await meldcode.patch(`/api/meeting-actions/${action!.id}`, { status: 'done' })).statusCode).toBe(404);
      expectStatus(await liaison.patch(`/api/meeting-actions/${action!.id}`, { status: 'done' }), 204);
      const [done] = expectStatus(await liaison.get('/api/meeting-actions/mine'), 200).json() as { status: string }[];
      expect(done!.status).toBe('done');
      const history = (expectStatus(await coordinator.get(`/api/signals/${signal.id}`), 200).json() as { history: { action: string }[] }).history.map((h) => h.action);
      expect(history).toContain('meeting_action_done');
    });

    it('finalises the minutes: the meeting is held, the signal no longer marked, nothing more to change', async () => {
      const item = meeting.items.find((i) => i.kind === 'signal')!;
      meeting = expectStatus(await coordinator.post(`/api/meetings/${meeting.id}/finalise`), 200).json() as Meeting;
      expect(meeting.status).toBe('held');
      const detail = expectStatus(await coordinator.get(`/api/signals/${signal.id}`), 200).json() as { forMeeting: boolean; history: { action: string }[] };
      expect(detail.forMeeting).toBe(false);
      expect(detail.history.map((h) => h.action)).toContain('meeting_discussed');
      expect((await coordinator.put(`/api/meetings/${meeting.id}/items/${item.id}/minutes`, { minutes: 'later' })).statusCode).toBe(409);
      expect((await coordinator.post(`/api/meetings/${meeting.id}/items`, { title: 'Te laat' })).statusCode).toBe(409);
      // Participants still read the held meeting with its minutes.
      const seen = await view(liaison);
      expect(seen.items.find((i) => i.kind === 'signal')!.decision).toBe('Doorverwijzen naar de NLA.');
      const pdf = pdfText(expectStatus(await meldcode.get(`/api/meetings/${meeting.id}/pdf`), 200).rawPayload);
      expect(pdf).toContain('Doorverwijzen naar de NLA.');
      expect(pdf).toContain('Navragen bij team Vergunningen');
      expect(pdf).not.toContain(UNSHARED);
    });
  });

  describe('who may do what', () => {
    it('lets only the coordinator and deputy plan and change meetings', async () => {
      for (const client of [reporter, liaison, meldcode, analyst]) {
        expect((await client.post('/api/meeting-series', { name: 'X', cadence: 'monthly', firstDate: '2026-12-01', startTime: '09:00', durationMinutes: 60, participantUserIds: [], guests: [] })).statusCode).toBe(403);
        expect((await client.post(`/api/meeting-series/${series.id}/meetings`, {})).statusCode).toBe(403);
        expect((await client.post(`/api/meetings/${meeting.id}/items`, { title: 'X' })).statusCode).toBe(403);
      }
      const next = expectStatus(await deputy.post(`/api/meeting-series/${series.id}/meetings`, {}), 201).json() as Meeting;
      expect(next.date).toBe('2027-02-02');
      expectStatus(await deputy.post(`/api/meetings/${next.id}/cancel`), 200);
      expect((await deputy.post(`/api/meetings/${next.id}/publish`)).statusCode).toBe(409);
    });

    it('stores guest names, agenda texts and actions encrypted', async () => {
      const rows = await queryRows<{ t: string }>(ctx.database, sql`select (select string_agg(coalesce(guest_name, ''), '|') from meeting_participants) || (select string_agg(coalesce(summary, '') || coalesce(minutes, '') || coalesce(decision, '') || coalesce(title, ''), '|') from meeting_items) || (select string_agg(description, '|') from meeting_actions) as t`);
      const dump = rows[0]!.t;
      for (const plain of ['Gerda Wijkagent', 'arbeidsuitbuiting', 'Politie herkent', 'Navragen bij team', 'Voorlichting huisvesting']) expect(dump).not.toContain(plain);
      expect(dump).toContain('mr1:');
    });
  });
});
