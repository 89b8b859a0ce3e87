import type { z } from 'zod';
import { DEFAULT_SMALL_CELL_THRESHOLD } from '../../../shared/api/admin.js';
import type { yearlyOverview } from '../../../shared/api/reference.js';
import { SOURCE_CONTEXTS } from '../../../shared/domain.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/actor.js';
import { assertCan, can } from '../../lib/permissions.js';
import { audit } from '../audit/audit.service.js';
import { findMunicipality } from '../municipality/municipality.repo.js';
import { buildFamily, measure } from './dashboard.figures.js';
import { listDepartmentsForStats, listPartnersForStats } from './dashboard.repo.js';
import { marginsOfMonths } from './month-facts.js';
import { loadMonthFacts } from './month-facts.repo.js';
import { countSignalsPerYear } from './stats.repo.js';

/** Counts below this are shown as "< 5" to everyone but the coordinator (unless the municipality set another). */
export const SMALL_CELL_THRESHOLD = DEFAULT_SMALL_CELL_THRESHOLD;

export const suppress = (n: number, threshold = SMALL_CELL_THRESHOLD): number | null => (n < threshold ? null : n);

/**
 * Yearly totals. For the analyst each year's two numbers are read from the same protected table
 * family as the dashboard (dashboard.figures.ts), so this overview never shows a number the
 * dashboard hides (e.g. "referred" when "not referred" is a small count).
 */
export function createStatsService(deps: { db: Db }) {
  const { db } = deps;
  return {
    async yearly(actor: Actor): Promise<z.output<typeof yearlyOverview>> {
      assertCan(actor, 'stats.read');
      const exact = can(actor, 'signal.read_all');
      const rows = await countSignalsPerYear(db, actor.municipalityId);
      const threshold = (await findMunicipality(db, actor.municipalityId))?.settings.smallCellThreshold ?? DEFAULT_SMALL_CELL_THRESHOLD;
      let years: z.output<typeof yearlyOverview>['years'];
      if (exact) years = rows.map((r) => ({ year: r.year, signals: r.signals, referred: r.referred }));
      else {
        const [departments, partners] = await Promise.all([listDepartmentsForStats(db, actor.municipalityId), listPartnersForStats(db, actor.municipalityId)]);
        const dims = {
          departmentIds: departments.map((d) => d.id),
          sourceContexts: [...SOURCE_CONTEXTS],
          partnerIds: partners.map((p) => p.id),
          externalPartnerIds: partners.filter((p) => p.kind === 'external').map((p) => p.id),
        };
        years = [];
        for (const r of rows) {
          const [from, to] = [`${r.year}-01`, `${r.year}-12`];
          const family = buildFamily(marginsOfMonths((await loadMonthFacts(db, actor.municipalityId, from, to)).months), dims, from, to, threshold);
          const signals = family.read('all', measure.signals({ from, to }));
          const referred = family.read('all', measure.referred({ from, to }));
          years.push({ year: r.year, signals: signals.hidden ? null : signals.value, referred: referred.hidden ? null : referred.value });
        }
      }
      await audit(db, actor, { action: 'stats.yearly', objectType: 'stats', result: 'ok' });
      return { threshold, years };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
