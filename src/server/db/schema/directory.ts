import { date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, boolean } from 'drizzle-orm/pg-core';
import type { MeetingKind, MeetingLevel } from '../../../shared/api/directory.js';
import { departments, municipalities, partners, users } from './organisation.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Issue 6.2: the regional and local meeting structures (Bijlage 3–4 of the policy plan) and
 * which partners sit in them. Organisational data only: participants are organisations or
 * offices ("Burgemeester Baarn"), never private persons.
 */
export const meetingStructures = pgTable(
  'meeting_structures',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    code: text().notNull(),
    name: text().notNull(),
    level: text().$type<MeetingLevel>().notNull(),
    kind: text().$type<MeetingKind>().notNull(),
    purpose: text(),
    chair: text(),
    frequency: text(),
    otherParticipants: text(),
    position: integer().notNull().default(100),
    active: boolean().notNull().default(true),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('meeting_structures_code_uq').on(t.municipalityId, t.code)],
);

export const meetingStructurePartners = pgTable(
  'meeting_structure_partners',
  {
    meetingStructureId: uuid()
      .notNull()
      .references(() => meetingStructures.id, { onDelete: 'cascade' }),
    partnerId: uuid()
      .notNull()
      .references(() => partners.id),
  },
  (t) => [primaryKey({ columns: [t.meetingStructureId, t.partnerId] }), index('meeting_structure_partners_partner_idx').on(t.partnerId)],
);

/**
 * Issue 6.4: the liaison network. A row names a department that has a liaison
 * (taakaccenthouder mensenhandel) and, once the admin assigned one, the user.
 */
export const departmentLiaisons = pgTable(
  'department_liaisons',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id),
    userId: uuid().references(() => users.id),
    /** Free text, e.g. "ma–do, 9–17". */
    availability: text(),
    /** Away (leave, illness) up to and including this day. */
    awayUntil: date({ mode: 'string' }),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    index('department_liaisons_department_idx').on(t.municipalityId, t.departmentId),
    uniqueIndex('department_liaisons_user_uq').on(t.departmentId, t.userId),
  ],
);

/**
 * Per municipality: the monthly trafficking meeting of the liaison network, and which version
 * of the directory seed (config/municipalities/*.json) was applied, so that the seed runs
 * once per version on existing databases and never overwrites the admin's later edits.
 */
export const directorySettings = pgTable('directory_settings', {
  municipalityId: uuid()
    .primaryKey()
    .references(() => municipalities.id),
  seedVersion: integer().notNull().default(0),
  liaisonMeetingId: uuid().references(() => meetingStructures.id),
  liaisonMeetingNote: text(),
  updatedAt: ts().notNull().defaultNow(),
});
