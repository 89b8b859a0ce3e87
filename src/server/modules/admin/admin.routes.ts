import { z } from 'zod';
import {
  adminUser,
  createdUser,
  department,
  departmentInput,
  departmentUpdateInput,
  municipalitySettings,
  municipalitySettingsUpdate,
  partner,
  partnerInput,
  partnerUpdateInput,
  passwordReset,
  routingRule,
  routingRuleInput,
  routingRuleUpdateInput,
  userInput,
  userUpdateInput,
} from '../../../shared/api/admin.js';
import { id } from '../../../shared/api/fields.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { AdminService } from './admin.service.js';

const params = z.object({ id });

export function adminRoutes(app: App, admin: AdminService): void {
  const tags = ['admin'];

  app.get('/api/admin/users', { schema: { tags, summary: 'List users', response: { 200: z.array(adminUser), ...errors } } },
    async (request) => admin.listUsers(actorOf(request)));
  app.post('/api/admin/users', { schema: { tags, summary: 'Create a user', body: userInput, response: { 201: createdUser, ...errors } } },
    async (request, reply) => reply.code(201).send(await admin.createUser(actorOf(request), request.body)));
  app.patch('/api/admin/users/:id', { schema: { tags, summary: 'Change role, department, name or active state', params, body: userUpdateInput, response: { 200: adminUser, ...errors } } },
    async (request) => admin.updateUser(actorOf(request), request.params.id, request.body));
  app.post('/api/admin/users/:id/reset-password', { schema: { tags, summary: 'Set a temporary password (shown once)', params, response: { 200: passwordReset, ...errors } } },
    async (request) => admin.resetPassword(actorOf(request), request.params.id));

  app.get('/api/admin/departments', { schema: { tags, summary: 'List departments', response: { 200: z.array(department), ...errors } } },
    async (request) => admin.listDepartments(actorOf(request)));
  app.post('/api/admin/departments', { schema: { tags, summary: 'Create a department', body: departmentInput, response: { 201: department, ...errors } } },
    async (request, reply) => reply.code(201).send(await admin.createDepartment(actorOf(request), request.body)));
  app.patch('/api/admin/departments/:id', { schema: { tags, summary: 'Update a department', params, body: departmentUpdateInput, response: { 200: department, ...errors } } },
    async (request) => admin.updateDepartment(actorOf(request), request.params.id, request.body));

  app.get('/api/admin/partners', { schema: { tags, summary: 'List partners', response: { 200: z.array(partner), ...errors } } },
    async (request) => admin.listPartners(actorOf(request)));
  app.post('/api/admin/partners', { schema: { tags, summary: 'Create a partner', body: partnerInput, response: { 201: partner, ...errors } } },
    async (request, reply) => reply.code(201).send(await admin.createPartner(actorOf(request), request.body)));
  app.patch('/api/admin/partners/:id', { schema: { tags, summary: 'Update a partner', params, body: partnerUpdateInput, response: { 200: partner, ...errors } } },
    async (request) => admin.updatePartner(actorOf(request), request.params.id, request.body));

  app.get('/api/admin/routing-rules', { schema: { tags, summary: 'List routing rules', response: { 200: z.array(routingRule), ...errors } } },
    async (request) => admin.listRoutingRules(actorOf(request)));
  app.post('/api/admin/routing-rules', { schema: { tags, summary: 'Create a routing rule', body: routingRuleInput, response: { 201: routingRule, ...errors } } },
    async (request, reply) => reply.code(201).send(await admin.createRoutingRule(actorOf(request), request.body)));
  app.patch('/api/admin/routing-rules/:id', { schema: { tags, summary: 'Update a routing rule', params, body: routingRuleUpdateInput, response: { 200: routingRule, ...errors } } },
    async (request) => admin.updateRoutingRule(actorOf(request), request.params.id, request.body));
  app.delete('/api/admin/routing-rules/:id', { schema: { tags, summary: 'Delete a routing rule', params, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await admin.deleteRoutingRule(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    });

  app.get('/api/admin/settings', { schema: { tags, summary: 'Municipality settings', response: { 200: municipalitySettings, ...errors } } },
    async (request) => admin.getSettings(actorOf(request)));
  app.patch('/api/admin/settings', { schema: { tags, summary: 'Update municipality settings', body: municipalitySettingsUpdate, response: { 200: municipalitySettings, ...errors } } },
    async (request) => admin.updateSettings(actorOf(request), request.body));
}
