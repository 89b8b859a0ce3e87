import type { FieldError } from '../../shared/validation.js';

/**
 * Errors a service may throw. The error handler in app.ts turns them into
 * JSON responses `{ statusCode, code, message, fields? }`; anything else is a 500
 * with a generic message and no internals.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

export const unauthorized = () => new AppError(401, 'unauthorized', 'U bent niet ingelogd of uw sessie is verlopen.');
export const forbidden = () => new AppError(403, 'forbidden', 'U heeft geen toegang tot deze gegevens of handeling.');
export const notFound = (what = 'object') => new AppError(404, 'not_found', `Niet gevonden (${what}).`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const invalid = (fields: FieldError[], message = 'De invoer is niet geldig. Controleer de gemarkeerde velden.') =>
  new AppError(400, 'validation', message, fields);

export function fieldError(path: string, key: FieldError['key'], message: string): FieldError {
  return { path, key, message };
}
