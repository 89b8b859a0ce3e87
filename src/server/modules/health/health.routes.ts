import { z } from 'zod';
import type { Database } from '../../db/client.js';
import type { App } from '../../http/types.js';

const status = z.object({ status: z.enum(['ok', 'unavailable']) });

/** Whether the instance takes new work: main.ts starts draining on SIGTERM/SIGINT, and /readyz answers 503 from then on. */
export interface Readiness {
  readonly draining: boolean;
  startDraining(): void;
}

export function createReadiness(): Readiness {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
  };
}

export function healthRoutes(app: App, database: Database, readiness: Readiness): void {
  app.get('/healthz', { config: { public: true }, schema: { tags: ['health'], summary: 'Process is alive', response: { 200: status } } },
    async () => ({ status: 'ok' as const }));
  app.get('/readyz', { config: { public: true }, schema: { tags: ['health'], summary: 'Database reachable and migrated; 503 while the instance drains for shutdown', response: { 200: status, 503: status } } },
    async (_request, reply) => {
      if (readiness.draining) return reply.code(503).send({ status: 'unavailable' as const });
      try {
        await database.ping();
        return { status: 'ok' as const };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    });
}
