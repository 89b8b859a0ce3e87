import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { accessLog } from '../../../shared/api/audit.js';
import { auditEntries, expectStatus, partnerIds, registeredSignal, submitSignal } from '../../testing/helpers.js';
import { createTestContext, loginWith, TEST_USERS, type Client, type TestContext, type TestUserKey } from '../../testing/test-app.js';

type AccessLog = z.output<typeof accessLog>;

/** The coordinator's per-signal access log: who viewed or changed a signal, and when. */
describe('per-signal access log', () => {
  let ctx: TestContext;
  const clients = {} as Record<TestUserKey, Client>;
  let signal: { id: string; number: string };
  let other: { id: string };
  let referralId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    for (const key of ['reporter', 'reporter2', 'liaison', 'coordinator', 'meldcode', 'analyst', 'admin'] as const) clients[key] = await ctx.login(key);
    const partners = await partnerIds(ctx.database, ctx.municipality.id);
    signal = await registeredSignal(clients.reporter, clients.coordinator, { victimInvolved: 'yes' });
    other = await submitSignal(clients.reporter2);
    await clients.coordinator.get(`/api/signals/${other.id}`);
    await clients.reporter.get(`/api/my/signals/${signal.id}`);
    await clients.coordinator.get(`/api/signals/${signal.id}`);
    const referral = expectStatus(
      await clients.coordinator.post(`/api/signals/${signal.id}/referrals`, { partnerId: partners.meldcode, referredOn: '2026-11-28', channel: 'in_person' }),
      201,
    );
    referralId = referral.json().id as string;
    await clients.meldcode.get(`/api/signals/${signal.id}`);
    await clients.meldcode.post(`/api/referrals/${referralId}/feedback`, { receivedOn: '2026-11-28', text: 'Advies: Veilig Thuis.' });
    await clients.analyst.get(`/api/signals/${signal.id}`); // refused, and logged as such
  });
  afterAll(async () => ctx?.close());

  const accessLogOf = async (id: string, who: TestUserKey = 'coordinator') => clients[who].get(`/api/signals/${id}/access-log`);

  it('shows the coordinator who read or changed the signal and its referrals, with name, role, action, result and time, newest first', async () => {
    const res = expectStatus(await accessLogOf(signal.id), 200);
    const log = res.json() as AccessLog;
    expect(log.signalId).toBe(signal.id);
    expect(log.truncated).toBe(false);
    const rows = log.entries.map((e) => [e.actor?.displayName ?? null, e.actor?.role ?? null, e.action, e.result, e.objectType]);
    expect(rows.reverse()).toEqual([
      [TEST_USERS.reporter.displayName, 'reporter', 'signal.create', 'ok', 'signal'],
      [TEST_USERS.coordinator.displayName, 'coordinator', 'signal.register', 'ok', 'signal'],
      [TEST_USERS.reporter.displayName, 'reporter', 'signal.read_own', 'ok', 'signal'],
      [TEST_USERS.coordinator.displayName, 'coordinator', 'signal.read', 'ok', 'signal'],
      [TEST_USERS.coordinator.displayName, 'coordinator', 'referral.create', 'ok', 'referral'],
      [TEST_USERS.meldcode.displayName, 'meldcode_officer', 'signal.read', 'ok', 'signal'],
      [TEST_USERS.meldcode.displayName, 'meldcode_officer', 'referral.record_feedback', 'ok', 'referral'],
      [TEST_USERS.analyst.displayName, 'analyst', 'signal.read', 'denied', 'signal'],
    ]);
    const entries = log.entries;
    for (let i = 1; i < entries.length; i++) expect(entries[i - 1]!.id).toBeGreaterThan(entries[i]!.id);
    for (const e of entries) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    expect(entries.find((e) => e.objectType === 'referral')!.objectId).toBe(referralId);
    expect(entries[0]!.actor?.id).toBe(ctx.userIds.analyst);
  });

  it('is audited itself, and the next look shows the previous one', async () => {
    const first = (await accessLogOf(signal.id)).json() as AccessLog;
    const [entry] = (await auditEntries(ctx.database, { action: 'signal.access_log', objectId: signal.id })).slice(-1);
    expect(entry).toMatchObject({ actorId: ctx.userIds.coordinator, result: 'ok', objectType: 'signal' });
    const second = (await accessLogOf(signal.id)).json() as AccessLog;
    expect(second.entries[0]).toMatchObject({ id: entry!.id, action: 'signal.access_log', actor: { displayName: TEST_USERS.coordinator.displayName, role: 'coordinator' } });
    expect(second.entries.length).toBe(first.entries.length + 1);
  });

  it('holds only entries about this signal', async () => {
    const log = (await accessLogOf(other.id)).json() as AccessLog;
    expect(log.entries.map((e) => [e.action, e.actor?.role]).reverse()).toEqual([
      ['signal.create', 'reporter'],
      ['signal.read', 'coordinator'],
    ]);
    expect(log.entries.every((e) => e.objectId === other.id)).toBe(true);
  });

  it('is for the coordinator only; every other role is refused, and the refusal is logged', async () => {
    for (const who of ['reporter', 'liaison', 'meldcode', 'analyst', 'admin'] as const) {
      const res = await accessLogOf(signal.id, who);
      expect(res.statusCode, who).toBe(403);
      const [entry] = (await auditEntries(ctx.database, { action: 'signal.access_log', actorId: ctx.userIds[who] })).slice(-1);
      expect(entry, who).toMatchObject({ result: 'denied', objectId: signal.id });
    }
    expect((await ctx.anonymous().get(`/api/signals/${signal.id}/access-log`)).statusCode).toBe(401);
  });

  it('answers 404 for a signal of another municipality or an unknown id, logged as not_found', async () => {
    const { coordinatorUsername } = await ctx.otherMunicipality();
    const elsewhere = await loginWith(ctx, coordinatorUsername);
    const res = await elsewhere.get(`/api/signals/${signal.id}/access-log`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(TEST_USERS.reporter.displayName);
    const [entry] = (await auditEntries(ctx.database, { action: 'signal.access_log', actorId: elsewhere.userId })).slice(-1);
    expect(entry).toMatchObject({ result: 'not_found', objectId: signal.id });

    // The attempt from elsewhere shows in this municipality's log, without the other municipality's user name.
    const log = (await accessLogOf(signal.id)).json() as AccessLog;
    const attempt = log.entries.find((e) => e.actor?.id === elsewhere.userId);
    expect(attempt).toMatchObject({ action: 'signal.access_log', result: 'not_found', actor: { displayName: null, role: 'coordinator' } });

    expect((await accessLogOf('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await accessLogOf('not-a-uuid')).statusCode).toBe(400);
  });
});

describe('security events in the audit trail', () => {
  let ctx: TestContext;
  let admin: Client;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.login('admin');
  });
  afterAll(async () => ctx?.close());

  it('records a role change with the old and the new role', async () => {
    expectStatus(await admin.patch(`/api/admin/users/${ctx.userIds.analyst}`, { role: 'liaison', departmentId: ctx.departmentIds.dienstverlening }), 200);
    const entries = await auditEntries(ctx.database, { objectId: ctx.userIds.analyst });
    expect(entries.map((e) => [e.action, e.result, e.actorId, e.details])).toEqual([
      ['user.role_change', 'ok', ctx.userIds.admin, { from: 'analyst', to: 'liaison' }],
      ['user.update', 'ok', ctx.userIds.admin, null],
    ]);
    // A patch that leaves the role as it is is no role change.
    expectStatus(await admin.patch(`/api/admin/users/${ctx.userIds.analyst}`, { role: 'liaison' }), 200);
    expect((await auditEntries(ctx.database, { action: 'user.role_change' })).length).toBe(1);
  });

  it('records password resets and failed logins', async () => {
    expectStatus(await admin.post(`/api/admin/users/${ctx.userIds.reporter}/reset-password`), 200);
    expect(await auditEntries(ctx.database, { action: 'user.reset_password' })).toEqual([
      expect.objectContaining({ result: 'ok', actorId: ctx.userIds.admin, objectId: ctx.userIds.reporter }),
    ]);
    await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'coordinator', password: 'wrong password here' } });
    expect(await auditEntries(ctx.database, { action: 'auth.login', objectId: ctx.userIds.coordinator })).toEqual([
      expect.objectContaining({ result: 'denied' }),
    ]);
  });
});
