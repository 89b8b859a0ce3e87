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
    place: text(),
    explanation: text().notNull(),
    exploitationForms: text().array().$type<ExploitationForm[]>().notNull(),
    acuteDanger: boolean().notNull(),
    victimInvolved: text().$type<VictimInvolved>().notNull(),
    sourceContext: text().$type<SourceContext>(),
    reporterId: uuid().notNull().references(() => users.id),
    submittedById: uuid().notNull().references(() => users.id),
    reporterDepartmentId: uuid().references(() => departments.id),
    forMeeting: boolean().notNull().default(false),
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
    index('signals_reporter_idx').on(t.reporterId),
    index('signals_submitter_idx').on(t.submittedById),
    index('signals_department_idx').on(t.reporterDepartmentId),
  ],
);

export const signalPersons = pgTable(
  'signal_persons',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    fullName: text().notNull(),
    role: text(),
    email: text(),
    phone: text(),
  },
  (t) => [index('signal_persons_signal_idx').on(t.signalId)],
);

export const signalOrganisations = pgTable(
  'signal_organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    name: text().notNull(),
    kvkNumber: text(),
  },
  (t) => [index('signal_organisations_signal_idx').on(t.signalId)],
);

export const signalAddresses = pgTable(
  'signal_addresses',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    postcode: text().notNull(),
    houseNumber: integer().notNull(),
    addition: text(),
  },
  (t) => [index('signal_addresses_signal_idx').on(t.signalId)],
);

export const enrichmentNotes = pgTable(
  'enrichment_notes',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    departmentId: uuid().references(() => departments.id),
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
    partnerId: uuid().notNull().references(() => partners.id),
    routingRuleId: uuid().references(() => routingRules.id, { onDelete: 'set null' }),
    state: text().$type<ReferralState>().notNull(),
    referredOn: day().notNull(),
    channel: text().$type<ReferralChannel>().notNull(),
    sharedParts: text().array().$type<ShareablePart[]>().notNull().default(sql`'{}'::text[]`),
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
  ],
);

/** Step 6: what the coordinator told the reporter (visible to the reporter), or why that was impossible. */
export const reporterFeedback = pgTable(
  'reporter_feedback',
  {
    id: uuid().primaryKey().defaultRandom(),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    givenOn: day().notNull(),
    impossible: boolean().notNull().default(false),
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
    reason: text(),
    actorId: uuid().notNull().references(() => users.id),
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
    reason: text().notNull(),
    at: ts().notNull().defaultNow(),
  },
  (t) => [index('identity_disclosures_signal_idx').on(t.signalId)],
);
