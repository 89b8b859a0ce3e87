import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ActionStatus, MeetingCadence, MeetingStatus } from '../../../shared/api/meetings.js';
import { meetingStructures } from './directory.js';
import { municipalities, users } from './organisation.js';
import { signals } from './signal.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Issue 6.1: a meeting series (the local undermining meeting every four weeks, the monthly
 * trafficking meeting, ad hoc case meetings) with its cadence and participants.
 */
export const meetingSeries = pgTable(
  'meeting_series',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    name: text().notNull(),
    cadence: text().$type<MeetingCadence>().notNull(),
    /** The first meeting's local date (YYYY-MM-DD); the cadence counts from it. */
    firstDate: date({ mode: 'string' }).notNull(),
    /** Local start time, HH:MM (Europe/Amsterdam). */
    startTime: text().notNull(),
    durationMinutes: integer().notNull(),
    location: text(),
    /** The regional or local meeting structure (Bijlage 3–4) this series is an instance of. */
    meetingStructureId: uuid().references(() => meetingStructures.id),
    active: boolean().notNull().default(true),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index('meeting_series_municipality_idx').on(t.municipalityId)],
);

/** A participant: a Meldroute user, or an external guest by name (encrypted) and organisation. */
export const meetingParticipants = pgTable(
  'meeting_participants',
  {
    id: uuid().primaryKey().defaultRandom(),
    seriesId: uuid()
      .notNull()
      .references(() => meetingSeries.id, { onDelete: 'cascade' }),
    userId: uuid().references(() => users.id),
    /** Encrypted (a private person's name). Null for a user. */
    guestName: text(),
    guestOrganisation: text(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    index('meeting_participants_series_idx').on(t.seriesId),
    index('meeting_participants_user_idx').on(t.userId),
    uniqueIndex('meeting_participants_user_uq').on(t.seriesId, t.userId).where(sql`${t.userId} is not null`),
  ],
);

/** One meeting of a series: its date, the agenda's state and the minutes. */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    seriesId: uuid()
      .notNull()
      .references(() => meetingSeries.id),
    date: date({ mode: 'string' }).notNull(),
    startTime: text().notNull(),
    durationMinutes: integer().notNull(),
    location: text(),
    status: text().$type<MeetingStatus>().notNull().default('draft'),
    agendaPublishedAt: ts(),
    minutesFinalisedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('meetings_series_date_uq').on(t.seriesId, t.date),
    index('meetings_municipality_date_idx').on(t.municipalityId, t.date),
  ],
);

/**
 * An agenda item: a signal (shown to participants by number, form and the summary the coordinator
 * wrote for this meeting, plus only the persons shared for it) or another topic. Title, summary,
 * minutes and decision are encrypted.
 */
export const meetingItems = pgTable(
  'meeting_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    signalId: uuid().references(() => signals.id),
    title: text(),
    summary: text(),
    /** Ids of the signal's persons (signal_persons) the coordinator chose to share for this meeting. */
    sharedPersonIds: jsonb().$type<string[]>().notNull().default([]),
    minutes: text(),
    decision: text(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index('meeting_items_meeting_idx').on(t.meetingId, t.position), index('meeting_items_signal_idx').on(t.signalId)],
);

/** An action item decided in a meeting: owner, due date, status. Appears in the owner's worklist. */
export const meetingActions = pgTable(
  'meeting_actions',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    itemId: uuid()
      .notNull()
      .references(() => meetingItems.id, { onDelete: 'cascade' }),
    /** The item's signal, if any (for the signal's history and the owner's worklist). */
    signalId: uuid().references(() => signals.id),
    /** Encrypted. */
    description: text().notNull(),
    ownerId: uuid()
      .notNull()
      .references(() => users.id),
    dueDate: date({ mode: 'string' }).notNull(),
    status: text().$type<ActionStatus>().notNull().default('open'),
    doneAt: ts(),
    createdById: uuid().references(() => users.id),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [index('meeting_actions_owner_idx').on(t.ownerId, t.status, t.dueDate), index('meeting_actions_meeting_idx').on(t.meetingId)],
);
