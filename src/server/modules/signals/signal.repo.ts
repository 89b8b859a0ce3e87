import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { SignalState } from '../../../shared/domain.js';
import { blindKeys } from '../../crypto/blind-keys.js';
import { recordCipher, type Vault } from '../../crypto/vault.js';
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
  signalSubmissions,
  users,
} from '../../db/schema/index.js';

type StoredSignal = typeof signals.$inferSelect;

/**
 * A signal as the services see it: free text decrypted, the reporter link opened.
 * Encryption lives here (crypto/encrypted-columns.ts lists the columns); services
 * never see ciphertext or blind indexes.
 */
export type SignalRow = Omit<StoredSignal, 'reporterRef' | 'reporterKey' | 'submitterKey' | 'legacyReporterId' | 'legacySubmittedById'> & {
  /** Null once the retention job removed who reported the signal. */
  reporterId: string | null;
  submittedById: string | null;
};

/** What a service writes: plaintext, and the reporter link in the clear (sealed here). */
export type SignalInsert = Omit<typeof signals.$inferInsert, 'id' | 'reporterRef' | 'reporterKey' | 'submitterKey' | 'legacyReporterId' | 'legacySubmittedById'> & {
  reporterId: string;
  submittedById: string;
};
/** The plaintext columns a service may change after submission. */
export type SignalPatch = Partial<Omit<SignalInsert, 'reporterId' | 'submittedById' | 'municipalityId' | 'number'>>;

const T = 'signals';

/** Encrypt the free-text columns of a patch (only those present). */
function sealPatch(vault: Vault, id: string, patch: SignalPatch): Partial<typeof signals.$inferInsert> {
  const c = recordCipher(vault, T, id);
  const out: Partial<typeof signals.$inferInsert> = { ...patch };
  if (patch.place !== undefined) out.place = c.sealOpt('place', patch.place);
  if (patch.explanation !== undefined) out.explanation = c.seal('explanation', patch.explanation);
  if (patch.meetingNote !== undefined) out.meetingNote = c.sealOpt('meeting_note', patch.meetingNote);
  return out;
}

function openSignal(vault: Vault, row: StoredSignal): SignalRow {
  const { reporterRef, reporterKey: _r, submitterKey: _s, legacyReporterId, legacySubmittedById, ...rest } = row;
  const c = recordCipher(vault, T, row.id);
  let link: { reporterId: string | null; submittedById: string | null };
  if (reporterRef) link = JSON.parse(c.open('reporter_ref', reporterRef)) as typeof link;
  else if (legacyReporterId) link = { reporterId: legacyReporterId, submittedById: legacySubmittedById ?? legacyReporterId };
  else link = { reporterId: null, submittedById: null }; // removed by the retention job
  return {
    ...rest,
    place: c.openOpt('place', row.place),
    explanation: c.open('explanation', row.explanation),
    meetingNote: c.openOpt('meeting_note', row.meetingNote),
    reporterId: link.reporterId,
    submittedById: link.submittedById,
  };
}

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

/**
 * Claim an idempotency key for a submission (issue 7.2): true when this transaction now owns it. A
 * concurrent transaction with the same key waits on the primary key until this one ends, then gets
 * false (committed) or the claim (rolled back).
 */
export async function claimSubmission(db: DbOrTx, row: { keyHash: string; municipalityId: string; requestHash: string }): Promise<boolean> {
  const claimed = await db.insert(signalSubmissions).values(row).onConflictDoNothing().returning({ keyHash: signalSubmissions.keyHash });
  return claimed.length > 0;
}

export async function setSubmissionSignal(db: DbOrTx, keyHash: string, signalId: string): Promise<void> {
  await db.update(signalSubmissions).set({ signalId }).where(eq(signalSubmissions.keyHash, keyHash));
}

/** The signal an earlier submission with this key created, with the hash of that request. */
export async function findSubmission(db: DbOrTx, keyHash: string) {
  const [row] = await db
    .select({ requestHash: signalSubmissions.requestHash, id: signals.id, number: signals.number, receivedAt: signals.receivedAt })
    .from(signalSubmissions)
    .innerJoin(signals, eq(signals.id, signalSubmissions.signalId))
    .where(eq(signalSubmissions.keyHash, keyHash));
  return row;
}

export async function insertSignal(db: DbOrTx, vault: Vault, row: SignalInsert): Promise<SignalRow> {
  const id = randomUUID();
  const keys = blindKeys(vault);
  const { reporterId, submittedById, ...plain } = row;
  const [created] = await db
    .insert(signals)
    .values({
      ...sealPatch(vault, id, plain),
      municipalityId: row.municipalityId,
      number: row.number,
      id,
      reporterRef: recordCipher(vault, T, id).seal('reporter_ref', JSON.stringify({ reporterId, submittedById })),
      reporterKey: keys.user(reporterId),
      submitterKey: keys.user(submittedById),
    } as typeof signals.$inferInsert)
    .returning();
  return openSignal(vault, created!);
}

export interface SignalParts {
  persons: { fullName: string; role?: string | undefined; email?: string | undefined; phone?: string | undefined; birthDate?: string | undefined }[];
  organisations: { name: string; kvkNumber?: string | undefined }[];
  addresses: { postcode: string; houseNumber: number; addition?: string | undefined }[];
}

export async function insertSignalParts(db: DbOrTx, vault: Vault, signalId: string, parts: SignalParts): Promise<void> {
  const keys = blindKeys(vault);
  if (parts.persons.length) {
    await db.insert(signalPersons).values(
      parts.persons.map((p, position) => {
        const id = randomUUID();
        const c = recordCipher(vault, 'signal_persons', id);
        return {
          id,
          signalId,
          position,
          fullName: c.seal('full_name', p.fullName),
          role: c.sealOpt('role', p.role),
          email: c.sealOpt('email', p.email),
          phone: c.sealOpt('phone', p.phone),
          birthDate: c.sealOpt('birth_date', p.birthDate),
          nameKey: keys.personName(p.fullName) ?? '',
          emailKey: keys.email(p.email),
          phoneKey: keys.phone(p.phone),
        };
      }),
    );
  }
  if (parts.organisations.length) {
    await db.insert(signalOrganisations).values(
      parts.organisations.map((o, position) => {
        const id = randomUUID();
        const c = recordCipher(vault, 'signal_organisations', id);
        return {
          id,
          signalId,
          position,
          name: c.seal('name', o.name),
          kvkNumber: c.sealOpt('kvk_number', o.kvkNumber),
          nameKey: keys.organisationName(o.name) ?? '',
          kvkKey: keys.kvk(o.kvkNumber),
        };
      }),
    );
  }
  if (parts.addresses.length) {
    await db.insert(signalAddresses).values(
      parts.addresses.map((a, position) => {
        const id = randomUUID();
        const c = recordCipher(vault, 'signal_addresses', id);
        return {
          id,
          signalId,
          position,
          postcode: c.seal('postcode', a.postcode),
          houseNumber: c.seal('house_number', String(a.houseNumber)),
          addition: c.sealOpt('addition', a.addition),
          addressKey: keys.address(a.postcode, a.houseNumber, a.addition) ?? '',
        };
      }),
    );
  }
}

export async function findSignal(db: DbOrTx, vault: Vault, municipalityId: string, id: string): Promise<SignalRow | undefined> {
  const rows = await db
    .select()
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), eq(signals.id, id)))
    .limit(1);
  return rows[0] ? openSignal(vault, rows[0]) : undefined;
}

/** Whether a signal exists in the municipality (no decryption). */
export async function signalExists(db: DbOrTx, municipalityId: string, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: signals.id })
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), eq(signals.id, id)))
    .limit(1);
  return rows.length > 0;
}

/** The id of the signal with that number (no decryption). */
export async function findSignalIdByNumber(db: DbOrTx, municipalityId: string, number: string): Promise<string | undefined> {
  const rows = await db
    .select({ id: signals.id })
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), eq(signals.number, number)))
    .limit(1);
  return rows[0]?.id;
}

/** The number of a signal (no decryption). */
export async function findSignalNumber(db: DbOrTx, municipalityId: string, id: string): Promise<string | undefined> {
  const rows = await db
    .select({ number: signals.number })
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), eq(signals.id, id)))
    .limit(1);
  return rows[0]?.number;
}

export async function loadSignalParts(db: DbOrTx, vault: Vault, signalId: string) {
  const [persons, organisations, addresses] = await Promise.all([
    db.select().from(signalPersons).where(eq(signalPersons.signalId, signalId)).orderBy(asc(signalPersons.position)),
    db.select().from(signalOrganisations).where(eq(signalOrganisations.signalId, signalId)).orderBy(asc(signalOrganisations.position)),
    db.select().from(signalAddresses).where(eq(signalAddresses.signalId, signalId)).orderBy(asc(signalAddresses.position)),
  ]);
  return {
    persons: persons.map((p) => {
      const c = recordCipher(vault, 'signal_persons', p.id);
      return {
        id: p.id,
        fullName: c.open('full_name', p.fullName),
        role: c.openOpt('role', p.role),
        email: c.openOpt('email', p.email),
        phone: c.openOpt('phone', p.phone),
        birthDate: c.openOpt('birth_date', p.birthDate),
      };
    }),
    organisations: organisations.map((o) => {
      const c = recordCipher(vault, 'signal_organisations', o.id);
      return { id: o.id, name: c.open('name', o.name), kvkNumber: c.openOpt('kvk_number', o.kvkNumber) };
    }),
    addresses: addresses.map((a) => {
      const c = recordCipher(vault, 'signal_addresses', a.id);
      return {
        id: a.id,
        postcode: c.open('postcode', a.postcode),
        houseNumber: Number(c.open('house_number', a.houseNumber)),
        addition: c.openOpt('addition', a.addition),
      };
    }),
  };
}
export type LoadedSignalParts = Awaited<ReturnType<typeof loadSignalParts>>;

/** Name and role of these signal persons (the persons shared for a meeting), in one query. */
export async function findSignalPersons(db: DbOrTx, vault: Vault, ids: readonly string[]) {
  if (!ids.length) return [];
  const rows = await db
    .select({ id: signalPersons.id, signalId: signalPersons.signalId, fullName: signalPersons.fullName, role: signalPersons.role })
    .from(signalPersons)
    .where(inArray(signalPersons.id, [...new Set(ids)]));
  return rows.map((p) => {
    const c = recordCipher(vault, 'signal_persons', p.id);
    return { id: p.id, signalId: p.signalId, fullName: c.open('full_name', p.fullName), role: c.openOpt('role', p.role) };
  });
}

/**
 * Move a signal to a new state only if it is still in the state we read
 * (optimistic concurrency). Returns false when someone else moved it first.
 */
export async function updateSignalState(
  db: DbOrTx,
  vault: Vault,
  id: string,
  from: SignalState,
  patch: SignalPatch & { state: SignalState },
): Promise<boolean> {
  const rows = await db
    .update(signals)
    .set({ ...sealPatch(vault, id, patch), updatedAt: new Date() })
    .where(and(eq(signals.id, id), eq(signals.state, from)))
    .returning({ id: signals.id });
  return rows.length > 0;
}

export async function updateSignal(db: DbOrTx, vault: Vault, id: string, patch: SignalPatch): Promise<void> {
  await db.update(signals).set({ ...sealPatch(vault, id, patch), updatedAt: new Date() }).where(eq(signals.id, id));
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
    // The id last: a stable order for paging when two signals share a millisecond.
    .orderBy(...(opts.acuteFirst ? [desc(signals.acuteDanger)] : []), desc(signals.receivedAt), desc(signals.id))
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
  /** Reported or submitted by the user whose blind key (BlindKeys.user) is given. */
  ownedBy: (userKey: string) => or(eq(signals.reporterKey, userKey), eq(signals.submitterKey, userKey)),
  openInDepartment: (departmentId: string) =>
    and(eq(signals.reporterDepartmentId, departmentId), sql`${signals.state} <> 'closed'`),
  ids: (ids: string[]) => inArray(signals.id, ids),
};

// --- own signals (reporter view) -------------------------------------------

export async function listOwnSignals(db: DbOrTx, vault: Vault, municipalityId: string, userId: string) {
  const rows = await db
    .select({
      id: signals.id,
      number: signals.number,
      state: signals.state,
      receivedAt: signals.receivedAt,
      observedOn: signals.observedOn,
      reporterRef: signals.reporterRef,
      legacyReporterId: signals.legacyReporterId,
      legacySubmittedById: signals.legacySubmittedById,
      hasFeedback: sql<boolean>`exists (select 1 from ${reporterFeedback} where ${reporterFeedback}."signal_id" = ${signals}."id" and not ${reporterFeedback}."impossible")`,
    })
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), signalFilters.ownedBy(blindKeys(vault).user(userId))))
    .orderBy(desc(signals.receivedAt));
  return rows.map(({ reporterRef, legacyReporterId, legacySubmittedById, ...r }) => ({ ...r, ...openLink(vault, r.id, reporterRef, legacyReporterId, legacySubmittedById) }));
}

function openLink(vault: Vault, id: string, ref: string | null, legacyReporterId: string | null, legacySubmittedById: string | null) {
  if (ref) return JSON.parse(recordCipher(vault, T, id).open('reporter_ref', ref)) as { reporterId: string; submittedById: string };
  return { reporterId: legacyReporterId!, submittedById: legacySubmittedById ?? legacyReporterId! };
}

/** Open signals of a department, and whether the given user submitted each (by blind key). */
export async function listDepartmentOpenSignals(db: DbOrTx, vault: Vault, municipalityId: string, departmentId: string, userId: string) {
  const mine = blindKeys(vault).user(userId);
  return db
    .select({
      number: signals.number,
      state: signals.state,
      receivedAt: signals.receivedAt,
      submittedByMe: sql<boolean>`coalesce(${signals.submitterKey} = ${mine}, false)`,
    })
    .from(signals)
    .where(and(eq(signals.municipalityId, municipalityId), signalFilters.openInDepartment(departmentId)))
    .orderBy(desc(signals.receivedAt));
}

// --- enrichment, reporter feedback, history ------------------------------------

type NoteInsert = Omit<typeof enrichmentNotes.$inferInsert, 'id'>;

export async function insertEnrichmentNote(db: DbOrTx, vault: Vault, row: NoteInsert): Promise<void> {
  const id = randomUUID();
  const c = recordCipher(vault, 'enrichment_notes', id);
  await db.insert(enrichmentNotes).values({ ...row, id, sourceSystem: c.seal('source_system', row.sourceSystem), finding: c.seal('finding', row.finding) });
}

export async function listEnrichmentNotes(db: DbOrTx, vault: Vault, signalId: string) {
  const rows = await db
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
  return rows.map((r) => {
    const c = recordCipher(vault, 'enrichment_notes', r.id);
    return { ...r, sourceSystem: c.open('source_system', r.sourceSystem), finding: c.open('finding', r.finding) };
  });
}

export async function insertReporterFeedback(db: DbOrTx, vault: Vault, row: Omit<typeof reporterFeedback.$inferInsert, 'id'>): Promise<void> {
  const id = randomUUID();
  await db.insert(reporterFeedback).values({ ...row, id, text: recordCipher(vault, 'reporter_feedback', id).seal('text', row.text) });
}

export async function listReporterFeedback(db: DbOrTx, vault: Vault, signalId: string) {
  const rows = await db.select().from(reporterFeedback).where(eq(reporterFeedback.signalId, signalId)).orderBy(asc(reporterFeedback.createdAt));
  return rows.map((r) => ({ ...r, text: recordCipher(vault, 'reporter_feedback', r.id).open('text', r.text) }));
}

/** Whether the coordinator recorded any feedback to the reporter (no decryption). */
export async function hasReporterFeedback(db: DbOrTx, signalId: string): Promise<boolean> {
  const rows = await db.select({ id: reporterFeedback.id }).from(reporterFeedback).where(eq(reporterFeedback.signalId, signalId)).limit(1);
  return rows.length > 0;
}

export async function insertHistory(db: DbOrTx, vault: Vault, row: Omit<typeof signalHistory.$inferInsert, 'id'>): Promise<void> {
  const id = randomUUID();
  await db.insert(signalHistory).values({ ...row, id, reason: recordCipher(vault, 'signal_history', id).sealOpt('reason', row.reason) });
}

export async function listHistory(db: DbOrTx, vault: Vault, signalId: string) {
  const rows = await db
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
    .leftJoin(users, eq(users.id, signalHistory.actorId))
    .where(eq(signalHistory.signalId, signalId))
    .orderBy(asc(signalHistory.seq));
  return rows.map((r) => ({ ...r, reason: recordCipher(vault, 'signal_history', r.id).openOpt('reason', r.reason) }));
}

export async function insertIdentityDisclosure(db: DbOrTx, vault: Vault, values: Omit<typeof identityDisclosures.$inferInsert, 'id'>) {
  const id = randomUUID();
  const [row] = await db
    .insert(identityDisclosures)
    .values({ ...values, id, reason: recordCipher(vault, 'identity_disclosures', id).seal('reason', values.reason) })
    .returning({ id: identityDisclosures.id });
  return row!;
}

/** The deputy coordinator's look-ups of a signal's reporter, newest first. */
export async function listIdentityDisclosures(db: DbOrTx, vault: Vault, signalId: string) {
  const rows = await db
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
  return rows.map((r) => ({ ...r, reason: recordCipher(vault, 'identity_disclosures', r.id).open('reason', r.reason) }));
}
