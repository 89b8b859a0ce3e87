import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuthenticatedSession, PendingLogin } from '../modules/auth/auth.service.js';

/** The Fastify instance with the zod type provider, as route modules receive it. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook for /api requests with a valid session cookie. */
    authSession: AuthenticatedSession | null;
    /** Set instead when the cookie belongs to a login that waits for its second factor. */
    pendingLogin: PendingLogin | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session (login, health). */
    public?: boolean;
    /** Routes that also accept a pending login (the second login step, logout); CSRF is checked against it. */
    pendingLogin?: boolean;
  }
}
