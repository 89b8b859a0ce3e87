import { z } from 'zod';
import { colleague, referenceData, yearlyOverview } from '../../../shared/api/reference.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { StatsService } from '../stats/stats.service.js';
import type { ReferenceService } from './reference.service.js';

export function referenceRoutes(app: App, reference: ReferenceService, stats: StatsService): void {
  app.get('/api/reference', { schema: { tags: ['reference'], summary: 'Departments and partner directory', response: { 200: referenceData, ...errors } } },
    async (request) => reference.reference(actorOf(request)));
  app.get('/api/department/colleagues', { schema: { tags: ['reference'], summary: 'Colleagues a liaison may submit for', response: { 200: z.array(colleague), ...errors } } },
    async (request) => reference.colleagues(actorOf(request)));
  app.get('/api/stats/yearly', { schema: { tags: ['stats'], summary: 'Signals and referrals per year (small counts suppressed for the analyst)', response: { 200: yearlyOverview, ...errors } } },
    async (request) => stats.yearly(actorOf(request)));
}
