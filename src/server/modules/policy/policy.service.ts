import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  carryOverResult,
  intervention,
  interventionCounts,
  interventionInput,
  interventionUpdateInput,
  planActivity,
  planActivityInput,
  planActivityUpdateInput,
  planOverview,
  trainingReach,
  trainingSession,
  trainingSessionInput,
  trainingSessionUpdateInput,
} from '../../../shared/api/policy.js';
import { DEFAULT_SMALL_CELL_THRESHOLD } from '../../../shared/api/admin.js';
import { AMBITIONS, INTERVENTION_KINDS, PILLARS, type ActivityStatus } from '../../../shared/domain.js';
import { VALIDATION_MESSAGES } from '../../../shared/validation.js';
import { recordCipher, type Vault } from '../../crypto/vault.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { addDays, type Clock } from '../../lib/clock.js';
import { fieldError, invalid, notFound } from '../../lib/errors.js';
import { assertCan, can, type Permission } from '../../lib/permissions.js';
import { audit, auditedChange, type AuditEvent } from '../audit/audit.service.js';
import { findMunicipality } from '../municipality/municipality.repo.js';
import { addMonths } from './dates.js';
import { afterWindow, beforeWindow, buildReachFamily, familyWindows, protectKindCounts, stretchesOf, windowKey, type ReachFamily } from './policy.figures.js';
import {
  carriedOverIds,
  carryOverOpenActivities,
  countDepartmentSignals,
  countInterventionsByKind,
  deleteActivity,
  deleteIntervention,
  deleteSession,
  existingDepartmentIds,
  findActivity,
  findIntervention,
  findSession,
  insertActivity,
  insertIntervention,
  insertSession,
  listActivities,
  listInterventions,
  listPeriods,
  listSessions,
  participationOf,
  reachPerDepartment,
  sessionDatesByDepartment,
  replaceInterventionSignals,
  replaceParticipation,
  signalIdsByNumber,
  signalsOfInterventions,
  updateActivity,
  updateIntervention,
  updateSession,
  type ActivityValues,
  type InterventionRow,
  type PlanActivityRow,
  type SessionValues,
  type TrainingSessionRow,
} from './policy.repo.js';

type PlanActivity = z.output<typeof planActivity>;
type TrainingSession = z.output<typeof trainingSession>;
type Intervention = z.output<typeof intervention>;

const NL = VALIDATION_MESSAGES.nl;

/** An empty text is no text. */
const textOrNull = (v: string | null | undefined): string | null | undefined => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v);

export { addMonths };

/** The first day of the two-year window that ends on asOf: sessions on or after it count as "in the last two years". */
export function reachWindowStart(asOf: string): string {
  return addDays(addMonths(asOf, -24), 1);
}

/**
 * Issue 5 points 5–7: the implementation plan, awareness and training, interventions. The
 * coordinator and deputy change them; the analyst reads the plan, the training reach and the
 * number of interventions. Every change is audited with ids and codes only.
 */
export function createPolicyService(deps: { db: Db; clock: Clock; vault: Vault }) {
  const { db, clock, vault } = deps;

  /** Check the permission, run `fn` in a transaction, audit as its last write; refusals audited after the rollback. */
  const write = <T>(
    actor: Actor,
    permission: Permission,
    event: { action: string; objectType: string; objectId?: string | null },
    fn: (tx: DbOrTx) => Promise<{ value: T; objectId?: string; details?: AuditEvent['details'] }>,
  ): Promise<T> => auditedChange(db, actor, permission, event, fn);

  /** Reads: permission checked (a refusal audited), the read itself is audited with counts only. */
  async function read<T>(actor: Actor, permission: Permission, action: string, objectType: string, fn: () => Promise<T>): Promise<T> {
    if (!can(actor, permission)) {
      await audit(db, actor, { action, objectType, result: 'denied' });
      assertCan(actor, permission);
    }
    const value = await fn();
    await audit(db, actor, { action, objectType, result: 'ok' });
    return value;
  }

  /** Counts below this are hidden from roles that see protected figures (the municipality's setting). */
  async function thresholdOf(municipalityId: string): Promise<number> {
    return (await findMunicipality(db, municipalityId))?.settings.smallCellThreshold ?? DEFAULT_SMALL_CELL_THRESHOLD;
  }

  /**
   * The analyst's reach family of each trained department (policy.figures.ts): every session date
   * of the department is an anchor, windows that are over by today only.
   */
  async function reachFamilies(municipalityId: string, threshold: number): Promise<Map<string, ReachFamily>> {
    const today = clock.today();
    const families = new Map<string, ReachFamily>();
    for (const [departmentId, dates] of await sessionDatesByDepartment(db, municipalityId)) {
      const windows = familyWindows(dates, today);
      const counts = new Map<string, number>();
      for (const s of stretchesOf(windows)) counts.set(windowKey(s), await countDepartmentSignals(db, municipalityId, departmentId, s.from, s.to));
      families.set(departmentId, buildReachFamily(windows, (s) => counts.get(windowKey(s))!, threshold));
    }
    return families;
  }

  // --- implementation plan -----------------------------------------------------------

  const toActivity = (a: PlanActivityRow, carried: Set<string>): PlanActivity => ({
    id: a.id,
    periodStart: a.periodStart,
    title: a.title,
    ambition: a.ambition,
    pillar: a.pillar,
    owner: a.owner,
    startOn: a.startOn,
    dueOn: a.dueOn,
    status: a.status,
    notes: a.notes,
    result: a.result,
    carriedFromId: a.carriedFromId,
    carriedOver: carried.has(a.id),
    updatedAt: a.updatedAt.toISOString(),
  });

  async function activityView(tx: DbOrTx, actor: Actor, id: string): Promise<PlanActivity> {
    const row = (await findActivity(tx, actor.municipalityId, id))!;
    return toActivity(row, await carriedOverIds(tx, actor.municipalityId, [id]));
  }

  const emptyCounts = () => ({ planned: 0, started: 0, done: 0, dropped: 0, total: 0 }) satisfies Record<ActivityStatus | 'total', number>;

  /** The period containing today: the latest period with activities that started by this year, else this year. */
  function defaultPeriod(periods: number[]): number {
    const year = Number(clock.today().slice(0, 4));
    return periods.find((p) => p <= year && p + 1 >= year) ?? periods.find((p) => p <= year) ?? year;
  }

  // --- training ------------------------------------------------------------------------

  async function sessionViews(tx: DbOrTx, rows: TrainingSessionRow[]): Promise<TrainingSession[]> {
    const participation = await participationOf(tx, rows.map((r) => r.id));
    return rows.map((s) => {
      const parts = participation.filter((p) => p.sessionId === s.id).map(({ departmentId, departmentName, participants }) => ({ departmentId, departmentName, participants }));
      return {
        id: s.id,
        heldOn: s.heldOn,
        provider: s.provider,
        topic: s.topic,
        exploitationForms: s.exploitationForms,
        notes: s.notes,
        participation: parts,
        totalParticipants: parts.reduce((n, p) => n + p.participants, 0),
      };
    });
  }

  async function checkDepartments(tx: DbOrTx, actor: Actor, participation: { departmentId: string }[]): Promise<void> {
    const known = await existingDepartmentIds(tx, actor.municipalityId, participation.map((p) => p.departmentId));
    const errors = participation.flatMap((p, i) => (known.has(p.departmentId) ? [] : [fieldError(`participation.${i}.departmentId`, 'v.id', 'Kies een afdeling uit de lijst.')]));
    if (errors.length) throw invalid(errors);
  }

  // --- interventions -------------------------------------------------------------------

  function openIntervention(row: InterventionRow) {
    const cipher = recordCipher(vault, 'interventions', row.id);
    return { result: cipher.openOpt('result', row.result), notes: cipher.openOpt('notes', row.notes) };
  }

  async function interventionViews(tx: DbOrTx, rows: InterventionRow[]): Promise<Intervention[]> {
    const related = await signalsOfInterventions(tx, rows.map((r) => r.id));
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      decidedOn: row.decidedOn,
      legalBasis: row.legalBasis,
      signals: related.filter((s) => s.interventionId === row.id).map(({ id, number }) => ({ id, number })),
      ...openIntervention(row),
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  /** Signal numbers → ids within the actor's municipality; an unknown number is a field error. */
  async function resolveSignals(tx: DbOrTx, actor: Actor, numbers: string[]): Promise<string[]> {
    const unique = [...new Set(numbers)];
    const found = await signalIdsByNumber(tx, actor.municipalityId, unique);
    const errors = numbers.flatMap((n, i) => (found.has(n) ? [] : [fieldError(`signalNumbers.${i}`, 'v.signal_unknown', NL['v.signal_unknown'])]));
    if (errors.length) throw invalid(errors);
    return unique.map((n) => found.get(n)!);
  }

  return {
    // --- implementation plan ---------------------------------------------------------
    async plan(actor: Actor, period?: number): Promise<z.output<typeof planOverview>> {
      return read(actor, 'policy.read', 'plan.read', 'plan', async () => {
        const periods = await listPeriods(db, actor.municipalityId);
        const chosen = period ?? defaultPeriod(periods);
        const rows = await listActivities(db, actor.municipalityId, chosen);
        const carried = await carriedOverIds(db, actor.municipalityId, rows.map((r) => r.id));
        const byAmbition = AMBITIONS.map((ambition) => ({ ambition, ...emptyCounts() }));
        const byPillar = PILLARS.map((pillar) => ({ pillar, ...emptyCounts() }));
        for (const r of rows) {
          for (const group of [byAmbition.find((g) => g.ambition === r.ambition), byPillar.find((g) => g.pillar === r.pillar)]) {
            if (!group) continue;
            group[r.status]++;
            group.total++;
          }
        }
        return {
          period: chosen,
          periods: [...new Set([...periods, chosen])].sort((a, b) => b - a),
          activities: rows.map((r) => toActivity(r, carried)),
          byAmbition,
          byPillar,
        };
      });
    },

    createActivity(actor: Actor, input: z.output<typeof planActivityInput>): Promise<PlanActivity> {
      return write(actor, 'policy.manage', { action: 'plan.activity_create', objectType: 'plan_activity' }, async (tx) => {
        const { periodStart, ...values } = input;
        const id = await insertActivity(tx, actor.municipalityId, periodStart, { ...values, notes: textOrNull(values.notes) ?? null, result: textOrNull(values.result) ?? null });
        return { value: await activityView(tx, actor, id), objectId: id, details: { period: periodStart, ambition: values.ambition, pillar: values.pillar, status: values.status } };
      });
    },

    updateActivity(actor: Actor, id: string, patch: z.output<typeof planActivityUpdateInput>): Promise<PlanActivity> {
      return write(actor, 'policy.manage', { action: 'plan.activity_update', objectType: 'plan_activity', objectId: id }, async (tx) => {
        const existing = await findActivity(tx, actor.municipalityId, id);
        if (!existing) throw notFound('activiteit');
        const values: Partial<ActivityValues> = { ...patch };
        if ('notes' in patch) values.notes = textOrNull(patch.notes) ?? null;
        if ('result' in patch) values.result = textOrNull(patch.result) ?? null;
        const merged = { ...existing, ...values };
        // Any status may follow any other, but a completed activity states its result.
        if (merged.status === 'done' && !merged.result) throw invalid([fieldError('result', 'v.result_required', NL['v.result_required'])]);
        if (merged.startOn && merged.dueOn && merged.dueOn < merged.startOn) throw invalid([fieldError('dueOn', 'v.date_order', NL['v.date_order'])]);
        await updateActivity(tx, actor.municipalityId, id, values, clock.now());
        const details: Record<string, string | number | boolean | null> = { fields: Object.keys(patch).sort().join(',') };
        if (patch.status && patch.status !== existing.status) Object.assign(details, { from: existing.status, to: patch.status });
        return { value: await activityView(tx, actor, id), details };
      });
    },

    deleteActivity(actor: Actor, id: string): Promise<void> {
      return write(actor, 'policy.manage', { action: 'plan.activity_delete', objectType: 'plan_activity', objectId: id }, async (tx) => {
        if (!(await findActivity(tx, actor.municipalityId, id))) throw notFound('activiteit');
        await deleteActivity(tx, actor.municipalityId, id);
        return { value: undefined };
      });
    },

    carryOver(actor: Actor, periodStart: number): Promise<z.output<typeof carryOverResult>> {
      return write(actor, 'policy.manage', { action: 'plan.carry_over', objectType: 'plan_period', objectId: String(periodStart) }, async (tx) => {
        const { created, alreadyCarried } = await carryOverOpenActivities(tx, actor.municipalityId, periodStart, clock.now());
        return {
          value: { from: periodStart, to: periodStart + 2, created: created.length, alreadyCarried },
          details: { from: periodStart, to: periodStart + 2, created: created.length, alreadyCarried },
        };
      });
    },

    // --- training ----------------------------------------------------------------------
    async sessions(actor: Actor): Promise<TrainingSession[]> {
      return read(actor, 'policy.read', 'training.read', 'training_session', async () => sessionViews(db, await listSessions(db, actor.municipalityId)));
    },

    createSession(actor: Actor, input: z.output<typeof trainingSessionInput>): Promise<TrainingSession> {
      return write(actor, 'policy.manage', { action: 'training.session_create', objectType: 'training_session' }, async (tx) => {
        await checkDepartments(tx, actor, input.participation);
        const { participation, ...values } = input;
        const id = await insertSession(tx, actor.municipalityId, actor.userId, { ...values, notes: textOrNull(values.notes) ?? null });
        await replaceParticipation(tx, id, participation);
        const [view] = await sessionViews(tx, [(await findSession(tx, actor.municipalityId, id))!]);
        return { value: view!, objectId: id, details: { departments: participation.length, participants: view!.totalParticipants } };
      });
    },

    updateSession(actor: Actor, id: string, patch: z.output<typeof trainingSessionUpdateInput>): Promise<TrainingSession> {
      return write(actor, 'policy.manage', { action: 'training.session_update', objectType: 'training_session', objectId: id }, async (tx) => {
        if (!(await findSession(tx, actor.municipalityId, id))) throw notFound('training');
        const { participation, ...rest } = patch;
        const values: Partial<SessionValues> = { ...rest };
        if ('notes' in rest) values.notes = textOrNull(rest.notes) ?? null;
        if (participation) {
          await checkDepartments(tx, actor, participation);
          await replaceParticipation(tx, id, participation);
        }
        await updateSession(tx, actor.municipalityId, id, values);
        const [view] = await sessionViews(tx, [(await findSession(tx, actor.municipalityId, id))!]);
        return { value: view!, details: { fields: Object.keys(patch).sort().join(',') } };
      });
    },

    deleteSession(actor: Actor, id: string): Promise<void> {
      return write(actor, 'policy.manage', { action: 'training.session_delete', objectType: 'training_session', objectId: id }, async (tx) => {
        if (!(await findSession(tx, actor.municipalityId, id))) throw notFound('training');
        await deleteSession(tx, actor.municipalityId, id);
        return { value: undefined };
      });
    },

    /**
     * Reach per department: participants in the two years up to `asOf`, and the department's signals in
     * the 12 months before and after its first session in that window. The comparison is descriptive
     * (counts side by side), not causal: reporting changes for many reasons, and a short "after"
     * period (afterComplete false) is counted only up to asOf.
     */
    async reach(actor: Actor, asOfInput?: string): Promise<z.output<typeof trainingReach>> {
      return read(actor, 'policy.read', 'training.reach', 'training_session', async () => {
        const asOf = asOfInput ?? clock.today();
        const windowStart = reachWindowStart(asOf);
        const exact = can(actor, 'signal.read_all');
        const threshold = exact ? 0 : await thresholdOf(actor.municipalityId);
        // The analyst reads each count from the protected family of its department (policy.figures.ts).
        const families = exact ? null : await reachFamilies(actor.municipalityId, threshold);
        const rows = await reachPerDepartment(db, actor.municipalityId, windowStart, asOf);
        const departments = [];
        for (const r of rows) {
          if (!r.active && r.sessions === 0) continue;
          let signalsBefore: number | null = null;
          let signalsAfter: number | null = null;
          let afterComplete = false;
          if (r.firstSessionOn) {
            const first = r.firstSessionOn;
            const afterEnd = addMonths(first, 12);
            afterComplete = afterEnd <= addDays(asOf, 1);
            if (families) {
              // A window still open on asOf (or today) is not known yet: null, like a hidden count.
              const family = families.get(r.departmentId);
              const over = (w: { to: string }) => w.to <= addDays(asOf, 1);
              const [before, after] = [beforeWindow(first), afterWindow(first)];
              signalsBefore = family && over(before) ? family.read(before) : null;
              signalsAfter = family && over(after) ? family.read(after) : null;
            } else {
              signalsBefore = await countDepartmentSignals(db, actor.municipalityId, r.departmentId, addMonths(first, -12), first);
              signalsAfter = await countDepartmentSignals(db, actor.municipalityId, r.departmentId, first, afterComplete ? afterEnd : addDays(asOf, 1));
            }
          }
          departments.push({
            departmentId: r.departmentId,
            departmentName: r.departmentName,
            participants: r.participants,
            sessions: r.sessions,
            firstSessionOn: r.firstSessionOn,
            lastSessionOn: r.lastSessionOn,
            signalsBefore,
            signalsAfter,
            afterComplete,
          });
        }
        return { asOf, windowStart, threshold, departments };
      });
    },

    // --- interventions -----------------------------------------------------------------
    async interventions(actor: Actor): Promise<Intervention[]> {
      return read(actor, 'intervention.read', 'intervention.list', 'intervention', async () =>
        interventionViews(db, await listInterventions(db, actor.municipalityId)),
      );
    },

    createIntervention(actor: Actor, input: z.output<typeof interventionInput>): Promise<Intervention> {
      return write(actor, 'policy.manage', { action: 'intervention.create', objectType: 'intervention' }, async (tx) => {
        const signalIds = await resolveSignals(tx, actor, input.signalNumbers);
        // The id is bound into the ciphertexts (associated data), so it is made before the insert.
        const id = randomUUID();
        const cipher = recordCipher(vault, 'interventions', id);
        await insertIntervention(tx, actor.municipalityId, id, actor.userId, {
          kind: input.kind,
          decidedOn: input.decidedOn,
          legalBasis: input.legalBasis,
          result: cipher.sealOpt('result', textOrNull(input.result)),
          notes: cipher.sealOpt('notes', textOrNull(input.notes)),
        });
        await replaceInterventionSignals(tx, id, signalIds);
        const [view] = await interventionViews(tx, [(await findIntervention(tx, actor.municipalityId, id))!]);
        return { value: view!, objectId: id, details: { kind: input.kind, signals: signalIds.length } };
      });
    },

    updateIntervention(actor: Actor, id: string, patch: z.output<typeof interventionUpdateInput>): Promise<Intervention> {
      return write(actor, 'policy.manage', { action: 'intervention.update', objectType: 'intervention', objectId: id }, async (tx) => {
        if (!(await findIntervention(tx, actor.municipalityId, id))) throw notFound('interventie');
        const cipher = recordCipher(vault, 'interventions', id);
        const { signalNumbers, result, notes, ...rest } = patch;
        if (signalNumbers) await replaceInterventionSignals(tx, id, await resolveSignals(tx, actor, signalNumbers));
        await updateIntervention(
          tx,
          actor.municipalityId,
          id,
          {
            ...rest,
            ...(result !== undefined ? { result: cipher.sealOpt('result', textOrNull(result)) } : {}),
            ...(notes !== undefined ? { notes: cipher.sealOpt('notes', textOrNull(notes)) } : {}),
          },
          clock.now(),
        );
        const [view] = await interventionViews(tx, [(await findIntervention(tx, actor.municipalityId, id))!]);
        return { value: view!, details: { fields: Object.keys(patch).sort().join(',') } };
      });
    },

    deleteIntervention(actor: Actor, id: string): Promise<void> {
      return write(actor, 'policy.manage', { action: 'intervention.delete', objectType: 'intervention', objectId: id }, async (tx) => {
        if (!(await findIntervention(tx, actor.municipalityId, id))) throw notFound('interventie');
        await deleteIntervention(tx, actor.municipalityId, id);
        return { value: undefined };
      });
    },

    /** Interventions per kind in a period (default: this calendar year to date), for the dashboard and the evaluation. */
    async interventionCounts(actor: Actor, range: { from?: string | undefined; to?: string | undefined }): Promise<z.output<typeof interventionCounts>> {
      return read(actor, 'policy.read', 'intervention.counts', 'intervention', async () => {
        const exact = can(actor, 'intervention.read');
        // Protected counts come per whole calendar year only (default: this year), as on the dashboard:
        // counts of overlapping periods could be subtracted from each other.
        const to = range.to ?? (exact ? clock.today() : `${(range.from ?? clock.today()).slice(0, 4)}-12-31`);
        const from = range.from ?? `${to.slice(0, 4)}-01-01`;
        if (from > to) throw invalid([fieldError('querystring.to', 'v.date_order', NL['v.date_order'])]);
        if (!exact && !(from.endsWith('-01-01') && to === `${from.slice(0, 4)}-12-31`)) {
          throw invalid([fieldError('querystring.from', 'v.invalid', 'Kies een heel kalenderjaar: aantallen met kleine getallen worden alleen per kalenderjaar gegeven.')]);
        }
        const counts = await countInterventionsByKind(db, actor.municipalityId, from, to);
        if (exact) {
          const byKind = INTERVENTION_KINDS.map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));
          return { from, to, threshold: 0, byKind, total: byKind.reduce((a, k) => a + k.count, 0) };
        }
        const threshold = await thresholdOf(actor.municipalityId);
        return { from, to, threshold, ...protectKindCounts(INTERVENTION_KINDS, counts, threshold) };
      });
    },
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
