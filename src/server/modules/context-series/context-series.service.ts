import { z } from 'zod';
import {
  contextSeriesInput,
  contextSeriesPointInput,
  type contextSeries,
  type contextSeriesList,
  type contextSeriesPointsInput,
  type contextSeriesUpdateInput,
} from '../../../shared/api/context-series.js';
import { VALIDATION_MESSAGES } from '../../../shared/validation.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { fieldError, invalid, notFound } from '../../lib/errors.js';
import { assertCan, can } from '../../lib/permissions.js';
import { audit, auditedChange, type AuditEvent } from '../audit/audit.service.js';
import {
  SEED_ACTION,
  deletePoint,
  deleteSeries,
  findSeries,
  insertSeries,
  listSeries,
  pointsOf,
  seriesIdByName,
  touchSeries,
  updateSeries,
  upsertPoints,
  wasSeeded,
  type ContextSeriesRow,
  type SeriesValues,
} from './context-series.repo.js';

type ContextSeries = z.output<typeof contextSeries>;

const NL = VALIDATION_MESSAGES.nl;

/**
 * Issue 5 point 8: context series (regional or national figures beside the municipality's own).
 *
 * Reading: everyone who reads the dashboard (`stats.read`: coordinator, deputy, analyst). The values
 * are published aggregate figures from other sources (the plan's table of zorgcoördinator
 * registrations for the whole province, for example), not counts of this municipality's signals, so
 * they are shown as entered: no small-cell suppression applies, and reads are not audited (a
 * refusal is). Changing them: whoever manages the policy cycle (`policy.manage`). Every change is
 * audited with ids, years and counts only.
 */
export function createContextSeriesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function views(tx: DbOrTx, rows: ContextSeriesRow[]): Promise<ContextSeries[]> {
    const points = await pointsOf(tx, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      source: r.source,
      unit: r.unit,
      description: r.description,
      points: points.filter((p) => p.seriesId === r.id).map(({ year, value }) => ({ year, value })),
    }));
  }

  async function view(tx: DbOrTx, actor: Actor, id: string): Promise<ContextSeries> {
    const [v] = await views(tx, [(await findSeries(tx, actor.municipalityId, id))!]);
    return v!;
  }

  /** A name is unique per municipality: a field error rather than the database's conflict. */
  async function checkName(tx: DbOrTx, actor: Actor, name: string | undefined, self?: string): Promise<void> {
    if (name === undefined) return;
    const other = await seriesIdByName(tx, actor.municipalityId, name);
    if (other && other !== self) throw invalid([fieldError('name', 'v.duplicate_series', NL['v.duplicate_series'])]);
  }

  /** Permission, one transaction, audit as its last write; a refusal audited after the rollback. */
  const write = <T>(
    actor: Actor,
    event: { action: string; objectId?: string },
    fn: (tx: DbOrTx) => Promise<{ value: T; objectId?: string; details?: AuditEvent['details'] }>,
  ): Promise<T> => auditedChange(db, actor, 'policy.manage', { ...event, objectType: 'context_series' }, fn);

  async function existing(tx: DbOrTx, actor: Actor, id: string): Promise<ContextSeriesRow> {
    const row = await findSeries(tx, actor.municipalityId, id);
    if (!row) throw notFound('reeks');
    return row;
  }

  return {
    async list(actor: Actor): Promise<z.output<typeof contextSeriesList>> {
      if (!can(actor, 'stats.read')) {
        await audit(db, actor, { action: 'context_series.list', objectType: 'context_series', result: 'denied' });
        assertCan(actor, 'stats.read');
      }
      return { series: await views(db, await listSeries(db, actor.municipalityId)) };
    },

    create(actor: Actor, input: z.output<typeof contextSeriesInput>): Promise<ContextSeries> {
      return write(actor, { action: 'context_series.create' }, async (tx) => {
        const { points, ...values } = input;
        await checkName(tx, actor, values.name);
        const id = await insertSeries(tx, actor.municipalityId, { ...values, description: textOrNull(values.description) });
        await upsertPoints(tx, id, points);
        return { value: await view(tx, actor, id), objectId: id, details: { points: points.length } };
      });
    },

    update(actor: Actor, id: string, patch: z.output<typeof contextSeriesUpdateInput>): Promise<ContextSeries> {
      return write(actor, { action: 'context_series.update', objectId: id }, async (tx) => {
        await existing(tx, actor, id);
        await checkName(tx, actor, patch.name, id);
        const values: Partial<SeriesValues> = { ...patch };
        if ('description' in patch) values.description = textOrNull(patch.description);
        await updateSeries(tx, actor.municipalityId, id, values, clock.now());
        return { value: await view(tx, actor, id), details: { fields: Object.keys(patch).sort().join(',') } };
      });
    },

    remove(actor: Actor, id: string): Promise<void> {
      return write(actor, { action: 'context_series.delete', objectId: id }, async (tx) => {
        await existing(tx, actor, id);
        await deleteSeries(tx, actor.municipalityId, id);
        return { value: undefined };
      });
    },

    /** Add or change values per year; the years not listed keep theirs. */
    upsertPoints(actor: Actor, id: string, input: z.output<typeof contextSeriesPointsInput>): Promise<ContextSeries> {
      return write(actor, { action: 'context_series.points_upsert', objectId: id }, async (tx) => {
        await existing(tx, actor, id);
        await upsertPoints(tx, id, input.points);
        await touchSeries(tx, id, clock.now());
        const years = input.points.map((p) => p.year);
        return { value: await view(tx, actor, id), details: { points: years.length, from: Math.min(...years), to: Math.max(...years) } };
      });
    },

    deletePoint(actor: Actor, id: string, year: number): Promise<void> {
      return write(actor, { action: 'context_series.point_delete', objectId: id }, async (tx) => {
        await existing(tx, actor, id);
        if (!(await deletePoint(tx, id, year))) throw notFound('waarde');
        await touchSeries(tx, id, clock.now());
        return { value: undefined, details: { year } };
      });
    },
  };
}

export type ContextSeriesService = ReturnType<typeof createContextSeriesService>;

const textOrNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === '' ? null : v);

// --- seeding from the municipality's configuration file -------------------------------

/** A series in config/municipalities/*.json: `code` identifies it across restarts. */
export const contextSeriesSeed = contextSeriesInput.safeExtend({
  code: z.string().regex(/^[a-z0-9-]{2,60}$/),
  points: z.array(contextSeriesPointInput),
});
export type ContextSeriesSeed = z.output<typeof contextSeriesSeed>;

/**
 * Create the configured series of a municipality, each once: also on a database that existed before
 * the series was configured (bootstrap runs this at every start). A series is seeded only if it never
 * was (the audit entry of the seed is the record), so one the coordinator deleted or changed stays
 * as they left it. Returns the codes seeded now.
 */
export async function seedContextSeries(db: Db, municipalityId: string, series: readonly ContextSeriesSeed[]): Promise<string[]> {
  const seeded: string[] = [];
  for (const s of series) {
    const done = await db.transaction(async (tx) => {
      if (await wasSeeded(tx, municipalityId, s.code)) return false;
      // A series of that name entered by hand is left alone; the seed then only records itself.
      const clash = await seriesIdByName(tx, municipalityId, s.name);
      const id = clash ?? (await insertSeries(tx, municipalityId, { name: s.name, source: s.source, unit: s.unit, description: textOrNull(s.description) }, s.code));
      if (!clash) await upsertPoints(tx, id, s.points);
      await audit(tx, null, {
        action: SEED_ACTION,
        objectType: 'municipality',
        objectId: municipalityId,
        result: 'ok',
        details: { code: s.code, seriesId: id, points: clash ? 0 : s.points.length },
      });
      return true;
    });
    if (done) seeded.push(s.code);
  }
  return seeded;
}
