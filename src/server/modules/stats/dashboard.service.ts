import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { DEFAULT_SMALL_CELL_THRESHOLD } from '../../../shared/api/admin.js';
import {
  LEAD_TIME_STEPS,
  type DashboardGranularity,
  type dashboardExportQuery,
  type DashboardQuery,
  type DashboardView,
  type signalRowsExportQuery,
} from '../../../shared/api/dashboard.js';
import { EXPLOITATION_FORMS, SIGNAL_STATES, SOURCE_CONTEXTS, type ExploitationForm, type SignalState } from '../../../shared/domain.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { fieldError, forbidden, invalid } from '../../lib/errors.js';
import { can, type Permission } from '../../lib/permissions.js';
import { toCsv, toXlsx, type Column, type Row } from '../../lib/spreadsheet.js';
import { audit } from '../audit/audit.service.js';
import { findMunicipality } from '../municipality/municipality.repo.js';
import {
  addMonths,
  aggregate,
  bucketsOf,
  buildFamily,
  measure,
  sumMonths,
  type Dimensions,
  type FilterKey,
  type MarginEntry,
} from './dashboard.figures.js';
import { listDepartmentsForStats, listPartnersForStats, openWork, signalRows } from './dashboard.repo.js';
import { feedbackDaysOf, leadTimesOf, marginsOfMonths } from './month-facts.js';
import { loadMonthFacts } from './month-facts.repo.js';
import { exactCount, rateOf, shownCount, suppressCells, sumOf, type Cell, type CountView } from './suppression.js';

/** The longest month range the coordinator may ask for (ten years). */
const MAX_MONTHS = 120;
const OPEN_STATES = SIGNAL_STATES.filter((s) => s !== 'closed');

export interface DashboardFile {
  filename: string;
  contentType: string;
  body: string | Buffer;
}

interface Period {
  from: string;
  to: string;
}

/**
 * Issue 5: the monitoring dashboard and its exports.
 *
 * - The coordinator and the deputy (`signal.read_all`) see exact counts in the app, for any month
 *   range and any combination of forms.
 * - The analyst (`stats.read` only) sees the protected table family (dashboard.figures.ts): one
 *   whole calendar year, no form filter or one form, small counts suppressed with complementary
 *   suppression. Other ranges and several forms are refused (400), not silently changed.
 * - Every aggregated export is protected in the same way, for the coordinator too: it leaves the
 *   coordinator, and readers of several exports could difference them.
 * - The pseudonymised signal rows are for the coordinator and the deputy only.
 * Every call is audited with its filter (no personal data).
 */
export function createDashboardService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function refuseUnless(actor: Actor, permission: Permission, action: string): Promise<void> {
    if (can(actor, permission)) return;
    await audit(db, actor, { action, objectType: 'stats', result: 'denied' });
    throw forbidden();
  }

  async function thresholdOf(municipalityId: string): Promise<number> {
    const m = await findMunicipality(db, municipalityId);
    return m?.settings.smallCellThreshold ?? DEFAULT_SMALL_CELL_THRESHOLD;
  }

  async function dimensions(municipalityId: string) {
    const [departments, partners] = await Promise.all([listDepartmentsForStats(db, municipalityId), listPartnersForStats(db, municipalityId)]);
    const dims: Dimensions = {
      departmentIds: departments.map((d) => d.id),
      sourceContexts: [...SOURCE_CONTEXTS],
      partnerIds: partners.map((p) => p.id),
      externalPartnerIds: partners.filter((p) => p.kind === 'external').map((p) => p.id),
    };
    return { dims, departments, partners };
  }

  /** The period asked for; `protectedOnly`: one whole calendar year and at most one form. */
  function resolve(query: { year?: number | undefined; from?: string | undefined; to?: string | undefined; forms?: string[] | undefined }, protectedOnly: boolean) {
    let period: Period;
    if (query.from !== undefined || query.to !== undefined) {
      if (query.year !== undefined) throw invalid([fieldError('querystring.year', 'v.invalid', 'Kies een jaar of een periode van maanden, niet allebei.')]);
      if (query.from === undefined || query.to === undefined) {
        const missing = query.from === undefined ? 'from' : 'to';
        throw invalid([fieldError(`querystring.${missing}`, 'v.required', 'Vul zowel de eerste als de laatste maand in.')]);
      }
      if (query.from > query.to) throw invalid([fieldError('querystring.to', 'v.invalid', 'De laatste maand ligt voor de eerste.')]);
      if (addMonths(query.from, MAX_MONTHS - 1) < query.to) throw invalid([fieldError('querystring.to', 'v.invalid', 'Een periode is hoogstens tien jaar.')]);
      period = { from: query.from, to: query.to };
    } else {
      const year = query.year ?? Number(clock.today().slice(0, 4));
      period = { from: `${year}-01`, to: `${year}-12` };
    }
    const distinct = [...new Set(query.forms ?? [])] as ExploitationForm[];
    const forms: ExploitationForm[] | null = distinct.length === 0 || distinct.length === EXPLOITATION_FORMS.length ? null : EXPLOITATION_FORMS.filter((f) => distinct.includes(f));
    if (protectedOnly) {
      // The defence against differencing (dashboard.figures.ts): one fixed table family per calendar year.
      if (!(period.from.endsWith('-01') && period.to === `${period.from.slice(0, 4)}-12`)) {
        throw invalid([fieldError('querystring.from', 'v.invalid', 'Kies een heel kalenderjaar: cijfers met kleine aantallen worden alleen per kalenderjaar gegeven.')]);
      }
      if (forms && forms.length > 1) {
        throw invalid([fieldError('querystring.forms', 'v.invalid', 'Kies één vorm van uitbuiting, of geen: een combinatie van vormen kan kleine aantallen verraden.')]);
      }
    }
    return { period, forms };
  }

  async function build(actor: Pick<Actor, 'municipalityId'>, query: DashboardQuery, exact: boolean): Promise<DashboardView> {
    const municipalityId = actor.municipalityId;
    const { period, forms } = resolve(query, !exact);
    const granularity: DashboardGranularity = query.granularity;
    const previous: Period = { from: addMonths(period.from, -12), to: addMonths(period.to, -12) };
    const threshold = await thresholdOf(municipalityId);
    // The months of both periods from the monthly pre-aggregate (stats/month-facts.repo.ts).
    const [{ dims, departments, partners }, facts, open] = await Promise.all([
      dimensions(municipalityId),
      loadMonthFacts(db, municipalityId, previous.from, period.to, { histogramsFrom: period.from }),
      openWork(db, municipalityId, clock.today()),
    ]);
    const entriesBoth = marginsOfMonths(facts.months);
    const periodMonths = facts.months.filter((m) => m.month >= period.from);
    const lead = leadTimesOf(periodMonths, forms);
    const feedback = feedbackDaysOf(periodMonths, forms);
    const within = (p: Period) => (e: MarginEntry) => e.month >= p.from && e.month <= p.to;
    const entries = entriesBoth.filter(within(period));
    const entriesBefore = entriesBoth.filter(within(previous));
    const total = { from: period.from, to: period.to };
    const buckets = bucketsOf(period.from, period.to, granularity);
    const previousBuckets = bucketsOf(previous.from, previous.to, granularity);
    const shownForms = forms ?? [...EXPLOITATION_FORMS];

    // One reader for both modes: exact from the aggregate, or protected from the family.
    type Reader = (m: string, filter?: FilterKey) => CountView;
    let read: Reader;
    let readBefore: Reader;
    if (exact) {
      const agg = aggregate(entries, forms);
      const aggBefore = aggregate(entriesBefore, forms);
      const perForm = new Map(EXPLOITATION_FORMS.map((f) => [f, aggregate(entries, [f])]));
      const exactReader = (a: typeof agg, p: Period): Reader => (m, filter) => {
        const source = filter && filter !== 'all' ? perForm.get(filter)! : a;
        return exactCount(exactValue(source, m, p));
      };
      read = exactReader(agg, period);
      readBefore = exactReader(aggBefore, previous);
    } else {
      const filter: FilterKey = forms ? forms[0]! : 'all';
      const family = buildFamily(entries, dims, period.from, period.to, threshold);
      const familyBefore = buildFamily(entriesBefore, dims, previous.from, previous.to, threshold);
      const protectedReader = (f: typeof family): Reader => (m, override) => {
        const cell = f.read(override ?? filter, m);
        return shownCount(cell.value, cell.hidden);
      };
      read = protectedReader(family);
      readBefore = protectedReader(familyBefore);
    }

    const totalSignals = read(measure.signals(total));
    const totalReferred = read(measure.referred(total));
    const previousTotal = { from: previous.from, to: previous.to };

    const leadByStep = new Map(lead.map((l) => [l.step, l]));
    const openCounts = OPEN_STATES.map((s) => open.byState.get(s) ?? 0);
    const openTotal = openCounts.reduce((a, b) => a + b, 0);
    let openView: DashboardView['openWork'];
    if (exact) {
      openView = {
        byState: OPEN_STATES.map((state, i) => ({ state, signals: exactCount(openCounts[i]!) })),
        total: exactCount(openTotal),
        overdueReferrals: exactCount(open.overdue),
      };
    } else {
      // Open work is its own small table: the states add up to the total.
      const cells = new Map<string, Cell>([['total', { value: openTotal, kind: 'published' }], ...OPEN_STATES.map((s, i) => [s, { value: openCounts[i]!, kind: 'published' }] as [string, Cell])]);
      const hidden = suppressCells(cells, [sumOf('total', [...OPEN_STATES])], threshold);
      openView = {
        byState: OPEN_STATES.map((state, i) => ({ state, signals: shownCount(openCounts[i]!, hidden.has(state)) })),
        total: shownCount(openTotal, hidden.has('total')),
        overdueReferrals: shownCount(open.overdue, open.overdue > 0 && open.overdue < threshold),
      };
    }

    return {
      exact,
      threshold,
      period,
      granularity,
      forms: shownForms,
      totals: { signals: totalSignals, referred: totalReferred, referredShare: rateOf(totalReferred, totalSignals) },
      series: buckets.map((b) => ({ ...b, signals: read(measure.signals(b)), referred: read(measure.referred(b)) })),
      byForm: shownForms.map((form) => ({ form, signals: read(measure.signals(total), form) })),
      byDepartment: [
        ...departments.map((d) => ({ departmentId: d.id, name: d.name, signals: read(measure.department(d.id)) })),
        { departmentId: null, name: null, signals: read(measure.department(null)) },
      ],
      bySourceContext: [...SOURCE_CONTEXTS, null].map((c) => ({ sourceContext: c, signals: read(measure.sourceContext(c)) })),
      partners: partners.map((p) => {
        const referred = read(measure.partner(p.id));
        const received = read(measure.feedback(p.id));
        const days = feedback.get(p.id);
        const showDays = days !== undefined && (exact || (!received.suppressed && (received.value ?? 0) >= threshold));
        return {
          partnerId: p.id,
          name: p.name,
          kind: p.kind,
          signals: referred,
          share: rateOf(referred, totalSignals),
          feedbackReceived: received,
          feedbackShare: rateOf(received, referred),
          feedbackMedianDays: showDays ? days.median : null,
        };
      }),
      leadTimes: LEAD_TIME_STEPS.map((step) => {
        const l = leadByStep.get(step);
        const n = l?.n ?? 0;
        // A percentile over fewer than `threshold` signals is hidden (it would describe a few people).
        const hide = !exact && n < threshold;
        return { step, n: exact ? n : null, medianDays: hide ? null : (l?.median ?? null), p90Days: hide ? null : (l?.p90 ?? null), suppressed: hide };
      }),
      openWork: openView,
      yearOnYear: {
        previous: previousTotal,
        signals: { current: totalSignals, previous: readBefore(measure.signals(previousTotal)) },
        referred: { current: totalReferred, previous: readBefore(measure.referred(previousTotal)) },
        series: buckets.map((b, i) => {
          const before = previousBuckets[i]!;
          return { label: b.label, previousLabel: before.label, current: read(measure.signals(b)), previous: readBefore(measure.signals(before)) };
        }),
      },
    };
  }

  function auditDetails(view: DashboardView, extra: Record<string, string | number | boolean> = {}) {
    return { from: view.period.from, to: view.period.to, granularity: view.granularity, forms: view.forms.join(','), exact: view.exact, ...extra };
  }

  return {
    /**
     * The protected view of one whole calendar year, exactly as the analyst and every aggregated export
     * get it, for other reports that leave the coordinator (the biennial evaluation, issue 5.4). The
     * caller checks its own permission and audits.
     */
    protectedYear(municipalityId: string, year: number, granularity: DashboardGranularity = 'quarter'): Promise<DashboardView> {
      return build({ municipalityId }, { year, granularity }, false);
    },

    async dashboard(actor: Actor, query: DashboardQuery): Promise<DashboardView> {
      await refuseUnless(actor, 'stats.read', 'stats.dashboard');
      const view = await build(actor, query, can(actor, 'signal.read_all'));
      await audit(db, actor, { action: 'stats.dashboard', objectType: 'stats', result: 'ok', details: auditDetails(view) });
      return view;
    },

    /** The aggregated figures as CSV or XLSX: always protected, whoever asks. */
    async exportDashboard(actor: Actor, query: z.output<typeof dashboardExportQuery>): Promise<DashboardFile> {
      await refuseUnless(actor, 'stats.read', 'stats.export');
      const view = await build(actor, query, false);
      const rows = dashboardRows(view);
      const name = `meldroute-cijfers-${view.period.from}-${view.period.to}`;
      const file = await spreadsheet(query.format, name, 'Cijfers', DASHBOARD_COLUMNS, rows);
      await audit(db, actor, { action: 'stats.export', objectType: 'stats', result: 'ok', details: auditDetails(view, { format: query.format, rows: rows.length }) });
      return file;
    },

    /** Pseudonymised signal rows (coordinator and deputy): a new random pseudonym per signal per export. */
    async exportSignals(actor: Actor, query: z.output<typeof signalRowsExportQuery>): Promise<DashboardFile> {
      await refuseUnless(actor, 'stats.export_signals', 'stats.signals_export');
      const { period } = resolve(query, false);
      const rows = await signalRows(db, actor.municipalityId, period.from, period.to);
      const pseudonymised = rows
        .map((r) => ({ pseudonym: `S-${randomBytes(6).toString('hex')}`, r }))
        // Month, then pseudonym: the order tells nothing about the order of receipt within a month.
        .sort((a, b) => a.r.month.localeCompare(b.r.month) || a.pseudonym.localeCompare(b.pseudonym))
        .map(({ pseudonym, r }): Row<SignalColumn> => ({
          pseudonym,
          month: r.month,
          forms: r.forms.join(', '),
          department: r.departmentName,
          sourceContext: r.sourceContext,
          state: r.state,
          outcome: r.outcome,
          registeredDays: r.registeredDays,
          referredDays: r.referredDays,
          informedDays: r.informedDays,
          closedDays: r.closedDays,
          referred: r.referredExternal ? 'ja' : 'nee',
          partnerKinds: r.partnerKinds.join(', '),
        }));
      const file = await spreadsheet(query.format, `meldroute-signalen-${period.from}-${period.to}`, 'Signalen', SIGNAL_COLUMNS, pseudonymised);
      await audit(db, actor, {
        action: 'stats.signals_export',
        objectType: 'stats',
        result: 'ok',
        details: { from: period.from, to: period.to, format: query.format, rows: rows.length },
      });
      return file;
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;

/** An exact count of a measure id (see `measure`) from an aggregate. */
function exactValue(agg: ReturnType<typeof aggregate>, m: string, period: Period): number {
  const [kind, rest] = [m.slice(0, m.indexOf(m.includes('@') ? '@' : ':')), m.slice(m.indexOf(m.includes('@') ? '@' : ':') + 1)];
  switch (kind) {
    case 'sig':
    case 'ref': {
      const [from, to] = rest.split('..') as [string, string];
      const b = { from: from < period.from ? period.from : from, to: to > period.to ? period.to : to };
      return sumMonths(kind === 'sig' ? agg.signals : agg.referred, b);
    }
    case 'dep':
      return agg.department.get(rest) ?? 0;
    case 'ctx':
      return agg.sourceContext.get(rest) ?? 0;
    case 'par':
      return agg.partner.get(rest) ?? 0;
    case 'fb':
      return agg.feedback.get(rest) ?? 0;
    default:
      throw new Error(`unknown measure ${m}`);
  }
}

// ---------------------------------------------------------------------------
// Spreadsheets (always through lib/spreadsheet.ts: formulas neutralised)
// ---------------------------------------------------------------------------

type DashboardColumn = 'section' | 'item' | 'measure' | 'value';
const DASHBOARD_COLUMNS: Column<DashboardColumn>[] = [
  { key: 'section', header: 'Onderdeel' },
  { key: 'item', header: 'Categorie' },
  { key: 'measure', header: 'Maat' },
  { key: 'value', header: 'Waarde' },
];

type SignalColumn =
  | 'pseudonym' | 'month' | 'forms' | 'department' | 'sourceContext' | 'state' | 'outcome'
  | 'registeredDays' | 'referredDays' | 'informedDays' | 'closedDays' | 'referred' | 'partnerKinds';
const SIGNAL_COLUMNS: Column<SignalColumn>[] = [
  { key: 'pseudonym', header: 'Pseudoniem' },
  { key: 'month', header: 'Maand ontvangen' },
  { key: 'forms', header: 'Vormen van uitbuiting' },
  { key: 'department', header: 'Afdeling melder' },
  { key: 'sourceContext', header: 'Context' },
  { key: 'state', header: 'Status' },
  { key: 'outcome', header: 'Uitkomst' },
  { key: 'registeredDays', header: 'Dagen tot registratie' },
  { key: 'referredDays', header: 'Dagen tot doorverwijzing' },
  { key: 'informedDays', header: 'Dagen tot melder geïnformeerd' },
  { key: 'closedDays', header: 'Dagen tot afsluiting' },
  { key: 'referred', header: 'Doorverwezen naar externe partner' },
  { key: 'partnerKinds', header: 'Soorten partners' },
];

/** A suppressed count as "< threshold" (text), others as numbers. */
function cellOf(c: CountView, threshold: number): string | number | null {
  if (c.suppressed) return `< ${threshold}`;
  return c.value;
}

function dashboardRows(view: DashboardView): Row<DashboardColumn>[] {
  const t = view.threshold;
  const rows: Row<DashboardColumn>[] = [];
  const add = (section: string, item: string | null, m: string, value: string | number | null) => rows.push({ section, item, measure: m, value });
  add('Periode', `${view.period.from} t/m ${view.period.to}`, 'vormen', view.forms.join(', '));
  add('Periode', null, 'drempel kleine aantallen', t);
  add('Totaal', null, 'signalen', cellOf(view.totals.signals, t));
  add('Totaal', null, 'doorverwezen', cellOf(view.totals.referred, t));
  add('Totaal', null, 'aandeel doorverwezen', view.totals.referredShare.value);
  for (const s of view.series) {
    add('Reeks', s.label, 'signalen', cellOf(s.signals, t));
    add('Reeks', s.label, 'doorverwezen', cellOf(s.referred, t));
  }
  for (const f of view.byForm) add('Vorm van uitbuiting', f.form, 'signalen', cellOf(f.signals, t));
  for (const d of view.byDepartment) add('Afdeling', d.name ?? '(geen afdeling)', 'signalen', cellOf(d.signals, t));
  for (const c of view.bySourceContext) add('Context', c.sourceContext ?? '(onbekend)', 'signalen', cellOf(c.signals, t));
  for (const p of view.partners) {
    add('Partner', p.name, 'signalen doorverwezen', cellOf(p.signals, t));
    add('Partner', p.name, 'aandeel van alle signalen', p.share.value);
    add('Partner', p.name, 'terugkoppeling ontvangen', cellOf(p.feedbackReceived, t));
    add('Partner', p.name, 'aandeel met terugkoppeling', p.feedbackShare.value);
    add('Partner', p.name, 'mediaan dagen tot terugkoppeling', p.feedbackMedianDays);
  }
  for (const l of view.leadTimes) {
    add('Doorlooptijd', l.step, 'mediaan dagen', l.suppressed ? `< ${t} signalen` : l.medianDays);
    add('Doorlooptijd', l.step, '90e percentiel dagen', l.suppressed ? `< ${t} signalen` : l.p90Days);
  }
  for (const s of view.openWork.byState) add('Open werk', s.state as SignalState, 'signalen', cellOf(s.signals, t));
  add('Open werk', null, 'totaal', cellOf(view.openWork.total, t));
  add('Open werk', null, 'verwijzingen met terugkoppeling over tijd', cellOf(view.openWork.overdueReferrals, t));
  add('Jaar op jaar', `${view.yearOnYear.previous.from} t/m ${view.yearOnYear.previous.to}`, 'signalen vorig jaar', cellOf(view.yearOnYear.signals.previous, t));
  add('Jaar op jaar', `${view.yearOnYear.previous.from} t/m ${view.yearOnYear.previous.to}`, 'doorverwezen vorig jaar', cellOf(view.yearOnYear.referred.previous, t));
  for (const s of view.yearOnYear.series) add('Jaar op jaar', `${s.label} / ${s.previousLabel}`, 'signalen dit jaar / vorig jaar', `${cellOf(s.current, t) ?? ''} / ${cellOf(s.previous, t) ?? ''}`);
  return rows;
}

async function spreadsheet<K extends string>(format: 'csv' | 'xlsx', name: string, sheet: string, columns: Column<K>[], rows: Row<K>[]): Promise<DashboardFile> {
  if (format === 'csv') return { filename: `${name}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(columns, rows) };
  return {
    filename: `${name}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await toXlsx([{ name: sheet, columns, rows }]),
  };
}
