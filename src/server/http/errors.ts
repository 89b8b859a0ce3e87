import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toFieldErrors, VALIDATION_MESSAGES } from '../../shared/validation.js';
import { AppError, fieldError, invalid } from '../lib/errors.js';

/** Every error response has this shape. */
export const errorResponse = z.object({
  statusCode: z.number(),
  code: z.string(),
  message: z.string(),
  fields: z
    .array(z.object({ path: z.string(), key: z.string(), message: z.string() }))
    .optional(),
});

/** Standard error responses, merged into each route's `response` schema. */
export const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
} as const;

const GENERIC: Record<number, { code: string; message: string }> = {
  400: { code: 'bad_request', message: 'Het verzoek is niet geldig.' },
  404: { code: 'not_found', message: 'Niet gevonden.' },
  405: { code: 'method_not_allowed', message: 'Deze methode is hier niet toegestaan.' },
  413: { code: 'payload_too_large', message: 'Het verzoek is te groot.' },
  414: { code: 'uri_too_long', message: 'Het adres van het verzoek is te lang.' },
  415: { code: 'unsupported_media_type', message: 'Stuur de gegevens als JSON (Content-Type: application/json).' },
  429: { code: 'too_many_requests', message: 'Te veel pogingen. Wacht even en probeer het opnieuw.' },
};

/** PostgreSQL error classes that mean "your input conflicts with stored data", not a server fault. */
function databaseClientError(error: unknown): { status: number; code: string; message: string } | null {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  if (!code) return null;
  if (code === '23505') return { status: 409, code: 'conflict', message: 'Dit bestaat al.' };
  if (code === '23503') return { status: 400, code: 'bad_reference', message: 'Een verwijzing in het verzoek bestaat niet.' };
  if (code.startsWith('22')) return { status: 400, code: 'bad_request', message: 'Een waarde in het verzoek is niet geldig.' };
  return null;
}

/**
 * What of an unexpected error may go into the log. A failed query (drizzle's
 * DrizzleQueryError) carries the query's parameters in its message and stack
 * (names, free text from the request): log the parameterised SQL and the driver's
 * error code instead, and the stack frames without the message.
 */
export function loggableError(error: Error): Record<string, unknown> {
  const e = error as Error & { query?: unknown; params?: unknown; cause?: unknown };
  if (typeof e.query !== 'string' || !('params' in e)) return { type: error.name, message: error.message, stack: error.stack };
  const cause = (e.cause ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return {
    type: error.constructor?.name ?? error.name,
    query: e.query,
    cause: typeof cause.name === 'string' ? cause.name : undefined,
    // A server error has a SQLSTATE code, and its message may quote a value; a driver or connection error has neither.
    pgCode: typeof cause.code === 'string' ? cause.code : undefined,
    causeMessage: typeof cause.code === 'string' || typeof cause.message !== 'string' ? undefined : cause.message,
    stack: frames.join('\n'),
  };
}

/**
 * Fastify's `frameworkErrors`: the router's own refusals, before any route or hook runs — a URL that is
 * not valid percent-encoding (`/api/signals/%zz`, 400) and a path parameter over maxParamLength (414).
 * Without it Fastify answers in English, in another shape, with the URL in the message.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode === 414 ? 414 : 400;
  void reply.code(status).header('cache-control', 'no-store').send({ statusCode: status, ...GENERIC[status]! });
}

export function registerErrorHandling(app: FastifyInstance, options: { spaIndex: boolean }): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      // The type provider flattens each zod issue; rebuild it to map it to our messages.
      const issues = error.validation.map(
        (v) =>
          ({
            ...v.params,
            code: v.keyword,
            message: v.message ?? '',
            path: v.instancePath.split('/').filter(Boolean),
          }) as unknown as z.core.$ZodIssue,
      );
      const prefix = error.validationContext === 'body' ? '' : `${error.validationContext}.`;
      const fields = toFieldErrors(issues).map((f) => ({ ...f, path: f.path ? `${prefix}${f.path}` : prefix.replace(/\.$/, '') }));
      return reply.code(400).send({ statusCode: 400, code: 'validation', message: 'De invoer is niet geldig. Controleer de gemarkeerde velden.', fields });
    }
    if (error instanceof AppError) {
      return reply.code(error.statusCode).send({
        statusCode: error.statusCode,
        code: error.code,
        message: error.message,
        ...(error.fields ? { fields: error.fields } : {}),
      });
    }
    const dbError = databaseClientError(error);
    if (dbError) {
      request.log.warn({ pgCode: (error as { code?: string }).code }, 'database rejected request');
      return reply.code(dbError.status).send({ statusCode: dbError.status, code: dbError.code, message: dbError.message });
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500 && !isResponseSerializationError(error)) {
      const generic = GENERIC[status] ?? { code: 'bad_request', message: 'Het verzoek is niet geldig.' };
      return reply.code(status).send({ statusCode: status, ...generic });
    }
    // Log the error class and stack only: never the request body (personal data).
    request.log.error({ err: loggableError(error) }, 'unhandled error');
    return reply.code(500).send({ statusCode: 500, code: 'internal', message: 'Er ging iets mis aan onze kant. Probeer het later opnieuw.' });
  });

  app.setNotFoundHandler((request, reply) => {
    // Client-side routes of the single-page app get its index.html.
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (options.spaIndex && wantsPage) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send({ statusCode: 404, code: 'not_found', message: 'Niet gevonden.' });
  });
}

/** NUL and other C0 control characters except tab and line breaks (src/shared/api/fields.ts refuses them too). */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** Paths of the strings in a JSON body that hold a control character (bounded walk). */
export function controlCharPaths(value: unknown, path: string[] = [], found: string[] = [], depth = 0): string[] {
  if (found.length >= 20 || depth > 64) return found;
  if (typeof value === 'string') {
    if (CONTROL_CHARS.test(value)) found.push(path.join('.'));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => controlCharPaths(v, [...path, String(i)], found, depth + 1));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) controlCharPaths(v, [...path, k], found, depth + 1);
  }
  return found;
}

/**
 * Text with control characters is refused for every endpoint, before validation, with a
 * field error: never meant by a user, refused by PostgreSQL in plain text, and since the
 * values are encrypted the database would no longer catch it.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const paths = controlCharPaths(request.body);
    if (paths.length === 0) return;
    throw invalid(paths.map((p) => fieldError(p, 'v.control_chars', VALIDATION_MESSAGES.nl['v.control_chars'])));
  });
}
