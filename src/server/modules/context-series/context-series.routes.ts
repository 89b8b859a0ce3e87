import { z } from 'zod';
import {
  contextSeries,
  contextSeriesInput,
  contextSeriesList,
  contextSeriesParams,
  contextSeriesPointParams,
  contextSeriesPointsInput,
  contextSeriesUpdateInput,
} from '../../../shared/api/context-series.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { ContextSeriesService } from './context-series.service.js';

/** Issue 5 point 8: context series (regional figures) beside the municipality's own. */
export function contextSeriesRoutes(app: App, service: ContextSeriesService): void {
  const tags = ['stats'];

  app.get('/api/stats/context-series', { schema: { tags, summary: 'Context series (regional or national figures per year), shown as entered: public aggregates, no suppression', response: { 200: contextSeriesList, ...errors } } },
    async (request) => service.list(actorOf(request)));
  app.post('/api/stats/context-series', { schema: { tags, summary: 'Add a context series, optionally with its first values', body: contextSeriesInput, response: { 201: contextSeries, ...errors } } },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)));
  app.patch('/api/stats/context-series/:id', { schema: { tags, summary: 'Change the name, source, unit or description of a context series', params: contextSeriesParams, body: contextSeriesUpdateInput, response: { 200: contextSeries, ...errors } } },
    async (request) => service.update(actorOf(request), request.params.id, request.body));
  app.delete('/api/stats/context-series/:id', { schema: { tags, summary: 'Delete a context series with its values', params: contextSeriesParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });
  app.put('/api/stats/context-series/:id/points', { schema: { tags, summary: 'Add or change values per year (other years stay)', params: contextSeriesParams, body: contextSeriesPointsInput, response: { 200: contextSeries, ...errors } } },
    async (request) => service.upsertPoints(actorOf(request), request.params.id, request.body));
  app.delete('/api/stats/context-series/:id/points/:year', { schema: { tags, summary: 'Delete the value of one year', params: contextSeriesPointParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.deletePoint(actorOf(request), request.params.id, request.params.year);
      return reply.code(204).send(null);
    });
}
