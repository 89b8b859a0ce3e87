import { z } from 'zod';
import {
  closeReferralInput,
  consultation,
  recordFeedbackInput,
  referral,
  referralInput,
  referralSuggestion,
  requestFeedbackInput,
} from '../../../shared/api/signal.js';
import { id } from '../../../shared/api/fields.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { ReferralService } from './referral.service.js';

const params = z.object({ id });
const noContent = { 204: z.null(), ...errors };

export function referralRoutes(app: App, referrals: ReferralService): void {
  const tags = ['referrals'];

  app.get('/api/signals/:id/referral-suggestions', {
    schema: { tags, summary: 'Referral suggestions from the routing rules (step 4)', params, response: { 200: z.array(referralSuggestion), ...errors } },
  }, async (request) => referrals.suggestions(actorOf(request), request.params.id));

  app.post('/api/signals/:id/referrals', {
    schema: { tags, summary: 'Refer the signal to a partner (step 4)', params, body: referralInput, response: { 201: referral, ...errors } },
  }, async (request, reply) => reply.code(201).send(await referrals.create(actorOf(request), request.params.id, request.body)));

  app.post('/api/referrals/:id/request-feedback', {
    schema: { tags, summary: 'Ask the partner for feedback (step 5)', params, body: requestFeedbackInput, response: noContent },
  }, async (request, reply) => {
    await referrals.requestFeedback(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.post('/api/referrals/:id/feedback', {
    schema: { tags, summary: 'Record the partner\'s feedback or the meldcode officer\'s advice (step 5)', params, body: recordFeedbackInput, response: noContent },
  }, async (request, reply) => {
    await referrals.recordFeedback(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.post('/api/referrals/:id/close', {
    schema: { tags, summary: 'Close a referral', params, body: closeReferralInput, response: noContent },
  }, async (request, reply) => {
    await referrals.closeReferral(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.get('/api/consultations', {
    schema: { tags, summary: 'Signals put before the meldcode officer', response: { 200: z.array(consultation), ...errors } },
  }, async (request) => referrals.consultations(actorOf(request)));
}
