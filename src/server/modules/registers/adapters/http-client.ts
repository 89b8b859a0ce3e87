/**
 * The HTTP part shared by the Haal Centraal adapters: global fetch with a deadline, problem+json errors mapped to
 * RegisterApiError, and the response body validated with zod. Nothing here logs, and nothing from the request or
 * the response body ends up in an error.
 */
import { z } from 'zod';
import { RegisterApiError, type RegisterApiErrorKind } from './register-source.js';

export interface HttpClientOptions {
  /** The adapter name used in errors. */
  source: string;
  /** Deadline for the whole exchange (connect, headers and body). */
  timeoutMs: number;
  /** For tests; defaults to the global fetch. */
  fetch?: typeof fetch | undefined;
}

/** Larger answers are refused rather than parsed: a search result of this size is not a search result. */
const MAX_RESPONSE_CHARS = 5_000_000;

/**
 * RFC 7807 problem as the Haal Centraal APIs send it. BRP Personen names the list `invalidParams`, BAG
 * Individuele Bevragingen `invalid-params`; both are read. Only the system codes and parameter names are kept.
 */
const invalidParamSchema = z.object({ name: z.string().optional(), code: z.string().optional() });
const problemSchema = z.object({
  code: z.string().optional(),
  invalidParams: z.array(invalidParamSchema).optional(),
  'invalid-params': z.array(invalidParamSchema).optional(),
});

export function kindForStatus(status: number): RegisterApiErrorKind {
  switch (status) {
    case 400:
      return 'bad-request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 429:
      return 'rate-limited';
    case 502:
    case 503:
    case 504:
      return 'unavailable';
    default:
      return status >= 500 ? 'server-error' : 'http-error';
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/**
 * Sends one request and returns the JSON body validated against `schema` (unknown fields are dropped by zod's
 * default object parsing). Redirects are refused: following one would send the API key to wherever it points.
 */
export async function requestJson<T extends z.ZodType>(
  options: HttpClientOptions,
  url: URL,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  schema: T,
): Promise<z.output<T>> {
  const { source } = options;
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await doFetch(url, { ...init, signal, redirect: 'error' });
    status = response.status;
    text = await response.text();
  } catch (error) {
    // The cause (an undici error) can name the host but is dropped all the same: callers get a fixed text.
    throw new RegisterApiError(source, isTimeout(error) || signal.aborted ? 'timeout' : 'network', null);
  }
  if (text.length > MAX_RESPONSE_CHARS) throw new RegisterApiError(source, 'invalid-response', status);

  if (status < 200 || status >= 300) {
    const problem = problemSchema.safeParse(safeJsonParse(text));
    const data = problem.success ? problem.data : {};
    const params = data.invalidParams ?? data['invalid-params'] ?? [];
    throw new RegisterApiError(source, kindForStatus(status), status, {
      code: data.code,
      invalidParams: params.flatMap((p) => (p.name ? [{ name: p.name, code: p.code ?? null }] : [])),
    });
  }

  const body = safeJsonParse(text);
  if (body === undefined) throw new RegisterApiError(source, 'invalid-response', status);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new RegisterApiError(source, 'invalid-response', status);
  return parsed.data;
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `https://host/base/` + `personen` → `https://host/base/personen` (the base keeps its path). */
export function endpoint(baseUrl: string, path: string): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(path, base);
}
