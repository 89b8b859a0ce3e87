import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/limits.js';
import { auditSince, expectStatus, lastAuditId } from '../../testing/helpers.js';
import { createTestContext, loginWith, type Client, type TestContext } from '../../testing/test-app.js';
import { queryRows } from '../../testing/test-database.js';
import { loadConfig } from '../../config.js';
import { readMunicipalityConfig } from '../seed/seed.js';
import { seedContextSeries, type ContextSeriesSeed } from './context-series.service.js';

const BASE = '/api/stats/context-series';
let serial = 0;

/** Factory: a valid new series (a unique name per call). */
const buildSeries = (overrides: Record<string, unknown> = {}) => ({
  name: `Aanmeldingen zorgcoördinator ${++serial}`,
  source: 'Beleidsplan Aanpak Mensenhandel Lopik',
  unit: 'aanmeldingen',
  description: 'Provincie Utrecht',
  points: [
    { year: 2019, value: 75 },
    { year: 2018, value: 88 },
  ],
  ...overrides,
});

/** The plan's table (1.3 Regionale cijfers). */
const PLAN_TABLE = [
  { year: 2018, value: 88 },
  { year: 2019, value: 75 },
  { year: 2020, value: 66 },
  { year: 2021, value: 78 },
  { year: 2022, value: 154 },
];

type Series = { id: string; name: string; source: string; points: { year: number; value: number }[] };
const fields = (res: { json(): { fields: { path: string; key: string; message: string }[] } }) => res.json().fields;

describe('context series (issue 5 point 8)', () => {
  let ctx: TestContext;
  let coordinator: Client;
  let deputy: Client;
  let analyst: Client;
  let reporter: Client;
  let admin: Client;
  let other: Client;
  let otherMunicipalityId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    [coordinator, deputy, analyst, reporter, admin] = await Promise.all([
      ctx.login('coordinator'),
      ctx.login('deputy'),
      ctx.login('analyst'),
      ctx.login('reporter'),
      ctx.login('admin'),
    ]);
    const elders = await ctx.otherMunicipality();
    otherMunicipalityId = elders.municipality.id;
    other = await loginWith(ctx, elders.coordinatorUsername);
  });
  afterAll(async () => ctx.close());

  const list = async (client: Client) => expectStatus(await client.get(BASE), 200).json().series as Series[];

  it('creates a series with values, lists it (oldest year first), extends, corrects and deletes values', async () => {
    const created = expectStatus(await coordinator.post(BASE, buildSeries({ name: 'Regionaal', points: [{ year: 2019, value: 75 }, { year: 2018, value: 88 }] })), 201).json();
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Regionaal',
      source: 'Beleidsplan Aanpak Mensenhandel Lopik',
      unit: 'aanmeldingen',
      description: 'Provincie Utrecht',
      points: [{ year: 2018, value: 88 }, { year: 2019, value: 75 }],
    });

    // Extend with new years and correct one: the years not listed stay.
    const extended = expectStatus(await deputy.put(`${BASE}/${created.id}/points`, { points: [{ year: 2022, value: 154 }, { year: 2019, value: 76 }, { year: 2020, value: 66 }] }), 200).json();
    expect(extended.points).toEqual([{ year: 2018, value: 88 }, { year: 2019, value: 76 }, { year: 2020, value: 66 }, { year: 2022, value: 154 }]);

    expectStatus(await coordinator.delete(`${BASE}/${created.id}/points/2020`), 204);
    expectStatus(await coordinator.delete(`${BASE}/${created.id}/points/2020`), 404);
    const renamed = expectStatus(await coordinator.patch(`${BASE}/${created.id}`, { name: 'Regionaal (Utrecht)', description: '  ' }), 200).json();
    expect(renamed).toMatchObject({ name: 'Regionaal (Utrecht)', description: null, unit: 'aanmeldingen' });

    const seen = (await list(analyst)).find((s) => s.id === created.id)!;
    expect(seen.points).toEqual([{ year: 2018, value: 88 }, { year: 2019, value: 76 }, { year: 2022, value: 154 }]);

    expectStatus(await coordinator.delete(`${BASE}/${created.id}`), 204);
    expectStatus(await coordinator.delete(`${BASE}/${created.id}`), 404);
    expect((await list(coordinator)).map((s) => s.id)).not.toContain(created.id);
    const [left] = await queryRows<{ n: number }>(ctx.database, sql`select count(*)::int as n from context_series_points where series_id = ${created.id}`);
    expect(left!.n).toBe(0);
  });

  it('shows small values exactly to the analyst: published regional figures, not signal counts', async () => {
    const s = expectStatus(await coordinator.post(BASE, buildSeries({ points: [{ year: 2023, value: 2 }, { year: 2024, value: 0 }] })), 201).json();
    expect((await list(analyst)).find((x) => x.id === s.id)!.points).toEqual([{ year: 2023, value: 2 }, { year: 2024, value: 0 }]);
  });

  it('refuses bad values with Dutch field messages', async () => {
    let res = await coordinator.post(BASE, buildSeries({
      name: 'x'.repeat(LIMITS.contextSeriesName + 1),
      unit: '',
      points: [{ year: 1989, value: -1 }, { year: 2101, value: 1.5 }],
    }));
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(expect.arrayContaining([
      { path: 'name', key: 'v.too_long', message: `Deze tekst is te lang (maximaal ${LIMITS.contextSeriesName} tekens).` },
      { path: 'unit', key: 'v.required', message: 'Dit veld is verplicht.' },
      { path: 'points.0.year', key: 'v.number_min', message: 'Vul een getal van minimaal 1990 in.' },
      { path: 'points.0.value', key: 'v.number_min', message: 'Vul een getal van minimaal 0 in.' },
      { path: 'points.1.year', key: 'v.number_max', message: 'Vul een getal van maximaal 2100 in.' },
      { path: 'points.1.value', key: 'v.whole_number', message: 'Vul een geheel getal in, zonder komma of punt.' },
    ]));
    // One value per year (checked once the values themselves are valid).
    res = await coordinator.post(BASE, buildSeries({ points: [{ year: 2020, value: 3 }, { year: 2021, value: 3 }, { year: 2020, value: 4 }] }));
    expect(fields(res)).toEqual([{ path: 'points.2.year', key: 'v.duplicate_year', message: 'Dit jaar staat er al in.' }]);

    const s = expectStatus(await coordinator.post(BASE, buildSeries()), 201).json();
    // Names are unique per municipality (a field error, not a conflict); another municipality may use it.
    res = await coordinator.post(BASE, buildSeries({ name: s.name }));
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual([{ path: 'name', key: 'v.duplicate_series', message: 'Er is al een reeks met deze naam.' }]);
    const other2 = expectStatus(await coordinator.post(BASE, buildSeries()), 201).json();
    expect(fields(await coordinator.patch(`${BASE}/${other2.id}`, { name: s.name }))[0]).toMatchObject({ path: 'name', key: 'v.duplicate_series' });
    expectStatus(await coordinator.patch(`${BASE}/${s.id}`, { name: s.name }), 200);
    expectStatus(await other.post(BASE, buildSeries({ name: s.name })), 201);

    res = await coordinator.put(`${BASE}/${s.id}/points`, { points: [] });
    expect(fields(res)[0]).toMatchObject({ path: 'points', key: 'v.too_few' });
    res = await coordinator.put(`${BASE}/${s.id}/points`, { points: [{ year: '2020', value: 'veel' }] });
    expect(res.statusCode).toBe(400);
    expect(fields(res).map((f) => f.path).sort()).toEqual(['points.0.value', 'points.0.year']);
    res = await coordinator.delete(`${BASE}/${s.id}/points/1800`);
    expect(res.statusCode).toBe(400);
    expect(fields(res)[0]).toMatchObject({ path: 'params.year', key: 'v.number_min' });
    // Nothing of the refused requests was written.
    expect((await list(coordinator)).find((x) => x.id === s.id)!.points).toEqual([{ year: 2018, value: 88 }, { year: 2019, value: 75 }]);
  });

  it('keeps municipalities apart', async () => {
    const mine = expectStatus(await coordinator.post(BASE, buildSeries()), 201).json();
    expect((await list(other)).map((s) => s.id)).not.toContain(mine.id);
    expectStatus(await other.patch(`${BASE}/${mine.id}`, { unit: 'x' }), 404);
    expectStatus(await other.put(`${BASE}/${mine.id}/points`, { points: [{ year: 2020, value: 1 }] }), 404);
    expectStatus(await other.delete(`${BASE}/${mine.id}/points/2018`), 404);
    expectStatus(await other.delete(`${BASE}/${mine.id}`), 404);
    expect((await list(coordinator)).find((s) => s.id === mine.id)!.points).toHaveLength(2);
  });

  it('lets the coordinator and deputy write, the analyst read, and nobody else in', async () => {
    const s = expectStatus(await coordinator.post(BASE, buildSeries()), 201).json();
    for (const client of [analyst, reporter, admin]) {
      expectStatus(await client.post(BASE, buildSeries()), 403);
      expectStatus(await client.patch(`${BASE}/${s.id}`, { unit: 'x' }), 403);
      expectStatus(await client.put(`${BASE}/${s.id}/points`, { points: [{ year: 2020, value: 1 }] }), 403);
      expectStatus(await client.delete(`${BASE}/${s.id}/points/2018`), 403);
      expectStatus(await client.delete(`${BASE}/${s.id}`), 403);
    }
    for (const key of ['reporter', 'liaison', 'meldcode', 'admin'] as const) expectStatus(await (await ctx.login(key)).get(BASE), 403);
    for (const client of [coordinator, deputy, analyst]) expect((await list(client)).map((x) => x.id)).toContain(s.id);
  });

  it('audits every change with ids, years and counts, never the texts', async () => {
    const since = await lastAuditId(ctx.database);
    const secret = 'Toelichting van Piet Pietersen';
    const s = expectStatus(await coordinator.post(BASE, buildSeries({ description: secret })), 201).json();
    expectStatus(await coordinator.patch(`${BASE}/${s.id}`, { description: secret, source: secret }), 200);
    expectStatus(await coordinator.put(`${BASE}/${s.id}/points`, { points: [{ year: 2021, value: 78 }, { year: 2022, value: 154 }] }), 200);
    expectStatus(await coordinator.delete(`${BASE}/${s.id}/points/2021`), 204);
    expectStatus(await coordinator.delete(`${BASE}/${s.id}`), 204);
    expectStatus(await analyst.post(BASE, buildSeries()), 403);
    expectStatus(await coordinator.post(BASE, buildSeries({ points: [{ year: 1, value: 1 }] })), 400);
    expectStatus(await reporter.get(BASE), 403);

    const entries = await auditSince(ctx.database, since);
    expect(entries.map((e) => `${e.action}:${e.result}`)).toEqual([
      'context_series.create:ok',
      'context_series.update:ok',
      'context_series.points_upsert:ok',
      'context_series.point_delete:ok',
      'context_series.delete:ok',
      'context_series.create:denied',
      'context_series.list:denied',
    ]);
    expect(entries[0]).toMatchObject({ objectType: 'context_series', objectId: s.id, details: { points: 2 } });
    expect(entries[1]!.details).toEqual({ fields: 'description,source' });
    expect(entries[2]!.details).toEqual({ points: 2, from: 2021, to: 2022 });
    expect(entries[3]!.details).toEqual({ year: 2021 });
    expect(JSON.stringify(entries)).not.toContain('Pietersen');
  });

  describe('seed', () => {
    const config = () => readMunicipalityConfig(loadConfig({ NODE_ENV: 'test' }).municipalityConfigPath);

    it("configures the plan's regional table for Lopik", () => {
      const [series] = config().contextSeries;
      expect(series).toMatchObject({ code: 'zorgcoordinator-provincie-utrecht', unit: 'aanmeldingen' });
      expect(series!.name).toMatch(/zorgcoördinator/);
      expect(series!.points).toEqual(PLAN_TABLE);
    });

    it('seeds each configured series once into an existing database, and never brings back a deleted one', async () => {
      const configured = config().contextSeries;
      // The test municipality was created without the series (like a database from before this feature).
      expect((await list(coordinator)).some((s) => s.name === configured[0]!.name)).toBe(false);

      expect(await seedContextSeries(ctx.database.db, ctx.municipality.id, configured)).toEqual(['zorgcoordinator-provincie-utrecht']);
      const seeded = (await list(analyst)).find((s) => s.name === configured[0]!.name)!;
      expect(seeded.points).toEqual(PLAN_TABLE);
      expect(seeded.source).toMatch(/Beleidsplan/);

      // Idempotent: a second start adds nothing, and keeps the coordinator's corrections.
      expectStatus(await coordinator.put(`${BASE}/${seeded.id}/points`, { points: [{ year: 2023, value: 120 }] }), 200);
      expect(await seedContextSeries(ctx.database.db, ctx.municipality.id, configured)).toEqual([]);
      const after = (await list(coordinator)).filter((s) => s.name === configured[0]!.name);
      expect(after).toHaveLength(1);
      expect(after[0]!.points.at(-1)).toEqual({ year: 2023, value: 120 });

      // Deleted by the coordinator: stays deleted at the next start.
      expectStatus(await coordinator.delete(`${BASE}/${seeded.id}`), 204);
      expect(await seedContextSeries(ctx.database.db, ctx.municipality.id, configured)).toEqual([]);
      expect((await list(coordinator)).some((s) => s.name === configured[0]!.name)).toBe(false);
    });

    it('leaves a series of the same name entered by hand alone', async () => {
      const mine: ContextSeriesSeed = { code: 'handmatig', name: 'Handmatige reeks', source: 'x', unit: 'y', description: null, points: [{ year: 2020, value: 1 }] };
      expectStatus(await other.post(BASE, { name: mine.name, source: 'Eigen bron', unit: 'meldingen', points: [{ year: 2020, value: 9 }] }), 201);
      expect(await seedContextSeries(ctx.database.db, otherMunicipalityId, [mine])).toEqual(['handmatig']);
      const [s] = (await list(other)).filter((x) => x.name === mine.name);
      expect(s).toMatchObject({ source: 'Eigen bron', points: [{ year: 2020, value: 9 }] });
    });
  });
});
