import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, expectStatus, partnerIds, registeredSignal, routingRuleIds, submitSignal } from '../../testing/helpers.js';
import { createTestContext, loginWith, TEST_USERS, type Client, type TestContext, type TestUserKey } from '../../testing/test-app.js';

/** A reporter whose identity must never reach anyone but the coordinator. */
const HIDDEN = { username: 'vera', displayName: 'Vera Verborgen', email: 'vera.verborgen@lopik.test' };

type OpenApi = { paths: Record<string, Record<string, unknown>> };

/**
 * Need to know (domain.md "Roles"): the reporter's identity is known only to the
 * coordinator; each role sees only what it needs; municipalities are isolated.
 */
describe('who sees what', () => {
  let ctx: TestContext;
  let coordinator: Client;
  let vera: Client;
  let hiddenId: string;
  let partners: Record<string, string>;
  let rules: Record<string, string>;
  /** Vera's signals in several states: received, registered+consulted, referred with feedback, closed. */
  const signals: Record<'received' | 'consulted' | 'referred' | 'closed', { id: string; number: string }> = {} as never;
  const referralIds: string[] = [];
  let getPaths: string[];

  beforeAll(async () => {
    ctx = await createTestContext();
    hiddenId = await addUser(ctx, { ...HIDDEN, role: 'reporter', department: 'dienstverlening' });
    [coordinator, vera] = await Promise.all([ctx.login('coordinator'), loginWith(ctx, HIDDEN.username)]);
    partners = await partnerIds(ctx.database, ctx.municipality.id);
    rules = await routingRuleIds(ctx.database, ctx.municipality.id);

    signals.received = await submitSignal(vera, { acuteDanger: true });

    signals.consulted = await registeredSignal(vera, coordinator, { victimInvolved: 'yes' });
    await coordinator.post(`/api/signals/${signals.consulted.id}/enrichment-notes`, { sourceSystem: 'BRP', finding: 'Bekend adres.' });
    await coordinator.put(`/api/signals/${signals.consulted.id}/meeting`, { forMeeting: true, meetingNote: 'Agenderen' });
    const consult = expectStatus(
      await coordinator.post(`/api/signals/${signals.consulted.id}/referrals`, { partnerId: partners.meldcode, routingRuleId: rules.meldcode, referredOn: '2026-11-28', channel: 'in_person' }),
      201,
    ).json();
    referralIds.push(consult.id);
    const meldcode = await ctx.login('meldcode');
    expectStatus(await meldcode.post(`/api/referrals/${consult.id}/feedback`, { receivedOn: '2026-11-28', text: 'Advies gegeven.' }), 204);

    signals.referred = await registeredSignal(vera, coordinator, { exploitationForms: ['labour'] });
    const overdue = expectStatus(
      await coordinator.post(`/api/signals/${signals.referred.id}/referrals`, { partnerId: partners.nla, referredOn: '2026-10-01', channel: 'secure_email' }),
      201,
    ).json();
    referralIds.push(overdue.id);
    await coordinator.post(`/api/signals/${signals.referred.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Doorgezet naar de NLA.' });

    signals.closed = await registeredSignal(vera, coordinator);
    await coordinator.post(`/api/signals/${signals.closed.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Afgesloten.' });
    expectStatus(await coordinator.post(`/api/signals/${signals.closed.id}/close`, { outcome: 'no_grounds' }), 204);

    const doc = expectStatus(await ctx.anonymous().get('/api/openapi.json'), 200).json() as OpenApi;
    getPaths = Object.entries(doc.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path);
  });
  afterAll(async () => ctx.close());

  /** Every GET endpoint of the OpenAPI document, with every signal id substituted where a path has {id}. */
  async function callEveryGet(client: Client): Promise<{ url: string; status: number; body: string }[]> {
    const results = [];
    for (const path of getPaths) {
      const urls = path.includes('{id}') ? Object.values(signals).map((s) => path.replace('{id}', s.id)) : [path];
      for (const url of urls) {
        const res = await client.get(url);
        results.push({ url, status: res.statusCode, body: res.body });
      }
    }
    return results;
  }

  it('the probe works: the coordinator does see the reporter identity', async () => {
    const body = expectStatus(await coordinator.get(`/api/signals/${signals.referred.id}`), 200).body;
    expect(body).toContain(HIDDEN.displayName);
    expect(body).toContain(HIDDEN.email);
    expect(body).toContain(hiddenId);
  });

  /**
   * User directories list people regardless of whether they ever reported anything,
   * and carry no signal data: the admin's user list, the liaison's colleague picker and
   * the (deputy) coordinator's picker of meeting participants (issue 6.1).
   */
  const DIRECTORIES: Partial<Record<TestUserKey, string[]>> = {
    admin: ['/api/admin/users'],
    liaison: ['/api/department/colleagues'],
    deputy: ['/api/meeting-series/people'],
  };

  it.each(['reporter', 'reporter2', 'colleague', 'liaison', 'deputy', 'meldcode', 'analyst', 'admin'] as const)(
    'no GET endpoint shows the reporter identity to the %s',
    async (key) => {
      const client = await ctx.login(key);
      const results = await callEveryGet(client);
      const skipped = DIRECTORIES[key] ?? [];
      for (const r of results) {
        if (skipped.includes(r.url)) continue;
        expect(r.status, r.url).toBeLessThan(500);
        expect(r.body, `${key} GET ${r.url}`).not.toContain(HIDDEN.displayName);
        expect(r.body, `${key} GET ${r.url}`).not.toContain(HIDDEN.email);
        expect(r.body, `${key} GET ${r.url}`).not.toContain(hiddenId);
      }
      // The directories list people, never signals.
      for (const url of skipped) {
        const r = results.find((x) => x.url === url)!;
        expect(r.status).toBe(200);
        for (const s of Object.values(signals)) expect(r.body).not.toContain(s.number);
      }
      // The check is not vacuous: each role got real answers.
      const ok = results.filter((r) => r.status === 200).map((r) => r.url);
      expect(ok).toContain('/api/reference');
      expect(ok).toContain('/api/auth/session');
      if (key === 'meldcode') {
        expect(ok).toContain(`/api/signals/${signals.consulted.id}`);
        expect(ok).toContain('/api/consultations');
      }
      if (key === 'liaison') expect(ok).toContain('/api/department/signals');
      if (key === 'deputy') {
        // The deputy coordinator works every signal (history included) without seeing who reported it.
        for (const sig of Object.values(signals)) expect(ok).toContain(`/api/signals/${sig.id}`);
        expect(ok).toContain('/api/worklist');
        expect(ok).toContain('/api/signals');
        const detail = JSON.parse(results.find((r) => r.url === `/api/signals/${signals.referred.id}`)!.body);
        expect(detail.reporter).toBeNull();
        expect(detail.submittedBy).toBeNull();
        expect(detail.identityDisclosures).toEqual([]);
        expect(detail.history.length).toBeGreaterThan(1);
        expect(detail.history[0]).toMatchObject({ action: 'submit', actor: null });
      }
      if (key === 'analyst') expect(ok).toContain('/api/stats/yearly');
      if (key === 'admin') expect(ok).toContain('/api/admin/users');
    },
  );

  it('the reporter identity does not leak when a liaison submitted for a colleague, nor the liaison as submitter', async () => {
    const liaison = await ctx.login('liaison');
    const onBehalf = await registeredSignal(liaison, coordinator, { onBehalfOfUserId: ctx.userIds.colleague });
    expectStatus(
      await coordinator.post(`/api/signals/${onBehalf.id}/referrals`, { partnerId: partners.meldcode, referredOn: '2026-11-28', channel: 'in_person' }),
      201,
    );
    const meldcode = await ctx.login('meldcode');
    const body = expectStatus(await meldcode.get(`/api/signals/${onBehalf.id}`), 200).body;
    const consultations = expectStatus(await meldcode.get('/api/consultations'), 200).body;
    for (const text of [body, consultations]) {
      for (const u of [TEST_USERS.colleague, TEST_USERS.liaison]) {
        expect(text).not.toContain(u.displayName);
        expect(text).not.toContain(u.email);
      }
      expect(text).not.toContain(ctx.userIds.colleague);
      expect(text).not.toContain(ctx.userIds.liaison);
    }
  });

  describe('the reporter', () => {
    it('sees only their own signals and the feedback given to them', async () => {
      const rita = await ctx.login('reporter');
      const own = await submitSignal(rita);
      const list = expectStatus(await rita.get('/api/my/signals'), 200).json();
      expect(list.map((r: { id: string }) => r.id)).toEqual([own.id]);
      for (const s of Object.values(signals)) expect((await rita.get(`/api/my/signals/${s.id}`)).statusCode).toBe(404);

      const veraList = expectStatus(await vera.get('/api/my/signals'), 200).json();
      expect(veraList.map((r: { id: string }) => r.id).sort()).toEqual(Object.values(signals).map((s) => s.id).sort());
      expect(veraList.map((r: { id: string }) => r.id)).not.toContain(own.id);
      const referred = expectStatus(await vera.get(`/api/my/signals/${signals.referred.id}`), 200).json();
      expect(referred.feedback).toEqual([{ givenOn: '2026-11-28', text: 'Doorgezet naar de NLA.' }]);
      // Nothing of the coordinator's work: no referrals, enrichment, meeting notes or history.
      const consulted = expectStatus(await vera.get(`/api/my/signals/${signals.consulted.id}`), 200).body;
      for (const hidden of ['Bekend adres.', 'Agenderen', 'Advies gegeven.', 'referrals', 'history', 'enrichment']) expect(consulted).not.toContain(hidden);
      expect(JSON.parse(consulted).status).toBe('in_progress');
    });

    it('cannot reach the coordinator, consultation or department views', async () => {
      const rita = await ctx.login('reporter');
      for (const url of ['/api/signals', `/api/signals/${signals.received.id}`, '/api/worklist', '/api/consultations', '/api/department/signals', '/api/department/colleagues', '/api/stats/yearly', '/api/admin/users']) {
        expect((await rita.get(url)).statusCode, url).toBe(403);
      }
    });
  });

  describe('the liaison', () => {
    it('sees which signals of the department are open, without content or reporter', async () => {
      const liaison = await ctx.login('liaison');
      const reporter2 = await ctx.login('reporter2');
      const otherDepartment = await submitSignal(reporter2);
      const mine = await submitSignal(liaison);
      const rows = expectStatus(await liaison.get('/api/department/signals'), 200).json();
      const numbers = rows.map((r: { number: string }) => r.number);
      expect(numbers).toEqual(expect.arrayContaining([signals.received.number, signals.consulted.number, signals.referred.number, mine.number]));
      expect(numbers).not.toContain(signals.closed.number);
      expect(numbers).not.toContain(otherDepartment.number);
      for (const row of rows) expect(Object.keys(row).sort()).toEqual(['number', 'receivedAt', 'status', 'submittedByMe']);
      expect(rows.find((r: { number: string }) => r.number === mine.number).submittedByMe).toBe(true);
      expect(rows.find((r: { number: string }) => r.number === signals.received.number)).toMatchObject({ submittedByMe: false, status: 'received' });
      // …and cannot open them.
      expect((await liaison.get(`/api/my/signals/${signals.received.id}`)).statusCode).toBe(404);
      expect((await liaison.get(`/api/signals/${signals.received.id}`)).statusCode).toBe(403);
    });
  });

  describe('the analyst', () => {
    it('gets yearly figures only, with small counts suppressed (the coordinator gets exact ones)', async () => {
      const analyst = await ctx.login('analyst');
      const a = expectStatus(await analyst.get('/api/stats/yearly'), 200).json();
      const c = expectStatus(await coordinator.get('/api/stats/yearly'), 200).json();
      const exact = c.years.find((y: { year: number }) => y.year === 2026);
      const suppressed = a.years.find((y: { year: number }) => y.year === 2026);
      expect(exact.signals).toBeGreaterThanOrEqual(5);
      expect(suppressed.signals).toBe(exact.signals);
      expect(exact.referred).toBeGreaterThan(0);
      expect(exact.referred).toBeLessThan(5);
      expect(suppressed.referred).toBeNull();
      expect(a.threshold).toBe(5);
      for (const url of ['/api/signals', `/api/signals/${signals.referred.id}`, '/api/worklist', '/api/my/signals']) {
        expect((await analyst.get(url)).statusCode, url).toBe(403);
      }
    });
  });

  describe('another municipality', () => {
    let elders: Client;
    let eldersSignal: { id: string; number: string };
    let eldersPartners: Record<string, string>;
    let eldersRules: Record<string, string>;
    let eldersDepartmentId: string;

    beforeAll(async () => {
      const other = await ctx.otherMunicipality();
      elders = await loginWith(ctx, other.coordinatorUsername);
      eldersSignal = await submitSignal(elders);
      eldersPartners = await partnerIds(ctx.database, other.municipality.id);
      eldersRules = await routingRuleIds(ctx.database, other.municipality.id);
      const departments = expectStatus(await elders.get('/api/reference'), 200).json().departments;
      eldersDepartmentId = departments[0].id;
    });

    it('numbers its own signals and lists only its own', async () => {
      expect(eldersSignal.number).toBe('MH-2026-0001');
      const list = expectStatus(await elders.get('/api/signals'), 200).json();
      expect(list.map((s: { id: string }) => s.id)).toEqual([eldersSignal.id]);
      const worklist = expectStatus(await elders.get('/api/worklist'), 200).body;
      for (const s of Object.values(signals)) expect(worklist).not.toContain(s.id);
      const lopik = expectStatus(await coordinator.get('/api/signals'), 200).json();
      expect(lopik.map((s: { id: string }) => s.id)).not.toContain(eldersSignal.id);
      const reference = expectStatus(await elders.get('/api/reference'), 200).json();
      expect(reference.partners.map((p: { id: string }) => p.id)).not.toContain(partners.moviera);
    });

    it("answers 404 for every read and action on the other municipality's signal and referral ids, changing nothing", async () => {
      const target = signals.consulted.id;
      const before = expectStatus(await coordinator.get(`/api/signals/${target}`), 200).json();
      const attempts = [
        elders.get(`/api/signals/${target}`),
        elders.get(`/api/my/signals/${target}`),
        elders.get(`/api/signals/${target}/referral-suggestions`),
        elders.post(`/api/signals/${target}/register`),
        elders.patch(`/api/signals/${target}/classification`, { acuteDanger: false }),
        elders.put(`/api/signals/${target}/meeting`, { forMeeting: false }),
        elders.post(`/api/signals/${target}/enrichment-notes`, { sourceSystem: 'X', finding: 'Y' }),
        elders.post(`/api/signals/${target}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'x' }),
        elders.post(`/api/signals/${target}/close`, { outcome: 'no_grounds' }),
        elders.post(`/api/signals/${signals.closed.id}/reopen`, { reason: 'x' }),
        elders.post(`/api/signals/${target}/referrals`, { partnerId: eldersPartners.moviera, referredOn: '2026-11-28', channel: 'phone' }),
        ...referralIds.flatMap((id) => [
          elders.post(`/api/referrals/${id}/request-feedback`, { requestedOn: '2026-11-28' }),
          elders.post(`/api/referrals/${id}/feedback`, { receivedOn: '2026-11-28', text: 'x' }),
          elders.post(`/api/referrals/${id}/close`, {}),
        ]),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.statusCode, res.body).toBe(404);
        expect(res.body).not.toContain(HIDDEN.displayName);
      }
      const after = expectStatus(await coordinator.get(`/api/signals/${target}`), 200).json();
      expect(after).toEqual(before);
      const closed = expectStatus(await coordinator.get(`/api/signals/${signals.closed.id}`), 200).json();
      expect(closed.state).toBe('closed');
    });

    it("refuses the other municipality's partners, routing rules, departments and users as references (400)", async () => {
      const s = await registeredSignal(vera, coordinator);
      const foreignPartner = await coordinator.post(`/api/signals/${s.id}/referrals`, { partnerId: eldersPartners.moviera, referredOn: '2026-11-28', channel: 'phone' });
      expect(foreignPartner.statusCode).toBe(400);
      expect(foreignPartner.json().fields[0].path).toBe('partnerId');
      const foreignRule = await coordinator.post(`/api/signals/${s.id}/referrals`, { partnerId: partners.moviera, routingRuleId: eldersRules.moviera, referredOn: '2026-11-28', channel: 'phone' });
      expect(foreignRule.statusCode).toBe(400);
      expect(foreignRule.json().fields[0].path).toBe('routingRuleId');
      const foreignDepartment = await coordinator.post(`/api/signals/${s.id}/enrichment-notes`, { departmentId: eldersDepartmentId, sourceSystem: 'X', finding: 'Y' });
      expect(foreignDepartment.statusCode).toBe(400);
      const d = expectStatus(await coordinator.get(`/api/signals/${s.id}`), 200).json();
      expect(d).toMatchObject({ state: 'registered', referrals: [], enrichmentNotes: [] });

      const liaison = await ctx.login('liaison');
      const eldersUserId = JSON.parse(expectStatus(await elders.get('/api/auth/session'), 200).body).user.id;
      const foreignColleague = await liaison.post('/api/signals', { observedOn: '2026-11-28', explanation: 'x', onBehalfOfUserId: eldersUserId });
      expect(foreignColleague.statusCode).toBe(400);
    });

    it("does not count the other municipality's signals in the figures", async () => {
      const stats = expectStatus(await elders.get('/api/stats/yearly'), 200).json();
      expect(stats.years).toEqual([{ year: 2026, signals: 1, referred: 0 }]);
    });
  });
});
