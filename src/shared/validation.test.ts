import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loginInput, newPassword } from './api/auth.js';
import { userInput } from './api/admin.js';
import { closeSignalInput, referralInput, reporterFeedbackInput, signalInput, type SignalInput } from './api/signal.js';
import { LIMITS } from './limits.js';
import { toFieldErrors, VALIDATION_MESSAGES, type FieldError } from './validation.js';

const valid: SignalInput = {
  observedOn: '2026-11-20',
  explanation: 'Man houdt paspoort van jonge vrouw vast.',
  persons: [{ fullName: 'Jan', email: 'jan@voorbeeld.nl', phone: '06 12345678' }],
  organisations: [{ name: 'Voorbeeld BV', kvkNumber: '12345678' }],
  addresses: [{ postcode: '3411 AB', houseNumber: 7 }],
};

function errorsOf(schema: z.ZodType, input: unknown, lang: 'nl' | 'en' = 'nl'): FieldError[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected the input to be invalid');
  return toFieldErrors(parsed.error.issues, lang);
}

function fieldOf(schema: z.ZodType, input: unknown, path: string, lang: 'nl' | 'en' = 'nl'): FieldError {
  const found = errorsOf(schema, input, lang).find((e) => e.path === path);
  if (!found) throw new Error(`no error for ${path}: ${JSON.stringify(errorsOf(schema, input, lang))}`);
  return found;
}

describe('validation messages', () => {
  it('has the same keys in Dutch and English', () => {
    expect(Object.keys(VALIDATION_MESSAGES.en).sort()).toEqual(Object.keys(VALIDATION_MESSAGES.nl).sort());
  });

  it('accepts the valid signal form', () => {
    expect(signalInput.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['explanation', { ...valid, explanation: '   ' }, 'v.explanation', 'Beschrijf kort wat u heeft gezien of gehoord.'],
    ['observedOn', { ...valid, observedOn: undefined }, 'v.date', 'Vul een datum in als JJJJ-MM-DD.'],
    ['observedOn', { ...valid, observedOn: '2026-02-30' }, 'v.date', 'Vul een datum in als JJJJ-MM-DD.'],
    ['observedOn', { ...valid, observedOn: '2999-01-01' }, 'v.date_future', 'Deze datum ligt in de toekomst.'],
    ['observedTime', { ...valid, observedTime: '25:00' }, 'v.time', 'Vul een tijd in als UU:MM.'],
    ['persons.0.email', { ...valid, persons: [{ fullName: 'Jan', email: 'geen-mail' }] }, 'v.email', VALIDATION_MESSAGES.nl['v.email']],
    ['persons.0.phone', { ...valid, persons: [{ fullName: 'Jan', phone: '12' }] }, 'v.phone', VALIDATION_MESSAGES.nl['v.phone']],
    ['persons.0.fullName', { ...valid, persons: [{ fullName: ' ' }] }, 'v.required', 'Dit veld is verplicht.'],
    ['organisations.0.kvkNumber', { ...valid, organisations: [{ name: 'X', kvkNumber: '1234' }] }, 'v.kvk', 'Een KvK-nummer bestaat uit 8 cijfers.'],
    ['addresses.0.postcode', { ...valid, addresses: [{ postcode: '0123 AB', houseNumber: 1 }] }, 'v.postcode', 'Vul een postcode in als 1234 AB.'],
    ['addresses.0.houseNumber', { ...valid, addresses: [{ postcode: '3411 AB', houseNumber: 0 }] }, 'v.house_number', VALIDATION_MESSAGES.nl['v.house_number']],
    ['exploitationForms.0', { ...valid, exploitationForms: ['slavery'] }, 'v.choice', 'Kies een van de opties.'],
    ['onBehalfOfUserId', { ...valid, onBehalfOfUserId: 'iemand' }, 'v.id', 'Dit is geen geldige verwijzing.'],
  ])('%s: an invalid value gives its Dutch message (case %#)', (path, input, key, message) => {
    expect(fieldOf(signalInput, input, path)).toEqual({ path, key, message });
  });

  it('says how many are allowed when a list is too long', () => {
    const persons = Array.from({ length: LIMITS.maxPersons + 1 }, (_, i) => ({ fullName: `P${i}` }));
    expect(fieldOf(signalInput, { ...valid, persons }, 'persons')).toEqual({ path: 'persons', key: 'v.too_many', message: 'U kunt er maximaal 50 opgeven.' });
  });

  it('says that an oversized explanation is too long, with the maximum', () => {
    const e = fieldOf(signalInput, { ...valid, explanation: 'x'.repeat(LIMITS.explanation + 1) }, 'explanation');
    expect(e).toEqual({ path: 'explanation', key: 'v.too_long', message: 'Deze tekst is te lang (maximaal 10000 tekens).' });
  });

  it('says that an oversized required text is too long, not that it is missing', () => {
    const e = fieldOf(signalInput, { ...valid, persons: [{ fullName: 'x'.repeat(LIMITS.shortText + 1) }] }, 'persons.0.fullName');
    expect(e).toEqual({ path: 'persons.0.fullName', key: 'v.too_long', message: 'Deze tekst is te lang (maximaal 200 tekens).' });
    expect(fieldOf(userInput, { username: 'abc', displayName: 'x'.repeat(201), role: 'reporter' }, 'displayName').key).toBe('v.too_long');
    expect(fieldOf(loginInput, { username: 'a'.repeat(LIMITS.username + 1), password: 'x' }, 'username').key).toBe('v.too_long');
    expect(fieldOf(z.object({ password: newPassword }), { password: 'x'.repeat(LIMITS.passwordMax + 1) }, 'password').key).toBe('v.too_long');
  });

  it('tells a value of the wrong type ("not valid") from a missing one ("required")', () => {
    expect(fieldOf(signalInput, { ...valid, acuteDanger: 'ja' }, 'acuteDanger')).toEqual({ path: 'acuteDanger', key: 'v.invalid', message: 'Deze waarde is niet geldig.' });
    expect(fieldOf(z.object({ flag: z.boolean() }), {}, 'flag')).toEqual({ path: 'flag', key: 'v.required', message: 'Dit veld is verplicht.' });
    expect(fieldOf(z.object({ flag: z.boolean() }), { flag: null }, 'flag').key).toBe('v.required');
    expect(fieldOf(z.object({ n: z.number() }), { n: 'twaalf' }, 'n').key).toBe('v.invalid');
  });

  it('says a number is too large with the maximum', () => {
    expect(fieldOf(z.object({ n: z.number().max(10) }), { n: 11 }, 'n')).toEqual({ path: 'n', key: 'v.number_max', message: 'Vul een getal van maximaal 10 in.' });
  });

  it('gives an impossible date one message, not also "in the future"', () => {
    const errors = errorsOf(signalInput, { ...valid, observedOn: '2026-13-01' }).filter((e) => e.path === 'observedOn');
    expect(errors).toEqual([{ path: 'observedOn', key: 'v.date', message: 'Vul een datum in als JJJJ-MM-DD.' }]);
  });

  it('keeps the specific message for a too short password', () => {
    expect(fieldOf(z.object({ password: newPassword }), { password: 'kort' }, 'password')).toEqual({
      path: 'password',
      key: 'v.password',
      message: 'Een wachtwoord heeft minimaal 12 tekens.',
    });
  });

  it('answers in English when asked, with the same key', () => {
    const e = fieldOf(signalInput, { ...valid, addresses: [{ postcode: 'x', houseNumber: 1 }] }, 'addresses.0.postcode', 'en');
    expect(e).toEqual({ path: 'addresses.0.postcode', key: 'v.postcode', message: 'Enter a postcode like 1234 AB.' });
  });

  it('maps generic zod issues by code and fills the placeholders', () => {
    const schema = z.object({ a: z.string().min(3), b: z.number().min(2), c: z.array(z.string()).min(2), d: z.string() });
    const errors = errorsOf(schema, { a: 'x', b: 1, c: [], d: undefined });
    expect(errors).toEqual([
      { path: 'a', key: 'v.too_short', message: 'Deze tekst is te kort (minimaal 3 tekens).' },
      { path: 'b', key: 'v.number_min', message: 'Vul een getal van minimaal 2 in.' },
      { path: 'c', key: 'v.too_few', message: 'Kies er minimaal 2.' },
      { path: 'd', key: 'v.required', message: 'Dit veld is verplicht.' },
    ]);
    for (const e of errors) expect(e.message).not.toMatch(/[{}]/);
  });

  it('requires the number of the original for a duplicate', () => {
    expect(fieldOf(closeSignalInput, { outcome: 'duplicate' }, 'duplicateOf').key).toBe('v.duplicate_of');
    expect(closeSignalInput.safeParse({ outcome: 'duplicate', duplicateOf: 'MH-2026-0001' }).success).toBe(true);
  });

  it('requires the text or the reason of the reporter feedback', () => {
    expect(fieldOf(reporterFeedbackInput, { impossible: false, givenOn: '2026-11-20' }, 'text').key).toBe('v.required');
    expect(fieldOf(reporterFeedbackInput, { impossible: true, givenOn: '2026-11-20', text: 'x' }, 'reason').key).toBe('v.required');
  });

  it('rejects an unknown referral channel and a shared part that does not exist', () => {
    const base = { partnerId: '6f1c3f0e-8d3c-4f7a-9d7e-1c2b3a4d5e6f', referredOn: '2026-11-20', channel: 'phone' };
    expect(referralInput.safeParse(base).success).toBe(true);
    expect(fieldOf(referralInput, { ...base, channel: 'pigeon' }, 'channel').key).toBe('v.choice');
    expect(fieldOf(referralInput, { ...base, sharedParts: ['everything'] }, 'sharedParts.0').key).toBe('v.choice');
  });
});
