import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTERVENTION_KINDS } from '../../../shared/domain.js';
import { addDays } from '../../lib/clock.js';
import { isSmall, recomputableHiddenCells, sumOf, type Cell } from '../stats/suppression.js';
import { pinnedCells, smallStretchesRecomputable } from './policy.protection.testing.js';
import { afterWindow, beforeWindow, buildReachFamily, familyWindows, protectKindCounts, stretchesOf, windowKey, type Window } from './policy.figures.js';

/**
 * The policy counts the analyst sees, protected with the shared rules (stats/suppression.ts).
 * "Recompute" = any linear combination of what is shown and the relations a reader knows, checked
 * exactly by Gaussian elimination (recomputableHiddenCells).
 */

const smallish = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 30 }));

describe('interventions per kind (one calendar year)', () => {
  it('hides a small kind and a complement, so the total cannot give it away', () => {
    const counts = new Map([['housing_inspection', 5], ['penalty', 1]] as const);
    const shown = protectKindCounts(INTERVENTION_KINDS, counts, 5);
    // The naive rule (hide 1, show the total 6 and the 5) would give "penalty = 6 − 5".
    expect(shown.byKind.find((k) => k.kind === 'penalty')!.count).toBeNull();
    expect(shown.byKind.find((k) => k.kind === 'housing_inspection')!.count).toBeNull();
    expect(shown.total).toBe(6);
    expect(shown.byKind.filter((k) => k.count !== null).every((k) => k.count === 0)).toBe(true);
  });

  it('shows everything when nothing is small, and hides a small total', () => {
    expect(protectKindCounts(['a', 'b'], new Map([['a', 5], ['b', 0]]), 5)).toEqual({ byKind: [{ kind: 'a', count: 5 }, { kind: 'b', count: 0 }], total: 5 });
    expect(protectKindCounts(['a', 'b'], new Map([['a', 0], ['b', 0]]), 5)).toEqual({ byKind: [{ kind: 'a', count: 0 }, { kind: 'b', count: 0 }], total: 0 });
    const small = protectKindCounts(['a', 'b', 'c'], new Map([['a', 2], ['b', 1]]), 5);
    expect(small.total).toBeNull();
  });

  it('never lets a hidden count be recomputed from the shown counts and total (property)', () => {
    fc.assert(
      fc.property(fc.array(smallish, { minLength: INTERVENTION_KINDS.length, maxLength: INTERVENTION_KINDS.length }), fc.integer({ min: 3, max: 10 }), (values, threshold) => {
        const counts = new Map(INTERVENTION_KINDS.map((k, i) => [k, values[i]!]));
        const shown = protectKindCounts(INTERVENTION_KINDS, counts, threshold);
        // What the reader has: the shown numbers and "total = Σ kinds".
        const cells = new Map<string, Cell>(INTERVENTION_KINDS.map((k) => [k, { value: counts.get(k)!, kind: 'published' }]));
        cells.set('total', { value: values.reduce((a, b) => a + b, 0), kind: 'published' });
        const hidden = new Set([...shown.byKind.filter((k) => k.count === null).map((k) => k.kind as string), ...(shown.total === null ? ['total'] : [])]);
        // Shown values are the true ones, and no small count is shown.
        for (const k of shown.byKind) if (k.count !== null) expect(k.count).toBe(counts.get(k.kind));
        for (const [k, c] of cells) if (isSmall(c.value, threshold)) expect(hidden.has(k), `${k}=${c.value} shown`).toBe(true);
        expect(recomputableHiddenCells(cells, [sumOf('total', INTERVENTION_KINDS)], hidden)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('signals before and after training (reach)', () => {
  const TODAY = '2026-11-28';

  it('builds windows before and after every session that are over, and the stretches between their bounds', () => {
    const windows = familyWindows(['2025-03-01', '2025-03-10', '2026-09-01', '2025-03-01'], TODAY);
    expect(windows.map(windowKey)).toEqual([
      '2024-03-01..2025-03-01',
      '2024-03-10..2025-03-10',
      '2025-03-01..2026-03-01',
      '2025-03-10..2026-03-10',
      '2025-09-01..2026-09-01',
      // after 2026-09-01 is not over on TODAY: not in the family
    ]);
    expect(stretchesOf(windows).map(windowKey)).toEqual([
      '2024-03-01..2024-03-10',
      '2024-03-10..2025-03-01',
      '2025-03-01..2025-03-10',
      '2025-03-10..2025-09-01',
      '2025-09-01..2026-03-01',
      '2026-03-01..2026-03-10',
      '2026-03-10..2026-09-01',
    ]);
  });

  it('does not show overlapping windows whose difference pins down a small stretch', () => {
    // Sessions on 2024-06-01, 2025-03-01 and 2025-03-10; the department's signals start in 2025.
    // Shown one by one (the rule before this module), the windows before the sessions are 0, 10 and 11:
    // the first says 2024-03-01..2024-03-10 is empty, so 11 − 10 is exactly the 1 signal of 2025-03-01..09.
    const signalDays: Record<string, number> = { '2025-01-10': 4, '2025-02-01': 6, '2025-03-05': 1, '2025-04-01': 5, '2025-08-01': 3 };
    const count = (w: Window) => Object.entries(signalDays).reduce((n, [d, k]) => (w.from <= d && d < w.to ? n + k : n), 0);
    const windows = familyWindows(['2024-06-01', '2025-03-01', '2025-03-10'], TODAY);
    const naive = windows.filter((w) => !isSmall(count(w), 5));
    expect(naive.map(windowKey)).toEqual(expect.arrayContaining(['2023-06-01..2024-06-01', '2024-03-01..2025-03-01', '2024-03-10..2025-03-10']));
    expect(pinnedCells(buildReachFamily(windows, count, 5), new Set(windows.filter((w) => !naive.includes(w)).map(windowKey)))).toContain('~2025-03-01..2025-03-10');

    const family = buildReachFamily(windows, count, 5);
    expect(pinnedCells(family, family.hidden)).toEqual([]);
    expect(recomputableHiddenCells(family.cells, family.constraints, family.hidden)).toEqual([]);
    expect(windows.filter((w) => family.read(w) === null).length).toBeGreaterThan(windows.filter((w) => !naive.includes(w)).length);
  });

  it('never shows a small window, and no hidden window can be recomputed, whatever the sessions and counts (property)', () => {
    const day = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2023-06-01', n));
    fc.assert(
      fc.property(fc.array(day, { minLength: 1, maxLength: 5 }), fc.array(smallish, { minLength: 40, maxLength: 40 }), fc.integer({ min: 3, max: 8 }), (dates, pool, threshold) => {
        const windows = familyWindows(dates, TODAY);
        const stretches = stretchesOf(windows);
        const counts = new Map(stretches.map((s, i) => [windowKey(s), pool[i % pool.length]!]));
        const family = buildReachFamily(windows, (s) => counts.get(windowKey(s))!, threshold);
        for (const w of windows) {
          const truth = stretches.filter((s) => w.from <= s.from && s.to <= w.to).reduce((a, s) => a + counts.get(windowKey(s))!, 0);
          const shown = family.read(w);
          if (shown !== null) {
            expect(shown).toBe(truth);
            expect(isSmall(shown, threshold)).toBe(false);
          } else expect(family.hidden.has(windowKey(w))).toBe(true);
        }
        expect(recomputableHiddenCells(family.cells, family.constraints, family.hidden)).toEqual([]);
        expect(smallStretchesRecomputable(family, threshold)).toEqual([]);
        expect(pinnedCells(family, family.hidden, threshold)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the windows of one anchor from the family, and nothing that is not over', () => {
    const family = buildReachFamily(familyWindows(['2026-09-01'], TODAY), () => 7, 5);
    expect(family.read(beforeWindow('2026-09-01'))).toBe(7);
    expect(family.read(afterWindow('2026-09-01'))).toBeNull();
  });
});
