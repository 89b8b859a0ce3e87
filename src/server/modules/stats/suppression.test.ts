import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXPLOITATION_FORMS } from '../../../shared/domain.js';
import { buildFamily, cellId, FAMILY_FILTERS, measure, bucketsOf, marginsOf, type SignalAtom } from './dashboard.figures.js';
import { isSmall, rateOf, recomputableHiddenCells, suppressCells, sumOf, type Cell, type Constraint } from './suppression.js';

/**
 * The proof, part 1 (pure): whatever the counts, a suppressed table lets nobody recompute a hidden
 * count. "Recompute" = any linear combination of the visible cells and the published relations
 * (totals), checked exactly by Gaussian elimination (recomputableHiddenCells).
 */

const THRESHOLD = 5;
const published = (value: number): Cell => ({ value, kind: 'published' });
/** Counts with many small ones, zeros included. */
const smallish = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 }));

/** Every constraint is protected: never exactly one hidden cell; a derivable hidden sum is 0 or ≥ threshold. */
function expectLocallyProtected(cells: Map<string, Cell>, constraints: Constraint[], hidden: Set<string>, threshold = THRESHOLD) {
  for (const c of constraints) {
    const l = c.lhs.filter((k) => hidden.has(k));
    const r = c.rhs.filter((k) => hidden.has(k));
    const n = l.length + r.length;
    // Constraints that touch only virtual cells apart from the hidden ones cannot be used by a reader.
    const publishedVisible = [...c.lhs, ...c.rhs].some((k) => !hidden.has(k) && cells.get(k)!.kind === 'published');
    if (!publishedVisible) continue;
    expect(n, `constraint ${JSON.stringify(c)} has exactly one hidden cell`).not.toBe(1);
    if (n > 0 && (l.length === 0 || r.length === 0)) {
      const sum = [...l, ...r].reduce((s, k) => s + cells.get(k)!.value, 0);
      expect(isSmall(sum, threshold), `hidden sum ${sum} of ${JSON.stringify(c)} is recomputable and small`).toBe(false);
    }
  }
}

function expectPrimary(cells: Map<string, Cell>, hidden: Set<string>, threshold = THRESHOLD) {
  for (const [k, c] of cells) if (isSmall(c.value, threshold)) expect(hidden.has(k), `${k}=${c.value} shown`).toBe(true);
}

describe('suppressCells', () => {
  it('hides 0 < n < threshold, shows 0 and counts at or above the threshold (no relations)', () => {
    const cells = new Map([['a', published(0)], ['b', published(1)], ['c', published(4)], ['d', published(5)], ['e', published(90)]]);
    expect([...suppressCells(cells, [], 5)].sort()).toEqual(['b', 'c']);
  });

  it('a single hidden cell next to a published total takes the next smallest cell with it', () => {
    const cells = new Map([['total', published(30)], ['a', published(2)], ['b', published(7)], ['c', published(21)]]);
    const hidden = suppressCells(cells, [sumOf('total', ['a', 'b', 'c'])], 5);
    expect([...hidden].sort()).toEqual(['a', 'b']);
  });

  it('two hidden cells whose sum is still small: a third goes too (their sum would be a small count)', () => {
    const cells = new Map([['total', published(40)], ['a', published(1)], ['b', published(2)], ['c', published(9)], ['d', published(28)]]);
    const hidden = suppressCells(cells, [sumOf('total', ['a', 'b', 'c', 'd'])], 5);
    expect([...hidden].sort()).toEqual(['a', 'b', 'c']);
  });

  it('a small total is hidden, and so is the cell that would give it away', () => {
    const cells = new Map([['total', published(3)], ['a', published(3)], ['b', published(0)]]);
    const hidden = suppressCells(cells, [sumOf('total', ['a', 'b'])], 5);
    expect(hidden.has('total') && hidden.has('a')).toBe(true);
    expect(recomputableHiddenCells(cells, [sumOf('total', ['a', 'b'])], hidden)).toEqual([]);
  });

  it('a sensitive virtual cell (signals NOT referred = 2) hides a published cell of its relation', () => {
    const cells = new Map<string, Cell>([['signals', published(12)], ['referred', published(10)], ['notReferred', { value: 2, kind: 'virtual' }]]);
    const hidden = suppressCells(cells, [sumOf('signals', ['referred', 'notReferred'])], 5);
    expect(hidden.has('referred')).toBe(true);
    expect(hidden.has('signals')).toBe(false);
  });

  it('property: one-dimensional tables with a total — primary, local and linear protection', () => {
    fc.assert(
      fc.property(fc.array(smallish, { minLength: 1, maxLength: 12 }), fc.integer({ min: 3, max: 10 }), (values, threshold) => {
        const cells = new Map<string, Cell>(values.map((v, i) => [`m${i}`, published(v)]));
        cells.set('total', published(values.reduce((a, b) => a + b, 0)));
        const constraints = [sumOf('total', values.map((_, i) => `m${i}`))];
        const hidden = suppressCells(cells, constraints, threshold);
        expectPrimary(cells, hidden, threshold);
        expectLocallyProtected(cells, constraints, hidden, threshold);
        expect(recomputableHiddenCells(cells, constraints, hidden)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('property: a year → quarters → months hierarchy (month, quarter and year views together)', () => {
    fc.assert(
      fc.property(fc.array(smallish, { minLength: 12, maxLength: 12 }), (months) => {
        const cells = new Map<string, Cell>(months.map((v, i) => [`m${i}`, published(v)]));
        const constraints: Constraint[] = [];
        for (let q = 0; q < 4; q++) {
          const kids = [0, 1, 2].map((j) => `m${q * 3 + j}`);
          cells.set(`q${q}`, published(kids.reduce((s, k) => s + cells.get(k)!.value, 0)));
          constraints.push(sumOf(`q${q}`, kids));
        }
        cells.set('y', published(months.reduce((a, b) => a + b, 0)));
        constraints.push(sumOf('y', ['q0', 'q1', 'q2', 'q3']), sumOf('y', months.map((_, i) => `m${i}`)));
        const hidden = suppressCells(cells, constraints, THRESHOLD);
        expectPrimary(cells, hidden);
        expectLocallyProtected(cells, constraints, hidden);
        expect(recomputableHiddenCells(cells, constraints, hidden)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('property: two tables sharing a total (departments and source contexts of the same signals)', () => {
    fc.assert(
      fc.property(fc.array(smallish, { minLength: 2, maxLength: 6 }), fc.array(smallish, { minLength: 2, maxLength: 6 }), (a, b) => {
        // Make both margins add up to the same total by putting the difference in the last cell.
        const total = Math.max(a.reduce((s, v) => s + v, 0), b.reduce((s, v) => s + v, 0));
        a[a.length - 1]! += total - a.reduce((s, v) => s + v, 0);
        b[b.length - 1]! += total - b.reduce((s, v) => s + v, 0);
        const cells = new Map<string, Cell>([['total', published(total)], ...a.map((v, i) => [`a${i}`, published(v)] as [string, Cell]), ...b.map((v, i) => [`b${i}`, published(v)] as [string, Cell])]);
        const constraints = [sumOf('total', a.map((_, i) => `a${i}`)), sumOf('total', b.map((_, i) => `b${i}`))];
        const hidden = suppressCells(cells, constraints, THRESHOLD);
        expectPrimary(cells, hidden);
        expectLocallyProtected(cells, constraints, hidden);
        expect(recomputableHiddenCells(cells, constraints, hidden)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same counts give the same hidden set (so queries agree with each other)', () => {
    fc.assert(
      fc.property(fc.array(smallish, { minLength: 1, maxLength: 10 }), (values) => {
        const cells = new Map<string, Cell>(values.map((v, i) => [`m${i}`, published(v)]));
        cells.set('total', published(values.reduce((a, b) => a + b, 0)));
        const constraints = [sumOf('total', values.map((_, i) => `m${i}`))];
        expect([...suppressCells(cells, constraints, 5)].sort()).toEqual([...suppressCells(new Map(cells), constraints, 5)].sort());
      }),
    );
  });
});

describe('rateOf', () => {
  it('is suppressed when either count is, and null (not suppressed) over a zero base', () => {
    expect(rateOf({ value: null, suppressed: true }, { value: 10, suppressed: false })).toEqual({ value: null, suppressed: true });
    expect(rateOf({ value: 5, suppressed: false }, { value: null, suppressed: true })).toEqual({ value: null, suppressed: true });
    expect(rateOf({ value: 0, suppressed: false }, { value: 0, suppressed: false })).toEqual({ value: null, suppressed: false });
    expect(rateOf({ value: 5, suppressed: false }, { value: 20, suppressed: false })).toEqual({ value: 0.25, suppressed: false });
  });
});

/**
 * The protected table family of a period (dashboard.figures.ts) against an attacker who knows
 * only the visible cells: the unknowns are the numbers of signals of every possible kind
 * ("class": combination of forms × month × referred × department), not the family's own
 * bookkeeping. A hidden cell is safe when no linear combination of the visible cells equals it.
 */
describe('buildFamily', () => {
  const DEPARTMENTS = ['d1', 'd2'];
  const PARTNERS = ['p1'];
  const dims = { departmentIds: DEPARTMENTS, sourceContexts: ['desk'], partnerIds: PARTNERS, externalPartnerIds: PARTNERS };
  const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
  const COMBOS = Array.from({ length: 2 ** EXPLOITATION_FORMS.length - 1 }, (_, i) => EXPLOITATION_FORMS.filter((_, j) => ((i + 1) >> j) & 1));

  const atom = fc.record({
    month: fc.constantFrom(...MONTHS),
    // Mostly one form, sometimes two or three.
    forms: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...EXPLOITATION_FORMS.map((f) => [f])) },
      { weight: 1, arbitrary: fc.subarray([...EXPLOITATION_FORMS], { minLength: 2, maxLength: 3 }) },
    ),
    departmentId: fc.constantFrom<string | null>('d1', 'd2', null),
    referred: fc.boolean(),
    n: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 })),
  });

  it('property: no hidden series or department cell is a linear combination of visible cells (over all kinds of signals)', () => {
    fc.assert(
      fc.property(fc.array(atom, { minLength: 1, maxLength: 25 }), (raw) => {
        const atoms: SignalAtom[] = raw.map((a) => ({ ...a, sourceContext: 'desk', partnerIds: [], feedbackPartnerIds: [] }));
        const family = buildFamily(marginsOf(atoms), dims, MONTHS[0]!, MONTHS.at(-1)!, THRESHOLD);
        const buckets = [...new Map(['total', 'quarter', 'month'].flatMap((g) => bucketsOf(MONTHS[0]!, MONTHS.at(-1)!, g as 'month')).map((b) => [`${b.from}..${b.to}`, b])).values()];

        // The attacker's unknowns: every class of signal, whether it occurs or not.
        type Class = { forms: string[]; month: string; referred: boolean; department: string | null };
        const classes: Class[] = [];
        for (const forms of COMBOS) for (const month of MONTHS) for (const referred of [false, true]) for (const department of [...DEPARTMENTS, null]) classes.push({ forms, month, referred, department });
        const classId = (i: number) => `class${i}`;
        const inFilter = (f: string, c: Class) => f === 'all' || c.forms.includes(f);

        // Published cells as sums of classes.
        const cells = new Map<string, Cell>(classes.map((_, i) => [classId(i), { value: 0, kind: 'virtual' }]));
        const constraints: Constraint[] = [];
        const hidden = new Set<string>();
        const add = (filter: string, m: string, member: (c: Class) => boolean) => {
          const read = family.read(filter as 'all', m);
          const id = cellId(filter as 'all', m);
          cells.set(id, { value: read.value, kind: 'published' });
          if (read.hidden) hidden.add(id);
          constraints.push(sumOf(id, classes.flatMap((c, i) => (member(c) ? [classId(i)] : []))));
        };
        for (const filter of FAMILY_FILTERS) {
          for (const b of buckets) {
            const inBucket = (c: Class) => inFilter(filter, c) && c.month >= b.from && c.month <= b.to;
            add(filter, measure.signals(b), inBucket);
            add(filter, measure.referred(b), (c) => inBucket(c) && c.referred);
          }
          for (const d of [...DEPARTMENTS, null]) add(filter, measure.department(d), (c) => inFilter(filter, c) && c.department === d);
        }
        expect(recomputableHiddenCells(cells, constraints, hidden)).toEqual([]);
        // And primary suppression holds on every published cell of the family.
        for (const [k, c] of family.cells) if (c.kind === 'published' && isSmall(c.value, THRESHOLD)) expect(family.hidden.has(k), k).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
