import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Redaction of the free texts in an access-request package (pure). Every other
 * person's name, e-mail and phone number and every organisation becomes "[derde]";
 * the reporter's and submitter's name and e-mail become "[melder]". Matching is
 * case-insensitive, tolerant of whitespace in names and of notation in phone numbers
 * (06-12345678, 06 1234 5678, +31 6 12345678). Values equal to the data subject's own
 * are left alone. What it cannot know (a first name on its own, a nickname) the
 * coordinator's review must catch: the package says so.
 */
export const THIRD_PARTY = '[derde]';
export const REPORTER = '[melder]';

export interface RedactionTerms {
  /** Other persons' names, organisation names, KvK numbers. */
  thirdPartyNames: (string | null | undefined)[];
  thirdPartyEmails: (string | null | undefined)[];
  thirdPartyPhones: (string | null | undefined)[];
  /** Reporter's and submitter's display names and e-mail addresses. */
  reporter: (string | null | undefined)[];
  /** The data subject's own values: never redacted. */
  keep: (string | null | undefined)[];
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BEFORE = '(?<![\\p{L}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{N}])';
const SEP = '[\\s.\\-()/]*';

/** A name or other words: case-insensitive, any run of whitespace between the words, whole words only. */
function wordsPattern(value: string): string | null {
  const words = value.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  return `${BEFORE}${words.map(escape).join('[\\s\\u00A0]+')}${AFTER}`;
}

/** A phone number in any common notation: with or without +31/0031/0, with spaces, dashes, dots or brackets. */
function phonePattern(value: string): string | null {
  const parsed = parsePhoneNumberFromString(value, 'NL');
  const digitsOf = (s: string) => s.split('').join(SEP);
  if (parsed?.isValid()) {
    const national = digitsOf(parsed.nationalNumber);
    const cc = escape(parsed.countryCallingCode);
    return `(?<![\\d+])\\(?(?:(?:\\+|00)${SEP}${cc}${SEP}(?:\\(0\\)${SEP})?|0${SEP})${national}(?!\\d)`;
  }
  const digits = value.replace(/\D+/g, '');
  return digits.length >= 6 ? `(?<!\\d)${digitsOf(digits)}(?!\\d)` : null;
}

export function createRedactor(terms: RedactionTerms): (text: string) => string {
  const kept = new Set(terms.keep.filter((v): v is string => Boolean(v)).map((v) => v.trim().toLowerCase()));
  const rules: { source: string; re: RegExp; replacement: string }[] = [];
  const add = (values: (string | null | undefined)[], toPattern: (v: string) => string | null, replacement: string, keepOwn: boolean) => {
    for (const value of values) {
      if (!value || !value.trim()) continue;
      if (keepOwn && kept.has(value.trim().toLowerCase())) continue;
      const source = toPattern(value);
      if (source) rules.push({ source: value, re: new RegExp(source, 'giu'), replacement });
    }
  };
  // The reporter first: their identity is never disclosed, even when it equals a value of the subject's.
  add(terms.reporter, (v) => (v.includes('@') ? `${BEFORE}${escape(v.trim())}${AFTER}` : wordsPattern(v)), REPORTER, false);
  add(terms.thirdPartyEmails, (v) => `${BEFORE}${escape(v.trim())}${AFTER}`, THIRD_PARTY, true);
  add(terms.thirdPartyPhones, phonePattern, THIRD_PARTY, true);
  add(terms.thirdPartyNames, wordsPattern, THIRD_PARTY, true);
  // Longest first, so that "Jan van der Berg" goes before "Jan".
  const reporterRules = rules.filter((r) => r.replacement === REPORTER).sort((a, b) => b.source.length - a.source.length);
  const otherRules = rules.filter((r) => r.replacement !== REPORTER).sort((a, b) => b.source.length - a.source.length);
  const ordered = [...reporterRules, ...otherRules];
  return (text) => ordered.reduce((out, rule) => out.replace(rule.re, rule.replacement), text);
}

/** "2 andere betrokkenen, 1 organisatie, 1 adres en de identiteit van de melder: niet verstrekt". */
export function withheldSummary(counts: { otherPersons: number; organisations: number; addresses: number }): string {
  const parts: string[] = [];
  if (counts.otherPersons) parts.push(`${counts.otherPersons} ${counts.otherPersons === 1 ? 'andere betrokkene' : 'andere betrokkenen'}`);
  if (counts.organisations) parts.push(`${counts.organisations} ${counts.organisations === 1 ? 'organisatie' : 'organisaties'}`);
  if (counts.addresses) parts.push(`${counts.addresses} ${counts.addresses === 1 ? 'adres' : 'adressen'}`);
  parts.push('de identiteit van de melder');
  const last = parts.pop()!;
  return `${parts.length ? `${parts.join(', ')} en ${last}` : last}: niet verstrekt`;
}
