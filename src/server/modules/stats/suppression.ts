/**
 * Small-cell protection (issue 5.2). PURE: no database, no clock.
 *
 * ## Rules
 *
 * Primary suppression. A published count `n` with 0 < n < threshold is hidden ("< threshold").
 * 0 is shown: "no signals" identifies nobody, and hiding zeros would make almost every table of a
 * small municipality empty. That a 0 could turn a visible total minus visible cells into a hidden
 * count is exactly what the complementary rules below prevent (they treat 0 like any visible cell).
 * Totals are counts like any other: a total below the threshold is hidden as well.
 *
 * Complementary suppression. Every additive relation the reader can see is a constraint
 * `sum(lhs) = sum(rhs)`, mostly `total = m1 + m2 + …` (a period and its months; a year and its
 * quarters; the signals and their departments; all signals = referred + not referred; all
 * signals = form f + not f). A cell is UNKNOWN to the reader when it is hidden, or virtual (see
 * below) and not derivable. For each relation, after hiding:
 *  1. never exactly one unknown that must stay unknown (a hidden cell, or a virtual count
 *     0 < n < threshold) — it would be the other side minus the known cells;
 *  2. when the unknowns are all on one side, their sum (which is then derivable) is 0 or at
 *     least the threshold — otherwise the group is itself a small count.
 * A violated relation hides its smallest visible non-zero cell (a member before its total, zeros
 * last); derivations are redone after every hide, until no relation is violated.
 * Then a reader's interval reasoning is checked (bounds propagation with "counts are never
 * negative": a hidden 5 next to a "not this form" of 0 is pinned to 5); a hidden count whose
 * bounds meet gets one more complement, and the rules run again.
 *
 * Virtual cells. Counts that are never published but are differences of published ones: signals
 * NOT referred, signals without form f, signals not referred to partner P, referred elsewhere than
 * P, the extra forms of signals with several. They are unknown to the reader unless a relation
 * leaves them as its only unknown; a virtual count 0 < n < threshold must stay unknown (it is a
 * small group just like a published one).
 *
 * Rates derived from a suppressed count are suppressed (see `rateOf`). Percentiles over fewer
 * than `threshold` values are hidden by the service.
 */

export type CellKind = 'published' | 'virtual';

export interface Cell {
  value: number;
  kind: CellKind;
}

/**
 * `sum(lhs) = sum(rhs)`. Mostly `total = m1 + m2 + …` (`lhs: [total]`); with several cells on
 * both sides for multi-valued breakdowns (sum over forms of the per-form counts = all signals
 * + the extra forms of signals with more than one).
 */
export interface Constraint {
  lhs: readonly string[];
  rhs: readonly string[];
}

/** `total = sum(members)`. */
export const sumOf = (total: string, members: readonly string[]): Constraint => ({ lhs: [total], rhs: members });

export const isSmall = (value: number, threshold: number): boolean => value > 0 && value < threshold;

/**
 * The cells to hide: every published cell that is primary or complementary suppressed, plus the
 * sensitive virtual cells (never published anyway). Deterministic: the same input gives the same
 * set, whatever query it came from.
 */
export function suppressCells(cells: ReadonlyMap<string, Cell>, constraints: readonly Constraint[], threshold: number): Set<string> {
  const hidden = new Set<string>();
  for (const [key, cell] of cells) if (isSmall(cell.value, threshold)) hidden.add(key);

  const byCell = new Map<string, number[]>();
  // Cells on both sides of a relation cancel out.
  const sides = constraints.map((c, i) => {
    const lhs = new Set(c.lhs);
    const rhs = new Set(c.rhs);
    for (const k of lhs) if (rhs.has(k)) (lhs.delete(k), rhs.delete(k));
    for (const key of [...lhs, ...rhs]) {
      if (!cells.has(key)) throw new Error(`constraint refers to an unknown cell ${key}`);
      let list = byCell.get(key);
      if (!list) byCell.set(key, (list = []));
      list.push(i);
    }
    return { lhs: [...lhs], rhs: [...rhs] };
  });
  const valueOf = (key: string) => cells.get(key)!.value;

  /**
   * The virtual cells the reader can work out with the current hidden set: repeatedly, a relation
   * with exactly one unknown left that is a virtual count of 0 or at least the threshold.
   */
  function derivable(): Set<string> {
    const derived = new Set<string>();
    const unknown = (k: string) => hidden.has(k) || (cells.get(k)!.kind === 'virtual' && !derived.has(k));
    // A FIFO queue read with a moving head (Array#shift is linear: quadratic over thousands of relations).
    const queue = sides.map((_, i) => i);
    const queued = new Uint8Array(sides.length).fill(1);
    for (let head = 0; head < queue.length; head++) {
      const i = queue[head]!;
      queued[i] = 0;
      const u = soleUnknown(sides[i]!, unknown);
      if (u === undefined || hidden.has(u) || isSmall(valueOf(u), threshold)) continue;
      derived.add(u);
      for (const j of byCell.get(u) ?? []) {
        if (!queued[j]) {
          queued[j] = 1;
          queue.push(j);
        }
      }
    }
    return derived;
  }

  // Passes: work out what the reader can derive, then find a violated relation and hide one
  // complement there; again until no relation is violated. (Derivations depend on what is hidden, so
  // they are redone after every hide.) Each pass hides a cell, so this ends.
  for (;;) {
    const derived = derivable();
    const unknown = (k: string) => hidden.has(k) || (cells.get(k)!.kind === 'virtual' && !derived.has(k));
    let next: string | undefined;
    for (const { lhs, rhs } of sides) {
      let unknownL = 0;
      let unknownR = 0;
      let unknownSum = 0;
      let last: string | undefined;
      for (const k of lhs) if (unknown(k)) (unknownL++, (unknownSum += valueOf(k)), (last = k));
      for (const k of rhs) if (unknown(k)) (unknownR++, (unknownSum += valueOf(k)), (last = k));
      const unknowns = unknownL + unknownR;
      let violated = false;
      if (unknowns === 1) {
        // One unknown left: it is recomputable. Fine for a virtual count of 0 or ≥ threshold (derivable()).
        violated = hidden.has(last!) || isSmall(valueOf(last!), threshold);
      } else if (unknowns > 1 && (unknownL === 0 || unknownR === 0)) {
        // Unknowns all on one side: their sum is recomputable, and must not be a small count.
        violated = isSmall(unknownSum, threshold);
      }
      if (!violated) continue;
      // Nothing published left to hide here: the other cells are virtual counts the reader works out
      // elsewhere (whose relations are checked in their own right).
      next = pickComplement(lhs, rhs, hidden, cells);
      if (next !== undefined) break;
    }
    if (next === undefined) {
      // The relations are protected one by one. Combined with "counts are never negative" a reader
      // can still pin a hidden cell down (a hidden 5 next to a "not this form" of 0, say): bound
      // every unknown and hide one more cell next to any hidden count whose bounds meet.
      const pinned = pinnedCells(cells, sides, hidden, byCell, threshold);
      if (pinned === undefined) return hidden;
      if (!cells.has(pinned)) return hidden;
      hidden.add(pinned);
      continue;
    }
    hidden.add(next);
  }
}

/**
 * Interval reasoning of a reader (bounds propagation with counts ≥ 0): the next cell to hide
 * because a hidden published count or a small virtual count is determined exactly, or undefined.
 */
function pinnedCells(
  cells: ReadonlyMap<string, Cell>,
  sides: { lhs: string[]; rhs: string[] }[],
  hidden: Set<string>,
  byCell: Map<string, number[]>,
  threshold: number,
): string | undefined {
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  const unknown = (k: string) => hidden.has(k) || cells.get(k)!.kind === 'virtual';
  for (const [k, c] of cells) {
    lo.set(k, unknown(k) ? 0 : c.value);
    hi.set(k, unknown(k) ? Infinity : c.value);
  }
  const sum = (list: string[], m: Map<string, number>, except?: string) => list.reduce((s, k) => (k === except ? s : s + m.get(k)!), 0);
  const queue = sides.map((_, i) => i);
  const queued = new Uint8Array(sides.length).fill(1);
  let budget = 2_000_000;
  for (let head = 0; head < queue.length && budget-- > 0; head++) {
    const i = queue[head]!;
    queued[i] = 0;
    const { lhs, rhs } = sides[i]!;
    for (const [same, other] of [[lhs, rhs], [rhs, lhs]] as const) {
      for (const u of same) {
        if (!unknown(u)) continue;
        const newLo = Math.max(lo.get(u)!, Math.ceil(sum(other, lo) - sum(same, hi, u)));
        const newHi = Math.min(hi.get(u)!, Math.floor(sum(other, hi) - sum(same, lo, u)));
        if (newLo !== lo.get(u) || newHi !== hi.get(u)) {
          lo.set(u, newLo);
          hi.set(u, newHi);
          for (const j of byCell.get(u) ?? []) {
            if (!queued[j]) {
              queued[j] = 1;
              queue.push(j);
            }
          }
        }
      }
    }
  }
  for (const [k, c] of cells) {
    const exact = lo.get(k) === hi.get(k);
    const exposed = exact && (hidden.has(k) || (c.kind === 'virtual' && isSmall(c.value, threshold)));
    if (!exposed) continue;
    // Hide the smallest visible non-zero published cell of a relation of k.
    let best: string | undefined;
    for (const j of byCell.get(k) ?? []) {
      const candidate = pickComplement(sides[j]!.lhs, sides[j]!.rhs, hidden, cells);
      if (candidate !== undefined && (best === undefined || cells.get(candidate)!.value < cells.get(best)!.value)) best = candidate;
    }
    if (best !== undefined) return best;
  }
  return undefined;
}

/** The only unknown cell of a relation, or undefined when it has none or several (stops at the second). */
function soleUnknown(side: { lhs: string[]; rhs: string[] }, unknown: (k: string) => boolean): string | undefined {
  let found: string | undefined;
  for (const list of [side.lhs, side.rhs]) {
    for (const k of list) {
      if (!unknown(k)) continue;
      if (found !== undefined) return undefined;
      found = k;
    }
  }
  return found;
}

/**
 * The cell to hide next: the smallest visible non-zero published cell (the least information lost),
 * a member before a total of the same size, else a visible zero.
 */
function pickComplement(lhs: string[], rhs: string[], hidden: Set<string>, cells: ReadonlyMap<string, Cell>): string | undefined {
  const totals = new Set(lhs.length === 1 ? lhs : rhs.length === 1 ? rhs : []);
  const visible = [...lhs, ...rhs].filter((k) => !hidden.has(k) && cells.get(k)!.kind === 'published');
  const rank = (k: string) => [cells.get(k)!.value === 0 ? 1 : 0, cells.get(k)!.value, totals.has(k) ? 1 : 0] as const;
  return visible.sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2] || a.localeCompare(b);
  })[0];
}

// ---------------------------------------------------------------------------
// Checking a suppression (used by the tests, and cheap enough for small tables)
// ---------------------------------------------------------------------------

/**
 * The hidden cells whose value the reader can recompute exactly from the visible cells and the
 * constraints (any linear combination). Unknowns: hidden cells and virtual cells; knowns: visible
 * published cells. A hidden cell is determined iff its unit vector lies in the row space of the
 * constraint matrix restricted to the unknowns (Gaussian elimination, exact on these 0/±1 systems
 * of modest size).
 */
export function recomputableHiddenCells(
  cells: ReadonlyMap<string, Cell>,
  constraints: readonly Constraint[],
  hidden: ReadonlySet<string>,
): string[] {
  const unknowns = [...cells.keys()].filter((k) => hidden.has(k) || cells.get(k)!.kind === 'virtual');
  const index = new Map(unknowns.map((k, i) => [k, i]));
  const rows: number[][] = [];
  for (const c of constraints) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    const add = (key: string, coefficient: number) => {
      const i = index.get(key);
      if (i !== undefined) {
        row[i]! += coefficient;
        any = true;
      }
    };
    for (const k of c.lhs) add(k, 1);
    for (const k of c.rhs) add(k, -1);
    if (any) rows.push(row);
  }
  const basis = echelon(rows, unknowns.length);
  return unknowns.filter((k, i) => {
    if (!hidden.has(k) || cells.get(k)!.kind !== 'published') return false;
    const unit = new Array<number>(unknowns.length).fill(0);
    unit[i] = 1;
    return inRowSpan(basis, unit);
  });
}

interface EchelonRow {
  pivot: number;
  row: number[];
}

/** Row echelon form (Gaussian elimination with partial pivoting): the non-zero rows with their pivot column. */
function echelon(input: number[][], width: number): EchelonRow[] {
  const m = input.map((r) => [...r]);
  const out: EchelonRow[] = [];
  let row = 0;
  for (let col = 0; col < width && row < m.length; col++) {
    let pivot = row;
    for (let r = row + 1; r < m.length; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-9) continue;
    [m[row], m[pivot]] = [m[pivot]!, m[row]!];
    const p = m[row]!;
    for (let r = row + 1; r < m.length; r++) {
      const f = m[r]![col]! / p[col]!;
      if (f !== 0) for (let c = col; c < width; c++) m[r]![c]! -= f * p[c]!;
    }
    out.push({ pivot: col, row: p });
    row++;
  }
  return out;
}

/** Whether `vector` is a linear combination of the echelon rows. */
function inRowSpan(basis: readonly EchelonRow[], vector: readonly number[]): boolean {
  const v = [...vector];
  for (const { pivot, row } of basis) {
    const f = v[pivot]! / row[pivot]!;
    if (Math.abs(f) < 1e-12) continue;
    for (let c = pivot; c < v.length; c++) v[c]! -= f * row[c]!;
  }
  return v.every((x) => Math.abs(x) < 1e-6);
}

// ---------------------------------------------------------------------------
// Small helpers for views
// ---------------------------------------------------------------------------

export interface CountView {
  value: number | null;
  suppressed: boolean;
}

export const exactCount = (value: number): CountView => ({ value, suppressed: false });
export const shownCount = (value: number, hidden: boolean): CountView => (hidden ? { value: null, suppressed: true } : exactCount(value));

/** A share `part / whole`: suppressed when either count is; null (not suppressed) when the whole is 0. */
export function rateOf(part: CountView, whole: CountView): CountView {
  if (part.suppressed || whole.suppressed || part.value === null || whole.value === null) return { value: null, suppressed: true };
  if (whole.value === 0) return { value: null, suppressed: false };
  return { value: Math.round((part.value / whole.value) * 1000) / 1000, suppressed: false };
}
