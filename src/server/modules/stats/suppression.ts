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

/** `String#localeCompare` without arguments, as one collator (the same order, without a lookup per call). */
const collator = new Intl.Collator();

/**
 * The problem with cells numbered 0…n-1 in the order of the `cells` map, relations as lists of those
 * numbers (cells on both sides cancelled), and for each cell the relations it appears in.
 */
interface Indexed {
  keys: string[];
  value: Float64Array;
  virtual: Uint8Array;
  small: Uint8Array;
  sides: { lhs: Int32Array; rhs: Int32Array }[];
  byCell: Int32Array[];
}

function indexProblem(cells: ReadonlyMap<string, Cell>, constraints: readonly Constraint[], threshold: number): Indexed {
  const keys = [...cells.keys()];
  const index = new Map(keys.map((k, i) => [k, i]));
  const n = keys.length;
  const value = new Float64Array(n);
  const virtual = new Uint8Array(n);
  const small = new Uint8Array(n);
  keys.forEach((k, i) => {
    const cell = cells.get(k)!;
    value[i] = cell.value;
    virtual[i] = cell.kind === 'virtual' ? 1 : 0;
    small[i] = isSmall(cell.value, threshold) ? 1 : 0;
  });
  const lists: number[][] = keys.map(() => []);
  const sides = constraints.map((c, r) => {
    // Cells on both sides of a relation cancel out.
    const lhs = new Set(c.lhs);
    const rhs = new Set(c.rhs);
    for (const k of lhs) if (rhs.has(k)) (lhs.delete(k), rhs.delete(k));
    const side = (set: Set<string>) =>
      Int32Array.from(set, (key) => {
        const i = index.get(key);
        if (i === undefined) throw new Error(`constraint refers to an unknown cell ${key}`);
        lists[i]!.push(r);
        return i;
      });
    return { lhs: side(lhs), rhs: side(rhs) };
  });
  return { keys, value, virtual, small, sides, byCell: lists.map((l) => Int32Array.from(l)) };
}

/**
 * The cells to hide: every published cell that is primary or complementary suppressed, plus the
 * sensitive virtual cells (never published anyway). Deterministic: the same input gives the same
 * set, whatever query it came from.
 *
 * Cells and relations are numbered and kept in typed arrays: the passes below are redone after
 * every hidden cell, over thousands of relations (the analyst's table family), so the constant
 * factor is what makes a dashboard fast.
 */
export function suppressCells(cells: ReadonlyMap<string, Cell>, constraints: readonly Constraint[], threshold: number): Set<string> {
  const p = indexProblem(cells, constraints, threshold);
  const { keys, value, virtual, small, sides, byCell } = p;
  const n = keys.length;
  const m = sides.length;
  const hidden = new Uint8Array(n);
  const order: number[] = [];
  const hide = (i: number) => {
    hidden[i] = 1;
    order.push(i);
  };
  for (let i = 0; i < n; i++) if (small[i]) hide(i);

  const derived = new Uint8Array(n);
  const unknownCount = new Int32Array(m);
  const unknownXor = new Int32Array(m);
  const queue = new Int32Array(m + n * 2 + 1);

  /**
   * The virtual cells the reader can work out with the current hidden set: repeatedly, a relation
   * with exactly one unknown left that is a virtual count of 0 or at least the threshold. (A least
   * fixpoint: the order in which relations are taken does not change it.) Each relation keeps the
   * number of its unknowns and the XOR of their numbers — the sole unknown when only one is left.
   */
  function derive(): void {
    derived.fill(0);
    let tail = 0;
    for (let r = 0; r < m; r++) {
      let count = 0;
      let xor = 0;
      for (const list of [sides[r]!.lhs, sides[r]!.rhs]) {
        for (let j = 0; j < list.length; j++) {
          const k = list[j]!;
          if (hidden[k] || virtual[k]) (count++, (xor ^= k));
        }
      }
      unknownCount[r] = count;
      unknownXor[r] = xor;
      if (count === 1) queue[tail++] = r;
    }
    for (let head = 0; head < tail; head++) {
      const r = queue[head]!;
      if (unknownCount[r] !== 1) continue;
      const u = unknownXor[r]!;
      if (hidden[u] || small[u] || derived[u]) continue;
      derived[u] = 1;
      const rels = byCell[u]!;
      for (let j = 0; j < rels.length; j++) {
        const q = rels[j]!;
        unknownCount[q]!--;
        unknownXor[q]! ^= u;
        if (unknownCount[q] === 1) queue[tail++] = q;
      }
    }
  }

  // Passes: work out what the reader can derive, then find a violated relation and hide one
  // complement there; again until no relation is violated. (Derivations depend on what is hidden, so
  // they are redone after every hide.) Each pass hides a cell, so this ends.
  for (;;) {
    derive();
    let next = -1;
    for (let r = 0; r < m && next < 0; r++) {
      const { lhs, rhs } = sides[r]!;
      let unknownL = 0;
      let unknownR = 0;
      let unknownSum = 0;
      let last = -1;
      for (let j = 0; j < lhs.length; j++) {
        const k = lhs[j]!;
        if (hidden[k] || (virtual[k] && !derived[k])) (unknownL++, (unknownSum += value[k]!), (last = k));
      }
      for (let j = 0; j < rhs.length; j++) {
        const k = rhs[j]!;
        if (hidden[k] || (virtual[k] && !derived[k])) (unknownR++, (unknownSum += value[k]!), (last = k));
      }
      const unknowns = unknownL + unknownR;
      let violated = false;
      if (unknowns === 1) {
        // One unknown left: it is recomputable. Fine for a virtual count of 0 or ≥ threshold (derive()).
        violated = hidden[last] === 1 || small[last] === 1;
      } else if (unknowns > 1 && (unknownL === 0 || unknownR === 0)) {
        // Unknowns all on one side: their sum is recomputable, and must not be a small count.
        violated = isSmall(unknownSum, threshold);
      }
      // Nothing published left to hide here: the other cells are virtual counts the reader works out
      // elsewhere (whose relations are checked in their own right).
      if (violated) next = pickComplement(p, hidden, r);
    }
    if (next < 0) {
      // The relations are protected one by one. Combined with "counts are never negative" a reader
      // can still pin a hidden cell down (a hidden 5 next to a "not this form" of 0, say): bound
      // every unknown and hide one more cell next to any hidden count whose bounds meet.
      next = pinnedCell(p, hidden);
      if (next < 0) return new Set(order.map((i) => keys[i]!));
    }
    hide(next);
  }
}

/** Sum of `list` in `bound`, leaving out cell `except` (Infinity when an upper bound in it is unknown). */
function boundSum(list: Int32Array, bound: Float64Array, except = -1): number {
  let sum = 0;
  for (let j = 0; j < list.length; j++) if (list[j] !== except) sum += bound[list[j]!]!;
  return sum;
}

/**
 * Interval reasoning of a reader (bounds propagation with counts ≥ 0): the next cell to hide
 * because a hidden published count or a small virtual count is determined exactly, or -1.
 */
function pinnedCell(p: Indexed, hidden: Uint8Array): number {
  const { value, virtual, small, sides, byCell } = p;
  const n = value.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const unknown = (k: number) => hidden[k] === 1 || virtual[k] === 1;
  for (let k = 0; k < n; k++) {
    lo[k] = unknown(k) ? 0 : value[k]!;
    hi[k] = unknown(k) ? Infinity : value[k]!;
  }
  const queue = sides.map((_, i) => i);
  const queued = new Uint8Array(sides.length).fill(1);
  let budget = 2_000_000;
  for (let head = 0; head < queue.length && budget-- > 0; head++) {
    const r = queue[head]!;
    queued[r] = 0;
    const { lhs, rhs } = sides[r]!;
    for (const [same, other] of [[lhs, rhs], [rhs, lhs]] as const) {
      for (let j = 0; j < same.length; j++) {
        const u = same[j]!;
        if (!unknown(u)) continue;
        const newLo = Math.max(lo[u]!, Math.ceil(boundSum(other, lo) - boundSum(same, hi, u)));
        const newHi = Math.min(hi[u]!, Math.floor(boundSum(other, hi) - boundSum(same, lo, u)));
        if (newLo !== lo[u] || newHi !== hi[u]) {
          lo[u] = newLo;
          hi[u] = newHi;
          const rels = byCell[u]!;
          for (let q = 0; q < rels.length; q++) {
            const next = rels[q]!;
            if (!queued[next]) {
              queued[next] = 1;
              queue.push(next);
            }
          }
        }
      }
    }
  }
  for (let k = 0; k < n; k++) {
    const exposed = lo[k] === hi[k] && (hidden[k] === 1 || (virtual[k] === 1 && small[k] === 1));
    if (!exposed) continue;
    // Hide the smallest visible non-zero published cell of a relation of k.
    let best = -1;
    const rels = byCell[k]!;
    for (let q = 0; q < rels.length; q++) {
      const candidate = pickComplement(p, hidden, rels[q]!);
      if (candidate >= 0 && (best < 0 || value[candidate]! < value[best]!)) best = candidate;
    }
    if (best >= 0) return best;
  }
  return -1;
}

/**
 * The cell of relation `r` to hide next: the smallest visible non-zero published cell (the least
 * information lost), a member before a total of the same size, else a visible zero; ties by key.
 * -1 when the relation has no visible published cell.
 */
function pickComplement(p: Indexed, hidden: Uint8Array, r: number): number {
  const { keys, value, virtual, sides } = p;
  const { lhs, rhs } = sides[r]!;
  const totals = lhs.length === 1 ? lhs : rhs.length === 1 ? rhs : undefined;
  const before = (a: number, b: number) => {
    const za = value[a] === 0 ? 1 : 0;
    const zb = value[b] === 0 ? 1 : 0;
    if (za !== zb) return za < zb;
    if (value[a] !== value[b]) return value[a]! < value[b]!;
    const ta = totals?.includes(a) ? 1 : 0;
    const tb = totals?.includes(b) ? 1 : 0;
    if (ta !== tb) return ta < tb;
    return collator.compare(keys[a]!, keys[b]!) < 0;
  };
  let best = -1;
  for (const list of [lhs, rhs]) {
    for (let j = 0; j < list.length; j++) {
      const k = list[j]!;
      if (hidden[k] || virtual[k]) continue;
      if (best < 0 || before(k, best)) best = k;
    }
  }
  return best;
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
