import type { FieldError } from '../../shared/validation.js';

/** An error answer from the API: status, stable code, Dutch message and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Set after login or session restore; sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is gone (401), so the app can show the login page. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.');
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as
    | (T & { code?: string; message?: string; fields?: FieldError[] })
    | null;
  if (!response.ok) {
    // A refused login step (wrong password or code) is an answer on the login page, not a lost session.
    if (response.status === 401 && onUnauthorized && !url.endsWith('/auth/login') && !url.endsWith('/auth/login/totp') && !url.endsWith('/auth/session')) {
      onUnauthorized();
    }
    throw new ApiError(response.status, data?.code ?? 'error', data?.message ?? 'Er ging iets mis.', data?.fields ?? []);
  }
  return data as T;
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T = void>(url: string, body: unknown = {}) => request<T>('POST', url, body),
  patch: <T = void>(url: string, body: unknown) => request<T>('PATCH', url, body),
  put: <T = void>(url: string, body: unknown) => request<T>('PUT', url, body),
  delete: <T = void>(url: string) => request<T>('DELETE', url),
};
