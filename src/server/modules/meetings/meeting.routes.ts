import { z } from 'zod';
import { id } from '../../../shared/api/fields.js';
import {
  actionInput,
  actionUpdateInput,
  agendaCandidate,
  itemInput,
  itemOrderInput,
  itemUpdateInput,
  meetingPerson,
  meetingSummary,
  meetingsOverview,
  meetingUpdateInput,
  meetingView,
  minutesInput,
  myAction,
  scheduleInput,
  seriesInput,
  seriesUpdateInput,
  seriesView,
} from '../../../shared/api/meetings.js';
import { actorOf } from '../../http/auth.js';
import { sendDownload } from '../../http/download.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { MeetingService } from './meeting.service.js';

const params = z.object({ id });
const itemParams = z.object({ id, itemId: id });
const pdf = z.string().meta({ description: 'The agenda and minutes (application/pdf), Content-Disposition: attachment' });

/** Issue 6.1: meeting series, meetings, agendas, minutes and action items. */
export function meetingRoutes(app: App, service: MeetingService): void {
  const tags = ['meetings'];

  app.get('/api/meetings', { schema: { tags, summary: 'Series and meetings the caller may see (participants: published agendas of their series)', response: { 200: meetingsOverview, ...errors } } },
    async (request) => service.overview(actorOf(request)));
  app.get('/api/meeting-series/people', { schema: { tags, summary: 'Active users of the municipality to invite to a series (coordinator, deputy)', response: { 200: z.array(meetingPerson), ...errors } } },
    async (request) => service.people(actorOf(request)));
  app.post('/api/meeting-series', { schema: { tags, summary: 'Create a meeting series with cadence and participants', body: seriesInput, response: { 201: seriesView, ...errors } } },
    async (request, reply) => reply.code(201).send(await service.createSeries(actorOf(request), request.body)));
  app.patch('/api/meeting-series/:id', { schema: { tags, summary: 'Change a meeting series (participants are replaced when given)', params, body: seriesUpdateInput, response: { 200: seriesView, ...errors } } },
    async (request) => service.updateSeries(actorOf(request), request.params.id, request.body));
  app.post('/api/meeting-series/:id/meetings', { schema: { tags, summary: 'Plan a meeting: on the given date or the next date of the cadence', params, body: scheduleInput, response: { 201: meetingSummary, ...errors } } },
    async (request, reply) => reply.code(201).send(await service.schedule(actorOf(request), request.params.id, request.body)));

  app.get('/api/meetings/:id', { schema: { tags, summary: 'One meeting with its agenda, pseudonymised (audited)', params, response: { 200: meetingView, ...errors } } },
    async (request) => service.meeting(actorOf(request), request.params.id));
  app.patch('/api/meetings/:id', { schema: { tags, summary: 'Change date, time, duration or place of a meeting', params, body: meetingUpdateInput, response: { 200: meetingView, ...errors } } },
    async (request) => service.updateMeeting(actorOf(request), request.params.id, request.body));
  app.post('/api/meetings/:id/cancel', { schema: { tags, summary: 'Cancel a meeting', params, response: { 200: meetingView, ...errors } } },
    async (request) => service.cancel(actorOf(request), request.params.id));
  app.get('/api/meetings/:id/candidates', { schema: { tags, summary: 'Signals marked for discussion, not yet on an open agenda (coordinator)', params, response: { 200: z.array(agendaCandidate), ...errors } } },
    async (request) => service.candidates(actorOf(request), request.params.id));
  app.post('/api/meetings/:id/items', { schema: { tags, summary: 'Put a signal (with a summary and the persons to share) or a topic on the agenda', params, body: itemInput, response: { 201: meetingView, ...errors } } },
    async (request, reply) => reply.code(201).send(await service.addItem(actorOf(request), request.params.id, request.body)));
  app.patch('/api/meetings/:id/items/:itemId', { schema: { tags, summary: 'Change an agenda item', params: itemParams, body: itemUpdateInput, response: { 200: meetingView, ...errors } } },
    async (request) => service.updateItem(actorOf(request), request.params.id, request.params.itemId, request.body));
  app.delete('/api/meetings/:id/items/:itemId', { schema: { tags, summary: 'Take an item off the agenda', params: itemParams, response: { 200: meetingView, ...errors } } },
    async (request) => service.removeItem(actorOf(request), request.params.id, request.params.itemId));
  app.put('/api/meetings/:id/items/order', { schema: { tags, summary: 'Reorder the agenda', params, body: itemOrderInput, response: { 200: meetingView, ...errors } } },
    async (request) => service.reorder(actorOf(request), request.params.id, request.body.ids));
  app.post('/api/meetings/:id/publish', { schema: { tags, summary: 'Publish the agenda to the participants (and notify them)', params, response: { 200: meetingView, ...errors } } },
    async (request) => service.publish(actorOf(request), request.params.id));
  app.put('/api/meetings/:id/items/:itemId/minutes', { schema: { tags, summary: 'Minutes and decision of an agenda item', params: itemParams, body: minutesInput, response: { 200: meetingView, ...errors } } },
    async (request) => service.recordMinutes(actorOf(request), request.params.id, request.params.itemId, request.body));
  app.post('/api/meetings/:id/items/:itemId/actions', { schema: { tags, summary: 'Add an action item with owner and due date', params: itemParams, body: actionInput, response: { 201: meetingView, ...errors } } },
    async (request, reply) => reply.code(201).send(await service.addAction(actorOf(request), request.params.id, request.params.itemId, request.body)));
  app.post('/api/meetings/:id/finalise', { schema: { tags, summary: 'Make the minutes final: the meeting is held', params, response: { 200: meetingView, ...errors } } },
    async (request) => service.finalise(actorOf(request), request.params.id));
  app.get('/api/meetings/:id/pdf', { schema: { tags, summary: 'Agenda and minutes as PDF, pseudonymised like the screen (audited)', params, response: { 200: pdf, ...errors } } },
    async (request, reply) => sendDownload(reply, { contentType: 'application/pdf', ...(await service.pdf(actorOf(request), request.params.id)) }));

  app.get('/api/meeting-actions/mine', { schema: { tags, summary: "The caller's action items (open, and done in the last 90 days)", response: { 200: z.array(myAction), ...errors } } },
    async (request) => service.myActions(actorOf(request)));
  app.patch('/api/meeting-actions/:id', { schema: { tags, summary: 'Change an action item (the owner: only mark it done or open)', params, body: actionUpdateInput, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.updateAction(actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    });
}
