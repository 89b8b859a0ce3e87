import { z } from 'zod';
import { accessLog } from '../../../shared/api/audit.js';
import { id } from '../../../shared/api/fields.js';
import { actorOf } from '../../http/auth.js';
import { errors } from '../../http/errors.js';
import type { App } from '../../http/types.js';
import type { AuditService } from './audit.service.js';

const params = z.object({ id });

export function auditRoutes(app: App, auditService: AuditService): void {
  app.get('/api/signals/:id/access-log', {
    schema: {
      tags: ['signals', 'audit'],
      summary: 'Who viewed or changed this signal or its referrals, and when (coordinator; audited)',
      params,
      response: { 200: accessLog, ...errors },
    },
  }, async (request) => auditService.signalAccessLog(actorOf(request), request.params.id));
}
