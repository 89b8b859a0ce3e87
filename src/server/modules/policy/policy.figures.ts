/**
 * The analyst's counts of the policy cycle, protected with the shared small-cell rules
 * (stats/suppression.ts). PURE: no database, no clock.
 *
 * ## Interventions per kind
 * One calendar year at a time (the service refuses other ranges for the analyst, as the dashboard
 * does: overlapping ranges could be differenced). Cells: the count of each kind and the total, with
 * `total = Σ kinds` as the one relation, so a hidden kind cannot be recomputed as the total minus
 * the visible kinds.
 *
 * ## Signals of a department before and after its training
 * The reach table shows a department's signals in the 12 months before and after its first session
 * in the two-year window up to `asOf`. The analyst chooses `asOf`, so every session of the
 * department can be that first session, and two of them give overlapping windows whose difference
 * is the count of a few days. So the family is built over ALL sessions of the department (not only
 * the ones of one `asOf`): every window is a published cell, and the stretches between window
 * boundaries are virtual cells (never published; a small one must not become derivable); each window
 * is the sum of its stretches. Suppressed once as a whole, the same data give the same hidden set
 * whatever `asOf` is asked for, and a reply shows a subset of the family's visible cells.
 * Windows that are not over yet (they still grow day by day) are not part of the family: the
 * analyst sees them as not yet known.
 */
import { addMonths } from './dates.js';
import { sumOf, suppressCells, type Cell, type Constraint } from '../stats/suppression.js';

// ---------------------------------------------------------------------------
// Interventions
// ---------------------------------------------------------------------------

export interface ProtectedCounts<K extends string> {
  byKind: { kind: K; count: number | null }[];
  total: number | null;
}

/** Counts per kind and their total, small counts hidden with their complements. */
export function protectKindCounts<K extends string>(kinds: readonly K[], counts: ReadonlyMap<K, number>, threshold: number): ProtectedCounts<K> {
  const cells = new Map<string, Cell>();
  for (const k of kinds) cells.set(`kind:${k}`, { value: counts.get(k) ?? 0, kind: 'published' });
  const total = kinds.reduce((s, k) => s + (counts.get(k) ?? 0), 0);
  cells.set('total', { value: total, kind: 'published' });
  const hidden = suppressCells(cells, [sumOf('total', kinds.map((k) => `kind:${k}`))], threshold);
  return {
    byKind: kinds.map((kind) => ({ kind, count: hidden.has(`kind:${kind}`) ? null : (counts.get(kind) ?? 0) })),
    total: hidden.has('total') ? null : total,
  };
}

// ---------------------------------------------------------------------------
// Reach: signals before and after a department's training
// ---------------------------------------------------------------------------

export interface Window {
  /** First day counted. */
  from: string;
  /** First day no longer counted. */
  to: string;
}

export const windowKey = (w: Window) => `${w.from}..${w.to}`;
export const beforeWindow = (anchor: string): Window => ({ from: addMonths(anchor, -12), to: anchor });
export const afterWindow = (anchor: string): Window => ({ from: anchor, to: addMonths(anchor, 12) });

/**
 * The windows of a department's family: before and after each session date, as far as they are
 * over on `today` (their last day lies before today). Equal windows are one.
 */
export function familyWindows(sessionDates: readonly string[], today: string): Window[] {
  const out = new Map<string, Window>();
  for (const d of new Set(sessionDates)) {
    for (const w of [beforeWindow(d), afterWindow(d)]) if (w.to <= today) out.set(windowKey(w), w);
  }
  return [...out.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** The stretches between consecutive window boundaries that lie inside at least one window. */
export function stretchesOf(windows: readonly Window[]): Window[] {
  const bounds = [...new Set(windows.flatMap((w) => [w.from, w.to]))].sort();
  const out: Window[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const s = { from: bounds[i]!, to: bounds[i + 1]! };
    if (windows.some((w) => w.from <= s.from && s.to <= w.to)) out.push(s);
  }
  return out;
}

export interface ReachFamily {
  cells: Map<string, Cell>;
  constraints: Constraint[];
  hidden: Set<string>;
  /** The count of a window of the family; null when it is hidden or not in the family (not over yet). */
  read(w: Window): number | null;
}

/**
 * Build and suppress one department's family. `stretchCount` gives the department's signals in a
 * stretch (`from` ≤ day < `to`); windows are sums of stretches, so the counts add up exactly.
 */
export function buildReachFamily(windows: readonly Window[], stretchCount: (s: Window) => number, threshold: number): ReachFamily {
  const cells = new Map<string, Cell>();
  const constraints: Constraint[] = [];
  const stretches = stretchesOf(windows).map((s) => ({ ...s, id: `~${windowKey(s)}`, n: stretchCount(s) }));
  for (const s of stretches) cells.set(s.id, { value: s.n, kind: 'virtual' });
  for (const w of windows) {
    const inside = stretches.filter((s) => w.from <= s.from && s.to <= w.to);
    const id = windowKey(w);
    cells.set(id, { value: inside.reduce((sum, s) => sum + s.n, 0), kind: 'published' });
    constraints.push(sumOf(id, inside.map((s) => s.id)));
  }
  const hidden = suppressCells(cells, constraints, threshold);
  return {
    cells,
    constraints,
    hidden,
    read(w) {
      const id = windowKey(w);
      const cell = cells.get(id);
      if (!cell || cell.kind !== 'published' || hidden.has(id)) return null;
      return cell.value;
    },
  };
}
