import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ExploitationForm, IndicatorGroup, IndicatorTickSource } from '../../../shared/domain.js';
import { municipalities, users } from './organisation.js';
import { signals } from './signal.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Issue 6.3: the municipality's indicator list — signs that may point to trafficking, per
 * exploitation form and group, in the municipality's own words. The coordinator maintains it.
 * An indicator keeps its id for life: texts are edited in place, and one that was ticked on a
 * signal is deactivated, never deleted (the foreign key below refuses the delete as well).
 */
export const indicators = pgTable(
  'indicators',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    /** Stable key of a seeded indicator (the default list is seeded by it, idempotently); null for the coordinator's own. */
    code: text(),
    group: text().$type<IndicatorGroup>().notNull(),
    /** The exploitation forms the indicator applies to (at least one; never "unknown"). */
    forms: text().array().$type<ExploitationForm[]>().notNull(),
    text: text().notNull(),
    active: boolean().notNull().default(true),
    sortOrder: integer().notNull().default(0),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('indicators_code_uq').on(t.municipalityId, t.code), index('indicators_list_idx').on(t.municipalityId, t.group, t.sortOrder)],
);

/**
 * The indicators ticked on a signal: by the reporter at submission, or by the coordinator while
 * recording. Anonymous facts about the signal (no person, no free text), so the retention job keeps
 * them: the monitoring counts them (docs/indicators.md).
 */
export const signalIndicators = pgTable(
  'signal_indicators',
  {
    signalId: uuid().notNull().references(() => signals.id, { onDelete: 'cascade' }),
    indicatorId: uuid().notNull().references(() => indicators.id, { onDelete: 'restrict' }),
    source: text().$type<IndicatorTickSource>().notNull(),
    /** Who ticked it when that was the coordinator; null for the reporter (their identity stays on the signal only). */
    tickedById: uuid().references(() => users.id),
    tickedAt: ts().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.signalId, t.indicatorId] }), index('signal_indicators_indicator_idx').on(t.indicatorId)],
);
