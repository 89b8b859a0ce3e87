import { useState } from 'react';
import type { z } from 'zod';
import { toFieldErrors, type FieldError } from '../../shared/validation.js';
import { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

/** Validate with the same zod schema the server uses; field errors in the user's language. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  lang: 'nl' | 'en',
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldError[] } {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: toFieldErrors(result.error.issues, lang) };
}

/** Drop empty strings (untouched optional inputs) so that optional fields are simply absent. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => !(typeof v === 'string' && v.trim() === ''))
        .map(([k, v]) => [k, compact(v)]),
    ) as T;
  }
  return value;
}

/**
 * Form submission state: client-side validation, the API call, and the errors
 * of either (field errors per path, or one general message).
 */
export function useFormSubmit() {
  const { lang, fieldMessage } = useI18n();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit<S extends z.ZodType, R>(schema: S, value: unknown, send: (data: z.output<S>) => Promise<R>): Promise<R | undefined> {
    setMessage(null);
    const checked = validate(schema, compact(value), lang);
    if (!checked.ok) {
      setErrors(checked.errors);
      return undefined;
    }
    setErrors([]);
    setBusy(true);
    try {
      return await send(checked.data);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length) {
        setErrors(error.fields.map((f) => ({ ...f, message: fieldMessage(f) })));
      } else {
        setMessage(error instanceof Error ? error.message : String(error));
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (path: string) => errors.find((e) => e.path === path)?.message;
  return { submit, errors, errorFor, message, busy, setMessage };
}
