import type { z } from 'zod';
import type { yearlyOverview } from '../../../shared/api/reference.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { assertCan, can } from '../../lib/permissions.js';
import { audit } from '../audit/audit.service.js';
import { countSignalsPerYear } from './stats.repo.js';

/** Counts below this are shown as "< 5" to everyone but the coordinator. */
export const SMALL_CELL_THRESHOLD = 5;

export const suppress = (n: number, threshold = SMALL_CELL_THRESHOLD): number | null => (n < threshold ? null : n);

/**
 * A first, deliberately small overview for the analyst: yearly totals only, so
 * no suppressed cell can be recomputed from a total. The full dashboard with
 * complementary suppression is issue 5.
 */
export function createStatsService(deps: { db: Db }) {
  const { db } = deps;
  return {
    async yearly(actor: Actor): Promise<z.output<typeof yearlyOverview>> {
      assertCan(actor, 'stats.read');
      const exact = can(actor, 'signal.read_all');
      const rows = await countSignalsPerYear(db, actor.municipalityId);
      await audit(db, actor, { action: 'stats.yearly', objectType: 'stats', result: 'ok' });
      return {
        threshold: SMALL_CELL_THRESHOLD,
        years: rows.map((r) => ({
          year: r.year,
          signals: exact ? r.signals : suppress(r.signals),
          referred: exact ? r.referred : suppress(r.referred),
        })),
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
