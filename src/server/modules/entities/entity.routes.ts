import { z } from 'zod';
import {
  addEntityInput,
  clusterList,
  enrichmentRecord,
  entityView,
  linkDecisionInput,
  linkedSignals,
  networkQuery,
  signalMatches,
  signalNetwork,
} from '../../../shared/api/entity.js';
import { id } from '../../../shared/api/fields.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { EntityService } from './entity.service.js';

const params = z.object({ id });

export function entityRoutes(app: App, service: EntityService): void {
  const tags = ['entities'];

  app.get('/api/signals/:id/matches', {
    schema: { tags, summary: 'Candidate matches per entity of the signal: earlier signals and register records (coordinator)', params, response: { 200: signalMatches, ...errors } },
  }, async (request) => service.matches(actorOf(request), request.params.id));

  app.post('/api/signals/:id/links', {
    schema: { tags, summary: 'Confirm or reject a candidate match (remembered and audited)', params, body: linkDecisionInput, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await service.decide(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.post('/api/signals/:id/entities', {
    schema: { tags, summary: 'Add a person, organisation, address, phone, e-mail, vehicle or website to the signal', params, body: addEntityInput, response: { 201: entityView, ...errors } },
  }, async (request, reply) => reply.code(201).send(await service.addEntity(actorOf(request), request.params.id, request.body)));

  app.get('/api/signals/:id/linked', {
    schema: { tags, summary: 'Signals that share a confirmed entity with this one', params, response: { 200: linkedSignals, ...errors } },
  }, async (request) => service.linked(actorOf(request), request.params.id));

  app.get('/api/clusters', {
    schema: { tags, summary: 'Connected groups of signals through confirmed links, with size, forms and period (coordinator)', response: { 200: clusterList, ...errors } },
  }, async (request) => service.clusters(actorOf(request)));

  app.get('/api/signals/:id/network', {
    schema: { tags, summary: 'Signals and entities within 1–3 confirmed steps of the signal, bounded', params, querystring: networkQuery, response: { 200: signalNetwork, ...errors } },
  }, async (request) => service.network(actorOf(request), request.params.id, request.query.depth));

  app.get('/api/signals/:id/enrichment', {
    schema: { tags, summary: 'The enrichment record: notes, confirmed matches and register hits, with author and time', params, response: { 200: enrichmentRecord, ...errors } },
  }, async (request) => service.enrichment(actorOf(request), request.params.id));
}
