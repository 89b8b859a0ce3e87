import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, expectStatus, registeredSignal, submitSignal } from '../../testing/helpers.js';
import { createTestContext, loginWith, TEST_USERS, type Client, type TestContext, type TestUserKey } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';
import { sql } from 'drizzle-orm';

const REASON = 'Terugkoppeling aan de melder tijdens vakantie van de aandachtsfunctionaris.';

/**
 * The deputy coordinator (plaatsvervanger) works signals like the coordinator but
 * sees the reporter only after giving a reason; the look-up is audited and shown
 * to the coordinator.
 */
describe('deputy coordinator: looking up the reporter with a reason', () => {
  let ctx: TestContext;
  const clients = {} as Record<TestUserKey, Client>;
  let signal: { id: string; number: string };
  let onBehalf: { id: string; number: string };

  beforeAll(async () => {
    ctx = await createTestContext();
    for (const key of ['reporter', 'liaison', 'coordinator', 'deputy', 'meldcode', 'analyst', 'admin'] as const) clients[key] = await ctx.login(key);
    signal = await registeredSignal(clients.reporter, clients.coordinator);
    onBehalf = await submitSignal(clients.liaison, { onBehalfOfUserId: ctx.userIds.colleague });
  });
  afterAll(async () => ctx?.close());

  const reveal = (who: TestUserKey, id: string, body: unknown = { reason: REASON }) => clients[who].post(`/api/signals/${id}/reporter-identity`, body);

  it('the deputy works the signal but its detail names no reporter, and the history hides the submitter', async () => {
    const detail = expectStatus(await clients.deputy.get(`/api/signals/${signal.id}`), 200);
    const body = detail.json();
    expect(body.reporter).toBeNull();
    expect(body.submittedBy).toBeNull();
    expect(body.identityDisclosures).toEqual([]);
    expect(body.allowedActions.length).toBeGreaterThan(0);
    expect(body.history.find((h: { action: string }) => h.action === 'submit').actor).toBeNull();
    // The coordinator's register step keeps its actor.
    expect(body.history.find((h: { action: string }) => h.action === 'register').actor.displayName).toBe(TEST_USERS.coordinator.displayName);
    expect(detail.body).not.toContain(TEST_USERS.reporter.displayName);
    expect(detail.body).not.toContain(ctx.userIds.reporter);
    // The access log names the reporter: the coordinator's only.
    expect(expectStatus(await clients.deputy.get(`/api/signals/${signal.id}/access-log`), 403).json().code).toBe('forbidden');
  });

  it('requires a reason: 400 with a field error, nothing stored', async () => {
    for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
      const res = expectStatus(await reveal('deputy', signal.id, body), 400);
      expect(res.json().fields.map((f: { path: string }) => f.path)).toEqual(['reason']);
    }
    const rows = await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from identity_disclosures`);
    expect(rows[0]!.n).toBe(0);
  });

  it('gives the deputy the identity, audited, with the reason stored for the coordinator', async () => {
    const res = expectStatus(await reveal('deputy', signal.id), 200);
    expect(res.json()).toEqual({
      reporter: { id: ctx.userIds.reporter, displayName: TEST_USERS.reporter.displayName, email: TEST_USERS.reporter.email, departmentName: expect.any(String) },
      submittedBy: null,
    });
    const audited = await auditEntries(ctx.database, { action: 'signal.reveal_identity', objectId: signal.id });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorId: ctx.userIds.deputy, result: 'ok', objectType: 'signal' });
    // The audit trail holds no free text: the reason is not in it.
    expect(JSON.stringify(audited[0])).not.toContain(REASON);

    // The deputy's next view is still without the reporter: the look-up is for that moment only.
    const again = expectStatus(await clients.deputy.get(`/api/signals/${signal.id}`), 200).json();
    expect(again.reporter).toBeNull();
    expect(again.identityDisclosures).toEqual([]);

    // The coordinator sees who looked, when, and why.
    const seen = expectStatus(await clients.coordinator.get(`/api/signals/${signal.id}`), 200).json();
    expect(seen.identityDisclosures).toEqual([
      { id: expect.any(String), by: { id: ctx.userIds.deputy, displayName: TEST_USERS.deputy.displayName }, at: '2026-11-28T10:00:00.000Z', reason: REASON },
    ]);
    // ... and the access log lists the look-up.
    const log = expectStatus(await clients.coordinator.get(`/api/signals/${signal.id}/access-log`), 200).json();
    expect(log.entries.some((e: { action: string; actor: { id: string } }) => e.action === 'signal.reveal_identity' && e.actor.id === ctx.userIds.deputy)).toBe(true);
  });

  it('names the colleague a liaison submitted for, and the liaison as submitter', async () => {
    const res = expectStatus(await reveal('deputy', onBehalf.id, { reason: 'Navraag bij de melder.' }), 200).json();
    expect(res.reporter.displayName).toBe(TEST_USERS.colleague.displayName);
    expect(res.submittedBy.displayName).toBe(TEST_USERS.liaison.displayName);
    // Without the look-up, the history hides both the colleague and the liaison.
    const body = expectStatus(await clients.deputy.get(`/api/signals/${onBehalf.id}`), 200).body;
    expect(body).not.toContain(TEST_USERS.colleague.displayName);
    expect(body).not.toContain(TEST_USERS.liaison.displayName);
  });

  it('refuses every other role with 403 and stores nothing', async () => {
    const before = await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from identity_disclosures`);
    for (const key of ['reporter', 'liaison', 'coordinator', 'meldcode', 'analyst', 'admin'] as const) {
      const res = await reveal(key, signal.id);
      expect(res.statusCode, key).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    const after = await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from identity_disclosures`);
    expect(after[0]!.n).toBe(before[0]!.n);
    const denied = await auditEntries(ctx.database, { action: 'signal.reveal_identity' });
    expect(denied.filter((e) => e.result === 'denied')).toHaveLength(6);
  });

  it("answers 404 for another municipality's signal (or an unknown one), storing nothing", async () => {
    const elders = await ctx.otherMunicipality();
    const eldersSignal = await submitSignal(await loginWith(ctx, elders.coordinatorUsername));
    const before = await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from identity_disclosures`);
    expect(expectStatus(await reveal('deputy', eldersSignal.id), 404).json().code).toBe('not_found');
    expect(expectStatus(await reveal('deputy', '00000000-0000-4000-8000-000000000000'), 404).json().code).toBe('not_found');
    const after = await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from identity_disclosures`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
