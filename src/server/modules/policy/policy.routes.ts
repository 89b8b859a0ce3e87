import { z } from 'zod';
import { id } from '../../../shared/api/fields.js';
import {
  carryOverParams,
  carryOverResult,
  intervention,
  interventionCounts,
  interventionCountsQuery,
  interventionInput,
  interventionUpdateInput,
  planActivity,
  planActivityInput,
  planActivityUpdateInput,
  planOverview,
  planQuery,
  reachQuery,
  trainingReach,
  trainingSession,
  trainingSessionInput,
  trainingSessionUpdateInput,
} from '../../../shared/api/policy.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { PolicyService } from './policy.service.js';

const params = z.object({ id });

/** Issue 5 points 5–7: implementation plan, awareness and training, interventions. */
export function policyRoutes(app: App, policy: PolicyService): void {
  const plan = ['plan'];
  const training = ['training'];
  const barriers = ['interventions'];

  app.get('/api/plan/activities', { schema: { tags: plan, summary: 'The activities of one plan period (default: the current one), with counts per ambition and pillar', querystring: planQuery, response: { 200: planOverview, ...errors } } },
    async (request) => policy.plan(actorOf(request), request.query.period));
  app.post('/api/plan/activities', { schema: { tags: plan, summary: 'Add an activity to the implementation plan', body: planActivityInput, response: { 201: planActivity, ...errors } } },
    async (request, reply) => reply.code(201).send(await policy.createActivity(actorOf(request), request.body)));
  app.patch('/api/plan/activities/:id', { schema: { tags: plan, summary: 'Change an activity (status, dates, notes, result…); done needs a result', params, body: planActivityUpdateInput, response: { 200: planActivity, ...errors } } },
    async (request) => policy.updateActivity(actorOf(request), request.params.id, request.body));
  app.delete('/api/plan/activities/:id', { schema: { tags: plan, summary: 'Delete an activity', params, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await policy.deleteActivity(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });
  app.post('/api/plan/periods/:periodStart/carry-over', { schema: { tags: plan, summary: 'Carry the open activities of a period over to the next period (idempotent)', params: carryOverParams, response: { 200: carryOverResult, ...errors } } },
    async (request) => policy.carryOver(actorOf(request), request.params.periodStart));

  app.get('/api/training/sessions', { schema: { tags: training, summary: 'Awareness and training sessions with participants per department', response: { 200: z.array(trainingSession), ...errors } } },
    async (request) => policy.sessions(actorOf(request)));
  app.post('/api/training/sessions', { schema: { tags: training, summary: 'Register a training session', body: trainingSessionInput, response: { 201: trainingSession, ...errors } } },
    async (request, reply) => reply.code(201).send(await policy.createSession(actorOf(request), request.body)));
  app.patch('/api/training/sessions/:id', { schema: { tags: training, summary: 'Change a training session (participation is replaced as a whole)', params, body: trainingSessionUpdateInput, response: { 200: trainingSession, ...errors } } },
    async (request) => policy.updateSession(actorOf(request), request.params.id, request.body));
  app.delete('/api/training/sessions/:id', { schema: { tags: training, summary: 'Delete a training session', params, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await policy.deleteSession(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });
  app.get('/api/training/reach', { schema: { tags: training, summary: 'Reach per department in the two years up to asOf, with signals before and after the first session (descriptive, not causal)', querystring: reachQuery, response: { 200: trainingReach, ...errors } } },
    async (request) => policy.reach(actorOf(request), request.query.asOf));

  app.get('/api/interventions', { schema: { tags: barriers, summary: 'Administrative interventions with related signals, result and notes (coordinator, deputy)', response: { 200: z.array(intervention), ...errors } } },
    async (request) => policy.interventions(actorOf(request)));
  app.post('/api/interventions', { schema: { tags: barriers, summary: 'Record an intervention; related signals by number', body: interventionInput, response: { 201: intervention, ...errors } } },
    async (request, reply) => reply.code(201).send(await policy.createIntervention(actorOf(request), request.body)));
  app.patch('/api/interventions/:id', { schema: { tags: barriers, summary: 'Change an intervention', params, body: interventionUpdateInput, response: { 200: intervention, ...errors } } },
    async (request) => policy.updateIntervention(actorOf(request), request.params.id, request.body));
  app.delete('/api/interventions/:id', { schema: { tags: barriers, summary: 'Delete an intervention', params, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await policy.deleteIntervention(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });
  app.get('/api/interventions/counts', { schema: { tags: barriers, summary: 'Interventions per kind from–to (default: this year), for the dashboard and the evaluation', querystring: interventionCountsQuery, response: { 200: interventionCounts, ...errors } } },
    async (request) => policy.interventionCounts(actorOf(request), request.query));
}
