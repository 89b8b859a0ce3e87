import type { z } from 'zod';
import { DEFAULT_SMALL_CELL_THRESHOLD } from '../../../shared/api/admin.js';
import type {
  indicator,
  indicatorCounts,
  indicatorInput,
  indicatorOrderInput,
  indicatorUpdateInput,
  maintainedIndicator,
  signalIndicators,
} from '../../../shared/api/indicators.js';
import { INDICATOR_GROUPS, type ExploitationForm } from '../../../shared/domain.js';
import type { FieldError } from '../../../shared/validation.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, conflict, fieldError, invalid, notFound } from '../../lib/errors.js';
import { assertCan, can, type Permission } from '../../lib/permissions.js';
import { audit, auditedChange, type AuditEvent } from '../audit/audit.service.js';
import { findMunicipality } from '../municipality/municipality.repo.js';
import { sumOf, suppressCells, type Cell, type Constraint } from '../stats/suppression.js';
import { DEFAULT_INDICATORS } from './default-indicators.js';
import {
  countTicksEver,
  countTicksInYear,
  deleteIndicator,
  findIndicator,
  findIndicatorsByIds,
  findSignalFacts,
  insertIndicator,
  insertMissingIndicators,
  insertTicks,
  listIndicators,
  listTicks,
  maxSortOrder,
  removeCoordinatorTicksExcept,
  setSortOrder,
  updateIndicator,
  type IndicatorRow,
} from './indicator.repo.js';

type Indicator = z.output<typeof indicator>;
type IndicatorCounts = z.output<typeof indicatorCounts>;

const GROUP_INDEX = new Map(INDICATOR_GROUPS.map((g, i) => [g, i]));

/** Groups in their fixed order, then the coordinator's order. */
const byGroupThenOrder = (a: IndicatorRow, b: IndicatorRow) =>
  GROUP_INDEX.get(a.group)! - GROUP_INDEX.get(b.group)! || a.sortOrder - b.sortOrder || a.text.localeCompare(b.text, 'nl') || a.id.localeCompare(b.id);

const toIndicator = (r: IndicatorRow): Indicator => ({
  id: r.id,
  group: r.group,
  forms: r.forms.filter((f): f is Indicator['forms'][number] => f !== 'unknown'),
  text: r.text,
  active: r.active,
  sortOrder: r.sortOrder,
});

/** The specific forms among the chosen ones; none (or only "unknown") means "not known yet": every indicator applies. */
const specificForms = (forms: readonly ExploitationForm[]): ExploitationForm[] => forms.filter((f) => f !== 'unknown');
const appliesTo = (row: IndicatorRow, forms: readonly ExploitationForm[]) => {
  const specific = specificForms(forms);
  return specific.length === 0 || row.forms.some((f) => specific.includes(f));
};

/** Seed the default list for a municipality (idempotent by code; the coordinator's edits stay). Run at startup. */
export async function seedIndicators(db: DbOrTx, municipalityId: string): Promise<number> {
  return insertMissingIndicators(db, municipalityId, DEFAULT_INDICATORS);
}

/**
 * Check ticked indicators against the signal's forms: each must exist in the municipality, be
 * active and apply to one of the chosen forms. Field errors name the position in the list
 * (`indicatorIds.2`), like the schema's own errors; nothing about the indicator is echoed.
 */
export async function checkTicks(db: DbOrTx, municipalityId: string, forms: readonly ExploitationForm[], ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = new Map((await findIndicatorsByIds(db, municipalityId, ids)).map((r) => [r.id, r]));
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    const row = rows.get(id);
    if (!row || !row.active || !appliesTo(row, forms)) {
      errors.push(fieldError(`indicatorIds.${i}`, 'v.indicator', 'Deze indicator hoort niet bij de gekozen uitbuitingsvorm, of is niet meer in gebruik.'));
    }
  });
  if (errors.length) throw invalid(errors);
}

/** The reporter's ticks at submission (checked first with checkTicks, in the same transaction). */
export async function recordReporterTicks(tx: DbOrTx, signalId: string, ids: readonly string[], at: Date): Promise<void> {
  await insertTicks(tx, signalId, ids, { source: 'reporter', tickedById: null, at });
}

/**
 * Build the analyst's table: ticks per indicator, per group (the sum of its indicators) and in
 * total, with primary and complementary suppression (stats/suppression.ts). PURE.
 */
export function indicatorTable(
  rows: readonly IndicatorRow[],
  counts: ReadonlyMap<string, number>,
  threshold: number,
  exact: boolean,
): Pick<IndicatorCounts, 'total' | 'groups'> {
  const cells = new Map<string, Cell>();
  const constraints: Constraint[] = [];
  const perGroup = INDICATOR_GROUPS.map((group) => {
    const members = rows.filter((r) => r.group === group).sort(byGroupThenOrder);
    for (const m of members) cells.set(`i:${m.id}`, { value: counts.get(m.id) ?? 0, kind: 'published' });
    const sum = members.reduce((n, m) => n + (counts.get(m.id) ?? 0), 0);
    cells.set(`g:${group}`, { value: sum, kind: 'published' });
    if (members.length) constraints.push(sumOf(`g:${group}`, members.map((m) => `i:${m.id}`)));
    return { group, members, sum };
  });
  const total = perGroup.reduce((n, g) => n + g.sum, 0);
  cells.set('total', { value: total, kind: 'published' });
  constraints.push(sumOf('total', INDICATOR_GROUPS.map((g) => `g:${g}`)));
  const hidden = exact ? new Set<string>() : suppressCells(cells, constraints, threshold);
  const cell = (key: string) => (hidden.has(key) ? { count: null, suppressed: true } : { count: cells.get(key)!.value, suppressed: false });
  return {
    total: cell('total'),
    groups: perGroup.map(({ group, members }) => ({
      group,
      ...cell(`g:${group}`),
      indicators: members.map((m) => ({ id: m.id, text: m.text, forms: toIndicator(m).forms, active: m.active, ...cell(`i:${m.id}`) })),
    })),
  };
}

/**
 * Issue 6.3: the indicator list (read by everyone who reports, maintained by the coordinator),
 * the indicators ticked on a signal, and their counts in monitoring. Writes are audited with ids
 * and counts only; a refusal is audited after the rollback.
 */
export function createIndicatorService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  const write = <T>(
    actor: Actor,
    permission: Permission,
    event: { action: string; objectType: string; objectId?: string | null },
    fn: (tx: DbOrTx, now: Date) => Promise<{ value: T; objectId?: string; details?: AuditEvent['details'] }>,
  ): Promise<T> => auditedChange(db, actor, permission, event, (tx) => fn(tx, clock.now()));

  async function loadIndicator(tx: DbOrTx, actor: Actor, id: string): Promise<IndicatorRow> {
    const row = await findIndicator(tx, actor.municipalityId, id);
    if (!row) throw notFound('indicator');
    return row;
  }

  async function maintained(actor: Actor): Promise<z.output<typeof maintainedIndicator>[]> {
    const [rows, ticks] = await Promise.all([listIndicators(db, actor.municipalityId, { activeOnly: false }), countTicksEver(db, actor.municipalityId)]);
    return rows.sort(byGroupThenOrder).map((r) => ({ ...toIndicator(r), timesTicked: ticks.get(r.id) ?? 0 }));
  }

  /** The indicators ticked on a signal (the coordinator's view of the signal). */
  async function ofSignal(actor: Actor, signalId: string): Promise<z.output<typeof signalIndicators>> {
    if (!can(actor, 'signal.read_all')) {
      await audit(db, actor, { action: 'signal.indicators_read', objectType: 'signal', objectId: signalId, result: 'denied' });
      assertCan(actor, 'signal.read_all');
    }
    const signal = await findSignalFacts(db, actor.municipalityId, signalId);
    if (!signal) {
      await audit(db, actor, { action: 'signal.indicators_read', objectType: 'signal', objectId: signalId, result: 'not_found' });
      throw notFound('signaal');
    }
    const ticks = await listTicks(db, signalId);
    await audit(db, actor, { action: 'signal.indicators_read', objectType: 'signal', objectId: signalId, result: 'ok' });
    return {
      indicators: ticks
        .sort((a, b) => byGroupThenOrder(a.indicator, b.indicator))
        .map((t) => ({ ...toIndicator(t.indicator), source: t.source, tickedAt: t.tickedAt.toISOString() })),
    };
  }

  return {
    /** The active list for the chosen forms, to tick on the signal form. */
    async list(actor: Actor, forms: readonly ExploitationForm[]): Promise<Indicator[]> {
      assertCan(actor, 'indicator.read');
      const rows = await listIndicators(db, actor.municipalityId, { activeOnly: true });
      return rows.filter((r) => appliesTo(r, forms)).sort(byGroupThenOrder).map(toIndicator);
    },

    /** The whole list, inactive ones included, with how often each was ticked. */
    async maintenanceList(actor: Actor): Promise<z.output<typeof maintainedIndicator>[]> {
      assertCan(actor, 'indicator.manage');
      return maintained(actor);
    },

    async create(actor: Actor, input: z.output<typeof indicatorInput>): Promise<Indicator> {
      return write(actor, 'indicator.manage', { action: 'indicator.create', objectType: 'indicator' }, async (tx, now) => {
        const row = await insertIndicator(tx, { municipalityId: actor.municipalityId, ...input, sortOrder: (await maxSortOrder(tx, actor.municipalityId)) + 10, at: now });
        return { value: toIndicator(row), objectId: row.id, details: { group: row.group } };
      });
    },

    async update(actor: Actor, id: string, input: z.output<typeof indicatorUpdateInput>): Promise<Indicator> {
      return write(actor, 'indicator.manage', { action: 'indicator.update', objectType: 'indicator', objectId: id }, async (tx, now) => {
        await loadIndicator(tx, actor, id);
        const row = await updateIndicator(tx, actor.municipalityId, id, { ...input, at: now });
        if (!row) throw notFound('indicator');
        const details: Record<string, string | boolean> = { fields: Object.keys(input).sort().join(',') };
        if (input.active !== undefined) details.active = input.active;
        return { value: toIndicator(row), details };
      });
    },

    /** Delete an indicator that was never ticked; a ticked one is deactivated instead (409). */
    async remove(actor: Actor, id: string): Promise<void> {
      return write(actor, 'indicator.manage', { action: 'indicator.delete', objectType: 'indicator', objectId: id }, async (tx) => {
        await loadIndicator(tx, actor, id);
        const ticked = (await countTicksEver(tx, actor.municipalityId)).get(id) ?? 0;
        if (ticked > 0) {
          throw conflict('indicator_in_use', 'Deze indicator is bij een of meer signalen aangevinkt en kan niet worden verwijderd. Zet hem op inactief.');
        }
        await deleteIndicator(tx, actor.municipalityId, id);
        return { value: undefined };
      });
    },

    /** Give the listed indicators their position in the list; all must be the municipality's. */
    async reorder(actor: Actor, input: z.output<typeof indicatorOrderInput>): Promise<z.output<typeof maintainedIndicator>[]> {
      await write(actor, 'indicator.manage', { action: 'indicator.reorder', objectType: 'indicator' }, async (tx, now) => {
        const known = new Set((await findIndicatorsByIds(tx, actor.municipalityId, input.ids)).map((r) => r.id));
        const errors = input.ids.flatMap((id, i) => (known.has(id) ? [] : [fieldError(`ids.${i}`, 'v.id', 'Dit is geen geldige verwijzing.')]));
        if (errors.length) throw invalid(errors);
        for (const [i, id] of input.ids.entries()) await setSortOrder(tx, actor.municipalityId, id, (i + 1) * 10, now);
        return { value: undefined, details: { count: input.ids.length } };
      });
      return maintained(actor);
    },

    /** The indicators ticked on a signal (the coordinator's view of the signal). */
    ofSignal,

    /**
     * The coordinator ticks indicators while recording: `indicatorIds` is the coordinator's own set
     * (added ones are checked like the reporter's; the reporter's ticks are kept as they were).
     */
    async setSignalTicks(actor: Actor, signalId: string, ids: readonly string[]): Promise<z.output<typeof signalIndicators>> {
      await write(actor, 'signal.manage', { action: 'signal.indicators_set', objectType: 'signal', objectId: signalId }, async (tx, now) => {
        const signal = await findSignalFacts(tx, actor.municipalityId, signalId);
        if (!signal) throw notFound('signaal');
        if (signal.state === 'closed') throw conflict('signal_closed', 'Het signaal is afgesloten. Heropen het signaal om het te wijzigen.');
        const current = await listTicks(tx, signalId);
        const already = new Set(current.map((t) => t.indicator.id));
        // Only new ticks are checked: one ticked earlier may since have been deactivated, and stays.
        const added = ids.filter((id) => !already.has(id));
        try {
          await checkTicks(tx, actor.municipalityId, signal.exploitationForms, added);
        } catch (error) {
          // Report the position in the request, not in the list of added ones.
          if (error instanceof AppError && error.fields) {
            throw invalid(error.fields.map((f) => ({ ...f, path: `indicatorIds.${ids.indexOf(added[Number(f.path.split('.')[1])]!)}` })));
          }
          throw error;
        }
        const removed = await removeCoordinatorTicksExcept(tx, signalId, ids);
        await insertTicks(tx, signalId, added, { source: 'coordinator', tickedById: actor.userId, at: now });
        return { value: undefined, details: { added: added.length, removed } };
      });
      return ofSignal(actor, signalId);
    },

    /** Ticks per indicator and group on the signals received in one year: exact for the coordinator, suppressed for the analyst. */
    async counts(actor: Actor, year: number | undefined): Promise<IndicatorCounts> {
      if (!can(actor, 'stats.read')) {
        await audit(db, actor, { action: 'stats.indicators', objectType: 'stats', result: 'denied' });
        assertCan(actor, 'stats.read');
      }
      const y = year ?? Number(clock.today().slice(0, 4));
      const exact = can(actor, 'signal.read_all');
      const [rows, counts, municipality] = await Promise.all([
        listIndicators(db, actor.municipalityId, { activeOnly: false }),
        countTicksInYear(db, actor.municipalityId, y),
        findMunicipality(db, actor.municipalityId),
      ]);
      const threshold = municipality?.settings.smallCellThreshold ?? DEFAULT_SMALL_CELL_THRESHOLD;
      // Inactive indicators appear only for the years they were ticked in.
      const shown = rows.filter((r) => r.active || (counts.get(r.id) ?? 0) > 0);
      await audit(db, actor, { action: 'stats.indicators', objectType: 'stats', result: 'ok', details: { year: y } });
      return { year: y, exact, threshold, ...indicatorTable(shown, counts, threshold, exact) };
    },
  };
}

export type IndicatorService = ReturnType<typeof createIndicatorService>;
