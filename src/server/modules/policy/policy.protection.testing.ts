import { isSmall, recomputableHiddenCells, type Cell, type Constraint } from '../stats/suppression.js';

/** Test support: what a reader can work out from a protected family (policy.figures.ts). */
type Family = { cells: ReadonlyMap<string, Cell>; constraints: readonly Constraint[]; hidden: ReadonlySet<string> };

/**
 * The stretches (never published) with a small count that a reader could still work out exactly:
 * each is checked as if it were a hidden published cell.
 */
export function smallStretchesRecomputable(family: Family, threshold = 5): string[] {
  const out: string[] = [];
  for (const [key, cell] of family.cells) {
    if (cell.kind !== 'virtual' || !isSmall(cell.value, threshold)) continue;
    const cells = new Map(family.cells);
    cells.set(key, { value: cell.value, kind: 'published' });
    out.push(...recomputableHiddenCells(cells, family.constraints, new Set([...family.hidden, key])).filter((k) => k === key));
  }
  return out;
}

/**
 * A reader's interval reasoning with "counts are never negative": bounds of every unknown (hidden
 * windows, stretches) propagated through "window = Σ its stretches" until nothing changes. Returns
 * the hidden windows and the small stretches whose bounds meet (known exactly).
 */
export function pinnedCells(family: Family, hidden: ReadonlySet<string>, threshold = 5): string[] {
  const unknown = (k: string) => hidden.has(k) || family.cells.get(k)!.kind === 'virtual';
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  for (const [k, c] of family.cells) {
    lo.set(k, unknown(k) ? 0 : c.value);
    hi.set(k, unknown(k) ? Infinity : c.value);
  }
  for (let changed = true, rounds = 0; changed && rounds < 1000; rounds++) {
    changed = false;
    for (const { lhs, rhs } of family.constraints) {
      for (const [same, other] of [[lhs, rhs], [rhs, lhs]] as const) {
        for (const u of same.filter(unknown)) {
          const rest = same.filter((k) => k !== u);
          const newLo = Math.max(lo.get(u)!, other.reduce((a, k) => a + lo.get(k)!, 0) - rest.reduce((a, k) => a + hi.get(k)!, 0));
          const newHi = Math.min(hi.get(u)!, other.reduce((a, k) => a + hi.get(k)!, 0) - rest.reduce((a, k) => a + lo.get(k)!, 0));
          if (newLo === lo.get(u) && newHi === hi.get(u)) continue;
          lo.set(u, newLo);
          hi.set(u, newHi);
          changed = true;
        }
      }
    }
  }
  return [...family.cells]
    .filter(([k, c]) => lo.get(k) === hi.get(k) && (hidden.has(k) || (c.kind === 'virtual' && isSmall(c.value, threshold))))
    .map(([k]) => k);
}

