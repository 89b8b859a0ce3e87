import { integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from './organisation.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });

/**
 * Issue 5 point 8: context series — published figures from elsewhere (regional, national) shown
 * beside the municipality's own, one value per year. Not signal data: no encryption, no suppression.
 */
export const contextSeries = pgTable(
  'context_series',
  {
    id: uuid().primaryKey().defaultRandom(),
    municipalityId: uuid().notNull().references(() => municipalities.id),
    name: text().notNull(),
    source: text().notNull(),
    unit: text().notNull(),
    description: text(),
    /** Set on a series that came from the municipality's configuration file (seed.ts), null otherwise. */
    seedCode: text(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('context_series_name_idx').on(t.municipalityId, t.name),
    uniqueIndex('context_series_seed_idx').on(t.municipalityId, t.seedCode),
  ],
);

export const contextSeriesPoints = pgTable(
  'context_series_points',
  {
    seriesId: uuid().notNull().references(() => contextSeries.id, { onDelete: 'cascade' }),
    year: integer().notNull(),
    value: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.year] })],
);
