import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { meetingActions, meetingItems, meetingParticipants, meetings, meetingSeries, referrals } from '../../db/schema/index.js';
import { addUser, auditEntries, expectStatus, partnerIds, registeredSignal } from '../../testing/helpers.js';
import { createTestContext, loginWith, type Client, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';
import { testVault } from '../../testing/test-vault.js';

const PUBLIC_URL = 'https://meldroute.lopik.test';
/** Free text of action items: names that must never reach a feed. */
const SECRET_DESCRIPTION = 'Zwaantje Geheimnaam bellen over de woning';
const OTHERS_DESCRIPTION = 'Otto Anders spreekt Bartholomeus Verborgen';
const FEED_PATH = /^\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/;

describe('calendar feeds (issue 6.6)', () => {
  let ctx: TestContext;
  let liaison: Client;
  let coordinator: Client;
  let reporter2: Client;
  /** Meeting ids by a short name. */
  const m = {} as Record<'aWinter' | 'aSummer' | 'aCancelled' | 'aLongAgo' | 'bDecember', string>;
  let seriesA: string;
  let seriesB: string;
  let signal: { id: string; number: string };
  let referralDue: string;

  const series = async (name: string, location: string | null, participants: string[]) => {
    const [row] = await ctx.database.db
      .insert(meetingSeries)
      .values({ municipalityId: ctx.municipality.id, name, cadence: 'monthly', firstDate: '2026-01-08', startTime: '10:00', durationMinutes: 90, location })
      .returning({ id: meetingSeries.id });
    for (const userId of participants) await ctx.database.db.insert(meetingParticipants).values({ seriesId: row!.id, userId });
    return row!.id;
  };
  const meeting = async (seriesId: string, date: string, over: Partial<typeof meetings.$inferInsert> = {}) => {
    const [row] = await ctx.database.db
      .insert(meetings)
      .values({ municipalityId: ctx.municipality.id, seriesId, date, startTime: '10:00', durationMinutes: 90, status: 'published', ...over })
      .returning({ id: meetings.id });
    return row!.id;
  };
  const action = async (meetingId: string, ownerId: string, dueDate: string, description: string, status: 'open' | 'done' = 'open') => {
    const [item] = await ctx.database.db.insert(meetingItems).values({ meetingId, position: 1 }).returning({ id: meetingItems.id });
    const [row] = await ctx.database.db
      .insert(meetingActions)
      .values({ municipalityId: ctx.municipality.id, meetingId, itemId: item!.id, ownerId, dueDate, description, status })
      .returning({ id: meetingActions.id });
    return row!.id;
  };

  /** Create (or renew) a feed and return its path. */
  const createFeed = async (client: Client) => {
    const body = expectStatus(await client.post('/api/calendar/feed', {}), 201, 'create feed').json() as { path: string; replaced: boolean; createdAt: string };
    expect(body.path).toMatch(FEED_PATH);
    return body;
  };
  /** Fetch a feed the way a calendar client does: no cookie, no CSRF token. */
  const fetchFeed = (path: string) => ctx.app.inject({ method: 'GET', url: path });

  beforeAll(async () => {
    ctx = await createTestContext({ env: { MELDROUTE_PUBLIC_URL: PUBLIC_URL } });
    [liaison, coordinator, reporter2] = await Promise.all([ctx.login('liaison'), ctx.login('coordinator'), ctx.login('reporter2')]);

    seriesA = await series('Lokaal ondermijningsoverleg', 'Gemeentehuis, kamer 2.14', [ctx.userIds.liaison]);
    seriesB = await series('Mensenhandeloverleg', 'Raadzaal', [ctx.userIds.reporter2]);
    m.aWinter = await meeting(seriesA, '2026-12-10');
    m.aSummer = await meeting(seriesA, '2027-07-08', { startTime: '14:30', durationMinutes: 60, location: 'Buitenlocatie Jaarvergadering' });
    m.aCancelled = await meeting(seriesA, '2026-12-24', { status: 'cancelled' });
    m.aLongAgo = await meeting(seriesA, '2026-01-08', { status: 'held' });
    m.bDecember = await meeting(seriesB, '2026-12-15', { status: 'draft' });

    await action(m.aWinter, ctx.userIds.liaison, '2026-12-20', SECRET_DESCRIPTION);
    await action(m.aWinter, ctx.userIds.liaison, '2026-12-21', 'Afgerond punt', 'done');
    await action(m.bDecember, ctx.userIds.reporter2, '2026-12-22', OTHERS_DESCRIPTION);

    // A referral awaiting the partner's feedback, on a signal that names a person, an organisation and a place.
    signal = await registeredSignal(await ctx.login('reporter'), coordinator);
    const partners = await partnerIds(ctx.database, ctx.municipality.id);
    expectStatus(await coordinator.post(`/api/signals/${signal.id}/referrals`, { partnerId: partners.moviera, referredOn: '2026-11-28', channel: 'phone' }), 201, 'refer');
    const [ref] = await ctx.database.db.select({ due: referrals.feedbackDueOn }).from(referrals).where(eq(referrals.signalId, signal.id));
    referralDue = ref!.due.replaceAll('-', '');
  });
  afterAll(async () => ctx.close());

  it('creates a feed whose secret address is shown once and works without a session', async () => {
    expect(expectStatus(await liaison.get('/api/calendar/feed'), 200).json()).toEqual({ exists: false, createdAt: null, lastUsedAt: null });
    const created = await createFeed(liaison);
    expect(created).toMatchObject({ replaced: false, createdAt: '2026-11-28T10:00:00.000Z' });

    const status = expectStatus(await liaison.get('/api/calendar/feed'), 200);
    expect(status.json()).toEqual({ exists: true, createdAt: '2026-11-28T10:00:00.000Z', lastUsedAt: null });
    expect(status.body).not.toContain(created.path.split('/').pop()!.replace('.ics', ''));

    ctx.clock.set('2026-11-28T10:10:00Z');
    const res = expectStatus(await fetchFeed(created.path), 200, 'feed');
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(expectStatus(await liaison.get('/api/calendar/feed'), 200).json().lastUsedAt).toBe('2026-11-28T10:10:00.000Z');

    // Only the SHA-256 of the token is stored.
    const token = created.path.slice('/api/calendar/'.length, -'.ics'.length);
    const rows = await queryRows<{ row: string }>(ctx.database, sql`select t::text as row from calendar_feeds t`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.row).not.toContain(token);

    const audited = await auditEntries(ctx.database, { action: 'calendar.feed_create', actorId: ctx.userIds.liaison });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ result: 'ok', objectType: 'calendar_feed', objectId: ctx.userIds.liaison });
    expect(JSON.stringify(audited)).not.toContain(token);
  });

  it("holds a participant's meetings and own open action items, in UTC, and nothing personal", async () => {
    const { path } = await createFeed(liaison);
    const ics = expectStatus(await fetchFeed(path), 200).body;
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    // Series A, in winter (10:00 = 09:00Z) and summer (14:30 = 12:30Z).
    expect(unfolded).toContain(`UID:meeting-${m.aWinter}@meldroute`);
    expect(unfolded).toContain('DTSTART:20261210T090000Z');
    expect(unfolded).toContain('DTEND:20261210T103000Z');
    expect(unfolded).toContain('SUMMARY:Lokaal ondermijningsoverleg');
    expect(unfolded).toContain('LOCATION:Gemeentehuis\\, kamer 2.14');
    expect(unfolded).toContain(`URL;VALUE=URI:${PUBLIC_URL}/overleggen/${m.aWinter}`);
    expect(unfolded).toContain(`UID:meeting-${m.aSummer}@meldroute`);
    expect(unfolded).toContain('DTSTART:20270708T123000Z');
    // Not cancelled ones, not long past ones, not series B.
    expect(unfolded).not.toContain(m.aCancelled);
    expect(unfolded).not.toContain(m.aLongAgo);
    expect(unfolded).not.toContain(m.bDecember);
    expect(unfolded).not.toContain('Mensenhandeloverleg');
    // The open action item, on its date, without its description; not the done one, not someone else's.
    expect(unfolded).toContain('SUMMARY:Actiepunt uit Lokaal ondermijningsoverleg');
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20261220');
    expect(unfolded).not.toContain('DTSTART;VALUE=DATE:20261221');
    expect(unfolded).not.toContain('DTSTART;VALUE=DATE:20261222');
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    for (const secret of ['Zwaantje', 'Geheimnaam', 'Otto', 'Bartholomeus', 'Afgerond', 'Lisa Liaison']) expect(unfolded).not.toContain(secret);
    // No referral due dates for a liaison.
    expect(unfolded).not.toContain('Terugkoppeling');
    expect(unfolded).not.toContain(signal.number);
  });

  it('shows a participant of series B only series B', async () => {
    const ics = expectStatus(await fetchFeed((await createFeed(reporter2)).path), 200).body.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain(`UID:meeting-${m.bDecember}@meldroute`);
    expect(ics).toContain('SUMMARY:Actiepunt uit Mensenhandeloverleg');
    expect(ics).not.toContain('Lokaal ondermijningsoverleg');
    expect(ics).not.toContain(m.aWinter);
    expect(ics).not.toContain('Otto');
    expect(ics).not.toContain('Bartholomeus');
  });

  it("gives the coordinator every meeting of the municipality and the partners' feedback due dates, by signal number only", async () => {
    const ics = expectStatus(await fetchFeed((await createFeed(coordinator)).path), 200).body.replace(/\r\n[ \t]/g, '');
    for (const id of [m.aWinter, m.aSummer, m.bDecember]) expect(ics).toContain(`UID:meeting-${id}@meldroute`);
    expect(ics).not.toContain(m.aCancelled);
    expect(ics).toContain(`SUMMARY:Terugkoppeling verwacht — signaal ${signal.number}`);
    expect(ics).toContain(`DTSTART;VALUE=DATE:${referralDue}`);
    expect(ics).toContain(`URL;VALUE=URI:${PUBLIC_URL}/signalen/${signal.id}`);
    // Nobody else's action items, and nothing of the signal but its number.
    expect(ics).not.toContain('Actiepunt');
    for (const secret of ['Jan van der Berg', 'Voorbeeld BV', 'Publieksbalie', '3411 AB', 'paspoort', 'Moviera', 'Rita', 'Coen', 'Zwaantje', 'Otto']) {
      expect(ics, secret).not.toContain(secret);
    }
  });

  it('renewing replaces the address: the old one answers 404', async () => {
    const client = await loginWith(ctx, (await freshUser('renew')).username);
    const first = await createFeed(client);
    expectStatus(await fetchFeed(first.path), 200);
    const second = await createFeed(client);
    expect(second.replaced).toBe(true);
    expect(second.path).not.toBe(first.path);
    expect(expectStatus(await fetchFeed(first.path), 404).json()).toMatchObject({ statusCode: 404, code: 'not_found' });
    expectStatus(await fetchFeed(second.path), 200);
    const audited = await auditEntries(ctx.database, { action: 'calendar.feed_replace', actorId: client.userId });
    expect(audited).toHaveLength(1);
  });

  it('revoking ends the feed; revoking again is harmless', async () => {
    const client = await loginWith(ctx, (await freshUser('revoke')).username);
    const { path } = await createFeed(client);
    expectStatus(await client.delete('/api/calendar/feed'), 204);
    expectStatus(await fetchFeed(path), 404);
    expect(expectStatus(await client.get('/api/calendar/feed'), 200).json()).toMatchObject({ exists: false });
    expectStatus(await client.delete('/api/calendar/feed'), 204);
    const audited = await auditEntries(ctx.database, { action: 'calendar.feed_revoke', actorId: client.userId });
    expect(audited.map((a) => a.details)).toEqual([{ existed: true }, { existed: false }]);
  });

  it("answers 404 for a deactivated user's feed, and again once reactivated", async () => {
    const user = await freshUser('deactivated');
    const { path } = await createFeed(await loginWith(ctx, user.username));
    const admin = await ctx.login('admin');
    expectStatus(await admin.patch(`/api/admin/users/${user.id}`, { active: false }), 200, 'deactivate');
    expectStatus(await fetchFeed(path), 404);
    expectStatus(await admin.patch(`/api/admin/users/${user.id}`, { active: true }), 200, 'reactivate');
    expectStatus(await fetchFeed(path), 200);
  });

  it('answers 404 for an unknown token and 400 with a field error for a malformed one', async () => {
    expectStatus(await fetchFeed(`/api/calendar/${'A'.repeat(43)}.ics`), 404);
    const bad = expectStatus(await fetchFeed('/api/calendar/kort.ics'), 400);
    expect(bad.json().fields).toEqual([expect.objectContaining({ path: 'params.token' })]);
    expect(bad.body).not.toContain('kort');
  });

  it('needs a session (and the CSRF token) to see, create or revoke one’s feed', async () => {
    expectStatus(await ctx.anonymous().get('/api/calendar/feed'), 401);
    expectStatus(await ctx.anonymous().post('/api/calendar/feed', {}), 401);
    expectStatus(await ctx.anonymous().delete('/api/calendar/feed'), 401);
    expectStatus(await liaison.request({ method: 'POST', url: '/api/calendar/feed', payload: {}, headers: { 'x-csrf-token': 'fout' } }), 403);
  });

  it('never writes the token to the log, and limits the rate of feed requests', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = { ...loadConfig({ NODE_ENV: 'test', MELDROUTE_SERVE_WEB: 'false', MELDROUTE_LOGIN_RATE_LIMIT: '1000' }), demo: false, totpMandatory: false };
    const app = await buildApp({ vault: testVault(), config, database: ctx.database, clock: ctx.clock, logger: { level: 'info', stream } as never });
    try {
      await app.ready();
      const { path } = await createFeed(liaison);
      const token = path.slice('/api/calendar/'.length, -'.ics'.length);
      expectStatus(await app.inject({ method: 'GET', url: path }), 200);
      expectStatus(await app.inject({ method: 'GET', url: `${path}?x=1` }), 200);
      const unknown = `${'B'.repeat(43)}`;
      expectStatus(await app.inject({ method: 'GET', url: `/api/calendar/${unknown}.ics` }), 404);
      // 60 a minute per client address: the 61st request is refused.
      let status = 0;
      for (let i = 0; i < 61 && status !== 429; i++) status = (await app.inject({ method: 'GET', url: `/api/calendar/${unknown}.ics` })).statusCode;
      expect(status).toBe(429);

      // Neither the answered, the unknown nor the refused requests logged a token.
      const log = lines.join('');
      expect(log).toContain('/api/calendar/[redacted].ics');
      expect(log).not.toContain(token);
      expect(log).not.toContain(unknown);
    } finally {
      await app.close();
    }
  });

  let serial = 0;
  async function freshUser(prefix: string) {
    const username = `kalender-${prefix}-${++serial}`;
    const id = await addUser(ctx, { username, displayName: `Kalender ${prefix}`, role: 'reporter', department: 'civiel' });
    return { username, id };
  }
});
