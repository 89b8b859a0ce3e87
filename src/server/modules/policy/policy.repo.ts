import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ActivityStatus, Ambition, ExploitationForm, InterventionKind, Pillar } from '../../../shared/domain.js';
import type { DbOrTx } from '../../db/client.js';
import { departments, interventionSignals, interventions, planActivities, signals, trainingParticipation, trainingSessions } from '../../db/schema/index.js';

/**
 * Queries of issue 5 points 5–7: plan activities, training sessions with their participation,
 * interventions with their related signals. Every query is scoped to one municipality. The
 * intervention columns `notes` and `result` arrive here already sealed (the service encrypts).
 */

export type PlanActivityRow = typeof planActivities.$inferSelect;
export const OPEN_STATUSES = ['planned', 'started'] as const satisfies readonly ActivityStatus[];

// --- implementation plan ------------------------------------------------------------

export async function listActivities(db: DbOrTx, municipalityId: string, periodStart: number): Promise<PlanActivityRow[]> {
  return db
    .select()
    .from(planActivities)
    .where(and(eq(planActivities.municipalityId, municipalityId), eq(planActivities.periodStart, periodStart)))
    .orderBy(asc(planActivities.ambition), asc(planActivities.pillar), asc(planActivities.dueOn), asc(planActivities.title), asc(planActivities.id));
}

/** Of these activities, the ids that continue in a later activity (carried over). */
export async function carriedOverIds(db: DbOrTx, municipalityId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ from: planActivities.carriedFromId })
    .from(planActivities)
    .where(and(eq(planActivities.municipalityId, municipalityId), inArray(planActivities.carriedFromId, ids)));
  return new Set(rows.map((r) => r.from!).filter(Boolean));
}

export async function listPeriods(db: DbOrTx, municipalityId: string): Promise<number[]> {
  const rows = await db
    .selectDistinct({ period: planActivities.periodStart })
    .from(planActivities)
    .where(eq(planActivities.municipalityId, municipalityId))
    .orderBy(desc(planActivities.periodStart));
  return rows.map((r) => r.period);
}

export async function findActivity(db: DbOrTx, municipalityId: string, id: string): Promise<PlanActivityRow | undefined> {
  const rows = await db
    .select()
    .from(planActivities)
    .where(and(eq(planActivities.municipalityId, municipalityId), eq(planActivities.id, id)))
    .limit(1);
  return rows[0];
}

export interface ActivityValues {
  title: string;
  ambition: Ambition;
  pillar: Pillar;
  owner: string;
  startOn: string | null;
  dueOn: string | null;
  status: ActivityStatus;
  notes: string | null;
  result: string | null;
}

export async function insertActivity(db: DbOrTx, municipalityId: string, periodStart: number, values: ActivityValues): Promise<string> {
  const [row] = await db.insert(planActivities).values({ municipalityId, periodStart, ...values }).returning({ id: planActivities.id });
  return row!.id;
}

export async function updateActivity(db: DbOrTx, municipalityId: string, id: string, patch: Partial<ActivityValues>, now: Date): Promise<void> {
  await db
    .update(planActivities)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(planActivities.municipalityId, municipalityId), eq(planActivities.id, id)));
}

export async function deleteActivity(db: DbOrTx, municipalityId: string, id: string): Promise<void> {
  // A copy in the next period no longer continues anything.
  await db
    .update(planActivities)
    .set({ carriedFromId: null })
    .where(and(eq(planActivities.municipalityId, municipalityId), eq(planActivities.carriedFromId, id)));
  await db.delete(planActivities).where(and(eq(planActivities.municipalityId, municipalityId), eq(planActivities.id, id)));
}

/**
 * Copy every open activity of a period into the period two years later, once: an activity that
 * already has a copy there is skipped, so running it twice creates nothing new. Serialised per
 * municipality with a transaction-level advisory lock (call inside a transaction).
 */
export async function carryOverOpenActivities(
  tx: DbOrTx,
  municipalityId: string,
  from: number,
  now: Date,
): Promise<{ created: string[]; alreadyCarried: number }> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`plan.carry_over:${municipalityId}`}))`);
  const to = from + 2;
  const open = await tx
    .select()
    .from(planActivities)
    .where(
      and(
        eq(planActivities.municipalityId, municipalityId),
        eq(planActivities.periodStart, from),
        inArray(planActivities.status, [...OPEN_STATUSES]),
      ),
    )
    .orderBy(asc(planActivities.createdAt), asc(planActivities.id));
  const carried = await carriedOverIds(tx, municipalityId, open.map((a) => a.id));
  const todo = open.filter((a) => !carried.has(a.id));
  if (todo.length === 0) return { created: [], alreadyCarried: open.length };
  const rows = await tx
    .insert(planActivities)
    .values(
      todo.map((a) => ({
        municipalityId,
        periodStart: to,
        title: a.title,
        ambition: a.ambition,
        pillar: a.pillar,
        owner: a.owner,
        startOn: a.startOn,
        dueOn: a.dueOn,
        status: a.status,
        notes: a.notes,
        result: null,
        carriedFromId: a.id,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning({ id: planActivities.id });
  return { created: rows.map((r) => r.id), alreadyCarried: open.length - todo.length };
}

// --- training -----------------------------------------------------------------------

export type TrainingSessionRow = typeof trainingSessions.$inferSelect;
export interface ParticipationRow {
  sessionId: string;
  departmentId: string;
  departmentName: string;
  participants: number;
}

export async function listSessions(db: DbOrTx, municipalityId: string): Promise<TrainingSessionRow[]> {
  return db
    .select()
    .from(trainingSessions)
    .where(eq(trainingSessions.municipalityId, municipalityId))
    .orderBy(desc(trainingSessions.heldOn), desc(trainingSessions.createdAt));
}

export async function findSession(db: DbOrTx, municipalityId: string, id: string): Promise<TrainingSessionRow | undefined> {
  const rows = await db
    .select()
    .from(trainingSessions)
    .where(and(eq(trainingSessions.municipalityId, municipalityId), eq(trainingSessions.id, id)))
    .limit(1);
  return rows[0];
}

export async function participationOf(db: DbOrTx, sessionIds: string[]): Promise<ParticipationRow[]> {
  if (sessionIds.length === 0) return [];
  return db
    .select({
      sessionId: trainingParticipation.sessionId,
      departmentId: trainingParticipation.departmentId,
      departmentName: departments.name,
      participants: trainingParticipation.participants,
    })
    .from(trainingParticipation)
    .innerJoin(departments, eq(departments.id, trainingParticipation.departmentId))
    .where(inArray(trainingParticipation.sessionId, sessionIds))
    .orderBy(asc(departments.name));
}

/** Which of these department ids belong to the municipality. */
export async function existingDepartmentIds(db: DbOrTx, municipalityId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.municipalityId, municipalityId), inArray(departments.id, ids)));
  return new Set(rows.map((r) => r.id));
}

export interface SessionValues {
  heldOn: string;
  provider: string;
  topic: string;
  exploitationForms: ExploitationForm[];
  notes: string | null;
}

export async function insertSession(db: DbOrTx, municipalityId: string, createdById: string, values: SessionValues): Promise<string> {
  const [row] = await db.insert(trainingSessions).values({ municipalityId, createdById, ...values }).returning({ id: trainingSessions.id });
  return row!.id;
}

export async function updateSession(db: DbOrTx, municipalityId: string, id: string, patch: Partial<SessionValues>): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.update(trainingSessions).set(patch).where(and(eq(trainingSessions.municipalityId, municipalityId), eq(trainingSessions.id, id)));
}

export async function replaceParticipation(db: DbOrTx, sessionId: string, rows: { departmentId: string; participants: number }[]): Promise<void> {
  await db.delete(trainingParticipation).where(eq(trainingParticipation.sessionId, sessionId));
  if (rows.length) await db.insert(trainingParticipation).values(rows.map((r) => ({ sessionId, ...r })));
}

export async function deleteSession(db: DbOrTx, municipalityId: string, id: string): Promise<void> {
  await db.delete(trainingSessions).where(and(eq(trainingSessions.municipalityId, municipalityId), eq(trainingSessions.id, id)));
}

export interface ReachRow {
  departmentId: string;
  departmentName: string;
  active: boolean;
  participants: number;
  sessions: number;
  firstSessionOn: string | null;
  lastSessionOn: string | null;
}

/** Per department of the municipality: participation in sessions held from `windowStart` to `asOf` (inclusive). */
export async function reachPerDepartment(db: DbOrTx, municipalityId: string, windowStart: string, asOf: string): Promise<ReachRow[]> {
  const p = db
    .select({
      departmentId: trainingParticipation.departmentId,
      participants: trainingParticipation.participants,
      sessionId: trainingSessions.id,
      heldOn: trainingSessions.heldOn,
    })
    .from(trainingParticipation)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingParticipation.sessionId))
    .where(
      and(
        eq(trainingSessions.municipalityId, municipalityId),
        sql`${trainingSessions.heldOn} >= ${windowStart}::date`,
        sql`${trainingSessions.heldOn} <= ${asOf}::date`,
      ),
    )
    .as('p');
  return db
    .select({
      departmentId: departments.id,
      departmentName: departments.name,
      active: departments.active,
      participants: sql<number>`coalesce(sum(${p.participants}), 0)::int`,
      sessions: sql<number>`count(${p.sessionId})::int`,
      firstSessionOn: sql<string | null>`to_char(min(${p.heldOn}), 'YYYY-MM-DD')`,
      lastSessionOn: sql<string | null>`to_char(max(${p.heldOn}), 'YYYY-MM-DD')`,
    })
    .from(departments)
    .leftJoin(p, eq(p.departmentId, departments.id))
    .where(eq(departments.municipalityId, municipalityId))
    .groupBy(departments.id, departments.name, departments.active)
    .orderBy(asc(departments.name));
}

/** Signals reported by a department with a received date (Europe/Amsterdam) in [from, to). */
/** Every session date per department (any time): the anchors the analyst's reach family is built over. */
export async function sessionDatesByDepartment(db: DbOrTx, municipalityId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectDistinct({ departmentId: trainingParticipation.departmentId, heldOn: trainingSessions.heldOn })
    .from(trainingParticipation)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingParticipation.sessionId))
    .where(eq(trainingSessions.municipalityId, municipalityId));
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.departmentId, [...(out.get(r.departmentId) ?? []), r.heldOn]);
  return out;
}

export async function countDepartmentSignals(db: DbOrTx, municipalityId: string, departmentId: string, from: string, to: string): Promise<number> {
  const day = sql`(${signals.receivedAt} at time zone 'Europe/Amsterdam')::date`;
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(signals)
    .where(
      and(
        eq(signals.municipalityId, municipalityId),
        eq(signals.reporterDepartmentId, departmentId),
        sql`${day} >= ${from}::date`,
        sql`${day} < ${to}::date`,
      ),
    );
  return rows[0]?.n ?? 0;
}

// --- interventions --------------------------------------------------------------------

export type InterventionRow = typeof interventions.$inferSelect;

export async function listInterventions(db: DbOrTx, municipalityId: string): Promise<InterventionRow[]> {
  return db
    .select()
    .from(interventions)
    .where(eq(interventions.municipalityId, municipalityId))
    .orderBy(desc(interventions.decidedOn), desc(interventions.createdAt));
}

export async function findIntervention(db: DbOrTx, municipalityId: string, id: string): Promise<InterventionRow | undefined> {
  const rows = await db
    .select()
    .from(interventions)
    .where(and(eq(interventions.municipalityId, municipalityId), eq(interventions.id, id)))
    .limit(1);
  return rows[0];
}

/** The related signals (id and number) of these interventions. */
export async function signalsOfInterventions(db: DbOrTx, ids: string[]): Promise<{ interventionId: string; id: string; number: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ interventionId: interventionSignals.interventionId, id: signals.id, number: signals.number })
    .from(interventionSignals)
    .innerJoin(signals, eq(signals.id, interventionSignals.signalId))
    .where(inArray(interventionSignals.interventionId, ids))
    .orderBy(asc(signals.number));
}

/** Signal ids by number, within the municipality (numbers not found are absent). */
export async function signalIdsByNumber(db: DbOrTx, municipalityId: string, numbers: string[]): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .select({ id: signals.id, number: signals.number })
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), inArray(signals.number, numbers)));
  return new Map(rows.map((r) => [r.number, r.id]));
}

export interface InterventionValues {
  kind: InterventionKind;
  decidedOn: string;
  legalBasis: string;
  /** Sealed (crypto/vault.ts) by the service. */
  result: string | null;
  /** Sealed (crypto/vault.ts) by the service. */
  notes: string | null;
}

export async function insertIntervention(db: DbOrTx, municipalityId: string, id: string, createdById: string, values: InterventionValues): Promise<void> {
  await db.insert(interventions).values({ id, municipalityId, createdById, ...values });
}

export async function updateIntervention(db: DbOrTx, municipalityId: string, id: string, patch: Partial<InterventionValues>, now: Date): Promise<void> {
  await db
    .update(interventions)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(interventions.municipalityId, municipalityId), eq(interventions.id, id)));
}

export async function replaceInterventionSignals(db: DbOrTx, interventionId: string, signalIds: string[]): Promise<void> {
  await db.delete(interventionSignals).where(eq(interventionSignals.interventionId, interventionId));
  if (signalIds.length) await db.insert(interventionSignals).values(signalIds.map((signalId) => ({ interventionId, signalId })));
}

export async function deleteIntervention(db: DbOrTx, municipalityId: string, id: string): Promise<void> {
  await db.delete(interventions).where(and(eq(interventions.municipalityId, municipalityId), eq(interventions.id, id)));
}

/** Interventions per kind decided from `from` to `to` (inclusive). */
export async function countInterventionsByKind(db: DbOrTx, municipalityId: string, from: string, to: string): Promise<Map<InterventionKind, number>> {
  const rows = await db
    .select({ kind: interventions.kind, n: sql<number>`count(*)::int` })
    .from(interventions)
    .where(
      and(
        eq(interventions.municipalityId, municipalityId),
        sql`${interventions.decidedOn} >= ${from}::date`,
        sql`${interventions.decidedOn} <= ${to}::date`,
      ),
    )
    .groupBy(interventions.kind);
  return new Map(rows.map((r) => [r.kind, r.n]));
}
