import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SignalState } from '../../../shared/domain.js';
import type { DbOrTx } from '../../db/client.js';
import {
  departments,
  enrichmentNotes,
  identityDisclosures,
  reporterFeedback,
  signalAddresses,
  signalCounters,
  signalHistory,
  signalOrganisations,
  signalPersons,
  signals,
  users,
} from '../../db/schema/index.js';

export type SignalRow = typeof signals.$inferSelect;
export type SignalInsert = typeof signals.$inferInsert;

/** Atomically take the next number of the year for a municipality. */
export async function nextSignalSequence(db: DbOrTx, municipalityId: string, year: number): Promise<number> {
  const [row] = await db
    .insert(signalCounters)
    .values({ municipalityId, year, lastValue: 1 })
    .onConflictDoUpdate({
      target: [signalCounters.municipalityId, signalCounters.year],
      set: { lastValue: sql`${signalCounters.lastValue} + 1` },
    })
    .returning({ value: signalCounters.lastValue });
  return row!.value;
}

export async function insertSignal(db: DbOrTx, row: SignalInsert): Promise<SignalRow> {
  const [created] = await db.insert(signals).values(row).returning();
  return created!;
}

export interface SignalParts {
  persons: { fullName: string; role?: string | undefined; email?: string | undefined; phone?: string | undefined }[];
  organisations: { name: string; kvkNumber?: string | undefined }[];
  addresses: { postcode: string; houseNumber: number; addition?: string | undefined }[];
}

export async function insertSignalParts(db: DbOrTx, signalId: string, parts: SignalParts): Promise<void> {
  if (parts.persons.length) {
    await db.insert(signalPersons).values(
      parts.persons.map((p, position) => ({
        signalId,
        position,
        fullName: p.fullName,
        role: p.role ?? null,
        email: p.email ?? null,
        phone: p.phone ?? null,
      })),
    );
  }
  if (parts.organisations.length) {
    await db.insert(signalOrganisations).values(
      parts.organisations.map((o, position) => ({ signalId, position, name: o.name, kvkNumber: o.kvkNumber ?? null })),
    );
  }
  if (parts.addresses.length) {
    await db.insert(signalAddresses).values(
      parts.addresses.map((a, position) => ({
        signalId,
        position,
        postcode: a.postcode,
        houseNumber: a.houseNumber,
        addition: a.addition ?? null,
      })),
    );
  }
}

export async function findSignal(db: DbOrTx, municipalityId: string, id: string): Promise<SignalRow | undefined> {
  const rows = await db
    .select()
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), eq(signals.id, id)))
    .limit(1);
  return rows[0];
}

export async function findSignalByNumber(db: DbOrTx, municipalityId: string, number: string): Promise<SignalRow | undefined> {
  const rows = await db
    .select()
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), eq(signals.number, number)))
    .limit(1);
  return rows[0];
}

export async function loadSignalParts(db: DbOrTx, signalId: string) {
  const [persons, organisations, addresses] = await Promise.all([
    db.select().from(signalPersons).where(eq(signalPersons.signalId, signalId)).orderBy(asc(signalPersons.position)),
    db.select().from(signalOrganisations).where(eq(signalOrganisations.signalId, signalId)).orderBy(asc(signalOrganisations.position)),
    db.select().from(signalAddresses).where(eq(signalAddresses.signalId, signalId)).orderBy(asc(signalAddresses.position)),
  ]);
  return { persons, organisations, addresses };
}

/**
 * Move a signal to a new state only if it is still in the state we read
 * (optimistic concurrency). Returns false when someone else moved it first.
 */
export async function updateSignalState(
  db: DbOrTx,
  id: string,
  from: SignalState,
  patch: Partial<SignalInsert> & { state: SignalState },
): Promise<boolean> {
  const rows = await db
    .update(signals)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(signals.id, id), eq(signals.state, from)))
    .returning({ id: signals.id });
  return rows.length > 0;
}

export async function updateSignal(db: DbOrTx, id: string, patch: Partial<SignalInsert>): Promise<void> {
  await db.update(signals).set({ ...patch, updatedAt: new Date() }).where(eq(signals.id, id));
}

// --- summaries --------------------------------------------------------------

// Columns qualified by hand: drizzle renders a column of a single-table select unqualified.
const reporterInformed = sql<boolean>`exists (select 1 from ${reporterFeedback} where ${reporterFeedback}."signal_id" = ${signals}."id")`;

const summaryColumns = {
  id: signals.id,
  number: signals.number,
  state: signals.state,
  receivedAt: signals.receivedAt,
  observedOn: signals.observedOn,
  acuteDanger: signals.acuteDanger,
  victimInvolved: signals.victimInvolved,
  exploitationForms: signals.exploitationForms,
  departmentName: departments.name,
  forMeeting: signals.forMeeting,
  outcome: signals.outcome,
  reporterInformed,
};

export type SignalSummaryRow = {
  id: string;
  number: string;
  state: SignalState;
  receivedAt: Date;
  observedOn: string;
  acuteDanger: boolean;
  victimInvolved: SignalRow['victimInvolved'];
  exploitationForms: SignalRow['exploitationForms'];
  departmentName: string | null;
  forMeeting: boolean;
  outcome: SignalRow['outcome'];
  reporterInformed: boolean;
};

export async function listSignalSummaries(
  db: DbOrTx,
  municipalityId: string,
  opts: { where?: SQL | undefined; limit?: number; offset?: number; acuteFirst?: boolean } = {},
): Promise<SignalSummaryRow[]> {
  const query = db
    .select(summaryColumns)
    .from(signals)
    .leftJoin(departments, eq(departments.id, signals.reporterDepartmentId))
    .where(and(eq(signals.municipalityId, municipalityId), opts.where))
    .orderBy(...(opts.acuteFirst ? [desc(signals.acuteDanger)] : []), desc(signals.receivedAt))
    .limit(opts.limit ?? 100)
    .offset(opts.offset ?? 0);
  return query;
}

export async function findSignalSummary(db: DbOrTx, municipalityId: string, id: string): Promise<SignalSummaryRow | undefined> {
  const rows = await listSignalSummaries(db, municipalityId, { where: eq(signals.id, id), limit: 1 });
  return rows[0];
}

export const signalFilters = {
  state: (state: SignalState) => eq(signals.state, state),
  acuteOpen: () => and(eq(signals.acuteDanger, true), inArray(signals.state, ['received', 'registered'])),
  forMeeting: () => and(eq(signals.forMeeting, true), sql`${signals.state} <> 'closed'`),
  /** Referred, or ready to close, and the reporter has not been told anything yet (step 6). */
  reporterToInform: () => and(eq(signals.state, 'referred'), sql`not ${reporterInformed}`),
  ownedBy: (userId: string) => or(eq(signals.reporterId, userId), eq(signals.submittedById, userId)),
  openInDepartment: (departmentId: string) =>
    and(eq(signals.reporterDepartmentId, departmentId), sql`${signals.state} <> 'closed'`),
  ids: (ids: string[]) => inArray(signals.id, ids),
};

// --- own signals (reporter view) -------------------------------------------

export async function listOwnSignals(db: DbOrTx, municipalityId: string, userId: string) {
  const reporter = alias(users, 'reporter');
  return db
    .select({
      id: signals.id,
      number: signals.number,
      state: signals.state,
      receivedAt: signals.receivedAt,
      observedOn: signals.observedOn,
      reporterId: signals.reporterId,
      submittedById: signals.submittedById,
      reporterName: reporter.displayName,
      hasFeedback: sql<boolean>`exists (select 1 from ${reporterFeedback} where ${reporterFeedback}."signal_id" = ${signals}."id" and not ${reporterFeedback}."impossible")`,
    })
    .from(signals)
    .innerJoin(reporter, eq(reporter.id, signals.reporterId))
    .where(and(eq(signals.municipalityId, municipalityId), signalFilters.ownedBy(userId)))
    .orderBy(desc(signals.receivedAt));
}

export async function listDepartmentOpenSignals(db: DbOrTx, municipalityId: string, departmentId: string) {
  return db
    .select({ number: signals.number, state: signals.state, receivedAt: signals.receivedAt, submittedById: signals.submittedById })
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), signalFilters.openInDepartment(departmentId)))
    .orderBy(desc(signals.receivedAt));
}

// --- enrichment, reporter feedback, history ------------------------------------

export async function insertEnrichmentNote(db: DbOrTx, row: typeof enrichmentNotes.$inferInsert): Promise<void> {
  await db.insert(enrichmentNotes).values(row);
}

export async function listEnrichmentNotes(db: DbOrTx, signalId: string) {
  return db
    .select({
      id: enrichmentNotes.id,
      departmentName: departments.name,
      sourceSystem: enrichmentNotes.sourceSystem,
      finding: enrichmentNotes.finding,
      authorId: users.id,
      authorName: users.displayName,
      createdAt: enrichmentNotes.createdAt,
    })
    .from(enrichmentNotes)
    .innerJoin(users, eq(users.id, enrichmentNotes.authorId))
    .leftJoin(departments, eq(departments.id, enrichmentNotes.departmentId))
    .where(eq(enrichmentNotes.signalId, signalId))
    .orderBy(asc(enrichmentNotes.createdAt));
}

export async function insertReporterFeedback(db: DbOrTx, row: typeof reporterFeedback.$inferInsert): Promise<void> {
  await db.insert(reporterFeedback).values(row);
}

export async function listReporterFeedback(db: DbOrTx, signalId: string) {
  return db.select().from(reporterFeedback).where(eq(reporterFeedback.signalId, signalId)).orderBy(asc(reporterFeedback.createdAt));
}

export async function insertHistory(db: DbOrTx, row: typeof signalHistory.$inferInsert): Promise<void> {
  await db.insert(signalHistory).values(row);
}

export async function listHistory(db: DbOrTx, signalId: string) {
  return db
    .select({
      id: signalHistory.id,
      referralId: signalHistory.referralId,
      action: signalHistory.action,
      fromState: signalHistory.fromState,
      toState: signalHistory.toState,
      reason: signalHistory.reason,
      actorId: users.id,
      actorName: users.displayName,
      at: signalHistory.at,
    })
    .from(signalHistory)
    .innerJoin(users, eq(users.id, signalHistory.actorId))
    .where(eq(signalHistory.signalId, signalId))
    .orderBy(asc(signalHistory.seq));
}

export async function insertIdentityDisclosure(db: DbOrTx, values: typeof identityDisclosures.$inferInsert) {
  const [row] = await db.insert(identityDisclosures).values(values).returning({ id: identityDisclosures.id });
  return row!;
}

/** The deputy coordinator's look-ups of a signal's reporter, newest first. */
export async function listIdentityDisclosures(db: DbOrTx, signalId: string) {
  return db
    .select({
      id: identityDisclosures.id,
      userId: users.id,
      userName: users.displayName,
      reason: identityDisclosures.reason,
      at: identityDisclosures.at,
    })
    .from(identityDisclosures)
    .innerJoin(users, eq(users.id, identityDisclosures.userId))
    .where(eq(identityDisclosures.signalId, signalId))
    .orderBy(desc(identityDisclosures.at), desc(identityDisclosures.id));
}
