import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { Vault } from './vault.js';

/**
 * The blind indexes of the signal's parts: how a value is normalised before it is
 * HMAC'd, one purpose per kind. Searching (access requests, linking) computes the same
 * key from what the user typed and compares keys, never plaintext.
 */

/** Lower case, diacritics folded, punctuation to spaces, whitespace collapsed. */
export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function normaliseEmailForIndex(value: string): string {
  return value.trim().toLowerCase();
}

/** E.164 when it parses as a phone number (Dutch by default), otherwise the digits. */
export function normalisePhoneForIndex(value: string): string {
  const parsed = parsePhoneNumberFromString(value, 'NL');
  return parsed?.isValid() ? parsed.number : value.replace(/\D+/g, '');
}

export function addressIndexValue(postcode: string, houseNumber: number | string, addition?: string | null): string {
  return `${postcode.replace(/\s+/g, '').toUpperCase()}|${String(houseNumber).trim()}|${(addition ?? '').replace(/[\s-]+/g, '').toUpperCase()}`;
}

export function blindKeys(vault: Vault) {
  const key = (purpose: string, normalised: string) => (normalised ? vault.blindIndex(purpose, normalised) : null);
  return {
    personName: (fullName: string) => key('person.name', foldText(fullName)),
    email: (email: string | null | undefined) => (email ? key('email', normaliseEmailForIndex(email)) : null),
    phone: (phone: string | null | undefined) => (phone ? key('phone', normalisePhoneForIndex(phone)) : null),
    organisationName: (name: string) => key('organisation.name', foldText(name)),
    kvk: (kvk: string | null | undefined) => (kvk ? key('kvk', kvk.replace(/\D+/g, '')) : null),
    address: (postcode: string, houseNumber: number | string, addition?: string | null) =>
      key('address', addressIndexValue(postcode, houseNumber, addition)),
    /** Which user reported or submitted a signal. */
    user: (userId: string) => vault.blindIndex('signal.user', userId),
    /** A submission's idempotency key, scoped to the submitting user (signal_submissions). */
    submission: (userId: string, idempotencyKey: string) => vault.blindIndex('signal.submission', `${userId}:${idempotencyKey.toLowerCase()}`),
    /**
     * The signal as named in audit entries of the reporter's own actions (submitting,
     * reading their own signal): a dump of the audit trail does not link a colleague to a
     * signal, while the access log (and an auditor with the key) still finds them.
     */
    signalPseudonym: (signalId: string) => vault.blindIndex('audit.signal', signalId),
  };
}
export type BlindKeys = ReturnType<typeof blindKeys>;
