import { z } from 'zod';
import { id } from '../../../shared/api/fields.js';
import {
  indicator,
  indicatorCounts,
  indicatorInput,
  indicatorListQuery,
  indicatorOrderInput,
  indicatorStatsQuery,
  indicatorUpdateInput,
  maintainedIndicator,
  signalIndicators,
  signalIndicatorsInput,
} from '../../../shared/api/indicators.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { IndicatorService } from './indicator.service.js';

const params = z.object({ id });

/** Issue 6.3: the indicator list, the indicators ticked on a signal, and their counts. */
export function indicatorRoutes(app: App, indicators: IndicatorService): void {
  const tags = ['indicators'];

  app.get('/api/indicators', { schema: { tags, summary: 'The active indicators for the chosen exploitation forms (none or only "unknown": all), to tick on the signal form', querystring: indicatorListQuery, response: { 200: z.array(indicator), ...errors } } },
    async (request) => indicators.list(actorOf(request), request.query.forms));
  app.get('/api/indicators/maintenance', { schema: { tags, summary: 'The whole indicator list, inactive ones included, with how often each was ticked (coordinator)', response: { 200: z.array(maintainedIndicator), ...errors } } },
    async (request) => indicators.maintenanceList(actorOf(request)));
  app.post('/api/indicators', { schema: { tags, summary: 'Add an indicator to the list', body: indicatorInput, response: { 201: indicator, ...errors } } },
    async (request, reply) => reply.code(201).send(await indicators.create(actorOf(request), request.body)));
  app.patch('/api/indicators/:id', { schema: { tags, summary: 'Change the text, group or forms of an indicator, or (de)activate it', params, body: indicatorUpdateInput, response: { 200: indicator, ...errors } } },
    async (request) => indicators.update(actorOf(request), request.params.id, request.body));
  app.delete('/api/indicators/:id', { schema: { tags, summary: 'Delete an indicator that was never ticked (a ticked one: 409, deactivate it instead)', params, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await indicators.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });
  app.put('/api/indicators/order', { schema: { tags, summary: 'Reorder: the listed indicators get their position in the list', body: indicatorOrderInput, response: { 200: z.array(maintainedIndicator), ...errors } } },
    async (request) => indicators.reorder(actorOf(request), request.body));

  app.get('/api/signals/:id/indicators', { schema: { tags, summary: 'The indicators ticked on a signal, by the reporter or the coordinator', params, response: { 200: signalIndicators, ...errors } } },
    async (request) => indicators.ofSignal(actorOf(request), request.params.id));
  app.put('/api/signals/:id/indicators', { schema: { tags, summary: "The coordinator's own ticks on a signal (the reporter's ticks stay)", params, body: signalIndicatorsInput, response: { 200: signalIndicators, ...errors } } },
    async (request) => indicators.setSignalTicks(actorOf(request), request.params.id, request.body.indicatorIds));

  app.get('/api/stats/indicators', { schema: { tags, summary: 'Ticked indicators per indicator and group for the signals received in one year (suppressed for the analyst)', querystring: indicatorStatsQuery, response: { 200: indicatorCounts, ...errors } } },
    async (request) => indicators.counts(actorOf(request), request.query.year));
}
