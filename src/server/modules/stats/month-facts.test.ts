import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSignalsDirect } from '../../../../bench/lib/signals-bulk.js';
import { expectStatus, partnerIds, submitSignal } from '../../testing/helpers.js';
import { createTestContext, type Client, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';
import { aggregate, marginsOf, type Aggregate, type MarginEntry } from './dashboard.figures.js';
import { feedbackDays, leadTimes, signalAtoms } from './dashboard.repo.js';
import { feedbackDaysOf, leadTimesOf, marginsOfMonths, percentileCont } from './month-facts.js';
import { loadMonthFacts, refreshStaleMonths } from './month-facts.repo.js';

/** percentile_cont over an explicit sorted list, the way PostgreSQL defines it. */
function bruteForce(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

describe('percentile from a histogram', () => {
  it('equals percentile_cont over the expanded values, for random histograms', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 500; round++) {
      const h = new Map<number, number>();
      const values: number[] = [];
      for (let i = Math.floor(rnd() * 12); i >= 0; i--) {
        const days = Math.floor(rnd() * 60) - 2;
        const n = 1 + Math.floor(rnd() * 5);
        h.set(days, (h.get(days) ?? 0) + n);
        for (let k = 0; k < n; k++) values.push(days);
      }
      for (const p of [0, 0.1, 0.5, 0.9, 1]) expect(percentileCont(h, p)).toBeCloseTo(bruteForce(values, p)!, 10);
    }
    expect(percentileCont(new Map(), 0.5)).toBeNull();
    expect(percentileCont(new Map([[3, 0]]), 0.5)).toBeNull();
  });
});

/**
 * The monthly pre-aggregate against the aggregate SQL over the signals themselves: equal for any period
 * and form filter, served from the cache on a second read, and recomputed for exactly the months a change
 * touches (triggers of migration 0014) — whatever the change: a new signal, a registration, a referral,
 * feedback on an old referral, reporter feedback, closing, reclassifying, a partner's kind.
 */
describe('monthly facts (stats_months)', () => {
  let ctx: TestContext;
  let coordinator: Client;
  let reporter: Client;
  let m: string;

  beforeAll(async () => {
    ctx = await createTestContext({ now: '2026-11-20T10:00:00Z' });
    [coordinator, reporter] = await Promise.all([ctx.login('coordinator'), ctx.login('reporter')]);
    m = ctx.municipality.id;
    await loadSignalsDirect(ctx.database.db, { municipalityId: m, coordinatorId: ctx.userIds.coordinator, vault: ctx.vault, signals: 2500, firstYear: 2024, lastYear: 2026, today: '2026-11-19', seed: 11 });
  }, 240_000);
  afterAll(async () => ctx.close());

  // A canonical form (jsonb does not keep key order).
  const sortedRecord = (r: Record<string, number>) => Object.entries(r).sort(([a], [b]) => a.localeCompare(b));
  const canonical = (entries: MarginEntry[]) =>
    entries
      .map((e) => JSON.stringify([e.month, e.forms, e.signals, e.referred, sortedRecord(e.department), sortedRecord(e.sourceContext), sortedRecord(e.partner), sortedRecord(e.feedback)]))
      .sort();
  const sortSteps = <T extends { step: string }>(rows: T[]) => [...rows].sort((a, b) => a.step.localeCompare(b.step));

  /** The cached answer equals the direct SQL for the period and filter. */
  async function expectSameAsDirect(from: string, to: string, forms: string[] | null) {
    const { months } = await loadMonthFacts(ctx.database.db, m, from, to);
    const direct = marginsOf(await signalAtoms(ctx.database.db, m, from, to));
    expect(canonical(marginsOfMonths(months))).toEqual(canonical(direct));
    // Every view reads the aggregate of a form filter: the same from the cache as from the signals.
    const asObject = (a: Aggregate) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, Object.fromEntries([...(v as Map<string, number>).entries()].sort())]));
    expect(asObject(aggregate(marginsOfMonths(months), forms))).toEqual(asObject(aggregate(direct, forms)));
    const cachedLead = sortSteps(leadTimesOf(months, forms));
    const directLead = sortSteps(await leadTimes(ctx.database.db, m, from, to, forms));
    expect(cachedLead.map((l) => [l.step, l.n])).toEqual(directLead.map((l) => [l.step, l.n]));
    cachedLead.forEach((l, i) => {
      expect(l.median, `${l.step} median`).toBeCloseTo(directLead[i]!.median!, 9);
      expect(l.p90, `${l.step} p90`).toBeCloseTo(directLead[i]!.p90!, 9);
    });
    const cachedFeedback = feedbackDaysOf(months, forms);
    const directFeedback = await feedbackDays(ctx.database.db, m, from, to, forms);
    expect([...cachedFeedback.keys()].sort()).toEqual([...directFeedback.keys()].sort());
    for (const [partner, v] of directFeedback) {
      expect(cachedFeedback.get(partner)!.n).toBe(v.n);
      expect(cachedFeedback.get(partner)!.median).toBeCloseTo(v.median, 9);
    }
    return months;
  }

  /** Which months of [from, to] a read had to recompute. */
  async function recomputedMonths(from: string, to: string): Promise<string[]> {
    const before = await queryRows<{ month: string; v: number }>(ctx.database, sql`select month, computed_version::int as v from stats_months where municipality_id = ${m}`);
    await loadMonthFacts(ctx.database.db, m, from, to);
    const after = await queryRows<{ month: string; v: number }>(ctx.database, sql`select month, computed_version::int as v from stats_months where municipality_id = ${m}`);
    const old = new Map(before.map((r) => [r.month, r.v]));
    return after.filter((r) => old.get(r.month) !== r.v).map((r) => r.month).sort();
  }

  it('answers every period and form filter like the aggregate SQL over the signals', async () => {
    const periods: [string, string][] = [['2025-01', '2025-12'], ['2024-03', '2026-02'], ['2026-11', '2026-11'], ['2024-01', '2026-12']];
    const filters: (string[] | null)[] = [null, ['labour'], ['sexual', 'criminal'], ['organ_removal']];
    for (const [from, to] of periods) for (const forms of filters) await expectSameAsDirect(from, to, forms);
    const [count] = await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from signals where municipality_id = ${m}`);
    expect(count!.n).toBe(2500);
  });

  it('serves a second read from the cache, and recomputes only the months a change touches', async () => {
    await loadMonthFacts(ctx.database.db, m, '2024-01', '2026-12');
    expect((await loadMonthFacts(ctx.database.db, m, '2024-01', '2026-12')).recomputed).toBe(0);

    // A new signal in November 2026 (the clock), registered.
    const { id } = await submitSignal(reporter, { exploitationForms: ['labour'] });
    expect(await recomputedMonths('2024-01', '2026-12')).toEqual(['2026-11']);
    expectStatus(await coordinator.post(`/api/signals/${id}/register`), 204);
    expect(await recomputedMonths('2024-01', '2026-12')).toEqual(['2026-11']);

    // Free text and the meeting mark change nothing the monitoring counts: nothing to recompute.
    expectStatus(await coordinator.post(`/api/signals/${id}/enrichment-notes`, { sourceSystem: 'BRP', finding: 'Niets bijzonders.' }), 204);
    expectStatus(await coordinator.put(`/api/signals/${id}/meeting`, { forMeeting: true, meetingNote: 'Bespreken' }), 204);
    expect(await recomputedMonths('2024-01', '2026-12')).toEqual([]);

    // Reclassified, referred, feedback received, reporter informed, closed: each recomputes November only.
    const partners = await partnerIds(ctx.database, m);
    expectStatus(await coordinator.patch(`/api/signals/${id}/classification`, { exploitationForms: ['labour', 'criminal'] }), 204);
    expect(await recomputedMonths('2024-01', '2026-12')).toEqual(['2026-11']);
    const referral = expectStatus(await coordinator.post(`/api/signals/${id}/referrals`, { partnerId: partners.nla, referredOn: '2026-11-20', channel: 'phone' }), 201).json() as { id: string };
    expect(await recomputedMonths('2024-01', '2026-12')).toEqual(['2026-11']);
    expectStatus(await coordinator.post(`/api/referrals/${referral.id}/feedback`, { receivedOn: '2026-11-20', text: 'Opgepakt.' }), 204);
    expect(await recomputedMonths('2024-01', '2026-12')).toEqual(['2026-11']);
    expectStatus(await coordinator.post(`/api/signals/${id}/reporter-feedback`, { impossible: false, givenOn: '2026-11-20', text: 'Dank u.' }), 204);
    expect(await recomputedMonths('2024-01', '2026-12')).toEqual(['2026-11']);
    expectStatus(await coordinator.post(`/api/signals/${id}/close`, { outcome: 'referred' }), 204);
    expect(await recomputedMonths('2024-01', '2026-12')).toEqual(['2026-11']);
    await expectSameAsDirect('2026-01', '2026-12', ['criminal']);

    // Feedback on a referral of an old signal: the month that signal was received in.
    const [old] = await queryRows<{ id: string; month: string }>(
      ctx.database,
      sql`select r.id::text as id, to_char(s.received_at at time zone 'Europe/Amsterdam', 'YYYY-MM') as month
        from referrals r join signals s on s.id = r.signal_id
        where s.municipality_id = ${m} and r.feedback_received_on is null and r.state in ('sent', 'feedback_requested') and s.received_at < '2025-06-01'
        order by s.received_at limit 1`,
    );
    expect(old).toBeDefined();
    expectStatus(await coordinator.post(`/api/referrals/${old!.id}/feedback`, { receivedOn: '2026-11-20', text: 'Laat, maar toch.' }), 204);
    expect(await recomputedMonths('2024-01', '2026-12')).toEqual([old!.month]);

    // A partner that becomes internal changes "referred to an outside partner" in every month.
    const admin = await ctx.login('admin');
    expectStatus(await admin.patch(`/api/admin/partners/${partners.nla}`, { kind: 'internal_role', internalRole: 'meldcode_officer' }), 200);
    const all = await recomputedMonths('2024-01', '2026-12');
    expect(all.length).toBeGreaterThan(30);
    await expectSameAsDirect('2024-01', '2026-12', null);
  });

  it('refreshes stale months in the background, so that the next read finds them fresh', async () => {
    expect((await loadMonthFacts(ctx.database.db, m, '2024-01', '2026-12')).recomputed).toBe(0);
    await submitSignal(reporter, { exploitationForms: ['sexual'] });
    expect(await refreshStaleMonths(ctx.database)).toEqual({ ran: true, refreshed: 1 });
    expect(await refreshStaleMonths(ctx.database)).toEqual({ ran: true, refreshed: 0 });
    expect((await loadMonthFacts(ctx.database.db, m, '2024-01', '2026-12')).recomputed).toBe(0);
    await expectSameAsDirect('2026-11', '2026-11', ['sexual']);
  });
});
