import { z } from 'zod';
import {
  closeSignalInput,
  createdSignal,
  departmentSignalRow,
  enrichmentNoteInput,
  meetingMarkInput,
  ownSignal,
  ownSignalRow,
  reopenSignalInput,
  reporterFeedbackInput,
  revealedIdentity,
  revealIdentityInput,
  signalClassificationInput,
  signalDetail,
  signalInput,
  signalListQuery,
  signalSummary,
  submissionHeaders,
  worklist,
  legalHoldInput,
} from '../../../shared/api/signal.js';
import { id } from '../../../shared/api/fields.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { SignalService } from './signal.service.js';

const params = z.object({ id });
const noContent = { 204: z.null(), ...errors };

export function signalRoutes(app: App, signals: SignalService): void {
  const tags = ['signals'];

  app.post('/api/signals', {
    schema: { tags, summary: 'Report a signal (step 1); idempotent with an Idempotency-Key', headers: submissionHeaders, body: signalInput, response: { 201: createdSignal, ...errors } },
  }, async (request, reply) => {
    const { replayed, ...created } = await signals.submit(actorOf(request), request.body, request.headers['idempotency-key']);
    // The same answer as the first time, marked as a replay (draft-ietf-httpapi-idempotency-key-header).
    if (replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(201).send(created);
  });

  app.get('/api/signals', {
    schema: { tags, summary: 'All signals of the municipality (coordinator)', querystring: signalListQuery, response: { 200: z.array(signalSummary), ...errors } },
  }, async (request) => signals.list(actorOf(request), request.query));

  app.get('/api/signals/:id', {
    schema: { tags, summary: 'One signal in full (coordinator; meldcode officer for consulted signals)', params, response: { 200: signalDetail, ...errors } },
  }, async (request) => signals.detail(actorOf(request), request.params.id));

  app.post('/api/signals/:id/reporter-identity', {
    schema: {
      tags,
      summary: 'Who reported this signal, after giving a reason (deputy coordinator; audited, shown to the coordinator)',
      params,
      body: revealIdentityInput,
      response: { 200: revealedIdentity, ...errors },
    },
  }, async (request) => signals.revealReporterIdentity(actorOf(request), request.params.id, request.body));

  app.get('/api/worklist', {
    schema: { tags, summary: 'What needs the coordinator now', response: { 200: worklist, ...errors } },
  }, async (request) => signals.worklist(actorOf(request)));

  app.get('/api/my/signals', {
    schema: { tags, summary: 'Signals I reported or submitted for a colleague', response: { 200: z.array(ownSignalRow), ...errors } },
  }, async (request) => signals.listOwn(actorOf(request)));

  app.get('/api/my/signals/:id', {
    schema: { tags, summary: 'One of my signals with the feedback given to me', params, response: { 200: ownSignal, ...errors } },
  }, async (request) => signals.getOwn(actorOf(request), request.params.id));

  app.get('/api/department/signals', {
    schema: { tags, summary: 'Open signals of my department (liaison), without content or reporter', response: { 200: z.array(departmentSignalRow), ...errors } },
  }, async (request) => signals.listDepartmentOpen(actorOf(request)));

  app.post('/api/signals/:id/register', {
    schema: { tags, summary: 'Record the signal (step 2-3)', params, response: noContent },
  }, async (request, reply) => {
    await signals.register(actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.patch('/api/signals/:id/classification', {
    schema: { tags, summary: 'Correct forms, urgency, victim involvement or source', params, body: signalClassificationInput, response: noContent },
  }, async (request, reply) => {
    await signals.classify(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.put('/api/signals/:id/meeting', {
    schema: { tags, summary: 'Mark or unmark for the next meeting', params, body: meetingMarkInput, response: noContent },
  }, async (request, reply) => {
    await signals.markForMeeting(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.put('/api/signals/:id/legal-hold', {
    schema: { tags, summary: 'Set or lift the legal hold (keeps personal data past the retention term)', params, body: legalHoldInput, response: noContent },
  }, async (request, reply) => {
    await signals.setLegalHold(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.post('/api/signals/:id/enrichment-notes', {
    schema: { tags, summary: 'Add an enrichment note (step 3)', params, body: enrichmentNoteInput, response: noContent },
  }, async (request, reply) => {
    await signals.addEnrichmentNote(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.post('/api/signals/:id/reporter-feedback', {
    schema: { tags, summary: 'Record what the reporter was told (step 6)', params, body: reporterFeedbackInput, response: noContent },
  }, async (request, reply) => {
    await signals.recordReporterFeedback(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.post('/api/signals/:id/close', {
    schema: { tags, summary: 'Close with an outcome', params, body: closeSignalInput, response: noContent },
  }, async (request, reply) => {
    await signals.close(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });

  app.post('/api/signals/:id/reopen', {
    schema: { tags, summary: 'Reopen a closed signal', params, body: reopenSignalInput, response: noContent },
  }, async (request, reply) => {
    await signals.reopen(actorOf(request), request.params.id, request.body);
    return reply.code(204).send(null);
  });
}
