import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { LIMITS } from '../shared/limits.js';
import type { Config } from './config.js';
import type { Vault } from './crypto/vault.js';
import type { Database } from './db/client.js';
import { isApiRequest, registerAuth } from './http/auth.js';
import { frameworkErrorHandler, registerErrorHandling, registerInputGuard } from './http/errors.js';
import type { App } from './http/types.js';
import { systemClock, type Clock } from './lib/clock.js';
import { accessRequestRoutes } from './modules/access-requests/access-request.routes.js';
import { createAccessRequestService } from './modules/access-requests/access-request.service.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { createAdminService } from './modules/admin/admin.service.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { createCalendarService } from './modules/calendar/calendar.service.js';
import { oidcRoutes } from './modules/auth/oidc.js';
import { createTotpService } from './modules/auth/totp.service.js';
import { createReadiness, healthRoutes, type Readiness } from './modules/health/health.routes.js';
import { createMetrics, registerRequestMetrics, type Metrics } from './modules/metrics/metrics.js';
import { metricsRoutes } from './modules/metrics/metrics.routes.js';
import { referenceRoutes } from './modules/reference/reference.routes.js';
import { createReferenceService } from './modules/reference/reference.service.js';
import { referralRoutes } from './modules/referrals/referral.routes.js';
import { registerRoutes } from './modules/registers/register.routes.js';
import { meetingRoutes } from './modules/meetings/meeting.routes.js';
import { createMeetingService } from './modules/meetings/meeting.service.js';
import { createRegisterService } from './modules/registers/register.service.js';
import { createReferralService } from './modules/referrals/referral.service.js';
import { entityRoutes } from './modules/entities/entity.routes.js';
import { createEntityService } from './modules/entities/entity.service.js';
import { createRegisterLookups } from './modules/registers/adapters/index.js';
import { createLiveRegisterLookup, LIVE_LOOKUP_TIMEOUT_MS } from './modules/registers/live-lookup.js';
import { signalRoutes } from './modules/signals/signal.routes.js';
import { createSignalService } from './modules/signals/signal.service.js';
import { policyRoutes } from './modules/policy/policy.routes.js';
import { createPolicyService } from './modules/policy/policy.service.js';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes.js';
import { createEvaluationService } from './modules/evaluation/evaluation.service.js';
import { directoryRoutes } from './modules/directory/directory.routes.js';
import { createDirectoryService } from './modules/directory/directory.service.js';
import { indicatorRoutes } from './modules/indicators/indicator.routes.js';
import { createIndicatorService } from './modules/indicators/indicator.service.js';
import { contextSeriesRoutes } from './modules/context-series/context-series.routes.js';
import { createContextSeriesService } from './modules/context-series/context-series.service.js';
import { dashboardRoutes } from './modules/stats/dashboard.routes.js';
import { createDashboardService } from './modules/stats/dashboard.service.js';
import { createStatsService } from './modules/stats/stats.service.js';
import { notificationRoutes } from './modules/notifications/notification.routes.js';
import { createNotificationService } from './modules/notifications/notification.service.js';

/** The built web app (vite build output), served when present. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export interface AppOptions {
  config: Config;
  database: Database;
  /** The keys of the data at rest (crypto/open-vault.ts; tests use testing/test-vault.ts). */
  vault: Vault;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Directory of the built web app; defaults to WEB_DIST (tests point it elsewhere). */
  webRoot?: string;
  /** The process's metrics registry (main.ts shares it with the job scheduler); one of its own by default. */
  metrics?: Metrics;
  /** Turned to draining by the shutdown in main.ts (/readyz then answers 503); never draining by default. */
  readiness?: Readiness;
}

/** Log options: structured JSON, and never a cookie, token or request body. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
}

export function createServices(database: Database, config: Config, clock: Clock, vault: Vault) {
  const db = database.db;
  return {
    auth: createAuthService({
      db,
      clock,
      vault,
      policy: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours },
      login: {
        maxFailures: config.loginMaxFailures,
        lockoutMinutes: config.loginLockoutMinutes,
        totpMandatory: config.totpMandatory,
        demo: config.demo,
      },
    }),
    totp: createTotpService({ db, clock, vault }),
    signals: createSignalService({ db, clock, vault }),
    entities: createEntityService({
      db,
      clock,
      vault,
      // Live BRP/BAG lookups during matching, only when MELDROUTE_BRP_API_URL / MELDROUTE_BAG_API_URL are set.
      liveRegisters: createLiveRegisterLookup({ db, vault, lookups: createRegisterLookups(config.registersApi, { timeoutMs: LIVE_LOOKUP_TIMEOUT_MS }) }),
    }),
    registers: createRegisterService({ db, clock, vault }),
    referrals: createReferralService({ db, clock, vault }),
    admin: createAdminService({ db }),
    reference: createReferenceService({ db }),
    stats: createStatsService({ db }),
    dashboard: createDashboardService({ db, clock }),
    audit: createAuditService({ db, vault }),
    accessRequests: createAccessRequestService({ db, clock, vault }),
    policy: createPolicyService({ db, clock, vault }),
    evaluation: createEvaluationService({ db, clock }),
    directory: createDirectoryService({ db, clock }),
    indicators: createIndicatorService({ db, clock }),
    contextSeries: createContextSeriesService({ db, clock }),
    calendar: createCalendarService({ db, clock, publicUrl: config.publicUrl }),
    notifications: createNotificationService({ db, clock, emailEnabled: config.mail !== null }),
    meetings: createMeetingService({ db, clock, vault }),
  };
}
export type Services = ReturnType<typeof createServices>;

/** Build the Fastify app without listening; tests inject requests into it. */
export async function buildApp(options: AppOptions): Promise<App> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  const webRoot = options.webRoot ?? WEB_DIST;
  const services = createServices(database, config, clock, options.vault);
  const metrics = options.metrics ?? createMetrics({ enabled: config.metricsToken !== null, database, clock });

  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel),
    bodyLimit: LIMITS.bodyBytes,
    trustProxy: config.trustProxy,
    // Query strings carry only ids and filters; keep parameters bounded.
    routerOptions: { maxParamLength: 200 },
    // The router's refusals (a malformed URL, a too long parameter) in the common error shape.
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        // Only behind TLS; on plain-http localhost it would break every asset.
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Meldroute API',
        version: '0.1.0',
        description: 'The internal reporting route for signals of human trafficking. Session cookie authentication; state-changing requests need the X-CSRF-Token header.',
      },
    },
    transform: jsonSchemaTransform,
  });

  // Signal data must never sit in a browser or proxy cache.
  app.addHook('onSend', async (request, reply) => {
    if (isApiRequest(request)) reply.header('cache-control', 'no-store');
  });

  registerRequestMetrics(app, metrics);
  registerErrorHandling(app, { spaIndex: config.serveWeb && existsSync(path.join(webRoot, 'index.html')) });
  registerInputGuard(app);
  registerAuth(app, services.auth);

  healthRoutes(app, database, options.readiness ?? createReadiness());
  metricsRoutes(app, metrics, config.metricsToken);
  authRoutes(app, services.auth, services.totp, config);
  oidcRoutes(app, services.auth, config, clock);
  signalRoutes(app, services.signals);
  entityRoutes(app, services.entities);
  referralRoutes(app, services.referrals);
  adminRoutes(app, services.admin);
  referenceRoutes(app, services.reference, services.stats);
  dashboardRoutes(app, services.dashboard);
  auditRoutes(app, services.audit);
  accessRequestRoutes(app, services.accessRequests);
  registerRoutes(app, services.registers);
  policyRoutes(app, services.policy);
  evaluationRoutes(app, services.evaluation);
  directoryRoutes(app, services.directory);
  indicatorRoutes(app, services.indicators);
  contextSeriesRoutes(app, services.contextSeries);
  calendarRoutes(app, services.calendar);
  notificationRoutes(app, services.notifications);
  meetingRoutes(app, services.meetings);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  if (config.serveWeb && existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: 'index.html' });
  }

  return app;
}
