import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/clock.js';
import { expectStatus, partnerIds, registeredSignal, routingRuleIds, submitSignal } from '../../testing/helpers.js';
import { createTestContext, loginWith, TEST_USERS, type Client, type TestContext } from '../../testing/test-app.js';

type Referral = {
  id: string;
  state: string;
  feedbackDueOn: string;
  overdue: boolean;
  allowedActions: string[];
  partner: { id: string; name: string; kind: string };
  feedbackText: string | null;
  feedbackBy: { id: string; displayName: string } | null;
};

/** Steps 4-5: referral suggestions from the routing rules, referrals and their feedback, consulting the meldcode officer. */
describe('referrals', () => {
  let ctx: TestContext;
  let reporter: Client;
  let coordinator: Client;
  let meldcode: Client;
  let partners: Record<string, string>;
  let rules: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestContext();
    [reporter, coordinator, meldcode] = await Promise.all([ctx.login('reporter'), ctx.login('coordinator'), ctx.login('meldcode')]);
    partners = await partnerIds(ctx.database, ctx.municipality.id);
    rules = await routingRuleIds(ctx.database, ctx.municipality.id);
  });
  afterAll(async () => ctx.close());

  const detail = async (id: string) => expectStatus(await coordinator.get(`/api/signals/${id}`), 200, 'detail').json();
  const suggestions = async (id: string) => expectStatus(await coordinator.get(`/api/signals/${id}/referral-suggestions`), 200, 'suggestions').json();
  const refer = async (signalId: string, body: Record<string, unknown>): Promise<Referral> =>
    expectStatus(await coordinator.post(`/api/signals/${signalId}/referrals`, { referredOn: '2026-11-28', channel: 'secure_email', ...body }), 201, 'refer').json();

  describe('suggestions from the routing rules', () => {
    it('acute danger → police AVIM at once; victim → meldcode officer first, then Veilig Thuis; labour → NLA; always → zorgcoördinator', async () => {
      const s = await registeredSignal(reporter, coordinator, { acuteDanger: true, victimInvolved: 'yes', exploitationForms: ['labour'] });
      const list = await suggestions(s.id);
      expect(list.map((x: { partner: { id: string }; urgency: string; ruleId: string; alreadyReferred: boolean }) => [x.partner.id, x.urgency, x.ruleId, x.alreadyReferred])).toEqual([
        [partners['politie-avim'], 'immediate', rules['politie-avim'], false],
        [partners.meldcode, 'consult_first', rules.meldcode, false],
        [partners['veilig-thuis'], 'consult_first', rules['veilig-thuis'], false],
        [partners.nla, 'normal', rules.nla, false],
        [partners.moviera, 'normal', rules.moviera, false],
      ]);
      expect(list[0]).toMatchObject({ partner: { name: 'Politie – AVIM', kind: 'external' }, reason: 'Acuut gevaar: direct de politie (AVIM) inschakelen' });
      expect(list[1].partner.kind).toBe('internal_role');
    });

    it('suggests only the zorgcoördinator for a signal without acute danger, victim or labour', async () => {
      const s = await registeredSignal(reporter, coordinator, { acuteDanger: false, victimInvolved: 'unknown', exploitationForms: ['sexual'] });
      expect((await suggestions(s.id)).map((x: { partner: { id: string } }) => x.partner.id)).toEqual([partners.moviera]);
    });

    it('follows a corrected classification', async () => {
      const s = await registeredSignal(reporter, coordinator, { acuteDanger: false, exploitationForms: ['sexual'] });
      expectStatus(await coordinator.patch(`/api/signals/${s.id}/classification`, { acuteDanger: true }), 204);
      expect((await suggestions(s.id))[0].partner.id).toBe(partners['politie-avim']);
    });

    it('are for the coordinator only', async () => {
      const s = await submitSignal(reporter);
      for (const key of ['reporter', 'liaison', 'meldcode', 'analyst', 'admin'] as const) {
        const client = await ctx.login(key);
        expect((await client.get(`/api/signals/${s.id}/referral-suggestions`)).statusCode).toBe(403);
      }
    });
  });

  describe('referring (accept, change, add)', () => {
    it('accepts a suggestion: records partner, date, channel, shared parts and the default feedback date (28 days)', async () => {
      const s = await registeredSignal(reporter, coordinator, { exploitationForms: ['labour'] });
      const r = await refer(s.id, {
        partnerId: partners.nla,
        routingRuleId: rules.nla,
        referredOn: '2026-11-27',
        channel: 'secure_email',
        sharedParts: ['explanation', 'organisations', 'explanation'],
        sharedNote: 'Alleen bedrijfsgegevens gedeeld.',
      });
      expect(r).toMatchObject({
        signalId: s.id,
        signalNumber: s.number,
        partner: { id: partners.nla, name: 'Nederlandse Arbeidsinspectie (NLA)', kind: 'external' },
        state: 'sent',
        referredOn: '2026-11-27',
        channel: 'secure_email',
        sharedParts: ['explanation', 'organisations'],
        sharedNote: 'Alleen bedrijfsgegevens gedeeld.',
        feedbackDueOn: '2026-12-25',
        feedbackRequestedOn: null,
        feedbackReceivedOn: null,
        overdue: false,
        allowedActions: ['request_feedback', 'record_feedback', 'close'],
      });
      const d = await detail(s.id);
      expect(d.state).toBe('referred');
      expect(d.referrals.map((x: Referral) => x.id)).toEqual([r.id]);
      expect(d.history.slice(-2).map((h: { action: string; fromState: string | null; toState: string | null; referralId: string | null }) => [h.action, h.fromState, h.toState, h.referralId])).toEqual([
        ['referral_create', null, 'sent', r.id],
        ['refer', 'registered', 'referred', null],
      ]);
      const after = await suggestions(s.id);
      expect(after.find((x: { partner: { id: string } }) => x.partner.id === partners.nla).alreadyReferred).toBe(true);
      expect(after.find((x: { partner: { id: string } }) => x.partner.id === partners.moviera).alreadyReferred).toBe(false);
    });

    it('changes and adds: refers to a partner that was not suggested, and to several partners', async () => {
      const s = await registeredSignal(reporter, coordinator, { exploitationForms: ['sexual'] });
      await refer(s.id, { partnerId: partners.riec, channel: 'meeting', feedbackDueOn: '2026-12-10' });
      const second = await refer(s.id, { partnerId: partners.moviera, routingRuleId: rules.moviera });
      expect(second.feedbackDueOn).toBe('2026-12-26');
      const d = await detail(s.id);
      expect(d.state).toBe('referred');
      expect(d.referrals.map((x: Referral) => [x.partner.id, x.feedbackDueOn])).toEqual([
        [partners.riec, '2026-12-10'],
        [partners.moviera, '2026-12-26'],
      ]);
      // The signal moved to "referred" once.
      expect(d.history.filter((h: { action: string }) => h.action === 'refer')).toHaveLength(1);
    });

    it('uses the municipality setting for the default feedback term', async () => {
      const admin = await ctx.login('admin');
      expectStatus(await admin.patch('/api/admin/settings', { feedbackDueDays: 14 }), 200);
      try {
        const s = await registeredSignal(reporter, coordinator);
        expect((await refer(s.id, { partnerId: partners.moviera, referredOn: '2026-11-20' })).feedbackDueOn).toBe('2026-12-04');
      } finally {
        expectStatus(await admin.patch('/api/admin/settings', { feedbackDueDays: 28 }), 200);
      }
    });

    it('refuses bad referrals with a clear 4xx and writes nothing', async () => {
      const received = await submitSignal(reporter);
      const notRegistered = await coordinator.post(`/api/signals/${received.id}/referrals`, { partnerId: partners.moviera, referredOn: '2026-11-28', channel: 'phone' });
      expect(notRegistered.statusCode).toBe(409);
      expect(notRegistered.json().code).toBe('not_registered');

      const s = await registeredSignal(reporter, coordinator);
      const cases: [Record<string, unknown>, string][] = [
        [{ partnerId: '00000000-0000-4000-8000-000000000000' }, 'partnerId'],
        [{ partnerId: partners.moviera, routingRuleId: '00000000-0000-4000-8000-000000000000' }, 'routingRuleId'],
        [{ partnerId: partners.moviera, feedbackDueOn: '2026-11-01' }, 'feedbackDueOn'],
        [{ partnerId: partners.moviera, channel: 'carrier_pigeon' }, 'channel'],
        [{ partnerId: partners.moviera, sharedParts: ['reporter_identity'] }, 'sharedParts.0'],
        [{ partnerId: partners.moviera, referredOn: '2999-01-01' }, 'referredOn'],
      ];
      for (const [body, path] of cases) {
        const res = await coordinator.post(`/api/signals/${s.id}/referrals`, { referredOn: '2026-11-28', channel: 'phone', ...body });
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().fields.map((f: { path: string }) => f.path)).toContain(path);
      }
      const d = await detail(s.id);
      expect(d).toMatchObject({ state: 'registered', referrals: [] });
    });

    it('refuses an inactive partner', async () => {
      const admin = await ctx.login('admin');
      expectStatus(await admin.patch(`/api/admin/partners/${partners.fairwork}`, { active: false }), 200);
      const s = await registeredSignal(reporter, coordinator);
      const res = await coordinator.post(`/api/signals/${s.id}/referrals`, { partnerId: partners.fairwork, referredOn: '2026-11-28', channel: 'phone' });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields[0]).toMatchObject({ path: 'partnerId', message: 'Kies een ketenpartner uit de lijst.' });
      expectStatus(await admin.patch(`/api/admin/partners/${partners.fairwork}`, { active: true }), 200);
    });
  });

  describe('referral states: sent → feedback requested → feedback received → closed', () => {
    it('moves along the table, records every step in the history, and refuses forbidden transitions', async () => {
      const s = await registeredSignal(reporter, coordinator);
      const r = await refer(s.id, { partnerId: partners.moviera });
      const referralOf = async () => (await detail(s.id)).referrals.find((x: Referral) => x.id === r.id);

      expectStatus(await coordinator.post(`/api/referrals/${r.id}/request-feedback`, { requestedOn: '2026-11-28', note: 'Gebeld' }), 204);
      expect(await referralOf()).toMatchObject({ state: 'feedback_requested', feedbackRequestedOn: '2026-11-28' });
      // Asking again (a reminder) is allowed.
      expectStatus(await coordinator.post(`/api/referrals/${r.id}/request-feedback`, { requestedOn: '2026-11-28' }), 204);

      expectStatus(await coordinator.post(`/api/referrals/${r.id}/feedback`, { receivedOn: '2026-11-28', text: 'Zorgtraject gestart.' }), 204);
      expect(await referralOf()).toMatchObject({
        state: 'feedback_received',
        feedbackReceivedOn: '2026-11-28',
        feedbackText: 'Zorgtraject gestart.',
        feedbackBy: { id: ctx.userIds.coordinator, displayName: TEST_USERS.coordinator.displayName },
        allowedActions: ['close'],
      });

      for (const [url, body] of [
        [`/api/referrals/${r.id}/request-feedback`, { requestedOn: '2026-11-28' }],
        [`/api/referrals/${r.id}/feedback`, { receivedOn: '2026-11-28', text: 'Nogmaals' }],
      ] as const) {
        const res = await coordinator.post(url, body);
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ code: 'transition_not_allowed', message: expect.stringContaining('niet toegestaan') });
      }

      expectStatus(await coordinator.post(`/api/referrals/${r.id}/close`, { reason: 'Afgerond' }), 204);
      expect(await referralOf()).toMatchObject({ state: 'closed', allowedActions: [], feedbackText: 'Zorgtraject gestart.' });
      const closeAgain = await coordinator.post(`/api/referrals/${r.id}/close`, {});
      expect(closeAgain.statusCode).toBe(409);

      const history = (await detail(s.id)).history.filter((h: { referralId: string | null }) => h.referralId === r.id);
      expect(history.map((h: { action: string; fromState: string; toState: string; reason: string | null }) => [h.action, h.fromState, h.toState, h.reason])).toEqual([
        ['referral_create', null, 'sent', null],
        ['referral_request_feedback', 'sent', 'feedback_requested', 'Gebeld'],
        ['referral_request_feedback', 'feedback_requested', 'feedback_requested', null],
        ['referral_record_feedback', 'feedback_requested', 'feedback_received', null],
        ['referral_close', 'feedback_received', 'closed', 'Afgerond'],
      ]);
      for (const h of history) expect(h.actor.id).toBe(ctx.userIds.coordinator);
    });

    it('refuses referral updates once the signal is closed, and unknown referral ids', async () => {
      const s = await registeredSignal(reporter, coordinator);
      const r = await refer(s.id, { partnerId: partners.moviera });
      await coordinator.post(`/api/signals/${s.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Doorgezet.' });
      expectStatus(await coordinator.post(`/api/signals/${s.id}/close`, { outcome: 'referred' }), 204);
      const res = await coordinator.post(`/api/referrals/${r.id}/feedback`, { receivedOn: '2026-11-28', text: 'Te laat' });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('signal_closed');
      expect((await coordinator.post('/api/referrals/00000000-0000-4000-8000-000000000000/close', {})).statusCode).toBe(404);
    });

    it('lets only the coordinator move external referrals', async () => {
      const s = await registeredSignal(reporter, coordinator);
      const r = await refer(s.id, { partnerId: partners.moviera });
      for (const key of ['reporter', 'liaison', 'analyst', 'admin'] as const) {
        const client = await ctx.login(key);
        expect((await client.post(`/api/referrals/${r.id}/request-feedback`, { requestedOn: '2026-11-28' })).statusCode).toBe(403);
        expect((await client.post(`/api/referrals/${r.id}/feedback`, { receivedOn: '2026-11-28', text: 'x' })).statusCode).toBe(403);
        expect((await client.post(`/api/referrals/${r.id}/close`, {})).statusCode).toBe(403);
        expect((await client.post(`/api/signals/${s.id}/referrals`, { partnerId: partners.nla, referredOn: '2026-11-28', channel: 'phone' })).statusCode).toBe(403);
      }
      // The meldcode officer does not even learn that this referral exists.
      expect((await meldcode.post(`/api/referrals/${r.id}/feedback`, { receivedOn: '2026-11-28', text: 'x' })).statusCode).toBe(404);
      expect((await detail(s.id)).referrals[0].state).toBe('sent');
    });
  });

  describe('consulting the meldcode officer', () => {
    it('makes the signal visible to the officer without the reporter identity; the officer records advice; then Veilig Thuis', async () => {
      const s = await registeredSignal(reporter, coordinator, { victimInvolved: 'yes', exploitationForms: ['criminal'], place: 'Breed Sociaal Loket' });
      const notYet = await meldcode.get(`/api/signals/${s.id}`);
      expect(notYet.statusCode).toBe(404);
      expect(expectStatus(await meldcode.get('/api/consultations'), 200).json().map((c: { signalId: string }) => c.signalId)).not.toContain(s.id);

      const external = await refer(s.id, { partnerId: partners.moviera });
      const consult = await refer(s.id, { partnerId: partners.meldcode, routingRuleId: rules.meldcode, channel: 'in_person', sharedParts: ['explanation', 'persons'] });
      await coordinator.post(`/api/signals/${s.id}/enrichment-notes`, { sourceSystem: 'Suite4', finding: 'Gezin bekend bij wijkteam.' });
      await coordinator.post(`/api/signals/${s.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Persoonlijke terugkoppeling aan melder.' });

      const consultations = expectStatus(await meldcode.get('/api/consultations'), 200).json();
      const mine = consultations.find((c: { id: string }) => c.id === consult.id);
      expect(mine).toMatchObject({
        signalId: s.id,
        signalNumber: s.number,
        state: 'sent',
        partner: { id: partners.meldcode, kind: 'internal_role' },
        signal: { number: s.number, victimInvolved: 'yes', exploitationForms: ['criminal'], state: 'referred' },
      });
      expect(consultations.map((c: { id: string }) => c.id)).not.toContain(external.id);

      const seen = expectStatus(await meldcode.get(`/api/signals/${s.id}`), 200).json();
      expect(seen).toMatchObject({ reporter: null, submittedBy: null, history: [], reporterFeedback: [], allowedActions: [] });
      expect(seen.content.place).toBe('Breed Sociaal Loket');
      expect(seen.referrals.map((r: Referral) => r.id)).toEqual([consult.id]);
      expect(JSON.stringify(seen)).not.toContain(TEST_USERS.reporter.displayName);
      expect(JSON.stringify(seen)).not.toContain(TEST_USERS.reporter.email);
      expect(JSON.stringify(seen)).not.toContain('Persoonlijke terugkoppeling');

      // The officer records advice on their consultation, and can do nothing else with the signal.
      expectStatus(await meldcode.post(`/api/referrals/${consult.id}/feedback`, { receivedOn: '2026-11-28', text: 'Advies: melden bij Veilig Thuis.' }), 204);
      expect((await meldcode.post(`/api/referrals/${consult.id}/request-feedback`, { requestedOn: '2026-11-28' })).statusCode).toBe(403);
      expect((await meldcode.post(`/api/referrals/${consult.id}/close`, {})).statusCode).toBe(403);
      expect((await meldcode.post(`/api/signals/${s.id}/register`)).statusCode).toBe(403);
      expect((await meldcode.post(`/api/signals/${s.id}/referrals`, { partnerId: partners['veilig-thuis'], referredOn: '2026-11-28', channel: 'phone' })).statusCode).toBe(403);
      expect((await meldcode.get('/api/signals')).statusCode).toBe(403);
      expect((await meldcode.get('/api/worklist')).statusCode).toBe(403);

      const d = await detail(s.id);
      const advice = d.referrals.find((r: Referral) => r.id === consult.id);
      expect(advice).toMatchObject({ state: 'feedback_received', feedbackText: 'Advies: melden bij Veilig Thuis.', feedbackBy: { id: ctx.userIds.meldcode, displayName: TEST_USERS.meldcode.displayName } });
      expect(d.history.at(-1)).toMatchObject({ action: 'referral_record_feedback', actor: { id: ctx.userIds.meldcode } });

      // Together they decide on Veilig Thuis.
      const vt = await refer(s.id, { partnerId: partners['veilig-thuis'], routingRuleId: rules['veilig-thuis'], channel: 'phone' });
      expect(vt.state).toBe('sent');
      const after = await suggestions(s.id);
      expect(after.filter((x: { alreadyReferred: boolean }) => x.alreadyReferred).map((x: { partner: { id: string } }) => x.partner.id).sort()).toEqual(
        [partners.meldcode, partners['veilig-thuis'], partners.moviera].sort(),
      );
    });

    it('a consultation alone is not a referral out of the municipality', async () => {
      const s = await registeredSignal(reporter, coordinator, { victimInvolved: 'yes' });
      const consult = await refer(s.id, { partnerId: partners.meldcode, channel: 'in_person' });
      let d = await detail(s.id);
      expect(d.state).toBe('registered');
      expect(d.history.map((h: { action: string }) => h.action)).not.toContain('refer');
      // The officer is offered only the advice; the coordinator the whole table.
      const seen = expectStatus(await meldcode.get(`/api/signals/${s.id}`), 200).json();
      expect(seen.referrals.find((r: Referral) => r.id === consult.id).allowedActions).toEqual(['record_feedback']);
      expect(d.referrals.find((r: Referral) => r.id === consult.id).allowedActions).toEqual(['request_feedback', 'record_feedback', 'close']);
      // Closing as "referred" needs a referral to an outside partner.
      await coordinator.post(`/api/signals/${s.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'In behandeling.' });
      const res = await coordinator.post(`/api/signals/${s.id}/close`, { outcome: 'referred' });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields[0].path).toBe('outcome');
      await refer(s.id, { partnerId: partners['veilig-thuis'], channel: 'phone' });
      d = await detail(s.id);
      expect(d.state).toBe('referred');
      expectStatus(await coordinator.post(`/api/signals/${s.id}/close`, { outcome: 'referred' }), 204);
      // A closed signal's referrals offer no actions to anyone.
      d = await detail(s.id);
      for (const r of d.referrals) expect(r.allowedActions).toEqual([]);
    });

    it('keeps other signals hidden from the officer', async () => {
      const other = await registeredSignal(reporter, coordinator);
      await refer(other.id, { partnerId: partners.moviera });
      expect((await meldcode.get(`/api/signals/${other.id}`)).statusCode).toBe(404);
      expect((await meldcode.get(`/api/signals/${other.id}/referral-suggestions`)).statusCode).toBe(403);
    });
  });

  describe('feedback due dates and overdue feedback (clock-controlled)', () => {
    it('puts a referral in the worklist once its due date has passed, and takes it out when feedback arrives', async () => {
      const s = await registeredSignal(reporter, coordinator);
      const due = await refer(s.id, { partnerId: partners.moviera, referredOn: '2026-11-01' });
      const answered = await refer(s.id, { partnerId: partners.nla, referredOn: '2026-11-01' });
      expect(due.feedbackDueOn).toBe(addDays('2026-11-01', 28));
      expect(due.feedbackDueOn).toBe('2026-11-29');
      expectStatus(await coordinator.post(`/api/referrals/${answered.id}/feedback`, { receivedOn: '2026-11-28', text: 'Onderzoek gestart.' }), 204);
      const overdueIds = async (client: Client) =>
        expectStatus(await client.get('/api/worklist'), 200).json().overdueReferrals.map((r: Referral) => r.id);

      try {
        // Today (28th) and on the due date (29th) it is not overdue.
        expect(await overdueIds(coordinator)).not.toContain(due.id);
        ctx.clock.set('2026-11-29T10:00:00Z');
        let c = await loginWith(ctx, 'coordinator');
        expect(await overdueIds(c)).not.toContain(due.id);

        // The day after, it is.
        ctx.clock.set('2026-11-30T08:00:00Z');
        c = await loginWith(ctx, 'coordinator');
        const worklist = expectStatus(await c.get('/api/worklist'), 200).json();
        expect(worklist.overdueReferrals.map((r: Referral) => r.id)).toContain(due.id);
        expect(worklist.overdueReferrals.map((r: Referral) => r.id)).not.toContain(answered.id);
        expect(worklist.overdueReferrals.find((r: Referral) => r.id === due.id)).toMatchObject({ overdue: true, signalNumber: s.number });
        const d = expectStatus(await c.get(`/api/signals/${s.id}`), 200).json();
        expect(d.referrals.find((r: Referral) => r.id === due.id).overdue).toBe(true);
        expect(d.referrals.find((r: Referral) => r.id === answered.id).overdue).toBe(false);

        // Asking for feedback does not stop the clock; receiving it does.
        expectStatus(await c.post(`/api/referrals/${due.id}/request-feedback`, { requestedOn: '2026-11-28' }), 204);
        expect(await overdueIds(c)).toContain(due.id);
        expectStatus(await c.post(`/api/referrals/${due.id}/feedback`, { receivedOn: '2026-11-28', text: 'Alsnog ontvangen.' }), 204);
        expect(await overdueIds(c)).not.toContain(due.id);
      } finally {
        ctx.clock.set('2026-11-28T10:00:00Z');
        coordinator = await ctx.login('coordinator');
        meldcode = await ctx.login('meldcode');
        reporter = await ctx.login('reporter');
      }
    });

    it('does not list overdue referrals of closed signals', async () => {
      const s = await registeredSignal(reporter, coordinator);
      const r = await refer(s.id, { partnerId: partners.moviera, referredOn: '2026-10-01' });
      expect(r.overdue).toBe(true);
      let ids = expectStatus(await coordinator.get('/api/worklist'), 200).json().overdueReferrals.map((x: Referral) => x.id);
      expect(ids).toContain(r.id);
      await coordinator.post(`/api/signals/${s.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Doorgezet.' });
      expectStatus(await coordinator.post(`/api/signals/${s.id}/close`, { outcome: 'referred' }), 204);
      ids = expectStatus(await coordinator.get('/api/worklist'), 200).json().overdueReferrals.map((x: Referral) => x.id);
      expect(ids).not.toContain(r.id);
    });
  });
});
