import { bigint, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalities } from './organisation.js';

/**
 * Issue 5: the monitoring's monthly pre-aggregate. Per municipality and local month of receipt, the
 * month's facts (stats/month-facts.ts: signal atoms, lead-time and feedback-time histograms — counts
 * only, no signal ids) as computed for `computedVersion`. Triggers on signals, referrals, reporter
 * feedback and partners (migration 0014) raise `version` of every month a change touches, in the
 * same transaction; a month whose `computedVersion` lags is recomputed on the next read.
 */
export const statsMonths = pgTable(
  'stats_months',
  {
    municipalityId: uuid()
      .notNull()
      .references(() => municipalities.id),
    /** YYYY-MM, Europe/Amsterdam. */
    month: text().notNull(),
    version: bigint({ mode: 'number' }).notNull().default(1),
    computedVersion: bigint({ mode: 'number' }),
    payload: jsonb(),
    computedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.month] })],
);
