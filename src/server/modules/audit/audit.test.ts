import { blindKeys } from '../../crypto/blind-keys.js';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignal } from '../../testing/factories.js';
import { auditEntries, auditSince, countRows, expectStatus, lastAuditId, partnerIds, registeredSignal, submitSignal } from '../../testing/helpers.js';
import { createTestContext, TEST_USERS, type Client, type TestContext, type TestUserKey } from '../../testing/test-app.js';

const UA = 'MeldrouteAuditTest/1.0 (+https://example.invalid)';
const IP = '198.51.100.7';

/** BIO 8.15: every read and change of signal data is logged (actor, action, object, result, origin, time); the log is append-only. */
describe('audit trail', () => {
  let ctx: TestContext;
  const clients = {} as Record<TestUserKey, Client>;
  let partners: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestContext();
    for (const key of ['reporter', 'reporter2', 'liaison', 'coordinator', 'meldcode', 'analyst', 'admin'] as const) clients[key] = await ctx.login(key);
    partners = await partnerIds(ctx.database, ctx.municipality.id);
  });
  afterAll(async () => ctx.close());

  /** Send as `who` from a known address and user agent; return the response and the audit entries it wrote. */
  async function audited(who: TestUserKey, method: InjectOptions['method'], url: string, payload?: unknown) {
    const since = await lastAuditId(ctx.database);
    const res = await clients[who].request({
      method,
      url,
      ...(payload !== undefined ? { payload: payload as InjectOptions['payload'] } : method === 'GET' ? {} : { payload: {} }),
      headers: { 'user-agent': UA },
      remoteAddress: IP,
    });
    return { res, entries: await auditSince(ctx.database, since) };
  }

  describe('the database refuses to change or remove audit entries', () => {
    const reject = async (statement: ReturnType<typeof sql>) => {
      let error: unknown;
      try {
        await ctx.database.db.execute(statement);
      } catch (e) {
        error = e;
      }
      expect(error, 'the statement should have been refused').toBeDefined();
      const message = `${(error as Error).message} ${((error as { cause?: Error }).cause)?.message ?? ''}`;
      expect(message).toMatch(/append-only/);
    };

    it('refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
      await clients.reporter.get('/api/my/signals');
      const before = await auditEntries(ctx.database);
      expect(before.length).toBeGreaterThan(0);
      await reject(sql`update audit_log set action = 'tampered'`);
      await reject(sql`update audit_log set result = 'ok' where id = ${before[0]!.id}`);
      await reject(sql`delete from audit_log`);
      await reject(sql`delete from audit_log where id = ${before.at(-1)!.id}`);
      await reject(sql`truncate audit_log`);
      const after = await auditEntries(ctx.database);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.some((e) => e.action === 'tampered')).toBe(false);
    });

    it('still accepts new entries (append)', async () => {
      const before = await countRows(ctx.database, 'audit_log');
      await clients.reporter.get('/api/my/signals');
      expect(await countRows(ctx.database, 'audit_log')).toBe(before + 1);
    });
  });

  describe('every read and change of signal data writes an entry', () => {
    it('records actor, role, action, object, result, ip, user agent and time for each step of the route', async () => {
      const expectEntry = (
        entries: Awaited<ReturnType<typeof auditSince>>,
        who: TestUserKey,
        action: string,
        objectId?: string,
      ) => {
        const entry = entries.find((e) => e.action === action);
        expect(entry, `audit entry ${action}`).toBeDefined();
        expect(entry).toMatchObject({
          actorId: ctx.userIds[who],
          actorRole: TEST_USERS[who].role,
          municipalityId: ctx.municipality.id,
          result: 'ok',
          ip: IP,
          userAgent: UA,
          ...(objectId ? { objectId } : {}),
        });
        expect(entry!.at).toBeInstanceOf(Date);
        expect(Math.abs(entry!.at.getTime() - Date.now())).toBeLessThan(60_000);
      };

      const submit = await audited('reporter', 'POST', '/api/signals', buildSignal({ victimInvolved: 'yes' }));
      expect(submit.res.statusCode).toBe(201);
      const id = submit.res.json().id as string;
      // The reporter's own actions name the signal by its pseudonym: the audit trail alone does not link them.
      const pseudonym = blindKeys(ctx.vault).signalPseudonym(id);
      expectEntry(submit.entries, 'reporter', 'signal.create', pseudonym);
      expect(submit.entries.find((e) => e.action === 'signal.create')).toMatchObject({ objectType: 'signal_pseudonym' });

      const steps: [TestUserKey, InjectOptions['method'], string, unknown, string, string | undefined][] = [
        ['reporter', 'GET', '/api/my/signals', undefined, 'signal.list_own', undefined],
        ['reporter', 'GET', `/api/my/signals/${id}`, undefined, 'signal.read_own', pseudonym],
        ['liaison', 'GET', '/api/department/signals', undefined, 'signal.list_department', undefined],
        ['coordinator', 'GET', '/api/worklist', undefined, 'signal.worklist', undefined],
        ['coordinator', 'GET', '/api/signals', undefined, 'signal.list', undefined],
        ['coordinator', 'GET', `/api/signals/${id}`, undefined, 'signal.read', id],
        ['coordinator', 'POST', `/api/signals/${id}/register`, undefined, 'signal.register', id],
        ['coordinator', 'PATCH', `/api/signals/${id}/classification`, { acuteDanger: true }, 'signal.classify', id],
        ['coordinator', 'PUT', `/api/signals/${id}/meeting`, { forMeeting: true }, 'signal.mark_for_meeting', id],
        ['coordinator', 'POST', `/api/signals/${id}/enrichment-notes`, { sourceSystem: 'BRP', finding: 'Niets bekend.' }, 'signal.enrich', id],
        ['coordinator', 'GET', `/api/signals/${id}/referral-suggestions`, undefined, 'referral.suggest', id],
        ['coordinator', 'GET', '/api/stats/yearly', undefined, 'stats.yearly', undefined],
        ['analyst', 'GET', '/api/stats/yearly', undefined, 'stats.yearly', undefined],
      ];
      for (const [who, method, url, body, action, objectId] of steps) {
        const { res, entries } = await audited(who, method, url, body);
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
        expectEntry(entries, who, action, objectId);
      }

      const refer = await audited('coordinator', 'POST', `/api/signals/${id}/referrals`, { partnerId: partners.meldcode, referredOn: '2026-11-28', channel: 'in_person' });
      expect(refer.res.statusCode).toBe(201);
      const referralId = refer.res.json().id as string;
      expectEntry(refer.entries, 'coordinator', 'referral.create', referralId);
      expect(refer.entries.find((e) => e.action === 'referral.create')!.details).toEqual({ signalId: id, partnerId: partners.meldcode });

      const later: [TestUserKey, InjectOptions['method'], string, unknown, string, string | undefined][] = [
        ['meldcode', 'GET', '/api/consultations', undefined, 'consultation.list', undefined],
        ['meldcode', 'GET', `/api/signals/${id}`, undefined, 'signal.read', id],
        ['coordinator', 'POST', `/api/referrals/${referralId}/request-feedback`, { requestedOn: '2026-11-28' }, 'referral.request_feedback', referralId],
        ['meldcode', 'POST', `/api/referrals/${referralId}/feedback`, { receivedOn: '2026-11-28', text: 'Advies: Veilig Thuis.' }, 'referral.record_feedback', referralId],
        ['coordinator', 'POST', `/api/referrals/${referralId}/close`, {}, 'referral.close', referralId],
        ['coordinator', 'POST', `/api/signals/${id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: 'Dank je.' }, 'signal.reporter_feedback', id],
        ['coordinator', 'POST', `/api/signals/${id}/close`, { outcome: 'no_grounds' }, 'signal.close', id],
        ['coordinator', 'POST', `/api/signals/${id}/reopen`, { reason: 'Nieuwe info.' }, 'signal.reopen', id],
      ];
      for (const [who, method, url, body, action, objectId] of later) {
        const { res, entries } = await audited(who, method, url, body);
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
        expectEntry(entries, who, action, objectId);
      }
    });

    it('records refused attempts with their result: denied, not_found or invalid', async () => {
      const own = await registeredSignal(clients.reporter, clients.coordinator);
      const cases: [TestUserKey, InjectOptions['method'], string, unknown, string, 'denied' | 'not_found' | 'invalid'][] = [
        ['analyst', 'GET', `/api/signals/${own.id}`, undefined, 'signal.read', 'denied'],
        ['admin', 'GET', '/api/signals', undefined, 'signal.list', 'denied'],
        ['liaison', 'GET', '/api/worklist', undefined, 'signal.worklist', 'denied'],
        ['admin', 'GET', '/api/my/signals', undefined, 'signal.list_own', 'denied'],
        ['meldcode', 'GET', `/api/my/signals/${own.id}`, undefined, 'signal.read_own', 'denied'],
        ['reporter', 'GET', '/api/department/signals', undefined, 'signal.list_department', 'denied'],
        ['analyst', 'POST', '/api/signals', buildSignal(), 'signal.create', 'denied'],
        ['reporter', 'POST', '/api/signals', buildSignal({ onBehalfOfUserId: ctx.userIds.colleague }), 'signal.create', 'denied'],
        ['admin', 'GET', '/api/consultations', undefined, 'consultation.list', 'denied'],
        ['reporter', 'POST', `/api/signals/${own.id}/register`, undefined, 'signal.register', 'denied'],
        ['reporter', 'GET', `/api/signals/${own.id}/referral-suggestions`, undefined, 'referral.suggest', 'denied'],
        ['meldcode', 'GET', `/api/signals/${own.id}`, undefined, 'signal.read', 'not_found'],
        ['reporter2', 'GET', `/api/my/signals/${own.id}`, undefined, 'signal.read_own', 'not_found'],
        ['coordinator', 'GET', '/api/signals/00000000-0000-4000-8000-000000000000', undefined, 'signal.read', 'not_found'],
        ['coordinator', 'POST', '/api/signals/00000000-0000-4000-8000-000000000000/register', undefined, 'signal.register', 'not_found'],
        ['coordinator', 'POST', `/api/signals/${own.id}/register`, undefined, 'signal.register', 'invalid'],
        ['coordinator', 'POST', `/api/signals/${own.id}/close`, { outcome: 'no_grounds' }, 'signal.close', 'invalid'],
      ];
      for (const [who, method, url, body, action, result] of cases) {
        const { res, entries } = await audited(who, method, url, body);
        expect(res.statusCode, `${who} ${method} ${url}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(entries, `${who} ${method} ${url}`).toEqual([
          expect.objectContaining({ action, result, actorId: ctx.userIds[who], ip: IP, userAgent: UA }),
        ]);
      }
    });

    it('records logins, failed logins and logouts', async () => {
      const since = await lastAuditId(ctx.database);
      await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'reporter', password: 'wrong password here' } });
      await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'no-such-user', password: 'wrong password here' } });
      const c = await ctx.login('analyst');
      await c.post('/api/auth/logout');
      const entries = (await auditSince(ctx.database, since)).map((e) => [e.action, e.result, e.actorId]);
      expect(entries).toEqual([
        ['auth.login', 'denied', ctx.userIds.reporter],
        ['auth.login', 'denied', null],
        ['auth.login', 'ok', ctx.userIds.analyst],
        ['auth.logout', 'ok', ctx.userIds.analyst],
      ]);
    });
  });

  it('never stores personal data or free text in the audit trail', async () => {
    const marker = {
      person: 'Zeldzame Persoonsnaam',
      email: 'zeldzaam@voorbeeld.nl',
      explanation: 'Unieke uitleg die nooit in een log mag staan',
      feedback: 'Unieke terugkoppeling aan de melder',
    };
    const s = await submitSignal(clients.reporter, { explanation: marker.explanation, persons: [{ fullName: marker.person, email: marker.email }] });
    await clients.coordinator.post(`/api/signals/${s.id}/register`);
    await clients.coordinator.post(`/api/signals/${s.id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-28', text: marker.feedback });
    await clients.coordinator.get(`/api/signals/${s.id}`);
    const dump = JSON.stringify(await auditEntries(ctx.database));
    for (const value of [...Object.values(marker), TEST_USERS.reporter.displayName, TEST_USERS.reporter.email, 'correct horse']) {
      expect(dump).not.toContain(value);
    }
  });
});
