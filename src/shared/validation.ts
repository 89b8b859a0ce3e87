import type { z } from 'zod';

/**
 * Validation messages. Schemas carry a message *key* (for example `v.postcode`) in
 * their custom errors; generic zod issues are mapped by their code. The server
 * answers in Dutch, the web app shows the user's language.
 */
export const VALIDATION_MESSAGES = {
  nl: {
    'v.required': 'Dit veld is verplicht.',
    'v.invalid': 'Deze waarde is niet geldig.',
    'v.control_chars': 'Deze tekst bevat een teken dat niet is toegestaan (een stuurteken). Typ de tekst opnieuw in plaats van hem te plakken.',
    'v.too_long': 'Deze tekst is te lang (maximaal {max} tekens).',
    'v.too_short': 'Deze tekst is te kort (minimaal {min} tekens).',
    'v.too_many': 'U kunt er maximaal {max} opgeven.',
    'v.too_few': 'Kies er minimaal {min}.',
    'v.number_min': 'Vul een getal van minimaal {min} in.',
    'v.number_max': 'Vul een getal van maximaal {max} in.',
    'v.choice': 'Kies een van de opties.',
    'v.email': 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.',
    'v.phone': 'Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678 of +31 348 551 111.',
    'v.postcode': 'Vul een postcode in als 1234 AB.',
    'v.house_number': 'Vul een huisnummer in (alleen cijfers).',
    'v.plate': 'Vul een kenteken in, bijvoorbeeld AB-123-C.',
    'v.website': 'Vul een webadres of account in, bijvoorbeeld voorbeeld.nl of instagram:@naam.',
    'v.kvk': 'Een KvK-nummer bestaat uit 8 cijfers.',
    'v.date': 'Vul een datum in als JJJJ-MM-DD.',
    'v.date_future': 'Deze datum ligt in de toekomst.',
    'v.time': 'Vul een tijd in als UU:MM.',
    'v.item_signal_or_title': 'Kies een signaal of vul een onderwerp in (niet allebei).',
    'v.id': 'Dit is geen geldige verwijzing.',
    'v.password': 'Een wachtwoord heeft minimaal 12 tekens.',
    'v.explanation': 'Beschrijf kort wat u heeft gezien of gehoord.',
    'v.duplicate_of': 'Vul het nummer in van het signaal waarvan dit een dubbele melding is, bijvoorbeeld MH-2026-0001.',
    'v.username': 'Een gebruikersnaam bestaat uit 3 tot 64 letters, cijfers, punten, streepjes of @.',
    'v.access_request_criteria': 'Vul naam en geboortedatum in, of een e-mailadres, of een telefoonnummer.',
    'v.signal_number': 'Vul een signaalnummer in, bijvoorbeeld MH-2026-0001.',
    'v.signal_unknown': 'Er is geen signaal met dit nummer.',
    'v.date_order': 'Deze datum ligt vóór de startdatum.',
    'v.result_required': 'Vul het resultaat in: een afgeronde activiteit heeft een resultaat.',
    'v.duplicate_department': 'Deze afdeling staat er al in.',
    'v.indicator': 'Deze indicator hoort niet bij de gekozen uitbuitingsvorm, of is niet meer in gebruik.',
    'v.whole_number': 'Vul een geheel getal in, zonder komma of punt.',
    'v.duplicate_year': 'Dit jaar staat er al in.',
    'v.duplicate_series': 'Er is al een reeks met deze naam.',
  },
  en: {
    'v.required': 'This field is required.',
    'v.control_chars': 'This text contains a character that is not allowed (a control character). Type the text instead of pasting it.',
    'v.invalid': 'This value is not valid.',
    'v.too_long': 'This text is too long (at most {max} characters).',
    'v.too_short': 'This text is too short (at least {min} characters).',
    'v.too_many': 'You can give at most {max}.',
    'v.too_few': 'Choose at least {min}.',
    'v.number_min': 'Enter a number of at least {min}.',
    'v.number_max': 'Enter a number of at most {max}.',
    'v.choice': 'Choose one of the options.',
    'v.email': 'Enter a valid e-mail address, for example name@example.nl.',
    'v.phone': 'Enter a valid phone number, for example 06 12345678 or +31 348 551 111.',
    'v.postcode': 'Enter a postcode like 1234 AB.',
    'v.house_number': 'Enter a house number (digits only).',
    'v.plate': 'Enter a licence plate, for example AB-123-C.',
    'v.website': 'Enter a web address or account, for example example.nl or instagram:@name.',
    'v.kvk': 'A KvK number has 8 digits.',
    'v.date': 'Enter a date like YYYY-MM-DD.',
    'v.date_future': 'This date is in the future.',
    'v.time': 'Enter a time like HH:MM.',
    'v.item_signal_or_title': 'Choose a signal or enter a topic (not both).',
    'v.id': 'This is not a valid reference.',
    'v.password': 'A password has at least 12 characters.',
    'v.explanation': 'Briefly describe what you saw or heard.',
    'v.duplicate_of': 'Enter the number of the signal this duplicates, for example MH-2026-0001.',
    'v.username': 'A user name has 3 to 64 letters, digits, dots, dashes or @.',
    'v.access_request_criteria': 'Enter name and date of birth, or an e-mail address, or a phone number.',
    'v.signal_number': 'Enter a signal number, for example MH-2026-0001.',
    'v.signal_unknown': 'There is no signal with this number.',
    'v.date_order': 'This date is before the start date.',
    'v.result_required': 'Enter the result: a completed activity has a result.',
    'v.duplicate_department': 'This department is already listed.',
    'v.indicator': 'This indicator does not belong to the chosen exploitation form, or is no longer in use.',
    'v.whole_number': 'Enter a whole number, without a decimal point or comma.',
    'v.duplicate_year': 'This year is already listed.',
    'v.duplicate_series': 'There is already a series with this name.',
  },
} as const satisfies Record<'nl' | 'en', Record<string, string>>;

export type ValidationMessageKey = keyof (typeof VALIDATION_MESSAGES)['nl'];
export type Lang = keyof typeof VALIDATION_MESSAGES;

export interface FieldError {
  /** Dotted path of the field, e.g. `persons.0.email`. Empty for the whole body. */
  path: string;
  /** Message key (stable, for clients). */
  key: ValidationMessageKey;
  /** Human message in the requested language. */
  message: string;
}

function fill(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

function isKey(value: unknown): value is ValidationMessageKey {
  return typeof value === 'string' && value in VALIDATION_MESSAGES.nl;
}

/**
 * Was the value absent? zod 4 leaves `input` out of issues unless asked, so fall
 * back to its (English, default) message, which names what it received.
 */
function isMissing(issue: z.core.$ZodIssue): boolean {
  if ('input' in issue) return issue.input === undefined || issue.input === null;
  return /received (undefined|null)\b/.test(issue.message);
}

function keyForIssue(issue: z.core.$ZodIssue): { key: ValidationMessageKey; values: Record<string, unknown> } {
  // A schema-level error key (`z.string({ error: 'v.required' })`) also lands on its length check;
  // a text or list over its limit is always explained as such, with the maximum.
  if (issue.code === 'too_big' && issue.origin === 'string') return { key: 'v.too_long', values: { max: issue.maximum } };
  if (issue.code === 'too_big' && issue.origin === 'array') return { key: 'v.too_many', values: { max: issue.maximum } };
  if (isKey(issue.message)) return { key: issue.message, values: {} };
  switch (issue.code) {
    case 'invalid_type':
      return { key: isMissing(issue) ? 'v.required' : 'v.invalid', values: {} };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'v.too_long', values: { max: issue.maximum } };
      if (issue.origin === 'array') return { key: 'v.too_many', values: { max: issue.maximum } };
      return { key: 'v.number_max', values: { max: issue.maximum } };
    case 'too_small':
      if (issue.origin === 'string') {
        return { key: Number(issue.minimum) <= 1 ? 'v.required' : 'v.too_short', values: { min: issue.minimum } };
      }
      if (issue.origin === 'array') return { key: 'v.too_few', values: { min: issue.minimum } };
      return { key: 'v.number_min', values: { min: issue.minimum } };
    case 'invalid_value':
      return { key: 'v.choice', values: {} };
    case 'invalid_format':
      if (issue.format === 'email') return { key: 'v.email', values: {} };
      if (issue.format === 'uuid') return { key: 'v.id', values: {} };
      if (issue.format === 'date') return { key: 'v.date', values: {} };
      return { key: 'v.invalid', values: {} };
    default:
      return { key: 'v.invalid', values: {} };
  }
}

/** Turn zod issues into field-level messages. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], lang: Lang = 'nl'): FieldError[] {
  return issues.map((issue) => {
    const { key, values } = keyForIssue(issue);
    return { path: issue.path.map(String).join('.'), key, message: fill(VALIDATION_MESSAGES[lang][key], values) };
  });
}
