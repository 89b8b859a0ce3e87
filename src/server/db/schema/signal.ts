import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  ExploitationForm,
  ReferralChannel,
  ReferralState,
  ShareablePart,
  SignalOutcome,
  SignalState,
  SourceContext,
  VictimInvolved,
} from '../../../shared/domain.js';
import { departments, municipalities, partners, routingRules, users } from './organisation.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const day = () => date({ mode: 'string' });

/** Per-municipality, per-year sequence for signal numbers (MH-2026-0001). */
export const signalCounters = pgTable(
  'signal_counters',
  {
    municipalityId: uuid().notNull().references(() => municipalities.id),
    year: integer().notNull(),
    lastValue: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.year] })],
);

export const signals = pgTable(
  'signals',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    number: text().notNull(),
    state: text().$type<SignalState>().notNull(),
    observedOn: day().notNull(),
    observedTime: text(),
    /** Encrypted (see src/server/crypto/encrypted-columns.ts for every encrypted column). */
    place: text(),
    /** Encrypted. */
    explanation: text().notNull(),
    exploitationForms: text().array().$type<ExploitationForm[]>().notNull(),
    acuteDanger: boolean().notNull(),
    victimInvolved: text().$type<VictimInvolved>().notNull(),
    sourceContext: text().$type<SourceContext>(),
    /**
     * Who reported the signal and who submitted it (a liaison on a colleague's behalf):
     * encrypted JSON `{"reporterId","submittedById"}`, so a dump does not link a colleague
     * to a signal. Null only in rows written before encryption, until the upgrade step
     * at startup (keys.service.ts) has filled it from the legacy columns.
     */
    reporterRef: text(),
    /** Blind indexes (HMAC) of the reporter's and the submitter's user id: "my signals" without plaintext. */
    reporterKey: text(),
    submitterKey: text(),
    /** Before encryption at rest: plain user ids. Emptied by the upgrade step; never written. */
    legacyReporterId: uuid('reporter_id').references(() => users.id),
    legacySubmittedById: uuid('submitted_by_id').references(() => users.id),
    reporterDepartmentId: uuid().references(() => departments.id),
    forMeeting: boolean().notNull().default(false),
    /** Encrypted. */
    meetingNote: text(),
    outcome: text().$type<SignalOutcome>(),
    duplicateOfId: uuid(),
    receivedAt: ts().notNull().defaultNow(),
    registeredAt: ts(),
    closedAt: ts(),
    /** Retention: a legal hold keeps the personal data past the retention term. */
    legalHold: boolean().notNull().default(false),
    /** When the retention job removed the personal data and free text (the anonymous facts remain). */
    anonymisedAt: ts(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('signals_number_uq').on(t.municipalityId, t.number),
    index('signals_state_idx').on(t.municipalityId, t.state, t.receivedAt),
    index('signals_reporter_key_idx').on(t.reporterKey),
    index('signals_submitter_key_idx').on(t.submitterKey),
    index('signals_department_idx').on(t.reporterDepartmentId),
    /** Dashboard (issue 5): signals of a period, a range on received_at. */
    index('signals_received_idx').on(t.municipalityId, t.receivedAt),
  ],
);

export const signalPersons = pgTable(
  'signal_persons',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    /** fullName, role, email, phone, birthDate: encrypted. */
    fullName: text().notNull(),
    role: text(),
    email: text(),
    phone: text(),
    birthDate: text(),
    /** Blind indexes (crypto/blind-keys.ts): normalised name, e-mail, phone (E.164). */
    nameKey: text(),
    emailKey: text(),
    phoneKey: text(),
  },
  (t) => [
    index('signal_persons_signal_idx').on(t.signalId),
    index('signal_persons_name_key_idx').on(t.nameKey),
    index('signal_persons_email_key_idx').on(t.emailKey),
    index('signal_persons_phone_key_idx').on(t.phoneKey),
  ],
);

export const signalOrganisations = pgTable(
  'signal_organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    /** name, kvkNumber: encrypted. */
    name: text().notNull(),
    kvkNumber: text(),
    nameKey: text(),
    kvkKey: text(),
  },
  (t) => [
    index('signal_organisations_signal_idx').on(t.signalId),
    index('signal_organisations_name_key_idx').on(t.nameKey),
    index('signal_organisations_kvk_key_idx').on(t.kvkKey),
  ],
);

export const signalAddresses = pgTable(
  'signal_addresses',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    /** postcode, houseNumber (as text), addition: encrypted. */
    postcode: text().notNull(),
    houseNumber: text().notNull(),
    addition: text(),
    /** Blind index of postcode + house number + addition. */
    addressKey: text(),
  },
  (t) => [index('signal_addresses_signal_idx').on(t.signalId), index('signal_addresses_address_key_idx').on(t.addressKey)],
);

export const enrichmentNotes = pgTable(
  'enrichment_notes',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    departmentId: uuid().references(() => departments.id),
    /** sourceSystem, finding: encrypted. */
    sourceSystem: text().notNull(),
    finding: text().notNull(),
    authorId: uuid().notNull().references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index('enrichment_notes_signal_idx').on(t.signalId)],
);

export const referrals = pgTable(
  'referrals',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    /**
     * The signal's municipality, copied on insert from the signal itself (referral.repo.ts), so that
     * counts over a municipality's referrals (open work: overdue feedback) need not join the signals.
     */
    municipalityId: uuid().notNull().references(() => municipalities.id),
    partnerId: uuid().notNull().references(() => partners.id),
    routingRuleId: uuid().references(() => routingRules.id, { onDelete: 'set null' }),
    state: text().$type<ReferralState>().notNull(),
    referredOn: day().notNull(),
    channel: text().$type<ReferralChannel>().notNull(),
    sharedParts: text().array().$type<ShareablePart[]>().notNull().default(sql`'{}'::text[]`),
    /** sharedNote, feedbackText: encrypted. */
    sharedNote: text(),
    feedbackDueOn: day().notNull(),
    feedbackRequestedOn: day(),
    feedbackReceivedOn: day(),
    feedbackText: text(),
    feedbackById: uuid().references(() => users.id),
    closedAt: ts(),
    createdById: uuid().notNull().references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    index('referrals_signal_idx').on(t.signalId),
    index('referrals_due_idx').on(t.state, t.feedbackDueOn),
    index('referrals_partner_idx').on(t.partnerId),
    // Feedback still awaited, by due date: the dashboard's overdue count is an index-only scan of this.
    index('referrals_awaiting_due_idx')
      .on(t.municipalityId, t.feedbackDueOn)
      .where(sql`${t.state} in ('sent', 'feedback_requested') and ${t.feedbackReceivedOn} is null`),
  ],
);

/**
 * Idempotent submission (issue 7.2): the form sends an Idempotency-Key (a UUID made when the form
 * opens); a retried request with the same key answers with the signal of the first, never a second one.
 * `keyHash` is a blind index (HMAC) of the submitter's user id and the key, `requestHash` a SHA-256 of
 * the parsed request (the same key with another request is refused). The row is claimed first in the
 * submission's transaction, so a concurrent retry waits for the first and then finds it.
 */
export const signalSubmissions = pgTable('signal_submissions', {
  keyHash: text().primaryKey(),
  municipalityId: uuid().notNull().references(() => municipalities.id),
  signalId: uuid().references(() => signals.id, { onDelete: 'cascade' }),
  requestHash: text().notNull(),
  createdAt: ts().notNull().defaultNow(),
});

/** Step 6: what the coordinator told the reporter (visible to the reporter), or why that was impossible. */
export const reporterFeedback = pgTable(
  'reporter_feedback',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    givenOn: day().notNull(),
    impossible: boolean().notNull().default(false),
    /** Encrypted. */
    text: text().notNull(),
    createdById: uuid().notNull().references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index('reporter_feedback_signal_idx').on(t.signalId)],
);

/** Every transition of a signal or one of its referrals: who, when, from, to, why. */
export const signalHistory = pgTable(
  'signal_history',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Insertion order, to keep entries written in one transaction in sequence. */
    seq: bigserial({ mode: 'number' }).notNull(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    referralId: uuid().references(() => referrals.id, { onDelete: 'cascade' }),
    action: text().notNull(),
    fromState: text(),
    toState: text(),
    /** Encrypted. */
    reason: text(),
    /** Null for the submission: who reported is kept encrypted on the signal only. */
    actorId: uuid().references(() => users.id),
    at: ts().notNull().defaultNow(),
  },
  (t) => [index('signal_history_signal_idx').on(t.signalId, t.seq)],
);

/**
 * Each time the deputy coordinator looked up who reported a signal, with the reason
 * they gave. Read by the coordinator on the signal page (the audit trail itself holds
 * no free text).
 */
export const identityDisclosures = pgTable(
  'identity_disclosures',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    userId: uuid().notNull().references(() => users.id),
    /** Encrypted. */
    reason: text().notNull(),
    at: ts().notNull().defaultNow(),
  },
  (t) => [index('identity_disclosures_signal_idx').on(t.signalId)],
);
