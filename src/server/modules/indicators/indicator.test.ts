import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_FORMS, INDICATOR_GROUPS } from '../../../shared/domain.js';
import { indicators, signalIndicators, signals } from '../../db/schema/index.js';
import { auditEntries, expectStatus, signalDataCounts, submitSignal } from '../../testing/helpers.js';
import { buildSignal } from '../../testing/factories.js';
import { createTestContext, loginWith, type Client, type TestContext } from '../../testing/test-app.js';
import { testVault } from '../../testing/test-vault.js';
import { createRetentionService } from '../retention/retention.service.js';
import { recomputableHiddenCells, sumOf, type Cell } from '../stats/suppression.js';
import { DEFAULT_INDICATORS } from './default-indicators.js';
import { indicatorTable, seedIndicators } from './indicator.service.js';
import type { IndicatorRow } from './indicator.repo.js';

type Ind = { id: string; group: string; forms: string[]; text: string; active: boolean; sortOrder: number };

type CountCell = { count: number | null; suppressed: boolean };
type CountsView = { threshold: number; total: CountCell; groups: (CountCell & { group: string; indicators: (CountCell & { id: string })[] })[] };

/** The hidden cells of `shown` that the reader could recompute, with the true values from `exact` (Gaussian elimination). */
function recomputable(exact: CountsView, shown: CountsView): string[] {
  const cells = new Map<string, Cell>();
  const hidden = new Set<string>();
  const put = (key: string, truth: CountCell, seen: CountCell) => {
    cells.set(key, { value: truth.count!, kind: 'published' });
    if (seen.suppressed) hidden.add(key);
  };
  exact.groups.forEach((g, gi) => {
    const sg = shown.groups[gi]!;
    put(`g:${g.group}`, g, sg);
    g.indicators.forEach((i, ii) => put(`i:${i.id}`, i, sg.indicators[ii]!));
  });
  put('total', exact.total, shown.total);
  for (const [key, c] of cells) if (c.value > 0 && c.value < shown.threshold) expect(hidden.has(key), `${key} is small and shown`).toBe(true);
  const constraints = [
    ...exact.groups.filter((g) => g.indicators.length).map((g) => sumOf(`g:${g.group}`, g.indicators.map((i) => `i:${i.id}`))),
    sumOf('total', exact.groups.map((g) => `g:${g.group}`)),
  ];
  return recomputableHiddenCells(cells, constraints, hidden);
}

/** Issue 6.3: indicator lists — seed, list per form, ticking at submission, maintenance, coordinator ticks, counts, retention. */
describe('indicator lists', () => {
  let ctx: TestContext;
  let reporter: Client;
  let coordinator: Client;
  let deputy: Client;
  let analyst: Client;
  let admin: Client;
  let list: Ind[];
  const byCode = new Map<string, string>();

  beforeAll(async () => {
    ctx = await createTestContext();
    expect(await seedIndicators(ctx.database.db, ctx.municipality.id)).toBe(DEFAULT_INDICATORS.length);
    [reporter, coordinator, deputy, analyst, admin] = await Promise.all([
      ctx.login('reporter'),
      ctx.login('coordinator'),
      ctx.login('deputy'),
      ctx.login('analyst'),
      ctx.login('admin'),
    ]);
    list = expectStatus(await reporter.get('/api/indicators'), 200).json();
    const rows = await ctx.database.db.select({ id: indicators.id, code: indicators.code }).from(indicators);
    for (const r of rows) byCode.set(r.code!, r.id);
  }, 240_000);
  afterAll(async () => ctx?.close());

  const id = (code: string) => byCode.get(code)!;
  const tickedOf = async (signalId: string) =>
    (expectStatus(await coordinator.get(`/api/signals/${signalId}/indicators`), 200).json().indicators as (Ind & { source: string })[]);

  describe('the default list', () => {
    it('covers every exploitation form and every group, in our own words, seeded once', async () => {
      for (const form of INDICATOR_FORMS) expect(DEFAULT_INDICATORS.some((i) => i.forms.includes(form)), form).toBe(true);
      for (const group of INDICATOR_GROUPS) expect(DEFAULT_INDICATORS.filter((i) => i.group === group).length, group).toBeGreaterThanOrEqual(3);
      expect(new Set(DEFAULT_INDICATORS.map((i) => i.code)).size).toBe(DEFAULT_INDICATORS.length);
      expect(list).toHaveLength(DEFAULT_INDICATORS.length);
      // Groups in the fixed order.
      const groupOrder = list.map((i) => INDICATOR_GROUPS.indexOf(i.group as never));
      expect(groupOrder).toEqual([...groupOrder].sort((a, b) => a - b));
    });

    it('is idempotent and keeps the coordinator’s edits', async () => {
      const target = id('housing-poor');
      expectStatus(await coordinator.patch(`/api/indicators/${target}`, { text: 'Eigen tekst van de aandachtsfunctionaris.' }), 200);
      expect(await seedIndicators(ctx.database.db, ctx.municipality.id)).toBe(0);
      const [row] = await ctx.database.db.select().from(indicators).where(eq(indicators.id, target));
      expect(row!.text).toBe('Eigen tekst van de aandachtsfunctionaris.');
      expect(await ctx.database.db.select().from(indicators)).toHaveLength(DEFAULT_INDICATORS.length);
    });
  });

  describe('the list for the chosen forms', () => {
    it('gives only the indicators of the chosen forms; none or only "unknown" gives all', async () => {
      const organ = expectStatus(await reporter.get('/api/indicators?forms=organ_removal'), 200).json() as Ind[];
      expect(organ.length).toBeGreaterThan(3);
      expect(organ.length).toBeLessThan(list.length);
      for (const i of organ) expect(i.forms).toContain('organ_removal');
      const both = expectStatus(await reporter.get('/api/indicators?forms=organ_removal,labour'), 200).json() as Ind[];
      for (const i of both) expect(i.forms.some((f) => f === 'organ_removal' || f === 'labour')).toBe(true);
      expect(both.length).toBeGreaterThan(organ.length);
      expect(expectStatus(await reporter.get('/api/indicators?forms=unknown'), 200).json()).toHaveLength(list.length);
    });

    it('is read by every role that can report, not by the analyst or the admin', async () => {
      for (const user of ['liaison', 'coordinator', 'deputy'] as const) expectStatus(await (await ctx.login(user)).get('/api/indicators'), 200, user);
      expect((await analyst.get('/api/indicators')).statusCode).toBe(403);
      expect((await admin.get('/api/indicators')).statusCode).toBe(403);
      expect((await reporter.get('/api/indicators?forms=slavery')).statusCode).toBe(400);
    });
  });

  describe('ticking at submission', () => {
    it('stores the ticked indicators with the signal; the coordinator sees them, the reporter as source', async () => {
      const ticked = [id('dependency-papers'), id('freedom-not-alone')];
      const signal = await submitSignal(reporter, { exploitationForms: ['sexual'], indicatorIds: ticked });
      const seen = await tickedOf(signal.id);
      expect(seen.map((i) => i.id).sort()).toEqual([...ticked].sort());
      expect(seen.every((i) => i.source === 'reporter')).toBe(true);
      // Who ticked is not stored for the reporter (their identity stays on the signal only).
      const rows = await ctx.database.db.select().from(signalIndicators).where(eq(signalIndicators.signalId, signal.id));
      expect(rows.every((r) => r.tickedById === null)).toBe(true);
      const [read] = await auditEntries(ctx.database, { action: 'signal.indicators_read', objectId: signal.id });
      expect(read).toMatchObject({ result: 'ok', actorId: ctx.userIds.coordinator });
    });

    it('accepts any active indicator when the form is not known yet', async () => {
      const signal = await submitSignal(reporter, { exploitationForms: [], indicatorIds: [id('online-organ-offer'), id('work-no-contract')] });
      expect(await tickedOf(signal.id)).toHaveLength(2);
    });

    it('refuses an indicator of another form, an inactive, unknown or foreign one: 400 per position, nothing stored', async () => {
      const inactive = expectStatus(await coordinator.post('/api/indicators', { group: 'money', forms: ['sexual'], text: 'Tijdelijke indicator.' }), 201).json().id;
      expectStatus(await coordinator.patch(`/api/indicators/${inactive}`, { active: false }), 200);
      const elders = await ctx.otherMunicipality();
      await seedIndicators(ctx.database.db, elders.municipality.id);
      const eldersCoordinator = await loginWith(ctx, elders.coordinatorUsername);
      const foreign = (expectStatus(await eldersCoordinator.get('/api/indicators'), 200).json() as Ind[])[0]!.id;
      const before = await signalDataCounts(ctx.database);
      const ticksBefore = (await ctx.database.db.select().from(signalIndicators)).length;
      const res = await reporter.post(
        '/api/signals',
        buildSignal({
          exploitationForms: ['sexual'],
          indicatorIds: [id('work-sex-many-clients'), id('online-money-mule'), inactive, '00000000-0000-4000-8000-000000000000', foreign],
        }),
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation');
      expect(res.json().fields.map((f: { path: string; key: string }) => `${f.path}:${f.key}`)).toEqual([
        'indicatorIds.1:v.indicator',
        'indicatorIds.2:v.indicator',
        'indicatorIds.3:v.indicator',
        'indicatorIds.4:v.indicator',
      ]);
      expect(await signalDataCounts(ctx.database)).toEqual(before);
      expect((await ctx.database.db.select().from(signalIndicators)).length).toBe(ticksBefore);
    });

    it('refuses malformed and repeated ids in the schema', async () => {
      const bad = await reporter.post('/api/signals', buildSignal({ indicatorIds: ['nope'] }));
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields[0]).toMatchObject({ path: 'indicatorIds.0', key: 'v.id' });
      const twice = await reporter.post('/api/signals', buildSignal({ indicatorIds: [id('work-hours'), id('work-hours')] }));
      expect(twice.statusCode).toBe(400);
      expect(twice.json().fields[0]).toMatchObject({ path: 'indicatorIds' });
    });
  });

  describe('maintenance by the coordinator', () => {
    it('creates, edits, deactivates and reorders; audited; the reporter and analyst may not', async () => {
      const created = expectStatus(await deputy.post('/api/indicators', { group: 'online', forms: ['criminal', 'sexual'], text: 'Wordt via een chatapp aangestuurd.' }), 201).json() as Ind;
      expect(created).toMatchObject({ group: 'online', forms: ['criminal', 'sexual'], active: true });
      const edited = expectStatus(await coordinator.patch(`/api/indicators/${created.id}`, { group: 'contacts', forms: ['criminal'], text: 'Krijgt opdrachten via een chatapp.' }), 200).json();
      expect(edited).toMatchObject({ group: 'contacts', forms: ['criminal'], text: 'Krijgt opdrachten via een chatapp.' });
      expect(expectStatus(await reporter.get('/api/indicators?forms=criminal'), 200).json().map((i: Ind) => i.id)).toContain(created.id);
      expectStatus(await coordinator.patch(`/api/indicators/${created.id}`, { active: false }), 200);
      expect(expectStatus(await reporter.get('/api/indicators?forms=criminal'), 200).json().map((i: Ind) => i.id)).not.toContain(created.id);
      const maintenance = expectStatus(await coordinator.get('/api/indicators/maintenance'), 200).json() as (Ind & { timesTicked: number })[];
      expect(maintenance.find((i) => i.id === created.id)).toMatchObject({ active: false, timesTicked: 0 });

      // Reorder the contacts group: the last one first.
      const contacts = maintenance.filter((i) => i.group === 'contacts');
      const order = [contacts.at(-1)!.id, ...contacts.slice(0, -1).map((i) => i.id)];
      const after = expectStatus(await coordinator.put('/api/indicators/order', { ids: order }), 200).json() as Ind[];
      expect(after.filter((i) => i.group === 'contacts').map((i) => i.id)).toEqual(order);
      expect((await coordinator.put('/api/indicators/order', { ids: [order[0], '00000000-0000-4000-8000-000000000000'] })).json().fields).toEqual([
        { path: 'ids.1', key: 'v.id', message: 'Dit is geen geldige verwijzing.' },
      ]);

      for (const action of ['indicator.create', 'indicator.update', 'indicator.reorder']) {
        expect((await auditEntries(ctx.database, { action })).some((e) => e.result === 'ok'), action).toBe(true);
      }
      expect((await reporter.post('/api/indicators', { group: 'work', forms: ['labour'], text: 'x' })).statusCode).toBe(403);
      expect((await analyst.get('/api/indicators/maintenance')).statusCode).toBe(403);
      expect((await auditEntries(ctx.database, { action: 'indicator.create' })).some((e) => e.result === 'denied')).toBe(true);
    });

    it('deletes an indicator that was never ticked; a ticked one is refused (409) and stays', async () => {
      const unused = expectStatus(await coordinator.post('/api/indicators', { group: 'work', forms: ['labour'], text: 'Nooit gebruikt.' }), 201).json().id;
      expectStatus(await coordinator.delete(`/api/indicators/${unused}`), 204);
      expect(await ctx.database.db.select().from(indicators).where(eq(indicators.id, unused))).toHaveLength(0);
      const used = id('dependency-papers');
      const res = await coordinator.delete(`/api/indicators/${used}`);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('indicator_in_use');
      expect(await ctx.database.db.select().from(indicators).where(eq(indicators.id, used))).toHaveLength(1);
      // The database refuses it as well.
      await expect(ctx.database.db.delete(indicators).where(eq(indicators.id, used))).rejects.toThrow();
    });

    it('refuses bad input with field errors', async () => {
      const res = await coordinator.post('/api/indicators', { group: 'weather', forms: [], text: ' ' });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields.map((f: { path: string }) => f.path).sort()).toEqual(['forms', 'group', 'text']);
      expect((await coordinator.post('/api/indicators', { group: 'work', forms: ['unknown'], text: 'x' })).statusCode).toBe(400);
      expect((await coordinator.patch('/api/indicators/00000000-0000-4000-8000-000000000000', { text: 'x' })).statusCode).toBe(404);
    });
  });

  describe('the coordinator ticks while recording', () => {
    it('adds and removes own ticks; the reporter’s stay; checked against the signal’s forms', async () => {
      const signal = await submitSignal(reporter, { exploitationForms: ['labour'], indicatorIds: [id('work-no-contract')] });
      const set = expectStatus(await coordinator.put(`/api/signals/${signal.id}/indicators`, { indicatorIds: [id('money-low-pay'), id('housing-via-employer')] }), 200).json();
      expect(set.indicators.map((i: { id: string; source: string }) => `${i.id === id('work-no-contract') ? 'reporter-tick' : 'coordinator-tick'}:${i.source}`).sort()).toEqual([
        'coordinator-tick:coordinator',
        'coordinator-tick:coordinator',
        'reporter-tick:reporter',
      ]);
      const rows = await ctx.database.db.select().from(signalIndicators).where(eq(signalIndicators.signalId, signal.id));
      expect(rows.filter((r) => r.source === 'coordinator').every((r) => r.tickedById === ctx.userIds.coordinator)).toBe(true);
      // Drop one of the coordinator's own; the reporter's tick cannot be removed this way.
      const after = expectStatus(await coordinator.put(`/api/signals/${signal.id}/indicators`, { indicatorIds: [id('money-low-pay')] }), 200).json();
      expect(after.indicators.map((i: { id: string }) => i.id).sort()).toEqual([id('money-low-pay'), id('work-no-contract')].sort());
      // A sexual-exploitation-only indicator does not fit a labour signal.
      const bad = await coordinator.put(`/api/signals/${signal.id}/indicators`, { indicatorIds: [id('money-low-pay'), id('online-ads')] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields).toEqual([expect.objectContaining({ path: 'indicatorIds.1', key: 'v.indicator' })]);
      expect((await ctx.database.db.select().from(signalIndicators).where(eq(signalIndicators.signalId, signal.id))).length).toBe(2);
      expect((await reporter.put(`/api/signals/${signal.id}/indicators`, { indicatorIds: [] })).statusCode).toBe(403);
      expect((await reporter.get(`/api/signals/${signal.id}/indicators`)).statusCode).toBe(403);
      expect((await auditEntries(ctx.database, { action: 'signal.indicators_set', objectId: signal.id })).map((e) => e.result)).toEqual(['ok', 'ok', 'invalid', 'denied']);
    });
  });

  describe('counts in monitoring', () => {
    it('counts ticks per indicator and group for the year: exact for the coordinator, suppressed for the analyst', async () => {
      // Six signals with "work-hours", two with "work-transport" (labour).
      for (let i = 0; i < 6; i++) {
        await submitSignal(reporter, { exploitationForms: ['labour'], indicatorIds: i < 2 ? [id('work-hours'), id('work-transport')] : [id('work-hours')] });
      }
      const exact = expectStatus(await coordinator.get('/api/stats/indicators?year=2026'), 200).json();
      expect(exact).toMatchObject({ year: 2026, exact: true });
      const work = exact.groups.find((g: { group: string }) => g.group === 'work');
      const cell = (g: typeof work, code: string) => g.indicators.find((i: { id: string }) => i.id === id(code));
      expect(cell(work, 'work-hours')).toMatchObject({ count: 6, suppressed: false });
      expect(cell(work, 'work-transport')).toMatchObject({ count: 2, suppressed: false });
      const sum = exact.groups.reduce((n: number, g: { count: number }) => n + g.count, 0);
      expect(exact.total.count).toBe(sum);

      const protectedView = expectStatus(await analyst.get('/api/stats/indicators?year=2026'), 200).json();
      expect(protectedView.exact).toBe(false);
      const pWork = protectedView.groups.find((g: { group: string }) => g.group === 'work');
      expect(cell(pWork, 'work-transport')).toMatchObject({ count: null, suppressed: true });
      // Nothing hidden can be recomputed from what the analyst sees, given the coordinator's exact figures.
      expect(recomputable(exact, protectedView)).toEqual([]);
      // Every small non-zero count is hidden.
      for (const g of protectedView.groups) for (const i of g.indicators) if (i.count !== null) expect(i.count === 0 || i.count >= protectedView.threshold).toBe(true);
      // Another year has none.
      const other = expectStatus(await coordinator.get('/api/stats/indicators?year=2025'), 200).json();
      expect(other.total.count).toBe(0);
      expect((await reporter.get('/api/stats/indicators')).statusCode).toBe(403);
      expect((await analyst.get('/api/stats/indicators?year=twee')).statusCode).toBe(400);
    });

    it('never leaves a hidden count recomputable from the visible ones (pure table)', () => {
      const rows = ['a', 'b', 'c', 'd', 'e'].map((code, i) => ({ id: code, group: i < 3 ? 'work' : 'money', forms: ['labour'], text: code, active: true, sortOrder: i }) as unknown as IndicatorRow);
      for (const counts of [
        { a: 6, b: 2, c: 0, d: 7, e: 0 },
        { a: 1, b: 0, c: 0, d: 9, e: 9 },
        { a: 6, b: 6, c: 3, d: 0, e: 4 },
      ]) {
        const map = new Map(Object.entries(counts));
        const shown = { threshold: 5, ...indicatorTable(rows, map, 5, false) };
        const exact = { threshold: 5, ...indicatorTable(rows, map, 5, true) };
        expect(exact.groups.flatMap((g) => g.indicators).every((i) => !i.suppressed)).toBe(true);
        expect(shown.groups.flatMap((g) => g.indicators).some((i) => i.suppressed), JSON.stringify(counts)).toBe(true);
        expect(recomputable(exact, shown), JSON.stringify(counts)).toEqual([]);
      }
    });
  });

  describe('retention', () => {
    it('keeps the ticked indicators when the personal data of a closed signal is removed (they are facts, counted in monitoring)', async () => {
      const signal = await submitSignal(reporter, { exploitationForms: ['criminal'], indicatorIds: [id('online-money-mule')] });
      expectStatus(await coordinator.post(`/api/signals/${signal.id}/register`), 204);
      expectStatus(await coordinator.post(`/api/signals/${signal.id}/reporter-feedback`, { impossible: true, givenOn: '2026-11-28', reason: 'Anoniem.' }), 204);
      expectStatus(await coordinator.post(`/api/signals/${signal.id}/close`, { outcome: 'no_grounds' }), 204);
      const retention = createRetentionService({ database: ctx.database, clock: ctx.clock, vault: testVault() });
      await retention.runRetention(new Date('2036-12-01T10:00:00Z'));
      const [row] = await ctx.database.db.select({ anonymisedAt: signals.anonymisedAt }).from(signals).where(eq(signals.id, signal.id));
      expect(row!.anonymisedAt).not.toBeNull();
      const ticks = await ctx.database.db.select().from(signalIndicators).where(eq(signalIndicators.signalId, signal.id));
      expect(ticks.map((t) => t.indicatorId)).toEqual([id('online-money-mule')]);
    });
  });
});
