import { placeOf } from '../../crypto/vault.js';
import { testVault } from '../../testing/test-vault.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrichmentNotes,
  identityDisclosures,
  referrals,
  reporterFeedback,
  signalAddresses,
  signalOrganisations,
  signalPersons,
  signals,
} from '../../db/schema/index.js';
import { addDays } from '../../lib/clock.js';
import { auditEntries, expectStatus, partnerIds, registeredSignal } from '../../testing/helpers.js';
import { createTestContext, type Client, type TestContext } from '../../testing/test-app.js';
import { createRetentionService, REMOVED_MARKER, RETENTION_LOCK_KEY, type RetentionService } from './retention.service.js';

const CLOSED_ON = '2026-11-28';
const at = (day: string) => new Date(`${day}T10:00:00Z`);

/** Retention (security issue point 6): terms per outcome, legal hold, worklist warning, audited removal, one runner. */
describe('retention', () => {
  let ctx: TestContext;
  let reporter: Client;
  let coordinator: Client;
  let deputy: Client;
  let partners: Record<string, string>;
  let retention: RetentionService;
  /** The meeting each closed signal was discussed in (issue 6.1). */
  const meetingOf = new Map<string, string>();
  let meetingDay = 0;

  beforeAll(async () => {
    ctx = await createTestContext({ now: `${CLOSED_ON}T10:00:00Z` });
    [reporter, coordinator, deputy] = await Promise.all([ctx.login('reporter'), ctx.login('coordinator'), ctx.login('deputy')]);
    partners = await partnerIds(ctx.database, ctx.municipality.id);
    retention = createRetentionService({ database: ctx.database, clock: ctx.clock, vault: testVault() });
  });
  afterAll(async () => ctx.close());

  /** A signal with every kind of personal data and free text, closed today (the clock) with `outcome`. */
  async function closedSignal(outcome: 'no_grounds' | 'referred'): Promise<string> {
    ctx.clock.set(at(CLOSED_ON));
    // Sessions expire when the clock jumps: log in again at the closing date.
    [reporter, coordinator, deputy] = await Promise.all([ctx.login('reporter'), ctx.login('coordinator'), ctx.login('deputy')]);
    const { id } = await registeredSignal(reporter, coordinator, { place: 'Huisbezoek Jaarsveld', explanation: 'Geheime toelichting XYZ.' });
    expectStatus(await coordinator.post(`/api/signals/${id}/enrichment-notes`, { sourceSystem: 'BRP', finding: 'Bevinding ABC.' }), 204, 'note');
    if (outcome === 'referred') {
      const res = await coordinator.post(`/api/signals/${id}/referrals`, { partnerId: partners.moviera, referredOn: CLOSED_ON, channel: 'phone', sharedNote: 'Gedeelde notitie DEF.' });
      const referralId = expectStatus(res, 201, 'refer').json().id as string;
      expectStatus(await coordinator.post(`/api/referrals/${referralId}/feedback`, { receivedOn: CLOSED_ON, text: 'Terugkoppeling GHI.' }), 204, 'feedback');
    }
    expectStatus(await deputy.post(`/api/signals/${id}/reporter-identity`, { reason: 'Reden identiteit JKL.' }), 200, 'reveal');
    // Discussed in a meeting: a summary, the person shared, minutes, a decision and an action item.
    const series = expectStatus(
      await coordinator.post('/api/meeting-series', { name: 'Overleg', cadence: 'ad_hoc', firstDate: CLOSED_ON, startTime: '10:00', durationMinutes: 60, participantUserIds: [], guests: [] }),
      201,
      'series',
    ).json().id as string;
    const meeting = expectStatus(await coordinator.post(`/api/meeting-series/${series}/meetings`, { date: addDays(CLOSED_ON, ++meetingDay) }), 201, 'meeting').json().id as string;
    const personId = expectStatus(await coordinator.get(`/api/signals/${id}`), 200).json().content.persons[0].id as string;
    const itemId = expectStatus(await coordinator.post(`/api/meetings/${meeting}/items`, { signalId: id, summary: 'Samenvatting PQR.', sharedPersonIds: [personId] }), 201, 'item').json().items[0].id as string;
    expectStatus(await coordinator.post(`/api/meetings/${meeting}/publish`), 200, 'publish');
    expectStatus(await coordinator.put(`/api/meetings/${meeting}/items/${itemId}/minutes`, { minutes: 'Verslag STU.', decision: 'Besluit VWX.' }), 200, 'minutes');
    expectStatus(await coordinator.post(`/api/meetings/${meeting}/items/${itemId}/actions`, { description: 'Actie YZA.', ownerId: ctx.userIds.coordinator, dueDate: CLOSED_ON }), 201, 'action');
    meetingOf.set(id, meeting);
    expectStatus(await coordinator.post(`/api/signals/${id}/reporter-feedback`, { impossible: false, givenOn: CLOSED_ON, text: 'Bericht aan melder MNO.' }), 204, 'inform');
    expectStatus(await coordinator.post(`/api/signals/${id}/close`, { outcome }), 204, 'close');
    return id;
  }

  const row = async (id: string) => (await ctx.database.db.select().from(signals).where(eq(signals.id, id)))[0]!;
  const count = async (table: typeof signalPersons | typeof signalOrganisations | typeof signalAddresses | typeof enrichmentNotes, id: string) =>
    (await ctx.database.db.select().from(table).where(eq(table.signalId, id))).length;

  it('defaults the terms per outcome and lets the administrator change one of them', async () => {
    const admin = await ctx.login('admin');
    const settings = expectStatus(await admin.get('/api/admin/settings'), 200).json();
    expect(settings.retention).toEqual({ referred: 1826, no_grounds: 365, insufficient_information: 365, duplicate: 365 });
    const patched = expectStatus(await admin.patch('/api/admin/settings', { retention: { duplicate: 400 } }), 200).json();
    expect(patched.retention).toEqual({ referred: 1826, no_grounds: 365, insufficient_information: 365, duplicate: 400 });
    expect(patched.feedbackDueDays).toBe(settings.feedbackDueDays);
    expect((await admin.patch('/api/admin/settings', { retention: { referred: 1 } })).statusCode).toBe(400);
    expectStatus(await admin.patch('/api/admin/settings', { retention: { duplicate: 365 } }), 200);
  });

  it('removes personal data and free text of a no_grounds signal after 365 days, not before, and keeps the monitoring facts', async () => {
    const id = await closedSignal('no_grounds');
    const before = await row(id);
    const due = addDays(CLOSED_ON, 365);

    expect((await retention.runRetention(at(addDays(due, -1)))).anonymised).toBe(0);
    expect((await row(id)).anonymisedAt).toBeNull();
    expect(await count(signalPersons, id)).toBe(1);

    expect(await retention.runRetention(at(due))).toEqual({ ran: true, anonymised: 1 });
    const after = await row(id);
    expect(after.anonymisedAt).toEqual(at(due));
    expect(after).toMatchObject({ place: null, observedTime: null, meetingNote: null });
    expect(ctx.vault.decrypt(after.explanation, placeOf('signals', 'explanation', id))).toBe(REMOVED_MARKER);
    // The anonymous facts the monitoring needs stay.
    expect(after).toMatchObject({
      number: before.number,
      state: 'closed',
      outcome: 'no_grounds',
      observedOn: before.observedOn,
      exploitationForms: before.exploitationForms,
      reporterDepartmentId: before.reporterDepartmentId,
      receivedAt: before.receivedAt,
      registeredAt: before.registeredAt,
      closedAt: before.closedAt,
    });
    for (const table of [signalPersons, signalOrganisations, signalAddresses, enrichmentNotes]) expect(await count(table, id)).toBe(0);
    const feedback = await ctx.database.db.select().from(reporterFeedback).where(eq(reporterFeedback.signalId, id));
    expect(feedback.map((f) => ctx.vault.decrypt(f.text, placeOf('reporter_feedback', 'text', f.id)))).toEqual([REMOVED_MARKER]);
    const disclosures = await ctx.database.db.select().from(identityDisclosures).where(eq(identityDisclosures.signalId, id));
    expect(disclosures.map((d) => ctx.vault.decrypt(d.reason, placeOf('identity_disclosures', 'reason', d.id)))).toEqual([REMOVED_MARKER]);

    // The coordinator's view still opens, without the content.
    const detail = expectStatus(await coordinator.get(`/api/signals/${id}`), 200).json();
    expect(detail.anonymisedAt).toBe(at(due).toISOString());
    expect(JSON.stringify(detail)).not.toMatch(/XYZ|ABC|JKL|MNO|Jan van der Berg|Jaarsveld/);
    // The meeting keeps the item (number, forms) without what was said or shared about it.
    const meeting = expectStatus(await coordinator.get(`/api/meetings/${meetingOf.get(id)}`), 200).json();
    expect(meeting.items[0]).toMatchObject({ signalNumber: before.number, summary: null, minutes: null, decision: null, sharedPersons: [] });
    expect(meeting.items[0].actions.map((a: { description: string }) => a.description)).toEqual([REMOVED_MARKER]);
    expect(JSON.stringify(meeting)).not.toMatch(/PQR|STU|VWX|YZA|Jan van der Berg/);
    // Who reported it is gone too: not for the coordinator, not in the reporter's own list.
    expect(detail.reporter).toBeNull();
    expect(JSON.stringify(detail)).not.toContain(ctx.userIds.reporter);
    expect(expectStatus(await reporter.get('/api/my/signals'), 200).json().map((s: { id: string }) => s.id)).not.toContain(id);
    expectStatus(await reporter.get(`/api/my/signals/${id}`), 404);

    // Audited, with counts and without content.
    const [entry, ...more] = await auditEntries(ctx.database, { action: 'signal.retention_anonymise', objectId: id });
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ result: 'ok', objectType: 'signal', actorId: null });
    expect(entry!.details).toMatchObject({ outcome: 'no_grounds', persons: 1, organisations: 1, addresses: 1, enrichmentNotes: 1, reporterFeedback: 1, identityDisclosures: 1, meetingItems: 1, meetingActions: 1 });
    expect(JSON.stringify(entry)).not.toMatch(/XYZ|ABC|JKL|MNO|Jan van der Berg|Jaarsveld|Voorbeeld BV|3411/);

    // A second run does nothing.
    expect(await retention.runRetention(at(addDays(due, 1)))).toEqual({ ran: true, anonymised: 0 });
    expect(await auditEntries(ctx.database, { action: 'signal.retention_anonymise', objectId: id })).toHaveLength(1);
    // And a legal hold can no longer be set on it.
    expect((await coordinator.put(`/api/signals/${id}/legal-hold`, { legalHold: true, reason: 'Te laat.' })).statusCode).toBe(409);
  });

  it('keeps a referred signal for 1826 days', async () => {
    const id = await closedSignal('referred');
    const due = addDays(CLOSED_ON, 1826);
    await retention.runRetention(at(addDays(due, -1)));
    expect((await row(id)).anonymisedAt).toBeNull();
    await retention.runRetention(at(due));
    expect((await row(id)).anonymisedAt).toEqual(at(due));
    const [ref] = await ctx.database.db.select().from(referrals).where(eq(referrals.signalId, id));
    expect(ref).toMatchObject({ sharedNote: null, feedbackText: null, partnerId: partners.moviera, referredOn: CLOSED_ON, feedbackReceivedOn: CLOSED_ON });
  });

  it('warns the coordinator in the worklist 30 days before, and a legal hold prevents the removal', async () => {
    const id = await closedSignal('no_grounds');
    const due = addDays(CLOSED_ON, 365);
    const worklistOn = async (day: string) => {
      ctx.clock.set(at(day));
      [coordinator, deputy] = await Promise.all([ctx.login('coordinator'), ctx.login('deputy')]);
      return expectStatus(await coordinator.get('/api/worklist'), 200).json().retentionDue as { id: string; anonymiseOn: string }[];
    };
    expect((await worklistOn(addDays(due, -31))).map((r) => r.id)).not.toContain(id);
    expect(await worklistOn(addDays(due, -30))).toContainEqual(expect.objectContaining({ id, anonymiseOn: due, outcome: 'no_grounds' }));

    // Only the coordinator sets the hold, with a reason; it is audited and in the history.
    expect((await deputy.put(`/api/signals/${id}/legal-hold`, { legalHold: true, reason: 'Strafzaak loopt.' })).statusCode).toBe(403);
    expect((await coordinator.put(`/api/signals/${id}/legal-hold`, { legalHold: true })).statusCode).toBe(400);
    expectStatus(await coordinator.put(`/api/signals/${id}/legal-hold`, { legalHold: true, reason: 'Strafzaak loopt.' }), 204);
    expect((await auditEntries(ctx.database, { action: 'signal.legal_hold_set', objectId: id })).map((e) => e.result)).toEqual(['denied', 'ok']);
    const detail = expectStatus(await coordinator.get(`/api/signals/${id}`), 200).json();
    expect(detail.legalHold).toBe(true);
    expect(detail.history).toContainEqual(expect.objectContaining({ action: 'legal_hold_set' }));
    expect((await worklistOn(addDays(due, -30))).map((r) => r.id)).not.toContain(id);

    await retention.runRetention(at(addDays(due, 10)));
    expect((await row(id)).anonymisedAt).toBeNull();
    expect(await count(signalPersons, id)).toBe(1);

    // Lifting the hold lets the next run remove the data.
    expectStatus(await coordinator.put(`/api/signals/${id}/legal-hold`, { legalHold: false, reason: 'Strafzaak afgerond.' }), 204);
    await retention.runRetention(at(addDays(due, 11)));
    expect((await row(id)).anonymisedAt).toEqual(at(addDays(due, 11)));
  });

  it('runs on one instance at a time: a run while another holds the lock does nothing', async () => {
    const ids = [await closedSignal('no_grounds'), await closedSignal('no_grounds'), await closedSignal('no_grounds')];
    const due = at(addDays(CLOSED_ON, 365));
    const other = createRetentionService({ database: ctx.database, clock: ctx.clock, vault: testVault() });

    const whileHeld = await ctx.database.tryWithAdvisoryLock(RETENTION_LOCK_KEY, async () => other.runRetention(due));
    expect(whileHeld).toEqual({ ran: true, value: { ran: false, anonymised: 0 } });
    expect((await row(ids[0]!)).anonymisedAt).toBeNull();

    const results = await Promise.all([retention.runRetention(due), other.runRetention(due)]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(results.reduce((n, r) => n + r.anonymised, 0)).toBe(3);
    for (const id of ids) expect(await auditEntries(ctx.database, { action: 'signal.retention_anonymise', objectId: id })).toHaveLength(1);
  });

  it('does not hold up other audited work while its lock is held (its key is not the audit chain key)', async () => {
    ctx.clock.set(at(CLOSED_ON));
    [reporter] = await Promise.all([ctx.login('reporter')]);
    // On PostgreSQL the lock sits on its own connection; a shared key would make this audited submission wait forever.
    const held = await ctx.database.tryWithAdvisoryLock(RETENTION_LOCK_KEY, async () =>
      Promise.race([
        reporter.post('/api/signals', { observedOn: CLOSED_ON, explanation: 'Tijdens de bewaartaak.' }).then((r) => r.statusCode),
        new Promise<string>((resolve) => setTimeout(() => resolve('blocked'), 5_000)),
      ]),
    );
    expect(held).toEqual({ ran: true, value: 201 });
  });
});
