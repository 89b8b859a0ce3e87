import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain.js';
import { buildSignal } from '../testing/factories.js';
import { addUser, expectStatus, partnerIds } from '../testing/helpers.js';
import { createTestContext, loginWith, type Client, type TestContext, type TestUserKey } from '../testing/test-app.js';

/**
 * Leak test: with a realistic municipality's worth of data (signals in every state,
 * referrals at every step, consultations with advice, enrichment notes, meeting
 * notes, feedback to reporters, a liaison submitting for a colleague), no GET
 * endpoint shows anyone but the coordinator who reported a signal — not their
 * name, e-mail, username or user id.
 *
 * By design, four answers do name people; they are listed in EXCEPTIONS and must
 * then carry no signal content:
 * - the admin's user list (GET /api/admin/users): every account, reporter or not;
 * - the liaison's colleague picker (GET /api/department/colleagues): name and id of
 *   the active colleagues of the liaison's own department;
 * - the coordinator's and deputy's list of people to invite to a meeting series
 *   (GET /api/meeting-series/people): name and id of every active user, reporter or not;
 * - the liaison's own submissions for a colleague (GET /api/my/signals and
 *   GET /api/my/signals/{id} of those signals): the colleague's name ("reported for"),
 *   only for signals the liaison submitted.
 * Everyone of course sees their own identity (GET /api/auth/session).
 */

type Person = { key: string; username: string; displayName: string; email: string; role: Role; department: string };

/** People who report (or submit for someone). Distinctive strings, so that a match is never a coincidence. */
const PEOPLE = {
  anna: { key: 'anna', username: 'qz.anna.aangever', displayName: 'Anna Qzaangever', email: 'anna.qzaangever@lopik.test', role: 'reporter', department: 'dienstverlening' },
  bram: { key: 'bram', username: 'qz.bram.bakker', displayName: 'Bram Qzbakker', email: 'bram.qzbakker@lopik.test', role: 'reporter', department: 'sociaal-domein' },
  cees: { key: 'cees', username: 'qz.cees.collega', displayName: 'Cees Qzcollega', email: 'cees.qzcollega@lopik.test', role: 'reporter', department: 'dienstverlening' },
  lotte: { key: 'lotte', username: 'qz.lotte.liaison', displayName: 'Lotte Qzliaison', email: 'lotte.qzliaison@lopik.test', role: 'liaison', department: 'dienstverlening' },
} as const satisfies Record<string, Person>;
type PersonKey = keyof typeof PEOPLE;

/** Signal content: each marker is put into one field somewhere; a directory must contain none of them. */
const CONTENT = {
  explanation: 'INHOUD-uitleg-ZX',
  person: 'Hendrik Zxbetrokkene',
  personEmail: 'hendrik.zx@voorbeeld.nl',
  organisation: 'Zxuitzend BV',
  place: 'Zxplaats-loket',
  enrichment: 'INHOUD-verrijking-ZX',
  meeting: 'INHOUD-overleg-ZX',
  sharedNote: 'INHOUD-gedeeld-ZX',
  partnerFeedback: 'INHOUD-partner-ZX',
  advice: 'INHOUD-advies-ZX',
  reporterFeedback: 'INHOUD-melder-ZX',
  impossible: 'INHOUD-onmogelijk-ZX',
  closeReason: 'INHOUD-sluiten-ZX',
  reopenReason: 'INHOUD-heropenen-ZX',
};

const TODAY = '2026-11-28';

describe('no reporter identity leaks to anyone but the coordinator', () => {
  let ctx: TestContext;
  let coordinator: Client;
  let meldcode: Client;
  const people = {} as Record<PersonKey, Client>;
  const ids = {} as Record<PersonKey, string>;
  /** Every signal: id, number, reporter, and the liaison who submitted it for them (if any). */
  const signals: { id: string; number: string; reporter: PersonKey; submittedBy: PersonKey }[] = [];
  const referrals: string[] = [];
  const meetings: string[] = [];
  let getPaths: string[];

  async function submit(by: PersonKey, label: string, extra: { onBehalfOf?: PersonKey; acute?: boolean; victim?: boolean } = {}) {
    const reporter = extra.onBehalfOf ?? by;
    const res = await people[by].post(
      '/api/signals',
      buildSignal({
        explanation: `${CONTENT.explanation} ${label}`,
        place: CONTENT.place,
        acuteDanger: extra.acute ?? false,
        victimInvolved: extra.victim ? 'yes' : 'unknown',
        persons: [{ fullName: CONTENT.person, email: CONTENT.personEmail }],
        organisations: [{ name: CONTENT.organisation }],
        ...(extra.onBehalfOf ? { onBehalfOfUserId: ids[extra.onBehalfOf] } : {}),
      }),
    );
    const created = expectStatus(res, 201, `submit ${label}`).json() as { id: string; number: string };
    signals.push({ ...created, reporter, submittedBy: by });
    return created.id;
  }
  const ok = async (p: Promise<{ statusCode: number; body: string }>, status: number, what: string) => {
    const res = await p;
    if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    return res;
  };
  const register = (id: string) => ok(coordinator.post(`/api/signals/${id}/register`), 204, 'register');
  const refer = async (id: string, partnerId: string) => {
    const res = await ok(coordinator.post(`/api/signals/${id}/referrals`, { partnerId, referredOn: TODAY, channel: 'secure_email', sharedParts: ['explanation'], sharedNote: CONTENT.sharedNote }), 201, 'refer');
    const referralId = JSON.parse(res.body).id as string;
    referrals.push(referralId);
    return referralId;
  };
  const inform = (id: string, text = CONTENT.reporterFeedback) => ok(coordinator.post(`/api/signals/${id}/reporter-feedback`, { impossible: false, givenOn: TODAY, text }), 204, 'inform');

  beforeAll(async () => {
    ctx = await createTestContext();
    for (const p of Object.values(PEOPLE)) {
      ids[p.key] = await addUser(ctx, { username: p.username, displayName: p.displayName, email: p.email, role: p.role, department: p.department });
      people[p.key] = await loginWith(ctx, p.username);
    }
    [coordinator, meldcode] = await Promise.all([ctx.login('coordinator'), ctx.login('meldcode')]);
    const partners = await partnerIds(ctx.database, ctx.municipality.id);

    // received, acute
    await submit('anna', 'ontvangen', { acute: true });
    // registered, enriched, on the meeting agenda, put before the meldcode officer who advised
    const consulted = await submit('anna', 'geconsulteerd', { victim: true });
    await register(consulted);
    await ok(coordinator.post(`/api/signals/${consulted}/enrichment-notes`, { departmentId: ctx.departmentIds.civiel, sourceSystem: 'BAG', finding: CONTENT.enrichment }), 204, 'enrich');
    await ok(coordinator.put(`/api/signals/${consulted}/meeting`, { forMeeting: true, meetingNote: CONTENT.meeting }), 204, 'meeting');
    const consultation = await refer(consulted, partners.meldcode!);
    await ok(meldcode.post(`/api/referrals/${consultation}/feedback`, { receivedOn: TODAY, text: CONTENT.advice }), 204, 'advice');
    // referred to the NLA: feedback asked and received, reporter informed
    const referred = await submit('bram', 'doorverwezen');
    await register(referred);
    const nla = await refer(referred, partners.nla!);
    await ok(coordinator.post(`/api/referrals/${nla}/request-feedback`, { requestedOn: TODAY, note: CONTENT.sharedNote }), 204, 'request feedback');
    await ok(coordinator.post(`/api/referrals/${nla}/feedback`, { receivedOn: TODAY, text: CONTENT.partnerFeedback }), 204, 'partner feedback');
    await inform(referred);
    // an overdue referral, still waiting
    const overdue = await submit('bram', 'te laat');
    await register(overdue);
    referrals.push(JSON.parse((await ok(coordinator.post(`/api/signals/${overdue}/referrals`, { partnerId: partners.moviera, referredOn: '2026-09-01', channel: 'phone' }), 201, 'overdue')).body).id);
    // closed: informing the reporter was impossible
    const closed = await submit('bram', 'afgesloten');
    await register(closed);
    await ok(coordinator.post(`/api/signals/${closed}/reporter-feedback`, { impossible: true, givenOn: TODAY, reason: CONTENT.impossible }), 204, 'impossible');
    await ok(coordinator.post(`/api/signals/${closed}/close`, { outcome: 'insufficient_information', reason: CONTENT.closeReason }), 204, 'close');
    // closed and reopened
    const reopened = await submit('anna', 'heropend');
    await register(reopened);
    await inform(reopened);
    await ok(coordinator.post(`/api/signals/${reopened}/close`, { outcome: 'no_grounds' }), 204, 'close');
    await ok(coordinator.post(`/api/signals/${reopened}/reopen`, { reason: CONTENT.reopenReason }), 204, 'reopen');
    // a liaison submitting for a colleague; the coordinator consults the meldcode officer and refers
    const onBehalf = await submit('lotte', 'namens collega', { onBehalfOf: 'cees', victim: true });
    await register(onBehalf);
    await refer(onBehalf, partners.meldcode!);
    const moviera = await refer(onBehalf, partners.moviera!);
    await ok(coordinator.post(`/api/referrals/${moviera}/close`, { reason: CONTENT.closeReason }), 204, 'close referral');
    await inform(onBehalf);
    // the liaison's own signal, and the colleague's own
    await submit('lotte', 'eigen liaison');
    const ceesOwn = await submit('cees', 'eigen collega');
    await register(ceesOwn);
    await refer(ceesOwn, partners['politie-avim']!);
    // Issue 6.1: a published meeting whose agenda holds Anna's signal (marked for the meeting above), with an
    // action item; the test users of every role but the coordinator take part, so they crawl it.
    const participants = (['reporter', 'liaison', 'deputy', 'meldcode', 'analyst', 'admin'] as const).map((u) => ctx.userIds[u]);
    const series = JSON.parse(
      (await ok(coordinator.post('/api/meeting-series', { name: 'Lokaal ondermijningsoverleg', cadence: 'every_4_weeks', firstDate: TODAY, startTime: '10:00', durationMinutes: 90, participantUserIds: participants, guests: [{ name: 'Gast Politie', organisation: 'Politie' }] }), 201, 'series')).body,
    ).id as string;
    const meetingId = JSON.parse((await ok(coordinator.post(`/api/meeting-series/${series}/meetings`, {}), 201, 'meeting')).body).id as string;
    const agenda = JSON.parse((await ok(coordinator.post(`/api/meetings/${meetingId}/items`, { signalId: consulted, summary: 'Samenvatting voor het overleg' }), 201, 'agenda item')).body) as { items: { id: string }[] };
    await ok(coordinator.post(`/api/meetings/${meetingId}/publish`), 200, 'publish');
    await ok(coordinator.post(`/api/meetings/${meetingId}/items/${agenda.items[0]!.id}/actions`, { description: 'Navragen', ownerId: ctx.userIds.liaison, dueDate: '2026-12-15' }), 201, 'action');
    meetings.push(meetingId);

    const doc = expectStatus(await ctx.anonymous().get('/api/openapi.json'), 200).json() as { paths: Record<string, Record<string, unknown>> };
    getPaths = Object.entries(doc.paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path);
  });
  afterAll(async () => ctx.close());

  /** The URLs to read for a GET path: every object of the kind its {id} names. */
  function urlsFor(path: string): string[] {
    if (!path.includes('{id}')) return [path];
    if (path.startsWith('/api/signals/{id}') || path.startsWith('/api/my/signals/{id}')) return signals.map((s) => path.replace('{id}', s.id));
    if (path.startsWith('/api/referrals/{id}')) return referrals.map((r) => path.replace('{id}', r));
    if (path.startsWith('/api/admin/users/{id}')) return Object.values(ids).map((u) => path.replace('{id}', u));
    if (path.startsWith('/api/meetings/{id}')) return meetings.map((m) => path.replace('{id}', m));
    throw new Error(`leak.test.ts: which ids does GET ${path} take? Add it to urlsFor().`);
  }

  async function crawl(client: Client) {
    const out: { url: string; status: number; body: string }[] = [];
    // Issue 6.6: the crawling user's own calendar feed, read by its secret address (made for the crawl).
    const feed = JSON.parse((await client.post('/api/calendar/feed', {})).body) as { path: string };
    for (const path of getPaths) {
      for (const url of path === '/api/calendar/{token}.ics' ? [feed.path] : urlsFor(path)) {
        const res = await client.get(url);
        out.push({ url, status: res.statusCode, body: res.body });
      }
    }
    return out;
  }

  function markersOf(key: PersonKey) {
    const p = PEOPLE[key];
    return { displayName: p.displayName, email: p.email, username: p.username, id: ids[key] };
  }
  type Marker = keyof ReturnType<typeof markersOf>;

  /** Identity parts a (viewer, url) may show by design; see the comment at the top. */
  function exceptions(viewer: { role: Role; key?: PersonKey | undefined; department: string | null }, url: string): Map<PersonKey, Marker[]> {
    const allowed = new Map<PersonKey, Marker[]>();
    if (viewer.role === 'admin' && url === '/api/admin/users') {
      for (const k of Object.keys(PEOPLE) as PersonKey[]) allowed.set(k, ['displayName', 'email', 'username', 'id']);
    }
    if (viewer.role === 'deputy_coordinator' && url === '/api/meeting-series/people') {
      for (const k of Object.keys(PEOPLE) as PersonKey[]) allowed.set(k, ['displayName', 'id']);
    }
    if (viewer.role === 'liaison' && url === '/api/department/colleagues') {
      for (const p of Object.values(PEOPLE)) if (p.department === viewer.department) allowed.set(p.key, ['displayName', 'id']);
    }
    if (viewer.role === 'liaison' && viewer.key && (url === '/api/my/signals' || url.startsWith('/api/my/signals/'))) {
      for (const s of signals) {
        if (s.submittedBy !== viewer.key || s.reporter === viewer.key) continue;
        if (url === '/api/my/signals' || url === `/api/my/signals/${s.id}`) allowed.set(s.reporter, ['displayName']);
      }
    }
    return allowed;
  }
  const DIRECTORIES = ['/api/admin/users', '/api/department/colleagues', '/api/meeting-series/people'];

  function expectNoContent(body: string, what: string) {
    for (const marker of Object.values(CONTENT)) expect(body, `${what} shows signal content`).not.toContain(marker);
    for (const s of signals) {
      expect(body, `${what} shows a signal number`).not.toContain(s.number);
      expect(body, `${what} shows a signal id`).not.toContain(s.id);
    }
  }

  it('the probe works: the coordinator sees every reporter, and the liaison as submitter', async () => {
    for (const s of signals) {
      const body = expectStatus(await coordinator.get(`/api/signals/${s.id}`), 200).body;
      for (const value of Object.values(markersOf(s.reporter)).filter((v) => v !== PEOPLE[s.reporter].username)) expect(body).toContain(value);
      if (s.submittedBy !== s.reporter) expect(body).toContain(PEOPLE[s.submittedBy].displayName);
      expect(body).toContain(CONTENT.explanation);
    }
    expect(signals.length).toBeGreaterThanOrEqual(9);
    const states = new Set((await coordinator.get('/api/signals')).json().map((s: { state: string }) => s.state));
    expect([...states].sort()).toEqual(['closed', 'received', 'referred', 'registered']);
  });

  const VIEWERS: { name: string; user: PersonKey | TestUserKey }[] = [
    { name: 'a reporter who reported nothing', user: 'reporter' },
    { name: 'a reporter with signals (Anna)', user: 'anna' },
    { name: 'a reporter in another department (Bram)', user: 'bram' },
    { name: 'a colleague a liaison submitted for (Cees)', user: 'cees' },
    { name: 'the liaison who submitted for Cees (Lotte)', user: 'lotte' },
    { name: 'another liaison of the same department', user: 'liaison' },
    { name: 'the deputy coordinator (before any look-up)', user: 'deputy' },
    { name: 'the meldcode officer', user: 'meldcode' },
    { name: 'the analyst', user: 'analyst' },
    { name: 'the admin', user: 'admin' },
  ];

  it.each(VIEWERS)('no GET endpoint shows a reporter to $name', async ({ user }) => {
    const isPerson = user in PEOPLE;
    const client = isPerson ? people[user as PersonKey] : await ctx.login(user as TestUserKey);
    const session = expectStatus(await client.get('/api/auth/session'), 200).json().user as { role: Role; departmentId: string | null };
    const key = isPerson ? (user as PersonKey) : undefined;
    const department = Object.entries(ctx.departmentIds).find(([, id]) => id === session.departmentId)?.[0] ?? null;
    const viewer = { role: session.role, key, department };

    const results = await crawl(client);
    let checked = 0;
    for (const r of results) {
      expect(r.status, `${user} GET ${r.url}: ${r.body}`).toBeLessThan(500);
      const allowed = exceptions(viewer, r.url);
      for (const other of Object.keys(PEOPLE) as PersonKey[]) {
        if (other === key) continue; // one's own identity
        for (const [marker, value] of Object.entries(markersOf(other)) as [Marker, string][]) {
          if (allowed.get(other)?.includes(marker)) continue;
          expect(r.body, `${user} GET ${r.url} shows ${other}'s ${marker}`).not.toContain(value);
        }
      }
      if (DIRECTORIES.includes(r.url) && r.status === 200) expectNoContent(r.body, `${user} GET ${r.url}`);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(getPaths.length);

    // Not vacuous: each viewer got real answers where it should.
    const ok = new Set(results.filter((r) => r.status === 200).map((r) => r.url));
    expect(ok).toContain('/api/reference');
    // Issue 6.6: the own calendar feed was read as well.
    expect([...ok].some((u) => /^\/api\/calendar\/[\w-]{43}\.ics$/.test(u)), `${user} reads own calendar feed`).toBe(true);
    // The test users take part in the meeting: they read its pseudonymised agenda; the people who reported do not.
    for (const m of meetings) expect(ok.has(`/api/meetings/${m}`), `${user} reads meeting`).toBe(!isPerson);
    const own = signals.filter((s) => s.reporter === key || s.submittedBy === key);
    for (const s of own) expect(ok, `${user} reads own signal ${s.number}`).toContain(`/api/my/signals/${s.id}`);
    if (session.role === 'liaison') {
      expect(ok).toContain('/api/department/signals');
      expect(ok).toContain('/api/department/colleagues');
    }
    if (session.role === 'meldcode_officer') {
      expect(ok).toContain('/api/consultations');
      const consultations = results.find((r) => r.url === '/api/consultations')!.body;
      expect(consultations).toContain(CONTENT.advice);
      expect(signals.filter((s) => ok.has(`/api/signals/${s.id}`)).length).toBe(2);
    }
    if (session.role === 'deputy_coordinator') {
      // The deputy reads every signal in full (history included), only never the reporter.
      for (const s of signals) expect(ok, `deputy reads ${s.number}`).toContain(`/api/signals/${s.id}`);
      expect(ok).toContain('/api/worklist');
    }
    if (session.role === 'analyst') expect(ok).toContain('/api/stats/yearly');
    if (session.role === 'admin') expect(ok).toContain('/api/admin/users');
  });

  describe('the by-design exceptions', () => {
    it("the admin's user list names every account but holds no signal content", async () => {
      const admin = await ctx.login('admin');
      const body = expectStatus(await admin.get('/api/admin/users'), 200).body;
      for (const k of Object.keys(PEOPLE) as PersonKey[]) expect(body).toContain(PEOPLE[k].displayName);
      expectNoContent(body, 'GET /api/admin/users');
      // Nothing in it tells who reported: the rows have no signal-related field.
      for (const row of JSON.parse(body) as Record<string, unknown>[]) {
        expect(Object.keys(row).sort()).toEqual(['active', 'createdAt', 'departmentId', 'departmentName', 'displayName', 'email', 'id', 'mustChangePassword', 'role', 'username'].sort());
      }
    });

    it("the liaison's colleague list: name and id of the department's colleagues, nothing else", async () => {
      const rows = expectStatus(await people.lotte.get('/api/department/colleagues'), 200).json() as Record<string, unknown>[];
      expect(rows.map((r) => r.displayName).sort()).toEqual(expect.arrayContaining([PEOPLE.anna.displayName, PEOPLE.cees.displayName]));
      expect(rows.map((r) => r.displayName)).not.toContain(PEOPLE.bram.displayName);
      for (const row of rows) expect(Object.keys(row).sort()).toEqual(['displayName', 'id']);
      expectNoContent(JSON.stringify(rows), 'GET /api/department/colleagues');
    });

    it("the liaison's own submissions name the colleague they submitted for, and only their own submissions are listed", async () => {
      const rows = expectStatus(await people.lotte.get('/api/my/signals'), 200).json() as { id: string; reportedFor: string | null }[];
      const mine = signals.filter((s) => s.submittedBy === 'lotte');
      expect(rows.map((r) => r.id).sort()).toEqual(mine.map((s) => s.id).sort());
      const forCees = mine.find((s) => s.reporter === 'cees')!;
      expect(rows.find((r) => r.id === forCees.id)!.reportedFor).toBe(PEOPLE.cees.displayName);
      expect(rows.find((r) => r.id !== forCees.id)!.reportedFor).toBeNull();
      // Cees, the reporter, is not told who submitted for him.
      const ceesView = expectStatus(await people.cees.get(`/api/my/signals/${forCees.id}`), 200).body;
      expect(ceesView).not.toContain(PEOPLE.lotte.displayName);
      expect(JSON.parse(ceesView).reportedFor).toBeNull();
      // What the coordinator did is not in the liaison's view either.
      const lotteView = expectStatus(await people.lotte.get(`/api/my/signals/${forCees.id}`), 200).body;
      for (const marker of [CONTENT.enrichment, CONTENT.advice, CONTENT.sharedNote, CONTENT.closeReason]) expect(lotteView).not.toContain(marker);
    });
  });
});
