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

async function request<T>(method: string, url: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
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

/** A file the server sends as an attachment. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/**
 * POST (with the CSRF token) for a file download: the body never goes into a URL.
 * An error answer is the usual JSON and becomes an ApiError.
 */
async function download(url: string, body: unknown, fallbackName: string): Promise<DownloadedFile> {
  const headers: Record<string, string> = { accept: 'application/json, application/pdf', 'content-type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.');
  }
  if (!response.ok) {
    const data = (await response.json().catch(() => null)) as { code?: string; message?: string; fields?: FieldError[] } | null;
    if (response.status === 401 && onUnauthorized) onUnauthorized();
    throw new ApiError(response.status, data?.code ?? 'error', data?.message ?? 'Er ging iets mis.', data?.fields ?? []);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  return { blob: await response.blob(), filename };
}

/** Hand a downloaded file to the browser's save dialog. */
export function saveFile(file: DownloadedFile): void {
  const href = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = file.filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * POST a file as the raw request body (a CSV extract as text/csv), with the CSRF token; the
 * answer is JSON. The file's own type is not trusted (Windows calls a CSV application/vnd.ms-excel).
 */
async function upload<T>(url: string, file: Blob, contentType: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': contentType };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiError(0, 'network', 'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.');
  }
  const data = (await response.json().catch(() => null)) as (T & { code?: string; message?: string; fields?: FieldError[] }) | null;
  if (!response.ok) {
    if (response.status === 401 && onUnauthorized) onUnauthorized();
    throw new ApiError(response.status, data?.code ?? 'error', data?.message ?? 'Er ging iets mis.', data?.fields ?? []);
  }
  return data as T;
}

export const api = {
  upload,
  download,
  get: <T>(url: string) => request<T>('GET', url),
  /** `headers`: extra request headers (the report form's Idempotency-Key). */
  post: <T = void>(url: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', url, body, headers),
  patch: <T = void>(url: string, body: unknown) => request<T>('PATCH', url, body),
  put: <T = void>(url: string, body: unknown) => request<T>('PUT', url, body),
  delete: <T = void>(url: string) => request<T>('DELETE', url),
};
