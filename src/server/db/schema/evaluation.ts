import { integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { municipalities, users } from './organisation.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Issue 5 point 4: the coordinator's conclusions and recommendations for one two-year evaluation
 * period (the year it starts: 2025 for 2025–2026). They go into the evaluation report that is sent
 * to the council. Policy text, not personal data, so not encrypted; length-limited free text.
 */
export const evaluationConclusions = pgTable(
  'evaluation_conclusions',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    periodStart: integer().notNull(),
    conclusions: text(),
    recommendations: text(),
    updatedById: uuid().references(() => users.id),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [unique('evaluation_conclusions_period_key').on(t.municipalityId, t.periodStart)],
);
