import { z } from 'zod';
import type { Database } from '../../db/client.js';
import type { App } from '../../http/types.js';

const status = z.object({ status: z.enum(['ok', 'unavailable']) });

export function healthRoutes(app: App, database: Database): void {
  app.get('/healthz', { config: { public: true }, schema: { tags: ['health'], summary: 'Process is alive', response: { 200: status } } },
    async () => ({ status: 'ok' as const }));
  app.get('/readyz', { config: { public: true }, schema: { tags: ['health'], summary: 'Database reachable and migrated', response: { 200: status, 503: status } } },
    async (_request, reply) => {
      try {
        await database.ping();
        return { status: 'ok' as const };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    });
}
