/**
 * The dashboard's counts, exact or protected (PURE: no database, no clock).
 *
 * The repository hands over "atoms": groups of signals that are alike in everything the dashboard
 * counts (month received, forms, department, source context, referred or not, the partners they
 * were referred to and which of those gave feedback). Every figure is a sum over atoms — in fact over
 * their margins per month and set of forms (`MarginEntry`, `marginsOf`), which is all a view needs and
 * what the monthly pre-aggregate keeps (month-facts.ts).
 *
 * ## The protected table family (what the analyst and every aggregated export see)
 *
 * Differencing is the classic attack: ask for Jan–Mar and for Jan–Feb and subtract, or ask with and
 * without a form filter and subtract. The defence is that the analyst can only ever see cells of
 * ONE FIXED TABLE FAMILY per calendar year, suppressed once as a whole:
 *
 *  - periods: one whole calendar year only (the service refuses other ranges for the analyst);
 *    inside it the year, its quarters and its months are all cells of the family, whatever
 *    granularity was asked for, so month, quarter and year views are consistent views of one
 *    protected hierarchy (year = Σ quarters, quarter = Σ its months);
 *  - form filters: none, or ONE form. Several forms at once are refused for the analyst: the
 *    counts of every union of forms would let a reader recover the number of signals with an exact
 *    combination of forms by inclusion–exclusion (Möbius inversion), which no local rule can
 *    protect. Per measure the family links the filters: all = form f + not f, and
 *    Σ_f form f = all + (the extra forms of signals with more than one form);
 *  - breakdowns (department, source context, partner, partner feedback) are over the whole year.
 *
 * Every additive relation between those cells is a constraint for suppression.ts; the same atoms
 * always give the same hidden set, so no combination of the analyst's queries shows a cell that
 * another query hides.
 */
import { EXPLOITATION_FORMS, type ExploitationForm } from '../../../shared/domain.js';
import { sumOf, suppressCells, type Cell, type Constraint } from './suppression.js';

export interface SignalAtom {
  month: string;
  forms: string[];
  departmentId: string | null;
  sourceContext: string | null;
  referred: boolean;
  partnerIds: string[];
  feedbackPartnerIds: string[];
  n: number;
}

export interface Dimensions {
  departmentIds: string[];
  sourceContexts: string[];
  /** Every partner of the municipality (active or not), so the family does not change with the directory. */
  partnerIds: string[];
  /** The partners whose referrals count as "referred" (outside partners). */
  externalPartnerIds: string[];
}

export const NONE = 'none';

// ---------------------------------------------------------------------------
// Months and buckets
// ---------------------------------------------------------------------------

export function addMonths(month: string, k: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + k;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

export interface Bucket {
  label: string;
  from: string;
  to: string;
}

export const rangeKey = (b: { from: string; to: string }) => `${b.from}..${b.to}`;

/** The buckets of a granularity, clipped to the range. */
export function bucketsOf(from: string, to: string, granularity: 'month' | 'quarter' | 'year' | 'total'): Bucket[] {
  if (granularity === 'total') return [{ label: `${from}..${to}`, from, to }];
  const out: Bucket[] = [];
  for (const m of monthsBetween(from, to)) {
    const [y, mm] = m.split('-').map(Number) as [number, number];
    let label: string;
    let start: string;
    let end: string;
    if (granularity === 'month') [label, start, end] = [m, m, m];
    else if (granularity === 'quarter') {
      const q = Math.floor((mm - 1) / 3);
      label = `${y}-Q${q + 1}`;
      start = `${y}-${String(q * 3 + 1).padStart(2, '0')}`;
      end = `${y}-${String(q * 3 + 3).padStart(2, '0')}`;
    } else [label, start, end] = [String(y), `${y}-01`, `${y}-12`];
    const clipped = { label, from: start < from ? from : start, to: end > to ? to : end };
    if (out.at(-1)?.label !== label) out.push(clipped);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Aggregates of one population (one form filter)
// ---------------------------------------------------------------------------

export interface Aggregate {
  /** Signals and referred signals per month. */
  signals: Map<string, number>;
  referred: Map<string, number>;
  department: Map<string, number>;
  sourceContext: Map<string, number>;
  partner: Map<string, number>;
  feedback: Map<string, number>;
}

const bump = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
const bumpRecord = (record: Record<string, number>, key: string, n: number) => {
  record[key] = (record[key] ?? 0) + n;
};

/**
 * The margins of one month and one set of forms: everything `aggregate` (and so every view and the
 * protected family) reads, without the joint distribution. Its size depends on the number of forms,
 * departments, contexts and partners, not on the number of signals: this is what the monthly
 * pre-aggregate (month-facts.ts) stores. Keys: department id, source context, partner id (NONE for none).
 */
export interface MarginEntry {
  month: string;
  forms: string[];
  signals: number;
  referred: number;
  department: Record<string, number>;
  sourceContext: Record<string, number>;
  partner: Record<string, number>;
  feedback: Record<string, number>;
}

/** The atoms reduced to their margins per month and set of forms. */
export function marginsOf(atoms: readonly SignalAtom[]): MarginEntry[] {
  const entries = new Map<string, MarginEntry>();
  for (const a of atoms) {
    const key = `${a.month}|${a.forms.join(',')}`;
    let e = entries.get(key);
    if (!e) {
      e = { month: a.month, forms: a.forms, signals: 0, referred: 0, department: {}, sourceContext: {}, partner: {}, feedback: {} };
      entries.set(key, e);
    }
    e.signals += a.n;
    if (a.referred) e.referred += a.n;
    bumpRecord(e.department, a.departmentId ?? NONE, a.n);
    bumpRecord(e.sourceContext, a.sourceContext ?? NONE, a.n);
    for (const p of new Set(a.partnerIds)) bumpRecord(e.partner, p, a.n);
    for (const p of new Set(a.feedbackPartnerIds)) bumpRecord(e.feedback, p, a.n);
  }
  return [...entries.values()];
}

/** The signals with at least one of `forms` (null: all signals). */
export function aggregate(entries: readonly MarginEntry[], forms: readonly string[] | null): Aggregate {
  const agg: Aggregate = { signals: new Map(), referred: new Map(), department: new Map(), sourceContext: new Map(), partner: new Map(), feedback: new Map() };
  const add = (map: Map<string, number>, record: Record<string, number>) => {
    for (const [key, n] of Object.entries(record)) bump(map, key, n);
  };
  for (const e of entries) {
    if (forms && !e.forms.some((f) => forms.includes(f))) continue;
    bump(agg.signals, e.month, e.signals);
    if (e.referred) bump(agg.referred, e.month, e.referred);
    add(agg.department, e.department);
    add(agg.sourceContext, e.sourceContext);
    add(agg.partner, e.partner);
    add(agg.feedback, e.feedback);
  }
  return agg;
}

export const sumMonths = (map: Map<string, number>, b: { from: string; to: string }) =>
  monthsBetween(b.from, b.to).reduce((s, m) => s + (map.get(m) ?? 0), 0);

// ---------------------------------------------------------------------------
// The protected family
// ---------------------------------------------------------------------------

/** Filters of the family: all signals, and each single form. */
export type FilterKey = 'all' | ExploitationForm;
export const FAMILY_FILTERS: readonly FilterKey[] = ['all', ...EXPLOITATION_FORMS];

/** Measure ids of the published cells of one filter. */
export const measure = {
  signals: (b: { from: string; to: string }) => `sig@${rangeKey(b)}`,
  referred: (b: { from: string; to: string }) => `ref@${rangeKey(b)}`,
  department: (id: string | null) => `dep:${id ?? NONE}`,
  sourceContext: (c: string | null) => `ctx:${c ?? NONE}`,
  partner: (id: string) => `par:${id}`,
  feedback: (id: string) => `fb:${id}`,
};

export const cellId = (filter: FilterKey, m: string) => `${filter}|${m}`;

export interface Family {
  cells: Map<string, Cell>;
  constraints: Constraint[];
  hidden: Set<string>;
  /** The value of a published cell, null when it is hidden. */
  read(filter: FilterKey, m: string): { value: number; hidden: boolean };
}

/**
 * Build and suppress the family for a month range: every cell the protected views can show,
 * for every filter of FAMILY_FILTERS, and every relation between them.
 */
export function buildFamily(entries: readonly MarginEntry[], dims: Dimensions, from: string, to: string, threshold: number): Family {
  const cells = new Map<string, Cell>();
  const constraints: Constraint[] = [];
  const publish = (id: string, value: number) => cells.set(id, { value, kind: 'published' });
  let virtualSerial = 0;
  const virtual = (value: number) => {
    const id = `~${++virtualSerial}`;
    cells.set(id, { value, kind: 'virtual' });
    return id;
  };

  // Time cells: the range, its (clipped) years, quarters and months. Equal ranges are one cell.
  const levels = (['total', 'year', 'quarter', 'month'] as const).map((g) => bucketsOf(from, to, g));
  const timeCells = [...new Map(levels.flat().map((b) => [rangeKey(b), b])).values()];
  const children = (parent: Bucket, level: Bucket[]) => level.filter((b) => b.from >= parent.from && b.to <= parent.to && rangeKey(b) !== rangeKey(parent));

  const published: string[] = [];
  const aggregates = new Map<FilterKey, Aggregate>();
  for (const filter of FAMILY_FILTERS) {
    const agg = aggregate(entries, filter === 'all' ? null : [filter]);
    aggregates.set(filter, agg);
    const id = (m: string) => cellId(filter, m);
    const total = levels[0]![0]!;

    for (const b of timeCells) {
      const s = sumMonths(agg.signals, b);
      const r = sumMonths(agg.referred, b);
      publish(id(measure.signals(b)), s);
      publish(id(measure.referred(b)), r);
      // signals = referred + not referred
      constraints.push(sumOf(id(measure.signals(b)), [id(measure.referred(b)), virtual(s - r)]));
    }
    // The time hierarchy: range = Σ years = Σ quarters = Σ months (each level within its parent).
    for (let l = 0; l < levels.length - 1; l++) {
      for (const parent of levels[l]!) {
        for (let below = l + 1; below < levels.length; below++) {
          const kids = children(parent, levels[below]!);
          if (kids.length === 0) continue;
          for (const mk of [measure.signals, measure.referred]) constraints.push(sumOf(id(mk(parent)), kids.map((k) => id(mk(k)))));
          break;
        }
      }
    }
    const totalSignals = id(measure.signals(total));
    const departments = [...dims.departmentIds, null];
    for (const d of departments) publish(id(measure.department(d)), agg.department.get(d ?? NONE) ?? 0);
    constraints.push(sumOf(totalSignals, departments.map((d) => id(measure.department(d)))));
    const contexts = [...dims.sourceContexts, null];
    for (const c of contexts) publish(id(measure.sourceContext(c)), agg.sourceContext.get(c ?? NONE) ?? 0);
    constraints.push(sumOf(totalSignals, contexts.map((c) => id(measure.sourceContext(c)))));
    for (const p of dims.partnerIds) {
      const referred = agg.partner.get(p) ?? 0;
      const feedback = agg.feedback.get(p) ?? 0;
      publish(id(measure.partner(p)), referred);
      publish(id(measure.feedback(p)), feedback);
      // signals = referred to p + not referred to p; referred to p = with feedback + without.
      constraints.push(sumOf(totalSignals, [id(measure.partner(p)), virtual(sumMonths(agg.signals, total) - referred)]));
      constraints.push(sumOf(id(measure.partner(p)), [id(measure.feedback(p)), virtual(referred - feedback)]));
    }
    // Σ over outside partners of "referred to p" = referred signals + extra referrals of signals referred more than once.
    const external = dims.externalPartnerIds;
    // Referred = referred to outside partner p + referred elsewhere only (for each outside partner).
    for (const p of external) {
      constraints.push(sumOf(id(measure.referred(total)), [id(measure.partner(p)), virtual(sumMonths(agg.referred, total) - (agg.partner.get(p) ?? 0))]));
    }
    if (external.length > 0) {
      const extra = external.reduce((s, p) => s + (agg.partner.get(p) ?? 0), 0) - sumMonths(agg.referred, total);
      constraints.push({ lhs: external.map((p) => id(measure.partner(p))), rhs: [id(measure.referred(total)), virtual(extra)] });
    }
    if (filter === 'all') {
      for (const b of timeCells) published.push(measure.signals(b), measure.referred(b));
      for (const d of departments) published.push(measure.department(d));
      for (const c of contexts) published.push(measure.sourceContext(c));
      for (const p of dims.partnerIds) published.push(measure.partner(p), measure.feedback(p));
    }
  }

  // Across filters, per measure: all = form f + not f; Σ_f form f = all + extra forms.
  const forms = FAMILY_FILTERS.filter((f): f is ExploitationForm => f !== 'all');
  for (const m of published) {
    const all = cells.get(cellId('all', m))!.value;
    for (const f of forms) constraints.push(sumOf(cellId('all', m), [cellId(f, m), virtual(all - cells.get(cellId(f, m))!.value)]));
    const extra = forms.reduce((s, f) => s + cells.get(cellId(f, m))!.value, 0) - all;
    constraints.push({ lhs: forms.map((f) => cellId(f, m)), rhs: [cellId('all', m), virtual(extra)] });
  }

  const hidden = suppressCells(cells, constraints, threshold);
  return {
    cells,
    constraints,
    hidden,
    read(filter, m) {
      const cell = cells.get(cellId(filter, m));
      if (!cell || cell.kind !== 'published') throw new Error(`not a published cell: ${filter} ${m}`);
      return { value: cell.value, hidden: hidden.has(cellId(filter, m)) };
    },
  };
}
