import { z } from 'zod';
import {
  adminLiaisons,
  directory,
  directoryQuery,
  liaison,
  liaisonInput,
  liaisonNetwork,
  liaisonNetworkInput,
  liaisonUpdateInput,
  meetingStructure,
  meetingStructureInput,
  meetingStructureUpdateInput,
  myLiaison,
} from '../../../shared/api/directory.js';
import { id } from '../../../shared/api/fields.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { DirectoryService } from './directory.service.js';

const params = z.object({ id });

/** Issue 6.2/6.4: the partner directory, meeting structures and the liaison network. */
export function directoryRoutes(app: App, service: DirectoryService): void {
  const tags = ['directory'];

  app.get('/api/directory', { schema: { tags, summary: 'Partner directory: search organisations by text, exploitation form and type (no personal data)', querystring: directoryQuery, response: { 200: directory, ...errors } } },
    async (request) => service.directory(actorOf(request), request.query));
  app.get('/api/directory/my-liaison', { schema: { tags, summary: "The liaison(s) of the caller's own department and the monthly trafficking meeting", response: { 200: myLiaison, ...errors } } },
    async (request) => service.myLiaison(actorOf(request)));

  app.get('/api/admin/meeting-structures', { schema: { tags, summary: 'List meeting structures (Bijlage 3–4)', response: { 200: z.array(meetingStructure), ...errors } } },
    async (request) => service.listMeetings(actorOf(request)));
  app.post('/api/admin/meeting-structures', { schema: { tags, summary: 'Create a meeting structure', body: meetingStructureInput, response: { 201: meetingStructure, ...errors } } },
    async (request, reply) => reply.code(201).send(await service.createMeeting(actorOf(request), request.body)));
  app.patch('/api/admin/meeting-structures/:id', { schema: { tags, summary: 'Update a meeting structure and its partners', params, body: meetingStructureUpdateInput, response: { 200: meetingStructure, ...errors } } },
    async (request) => service.updateMeeting(actorOf(request), request.params.id, request.body));

  app.get('/api/admin/liaisons', { schema: { tags, summary: 'The liaison network: liaisons per department and the monthly meeting', response: { 200: adminLiaisons, ...errors } } },
    async (request) => service.listLiaisons(actorOf(request)));
  app.post('/api/admin/liaisons', { schema: { tags, summary: 'Add a liaison to a department', body: liaisonInput, response: { 201: liaison, ...errors } } },
    async (request, reply) => reply.code(201).send(await service.createLiaison(actorOf(request), request.body)));
  app.patch('/api/admin/liaisons/:id', { schema: { tags, summary: "Change a liaison's user, availability or absence", params, body: liaisonUpdateInput, response: { 200: liaison, ...errors } } },
    async (request) => service.updateLiaison(actorOf(request), request.params.id, request.body));
  app.delete('/api/admin/liaisons/:id', { schema: { tags, summary: 'Remove a liaison row', params, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.deleteLiaison(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });
  app.put('/api/admin/liaison-network', { schema: { tags, summary: 'Set the monthly trafficking meeting of the liaison network', body: liaisonNetworkInput, response: { 200: liaisonNetwork, ...errors } } },
    async (request) => service.setNetwork(actorOf(request), request.body));
}
