import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/clock.js';
import { expectStatus, submitSignal } from '../../testing/helpers.js';
import { createTestContext, type Client, type TestContext } from '../../testing/test-app.js';
import { recomputableHiddenCells, type Cell, type Constraint } from '../stats/suppression.js';
import { addMonths } from './dates.js';
import { afterWindow, beforeWindow, stretchesOf, windowKey, type Window } from './policy.figures.js';
import { pinnedCells, smallStretchesRecomputable } from './policy.protection.testing.js';

/**
 * The proof, part 2 (through the API): every reply the analyst can get for the training reach —
 * any reference date — put together, and no suppressed count of signals before or after a
 * training can be worked out from them (linear combinations: Gaussian elimination; with
 * "counts are never negative": bounds). Part 1 (pure, random data) is policy.figures.test.ts.
 */

/** Signals of the department (Sociaal Domein) per day; none before 2025. */
const SIGNAL_DAYS: Record<string, number> = { '2025-01-10': 4, '2025-02-01': 6, '2025-03-05': 1, '2025-04-01': 5, '2025-08-01': 3 };
/** Sessions nine days apart: the windows before them differ by exactly the signal of 2025-03-05. */
const SESSIONS = ['2024-06-01', '2025-03-01', '2025-03-10'];
const countIn = (w: Window) => Object.entries(SIGNAL_DAYS).reduce((n, [d, k]) => (w.from <= d && d < w.to ? n + k : n), 0);

type Row = { departmentId: string; firstSessionOn: string | null; signalsBefore: number | null; signalsAfter: number | null; afterComplete: boolean };

describe('training reach: what the analyst sees over every reference date', () => {
  let ctx: TestContext;
  let coordinator: Client;
  let analyst: Client;
  let department: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    [coordinator, analyst] = await Promise.all([ctx.login('coordinator'), ctx.login('analyst')]);
    department = ctx.departmentIds['sociaal-domein']!;
    const reporter2 = await ctx.login('reporter2');
    for (const [day, n] of Object.entries(SIGNAL_DAYS)) {
      for (let i = 0; i < n; i++) {
        const { id } = await submitSignal(reporter2);
        await ctx.database.db.execute(sql`update signals set received_at = ${`${day}T10:00:00Z`}::timestamptz where id = ${id}`);
      }
    }
    for (const heldOn of SESSIONS) {
      expectStatus(await coordinator.post('/api/training/sessions', { heldOn, provider: 'CoMensha', topic: 'Signalen', participation: [{ departmentId: department, participants: 6 }] }), 201);
    }
  });
  afterAll(async () => ctx.close());

  it('never shows a window one way and hides it another, and lets no hidden count be worked out', async () => {
    // Reference dates: the first of every month from 2024-06 to 2027-06, and the days that make each session the first one.
    const dates = new Set<string>();
    for (let m = '2024-06-01'; m <= '2027-06-01'; m = addMonths(m, 1)) dates.add(m);
    for (const d of SESSIONS) [addMonths(d, 24), addDays(addMonths(d, 24), -1), addDays(d, 1)].forEach((x) => dates.add(x));

    const seen = new Map<string, { window: Window; values: Set<number | null> }>();
    const note = (window: Window, value: number | null) => {
      const key = windowKey(window);
      if (!seen.has(key)) seen.set(key, { window, values: new Set() });
      seen.get(key)!.values.add(value);
    };
    let anchors = new Set<string>();
    for (const asOf of dates) {
      const reply = expectStatus(await analyst.get(`/api/training/reach?asOf=${asOf}`), 200).json() as { departments: Row[] };
      const row = reply.departments.find((r) => r.departmentId === department)!;
      if (!row.firstSessionOn) continue;
      anchors.add(row.firstSessionOn);
      note(beforeWindow(row.firstSessionOn), row.signalsBefore);
      // An "after" that is not over is not known yet (it would grow from one date to the next).
      if (row.afterComplete && afterWindow(row.firstSessionOn).to <= ctx.clock.today()) note(afterWindow(row.firstSessionOn), row.signalsAfter);
      else expect(row.signalsAfter, `after ${row.firstSessionOn} on ${asOf}`).toBeNull();
    }
    anchors = new Set([...anchors].sort());
    expect([...anchors]).toEqual(SESSIONS);

    // One window, one answer: a count is shown in every reply or hidden in every reply.
    for (const { window, values } of seen.values()) expect(values.size, windowKey(window)).toBe(1);
    const shown = [...seen.values()].map(({ window, values }) => ({ window, value: [...values][0]! }));
    for (const { window, value } of shown) if (value !== null) expect(value).toBe(countIn(window));

    // The reader's system: every window seen = the sum of its stretches.
    const windows = shown.map((s) => s.window);
    const cells = new Map<string, Cell>();
    const constraints: Constraint[] = [];
    const stretches = stretchesOf(windows);
    for (const s of stretches) cells.set(`~${windowKey(s)}`, { value: countIn(s), kind: 'virtual' });
    for (const w of windows) {
      cells.set(windowKey(w), { value: countIn(w), kind: 'published' });
      constraints.push({ lhs: [windowKey(w)], rhs: stretches.filter((s) => w.from <= s.from && s.to <= w.to).map((s) => `~${windowKey(s)}`) });
    }
    const hidden = new Set(shown.filter((s) => s.value === null).map((s) => windowKey(s.window)));
    const family = { cells, constraints, hidden };
    expect(hidden.size).toBeGreaterThan(0);
    expect(recomputableHiddenCells(cells, constraints, hidden)).toEqual([]);
    expect(smallStretchesRecomputable(family)).toEqual([]);
    expect(pinnedCells(family, hidden)).toEqual([]);
    // In particular the one signal of 2025-03-05 (between the sessions of 03-01 and 03-10).
    expect(cells.get('~2025-03-01..2025-03-10')?.value).toBe(1);

    // The coordinator sees the exact counts (the before windows 0, 10 and 11).
    const exact = expectStatus(await coordinator.get('/api/training/reach?asOf=2027-03-05'), 200).json() as { departments: Row[] };
    expect(exact.departments.find((r) => r.departmentId === department)).toMatchObject({ firstSessionOn: '2025-03-10', signalsBefore: 11 });
  });
});
