import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalInput } from '../../../shared/api/signal.js';
import { toFieldErrors } from '../../../shared/validation.js';
import { users } from '../../db/schema/index.js';
import { buildSignal } from '../../testing/factories.js';
import { addUser, expectStatus, partnerIds, registeredSignal, signalDataCounts, submitSignal } from '../../testing/helpers.js';
import { createTestContext, loginWith, TEST_USERS, type Client, type TestContext } from '../../testing/test-app.js';

/**
 * The reporting route through the HTTP API: report (step 1), receive and record
 * (2-3), feed back to the reporter and close (6), with the transition table and history.
 */
describe('the reporting route', () => {
  let ctx: TestContext;
  let reporter: Client;
  let coordinator: Client;
  let liaison: Client;
  let partners: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestContext();
    [reporter, coordinator, liaison] = await Promise.all([ctx.login('reporter'), ctx.login('coordinator'), ctx.login('liaison')]);
    partners = await partnerIds(ctx.database, ctx.municipality.id);
  });
  afterAll(async () => ctx.close());

  const detail = async (id: string) => expectStatus(await coordinator.get(`/api/signals/${id}`), 200, 'detail').json();

  describe('step 1: report a signal', () => {
    it('assigns consecutive numbers per municipality and year', async () => {
      const first = await submitSignal(reporter);
      const second = await submitSignal(reporter);
      expect(first.number).toBe('MH-2026-0001');
      expect(second.number).toBe('MH-2026-0002');
    });

    it('is idempotent with the form\'s Idempotency-Key: a retry, or two at once, make one signal (issue 7.2)', async () => {
      const key = '7d0c1f5e-2a41-4c8e-9f3b-5b1d2e6a7c90';
      const input = buildSignal({ explanation: 'Verzonden, maar het antwoord ging verloren.' });
      const send = (client: Client, body: unknown, k = key) => client.request({ method: 'POST', url: '/api/signals', payload: body as object, headers: { 'idempotency-key': k } });
      const counts = await signalDataCounts(ctx.database);
      const before = { signals: counts.signals!, signal_history: counts.signal_history! };
      const first = expectStatus(await send(reporter, input), 201, 'first');
      const again = expectStatus(await send(reporter, input), 201, 'retry');
      expect(again.json()).toEqual(first.json());
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const after = await signalDataCounts(ctx.database);
      expect(after.signals).toBe(before.signals + 1);
      expect(after.signal_history).toBe(before.signal_history + 1);
      // The same key with other content: refused (the first one landed), nothing stored.
      const changed = await send(reporter, { ...input, explanation: 'Later nog iets toegevoegd.' });
      expect(changed.statusCode).toBe(409);
      expect(changed.json()).toMatchObject({ code: 'idempotency_key_reused', message: expect.stringContaining((first.json() as { number: string }).number) });
      // The key is the user's own: a colleague with the same key makes their own signal.
      const colleague = expectStatus(await send(liaison, input), 201, 'colleague');
      expect(colleague.json().id).not.toBe(first.json().id);
      // Two requests with a new key at the same time: one signal, both answers name it.
      const both = await Promise.all([send(reporter, input, 'c9a7e2d4-6b3f-4e1a-8d5c-0f9b8a7e6d5c'), send(reporter, input, 'c9a7e2d4-6b3f-4e1a-8d5c-0f9b8a7e6d5c')]);
      expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
      expect(both[0]!.json().id).toBe(both[1]!.json().id);
      expect((await signalDataCounts(ctx.database)).signals).toBe(before.signals + 3);
      // Not a UUID: a 400 naming the header, nothing stored.
      const bad = await send(reporter, input, 'x'.repeat(300));
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json())).toContain('idempotency-key');
      expect((await signalDataCounts(ctx.database)).signals).toBe(before.signals + 3);
      // The key itself is not stored, only a keyed hash of user and key.
      const stored = await ctx.database.db.execute(sql`select key_hash from signal_submissions`);
      expect(JSON.stringify(stored)).not.toContain(key);
    });

    it('stores every field of the form (Bijlage 7 plus route fields) and shows them to the coordinator', async () => {
      const input = buildSignal({
        observedOn: '2026-11-27',
        observedTime: '23:05',
        place: 'Huisbezoek Jaarsveld',
        explanation: '  Acht matrassen in een eengezinswoning; bewoners betalen huur via hun loon.  ',
        exploitationForms: ['labour', 'sexual', 'labour'],
        acuteDanger: true,
        victimInvolved: 'yes',
        sourceContext: 'home_visit',
        persons: [
          { fullName: 'P. Kowalski', role: 'hoofdbewoner', email: 'p.k@voorbeeld.nl', phone: '+31 348 551 111' },
          { fullName: 'Onbekende man' },
        ],
        organisations: [{ name: 'Flex Uitzend BV', kvkNumber: '87654321' }, { name: 'Zonder KvK' }],
        addresses: [
          { postcode: '3411ab', houseNumber: 12, addition: 'bis' },
          { postcode: '3405 XY', houseNumber: 1 },
        ],
      });
      const created = await submitSignal(reporter, input);
      const d = await detail(created.id);
      expect(d).toMatchObject({
        id: created.id,
        number: created.number,
        state: 'received',
        receivedAt: '2026-11-28T10:00:00.000Z',
        acuteDanger: true,
        victimInvolved: 'yes',
        exploitationForms: ['labour', 'sexual'],
        departmentName: 'Burgerzaken / Dienstverlening',
        forMeeting: false,
        outcome: null,
        reporterInformed: false,
        registeredAt: null,
        closedAt: null,
        allowedActions: ['register'],
        reporter: { id: ctx.userIds.reporter, displayName: TEST_USERS.reporter.displayName, email: TEST_USERS.reporter.email },
        submittedBy: null,
      });
      expect(d.content).toMatchObject({
        observedOn: '2026-11-27',
        observedTime: '23:05',
        place: 'Huisbezoek Jaarsveld',
        explanation: 'Acht matrassen in een eengezinswoning; bewoners betalen huur via hun loon.',
        sourceContext: 'home_visit',
        persons: [
          { fullName: 'P. Kowalski', role: 'hoofdbewoner', email: 'p.k@voorbeeld.nl', phone: '+31 348 551 111' },
          { fullName: 'Onbekende man', role: null, email: null, phone: null },
        ],
        organisations: [
          { name: 'Flex Uitzend BV', kvkNumber: '87654321' },
          { name: 'Zonder KvK', kvkNumber: null },
        ],
        addresses: [
          { postcode: '3411 AB', houseNumber: 12, addition: 'bis' },
          { postcode: '3405 XY', houseNumber: 1, addition: null },
        ],
      });
      expect(d.history).toEqual([
        // The submission's history entry names no one: who reported is kept encrypted on the signal (d.reporter).
        expect.objectContaining({ action: 'submit', fromState: null, toState: 'received', actor: null }),
      ]);
      expect(d.reporter).toMatchObject({ id: ctx.userIds.reporter, displayName: TEST_USERS.reporter.displayName });
    });

    it('records "unknown" when no exploitation form was chosen, and accepts a minimal form', async () => {
      const created = await submitSignal(reporter, { exploitationForms: [], persons: [], organisations: [], addresses: [], place: undefined, observedTime: undefined, sourceContext: undefined });
      const d = await detail(created.id);
      expect(d.exploitationForms).toEqual(['unknown']);
      expect(d.content).toMatchObject({ persons: [], organisations: [], addresses: [], place: null, observedTime: null, sourceContext: null });
    });

    it('shows the reporter their own signal with what they submitted', async () => {
      const created = await submitSignal(reporter, { place: 'Balie 3' });
      const own = expectStatus(await reporter.get(`/api/my/signals/${created.id}`), 200).json();
      expect(own).toMatchObject({ id: created.id, number: created.number, status: 'received', reportedFor: null, feedback: [] });
      expect(own.content.place).toBe('Balie 3');
      const list = expectStatus(await reporter.get('/api/my/signals'), 200).json();
      expect(list.find((r: { id: string }) => r.id === created.id)).toMatchObject({ status: 'received', hasFeedback: false, reportedFor: null });
    });

    it('lets a liaison submit on behalf of a colleague of their department', async () => {
      const created = await submitSignal(liaison, { onBehalfOfUserId: ctx.userIds.colleague, place: 'namens collega' });
      const d = await detail(created.id);
      expect(d.reporter).toMatchObject({ id: ctx.userIds.colleague, displayName: TEST_USERS.colleague.displayName });
      expect(d.submittedBy).toMatchObject({ id: ctx.userIds.liaison, displayName: TEST_USERS.liaison.displayName });
      expect(d.departmentName).toBe('Burgerzaken / Dienstverlening');
      // The colleague sees it as their own; the liaison sees for whom they submitted it.
      const colleague = await ctx.login('colleague');
      const colleagueRow = expectStatus(await colleague.get('/api/my/signals'), 200).json().find((r: { id: string }) => r.id === created.id);
      expect(colleagueRow).toMatchObject({ reportedFor: null });
      const liaisonRow = expectStatus(await liaison.get('/api/my/signals'), 200).json().find((r: { id: string }) => r.id === created.id);
      expect(liaisonRow).toMatchObject({ reportedFor: TEST_USERS.colleague.displayName });
      expect(expectStatus(await liaison.get(`/api/my/signals/${created.id}`), 200).json().reportedFor).toBe(TEST_USERS.colleague.displayName);
    });

    it('refuses on-behalf submissions for someone outside the department, inactive, unknown, or by a non-liaison — storing nothing', async () => {
      const inactiveId = await addUser(ctx, { username: 'gone-colleague', displayName: 'Gone Colleague', role: 'reporter', department: 'dienstverlening' });
      await ctx.database.db.update(users).set({ active: false }).where(eq(users.id, inactiveId));
      const before = await signalDataCounts(ctx.database);
      for (const onBehalfOfUserId of [ctx.userIds.reporter2, inactiveId, ctx.userIds.coordinator, '00000000-0000-4000-8000-000000000000']) {
        const res = await liaison.post('/api/signals', buildSignal({ onBehalfOfUserId }));
        expect(res.statusCode).toBe(400);
        expect(res.json().fields).toEqual([{ path: 'onBehalfOfUserId', key: 'v.id', message: 'Kies een collega van uw eigen afdeling.' }]);
      }
      const byReporter = await reporter.post('/api/signals', buildSignal({ onBehalfOfUserId: ctx.userIds.colleague }));
      expect(byReporter.statusCode).toBe(403);
      expect(await signalDataCounts(ctx.database)).toEqual(before);
    });

    it('only reporters, liaisons and the coordinator can report', async () => {
      for (const role of ['meldcode', 'analyst', 'admin'] as const) {
        const client = await ctx.login(role);
        expect((await client.post('/api/signals', buildSignal())).statusCode).toBe(403);
      }
      expect((await coordinator.post('/api/signals', buildSignal())).statusCode).toBe(201);
    });

    it('refuses an invalid submission with field-level Dutch messages (one per field) and stores nothing, not even a number', async () => {
      const before = await signalDataCounts(ctx.database);
      const res = await reporter.post('/api/signals', {
        ...buildSignal(),
        observedOn: '2026-13-01',
        explanation: '',
        persons: [{ fullName: 'Goed' }, { fullName: 'Jan', email: 'geen-adres' }],
        addresses: [{ postcode: '12345', houseNumber: 7 }],
        organisations: [{ name: 'X', kvkNumber: '12' }],
      });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.code).toBe('validation');
      expect(body.message).toBe('De invoer is niet geldig. Controleer de gemarkeerde velden.');
      const byPath = Object.fromEntries(body.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
      expect(byPath).toMatchObject({
        observedOn: 'Vul een datum in als JJJJ-MM-DD.',
        explanation: 'Beschrijf kort wat u heeft gezien of gehoord.',
        'persons.1.email': 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.',
        'addresses.0.postcode': 'Vul een postcode in als 1234 AB.',
        'organisations.0.kvkNumber': 'Een KvK-nummer bestaat uit 8 cijfers.',
      });
      // An impossible date is a wrong date, not also "in the future".
      expect(body.fields.filter((f: { path: string }) => f.path === 'observedOn')).toHaveLength(1);
      expect(await signalDataCounts(ctx.database)).toEqual(before);
    });

    it('validates with the same zod schema and messages as the form in the browser', async () => {
      const inputs: unknown[] = [
        {},
        { ...buildSignal(), explanation: 'x'.repeat(10_001), place: 'y'.repeat(201) },
        { ...buildSignal(), observedOn: '2999-01-01', observedTime: '7 uur', sourceContext: 'kantine' },
        { ...buildSignal(), persons: [{ fullName: '' , email: 'x@', phone: 'bel maar' }], organisations: [{ name: 'X', kvkNumber: 'abc' }] },
        { ...buildSignal(), addresses: [{ postcode: '1234', houseNumber: -1 }, { postcode: '3411 AB', houseNumber: 100_000 }] },
        { ...buildSignal(), exploitationForms: ['sexual', 'gokken'], victimInvolved: 'misschien', acuteDanger: 'ja' },
      ];
      for (const input of inputs) {
        const parsed = signalInput.safeParse(input);
        expect(parsed.success).toBe(false);
        const res = await reporter.post('/api/signals', input);
        expect(res.statusCode).toBe(400);
        expect(res.json().fields, JSON.stringify(input).slice(0, 120)).toEqual(toFieldErrors(parsed.error!.issues));
      }
    });

    it('rolls back completely when the database refuses part of a signal, and the numbering has no gap', async () => {
      const last = await submitSignal(reporter);
      const before = await signalDataCounts(ctx.database);
      // A trigger makes the database refuse the second person, after the signal row and its number were written.
      await ctx.database.db.execute(sql.raw(`
        create function test_refuse_second_person() returns trigger language plpgsql as $$
        begin if new.position = 1 then raise exception 'refused by test' using errcode = '22021'; end if; return new; end $$`));
      await ctx.database.db.execute(
        sql.raw('create trigger test_refuse_second_person before insert on signal_persons for each row execute function test_refuse_second_person()'),
      );
      try {
        const res = await reporter.post('/api/signals', buildSignal({ persons: [{ fullName: 'Eerste' }, { fullName: 'Tweede' }] }));
        expect(res.statusCode).toBe(400);
        expect(await signalDataCounts(ctx.database)).toEqual(before);
      } finally {
        await ctx.database.db.execute(sql.raw('drop trigger test_refuse_second_person on signal_persons'));
        await ctx.database.db.execute(sql.raw('drop function test_refuse_second_person()'));
      }
      const next = await submitSignal(reporter);
      const seq = (n: string) => Number(n.split('-')[2]);
      expect(seq(next.number)).toBe(seq(last.number) + 1);
    });
  });

  describe('steps 2-3: the coordinator receives and records', () => {
    it('lists new signals with the acute ones on top, in the inbox and in the full list', async () => {
      const calm = await submitSignal(reporter, { acuteDanger: false });
      const acute = await submitSignal(reporter, { acuteDanger: true });
      const calmLater = await submitSignal(reporter, { acuteDanger: false });
      const worklist = expectStatus(await coordinator.get('/api/worklist'), 200).json();
      const ids = worklist.newSignals.map((s: { id: string }) => s.id);
      expect(ids).toEqual(expect.arrayContaining([calm.id, acute.id, calmLater.id]));
      const firstCalm = worklist.newSignals.findIndex((s: { acuteDanger: boolean }) => !s.acuteDanger);
      const lastAcute = worklist.newSignals.findLastIndex((s: { acuteDanger: boolean }) => s.acuteDanger);
      expect(lastAcute).toBeLessThan(firstCalm);
      expect(worklist.acuteSignals.map((s: { id: string }) => s.id)).toContain(acute.id);
      expect(worklist.acuteSignals.map((s: { id: string }) => s.id)).not.toContain(calm.id);
      const all = expectStatus(await coordinator.get('/api/signals'), 200).json();
      expect(all[0].acuteDanger).toBe(true);
      expect(all.every((s: { state: string }) => ['received', 'registered', 'referred', 'closed'].includes(s.state))).toBe(true);
    });

    it('registers a received signal once; a second time is refused by the transition table', async () => {
      const created = await submitSignal(reporter);
      ctx.clock.set('2026-11-28T10:05:00Z');
      expectStatus(await coordinator.post(`/api/signals/${created.id}/register`), 204);
      ctx.clock.set('2026-11-28T10:00:00Z');
      const d = await detail(created.id);
      expect(d).toMatchObject({ state: 'registered', registeredAt: '2026-11-28T10:05:00.000Z', allowedActions: ['refer', 'close'] });
      expect(d.history.at(-1)).toMatchObject({
        action: 'register',
        fromState: 'received',
        toState: 'registered',
        reason: null,
        actor: { id: ctx.userIds.coordinator, displayName: TEST_USERS.coordinator.displayName },
        at: '2026-11-28T10:05:00.000Z',
      });
      const again = await coordinator.post(`/api/signals/${created.id}/register`);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'transition_not_allowed', message: expect.stringContaining('niet toegestaan') });
      expect((await detail(created.id)).history).toHaveLength(2);
      // The worklist's new-signal section no longer holds it; the state filter does.
      const worklist = expectStatus(await coordinator.get('/api/worklist'), 200).json();
      expect(worklist.newSignals.map((s: { id: string }) => s.id)).not.toContain(created.id);
      const registered = expectStatus(await coordinator.get('/api/signals?state=registered'), 200).json();
      expect(registered.map((s: { id: string }) => s.id)).toContain(created.id);
      expect(registered.every((s: { state: string }) => s.state === 'registered')).toBe(true);
    });

    it('lets only one of two simultaneous registrations through, recording one transition', async () => {
      const created = await submitSignal(reporter);
      const second = await ctx.login('coordinator');
      const results = await Promise.all([coordinator.post(`/api/signals/${created.id}/register`), second.post(`/api/signals/${created.id}/register`)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([204, 409]);
      expect(['transition_not_allowed', 'concurrent_change']).toContain(results.find((r) => r.statusCode === 409)!.json().code);
      const d = await detail(created.id);
      expect(d.history.filter((h: { action: string }) => h.action === 'register')).toHaveLength(1);
    });

    it('corrects the classification while recording', async () => {
      const created = await registeredSignal(reporter, coordinator, { exploitationForms: ['unknown'], victimInvolved: 'unknown' });
      expectStatus(await coordinator.patch(`/api/signals/${created.id}/classification`, { exploitationForms: ['criminal'], victimInvolved: 'yes', sourceContext: null }), 204);
      const d = await detail(created.id);
      expect(d).toMatchObject({ exploitationForms: ['criminal'], victimInvolved: 'yes', content: { sourceContext: null } });
      expect(d.history.at(-1)).toMatchObject({ action: 'classify', fromState: 'registered', toState: 'registered' });
    });

    it('adds enrichment notes with department, source and finding', async () => {
      const created = await registeredSignal(reporter, coordinator);
      expectStatus(
        await coordinator.post(`/api/signals/${created.id}/enrichment-notes`, { departmentId: ctx.departmentIds['toezicht-handhaving'], sourceSystem: 'Squit', finding: 'Eerder handhavingsdossier op dit adres (2024).' }),
        204,
      );
      ctx.clock.set('2026-11-28T10:01:00Z');
      expectStatus(await coordinator.post(`/api/signals/${created.id}/enrichment-notes`, { sourceSystem: 'BRP', finding: 'Twee personen ingeschreven.' }), 204);
      ctx.clock.set('2026-11-28T10:00:00Z');
      const d = await detail(created.id);
      expect(d.enrichmentNotes).toEqual([
        expect.objectContaining({ departmentName: 'Toezicht en Handhaving', sourceSystem: 'Squit', finding: 'Eerder handhavingsdossier op dit adres (2024).', author: { id: ctx.userIds.coordinator, displayName: TEST_USERS.coordinator.displayName } }),
        expect.objectContaining({ departmentName: null, sourceSystem: 'BRP', finding: 'Twee personen ingeschreven.' }),
      ]);
      const unknownDepartment = await coordinator.post(`/api/signals/${created.id}/enrichment-notes`, { departmentId: '00000000-0000-4000-8000-000000000000', sourceSystem: 'X', finding: 'Y' });
      expect(unknownDepartment.statusCode).toBe(400);
      expect(unknownDepartment.json().fields[0].path).toBe('departmentId');
      expect((await detail(created.id)).enrichmentNotes).toHaveLength(2);
    });

    it('marks a signal for the meeting and takes it off again', async () => {
      const created = await registeredSignal(reporter, coordinator);
      expectStatus(await coordinator.put(`/api/signals/${created.id}/meeting`, { forMeeting: true, meetingNote: 'Bespreken in lokaal ondermijningsoverleg' }), 204);
      expect(await detail(created.id)).toMatchObject({ forMeeting: true, meetingNote: 'Bespreken in lokaal ondermijningsoverleg' });
      let worklist = expectStatus(await coordinator.get('/api/worklist'), 200).json();
      expect(worklist.forMeeting.map((s: { id: string }) => s.id)).toContain(created.id);
      expectStatus(await coordinator.put(`/api/signals/${created.id}/meeting`, { forMeeting: false }), 204);
      expect(await detail(created.id)).toMatchObject({ forMeeting: false, meetingNote: null });
      worklist = expectStatus(await coordinator.get('/api/worklist'), 200).json();
      expect(worklist.forMeeting.map((s: { id: string }) => s.id)).not.toContain(created.id);
      expect((await detail(created.id)).history.map((h: { action: string }) => h.action)).toEqual(['submit', 'register', 'mark_for_meeting', 'unmark_for_meeting']);
    });

    it('lets only the coordinator work a signal', async () => {
      const created = await submitSignal(reporter);
      for (const key of ['reporter', 'liaison', 'meldcode', 'analyst', 'admin'] as const) {
        const client = await ctx.login(key);
        expect((await client.post(`/api/signals/${created.id}/register`)).statusCode).toBe(403);
        expect((await client.put(`/api/signals/${created.id}/meeting`, { forMeeting: true })).statusCode).toBe(403);
        expect((await client.post(`/api/signals/${created.id}/enrichment-notes`, { sourceSystem: 'X', finding: 'Y' })).statusCode).toBe(403);
        expect((await client.patch(`/api/signals/${created.id}/classification`, { acuteDanger: true })).statusCode).toBe(403);
      }
      const d = await detail(created.id);
      expect(d).toMatchObject({ state: 'received', forMeeting: false, acuteDanger: false, enrichmentNotes: [] });
    });
  });

  describe('steps 6-7: feed back to the reporter and close', () => {
    it('asks to register before feeding back, and to feed back before closing', async () => {
      const created = await submitSignal(reporter);
      const early = await coordinator.post(`/api/signals/${created.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Dank' });
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('not_registered');
      const closeReceived = await coordinator.post(`/api/signals/${created.id}/close`, { outcome: 'no_grounds' });
      expect(closeReceived.statusCode).toBe(409);
      expect(closeReceived.json().code).toBe('transition_not_allowed');
      expectStatus(await coordinator.post(`/api/signals/${created.id}/register`), 204);
      const notInformed = await coordinator.post(`/api/signals/${created.id}/close`, { outcome: 'no_grounds' });
      expect(notInformed.statusCode).toBe(409);
      expect(notInformed.json()).toMatchObject({ code: 'reporter_not_informed', message: expect.stringContaining('stap 6') });
      expect((await detail(created.id)).state).toBe('registered');
    });

    it('shows the feedback to the reporter, and closes with an outcome; every transition is in the history', async () => {
      const created = await registeredSignal(reporter, coordinator);
      expectStatus(
        await coordinator.post(`/api/signals/${created.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Dank voor uw melding; wij hebben dit besproken met de politie.' }),
        204,
      );
      const own = expectStatus(await reporter.get(`/api/my/signals/${created.id}`), 200).json();
      expect(own.status).toBe('in_progress');
      expect(own.feedback).toEqual([{ givenOn: '2026-11-28', text: 'Dank voor uw melding; wij hebben dit besproken met de politie.' }]);
      const row = expectStatus(await reporter.get('/api/my/signals'), 200).json().find((r: { id: string }) => r.id === created.id);
      expect(row.hasFeedback).toBe(true);

      const referredWithout = await coordinator.post(`/api/signals/${created.id}/close`, { outcome: 'referred' });
      expect(referredWithout.statusCode).toBe(400);
      expect(referredWithout.json().fields[0]).toMatchObject({ path: 'outcome' });

      ctx.clock.set('2026-11-28T10:20:00Z');
      expectStatus(await coordinator.post(`/api/signals/${created.id}/close`, { outcome: 'no_grounds', reason: 'Geen aanwijzingen na verrijking.' }), 204);
      ctx.clock.set('2026-11-28T10:00:00Z');
      const d = await detail(created.id);
      expect(d).toMatchObject({ state: 'closed', outcome: 'no_grounds', closedAt: '2026-11-28T10:20:00.000Z', reporterInformed: true, allowedActions: ['reopen'] });
      expect(d.history.map((h: { action: string; fromState: string | null; toState: string | null }) => [h.action, h.fromState, h.toState])).toEqual([
        ['submit', null, 'received'],
        ['register', 'received', 'registered'],
        ['reporter_feedback', 'registered', 'registered'],
        ['close', 'registered', 'closed'],
      ]);
      expect(d.history.at(-1)).toMatchObject({ reason: 'Geen aanwijzingen na verrijking.', actor: { id: ctx.userIds.coordinator }, at: '2026-11-28T10:20:00.000Z' });
      expect(expectStatus(await reporter.get(`/api/my/signals/${created.id}`), 200).json().status).toBe('closed');
    });

    it('counts "informing was impossible" as step 6 but does not show it to the reporter', async () => {
      const created = await registeredSignal(reporter, coordinator);
      expectStatus(await coordinator.post(`/api/signals/${created.id}/reporter-feedback`, { impossible: true, givenOn: '2026-11-28', reason: 'Melder is uit dienst.' }), 204);
      expect(expectStatus(await reporter.get(`/api/my/signals/${created.id}`), 200).json().feedback).toEqual([]);
      expectStatus(await coordinator.post(`/api/signals/${created.id}/close`, { outcome: 'insufficient_information' }), 204);
      expect((await detail(created.id)).reporterFeedback).toEqual([expect.objectContaining({ impossible: true, text: 'Melder is uit dienst.' })]);
    });

    it('closes a duplicate only with the number of another existing signal', async () => {
      const original = await submitSignal(reporter);
      const copy = await registeredSignal(reporter, coordinator);
      expectStatus(await coordinator.post(`/api/signals/${copy.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Al bekend.' }), 204);
      for (const duplicateOf of [undefined, copy.number, 'MH-2026-9999']) {
        const res = await coordinator.post(`/api/signals/${copy.id}/close`, { outcome: 'duplicate', duplicateOf });
        expect(res.statusCode).toBe(400);
        expect(res.json().fields[0].path).toBe('duplicateOf');
      }
      expectStatus(await coordinator.post(`/api/signals/${copy.id}/close`, { outcome: 'duplicate', duplicateOf: original.number }), 204);
      expect(await detail(copy.id)).toMatchObject({ state: 'closed', outcome: 'duplicate', duplicateOf: original.number });
    });

    it('refuses work on a closed signal, and reopens it only with a reason', async () => {
      const created = await registeredSignal(reporter, coordinator);
      await coordinator.post(`/api/signals/${created.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Dank.' });
      expectStatus(await coordinator.post(`/api/signals/${created.id}/close`, { outcome: 'no_grounds' }), 204);

      for (const res of [
        await coordinator.post(`/api/signals/${created.id}/register`),
        await coordinator.post(`/api/signals/${created.id}/close`, { outcome: 'no_grounds' }),
        await coordinator.post(`/api/signals/${created.id}/enrichment-notes`, { sourceSystem: 'X', finding: 'Y' }),
        await coordinator.patch(`/api/signals/${created.id}/classification`, { acuteDanger: true }),
        await coordinator.post(`/api/signals/${created.id}/referrals`, { partnerId: partners.moviera, referredOn: '2026-11-28', channel: 'phone' }),
      ]) {
        expect(res.statusCode).toBe(409);
      }
      const noReason = await coordinator.post(`/api/signals/${created.id}/reopen`, {});
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().fields).toEqual([{ path: 'reason', key: 'v.required', message: 'Dit veld is verplicht.' }]);
      expectStatus(await coordinator.post(`/api/signals/${created.id}/reopen`, { reason: 'Nieuwe informatie van de wijkagent.' }), 204);
      const d = await detail(created.id);
      expect(d).toMatchObject({ state: 'registered', outcome: null, closedAt: null, allowedActions: ['refer', 'close'] });
      expect(d.history.at(-1)).toMatchObject({ action: 'reopen', fromState: 'closed', toState: 'registered', reason: 'Nieuwe informatie van de wijkagent.' });
      const reopenAgain = await coordinator.post(`/api/signals/${created.id}/reopen`, { reason: 'nogmaals' });
      expect(reopenAgain.statusCode).toBe(409);
      expect(reopenAgain.json().code).toBe('transition_not_allowed');
    });

    it('lists referred signals whose reporter has not been informed yet, until feedback is recorded', async () => {
      const created = await registeredSignal(reporter, coordinator);
      expectStatus(await coordinator.post(`/api/signals/${created.id}/referrals`, { partnerId: partners.moviera, referredOn: '2026-11-28', channel: 'secure_email' }), 201);
      let worklist = expectStatus(await coordinator.get('/api/worklist'), 200).json();
      expect(worklist.reporterToInform.map((s: { id: string }) => s.id)).toContain(created.id);
      await coordinator.post(`/api/signals/${created.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Doorgezet naar de zorgcoördinator.' });
      worklist = expectStatus(await coordinator.get('/api/worklist'), 200).json();
      expect(worklist.reporterToInform.map((s: { id: string }) => s.id)).not.toContain(created.id);
      expectStatus(await coordinator.post(`/api/signals/${created.id}/close`, { outcome: 'referred' }), 204);
    });
  });

  it('numbers signals per year by the municipality clock (runs last: moves the clock)', async () => {
    ctx.clock.set('2027-01-01T00:30:00+01:00');
    try {
      const fresh = await loginWith(ctx, 'reporter');
      const created = await submitSignal(fresh);
      expect(created.number).toBe('MH-2027-0001');
    } finally {
      ctx.clock.set('2026-11-28T10:00:00Z');
    }
  });
});
