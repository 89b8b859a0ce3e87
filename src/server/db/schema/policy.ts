import { date, index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ActivityStatus, Ambition, ExploitationForm, InterventionKind, Pillar } from '../../../shared/domain.js';
import { departments, municipalities, users } from './organisation.js';
import { signals } from './signal.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const day = () => date({ mode: 'string' });

/**
 * Issue 5: the implementation plan. An activity belongs to a two-year period (the year it
 * starts, e.g. 2025 for 2025–2026), one ambition (1–5) and one pillar.
 */
export const planActivities = pgTable(
  'plan_activities',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    periodStart: integer().notNull(),
    title: text().notNull(),
    ambition: smallint().$type<Ambition>().notNull(),
    pillar: text().$type<Pillar>().notNull(),
    owner: text().notNull(),
    startOn: day(),
    dueOn: day(),
    status: text().$type<ActivityStatus>().notNull(),
    notes: text(),
    result: text(),
    /** The activity of the previous period this one continues (carried over while open). */
    carriedFromId: uuid(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index('plan_activities_period_idx').on(t.municipalityId, t.periodStart)],
);

/** Awareness and training sessions (CoMensha, RIEC, …) and who took part per department. */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    heldOn: day().notNull(),
    provider: text().notNull(),
    topic: text().notNull(),
    exploitationForms: text().array().$type<ExploitationForm[]>().notNull(),
    notes: text(),
    createdById: uuid().references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index('training_sessions_held_idx').on(t.municipalityId, t.heldOn)],
);

export const trainingParticipation = pgTable(
  'training_participation',
  {
    sessionId: uuid().notNull().references(() => trainingSessions.id, { onDelete: 'cascade' }),
    departmentId: uuid().notNull().references(() => departments.id),
    participants: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.departmentId] })],
);

/** Administrative interventions (barriers): Bibob test, closure, penalty, permit refused/withdrawn, housing inspection. */
export const interventions = pgTable(
  'interventions',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    kind: text().$type<InterventionKind>().notNull(),
    decidedOn: day().notNull(),
    legalBasis: text().notNull(),
    result: text(),
    /** Free text about the case: may name people, so stored encrypted (crypto/encrypted-columns.ts). */
    notes: text(),
    createdById: uuid().references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index('interventions_decided_idx').on(t.municipalityId, t.decidedOn)],
);

export const interventionSignals = pgTable(
  'intervention_signals',
  {
    interventionId: uuid().notNull().references(() => interventions.id, { onDelete: 'cascade' }),
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.interventionId, t.signalId] }), index('intervention_signals_signal_idx').on(t.signalId)],
);
