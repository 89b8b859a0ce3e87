import { createHash, timingSafeEqual } from 'node:crypto';
import type { App } from '../../http/types.js';
import { AppError, unauthorized } from '../../lib/errors.js';
import type { Metrics } from './metrics.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics for Prometheus, outside /api and outside the OpenAPI document (an operations endpoint with its
 * own credential, not part of the API): 404 while metrics are off (no MELDROUTE_METRICS_TOKEN), 401 without
 * `Authorization: Bearer <token>`. The reverse proxy keeps it off the internet as well (deploy/Caddyfile).
 */
export function metricsRoutes(app: App, metrics: Metrics, token: string | null): void {
  const expected = token === null ? null : sha256(token);
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (!metrics.enabled || expected === null) throw new AppError(404, 'not_found', 'Niet gevonden.');
    const header = request.headers.authorization ?? '';
    const given = /^Bearer (\S+)$/i.exec(header)?.[1];
    // Compared as hashes: equal lengths for timingSafeEqual, and no early exit on the first wrong character.
    if (!given || !timingSafeEqual(sha256(given), expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw unauthorized();
    }
    return reply
      .header('content-type', metrics.registry.contentType)
      .header('cache-control', 'no-store')
      .send(await metrics.render(request.log));
  });
}
