import { z } from 'zod';
import { isPossiblePhoneNumber } from 'libphonenumber-js/min';
import { LIMITS } from '../limits.js';

/** Reusable field schemas. Custom errors carry a key from src/shared/validation.ts. */

export const id = z.uuid({ error: 'v.id' });

/** NUL and other C0 control characters except tab and line breaks: never meant, and refused by PostgreSQL in text. */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const noControlChars = (v: string) => !CONTROL_CHARS.test(v);

export const requiredText = (max: number = LIMITS.shortText) =>
  z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max).refine(noControlChars, { error: 'v.control_chars' });

export const optionalText = (max: number = LIMITS.shortText) =>
  z.string().trim().max(max).refine(noControlChars, { error: 'v.control_chars' }).optional();

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as YYYY-MM-DD. */
export const isoDate = z
  .string({ error: 'v.date' })
  // abort: a malformed date gets one message, and is not also called "in the future".
  .regex(ISO_DATE, { error: 'v.date', abort: true })
  .refine((value) => {
    const d = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
  }, { error: 'v.date', abort: true });

/** A date that is not after today (one day of slack for time zones). */
export const pastOrTodayDate = isoDate.refine(
  (value) => value <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
  { error: 'v.date_future' },
);

export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'v.time' });

export const email = z.email({ error: 'v.email' }).max(LIMITS.shortText);

export const phone = z
  .string()
  .trim()
  .max(40, { error: 'v.phone' })
  .refine((value) => isPossiblePhoneNumber(value, 'NL'), { error: 'v.phone' });

/** Dutch postcode: four digits (not starting with 0) and two letters, space optional. */
export const postcode = z
  .string({ error: 'v.postcode' })
  .trim()
  .regex(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, { error: 'v.postcode' });

export const kvkNumber = z.string().trim().regex(/^\d{8}$/, { error: 'v.kvk' });

export const signalNumber = z.string().trim().regex(/^[A-Z]{2,5}-\d{4}-\d{4,6}$/, { error: 'v.duplicate_of' });

/** Timestamps travel as ISO 8601 strings. */
export const timestamp = z.string();
