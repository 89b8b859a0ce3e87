/**
 * One interface for looking up persons and addresses in a municipal register, whatever the register's source:
 * an imported CSV extract (docs/registers.md) or a live API (Haal Centraal BRP Personen, BAG Individuele
 * Bevragingen). The coordinator's matching calls every configured lookup and merges what they return.
 *
 * Records are Meldroute's own normalised shapes, not the APIs' shapes, so the matching does not depend on the
 * source. Nothing in this module logs; errors carry only safe, fixed texts (never a query value, a name, a BSN or
 * an address: see RegisterApiError).
 */
import { z } from 'zod';

/** The register kinds of docs/registers.md that a lookup can answer for. */
export type RegisterLookupKind = 'brp' | 'bag';

export interface PersonsByNameAndBirthDateQuery {
  /** Surname without the prefix (`Berg` for `van den Berg`). No wildcards. */
  geslachtsnaam: string;
  /** Prefix (tussenvoegsel), e.g. `van den`. */
  voorvoegsel?: string | undefined;
  /** First names, narrowing the search. */
  voornamen?: string | undefined;
  /** `YYYY-MM-DD`. */
  geboortedatum: string;
}

export interface PersonsByAddressQuery {
  /** `1234AB` or `1234 ab`. */
  postcode: string;
  huisnummer: number;
  huisletter?: string | undefined;
  toevoeging?: string | undefined;
}

export interface AddressesByPostcodeQuery {
  postcode: string;
  huisnummer: number;
  huisletter?: string | undefined;
  toevoeging?: string | undefined;
}

/**
 * A person's residential address as a person register gives it. The BRP search operations return the address only
 * as two printable lines (NEN 5825), so the structured parts are derived from those lines: `street` may be the
 * abbreviated street name (at most 24 characters) and the house letter and addition come back as one
 * `houseNumberSuffix`, because the printed line does not always tell them apart (`400 LToe`). Compare with a
 * RegisterAddress through its `houseNumberSuffix` and its `street` or `streetShort`.
 */
export interface RegisterPersonAddress {
  street: string | null;
  houseNumber: number | null;
  /** House letter and addition, upper case, without separators (`A`, `2`, `III`, `LTOE`); null when none. */
  houseNumberSuffix: string | null;
  /** `1234AB`. */
  postcode: string | null;
  place: string | null;
  /** The address lines exactly as the register gave them, for display. */
  lines: string[];
}

export interface RegisterPerson {
  /** The burgerservicenummer. */
  externalId: string;
  /** Given names, prefix and surname, as one display string. */
  fullName: string | null;
  givenNames: string | null;
  /** Tussenvoegsel (`van der`). */
  prefix: string | null;
  surname: string | null;
  /**
   * ISO 8601, `YYYY-MM-DD`; reduced to `YYYY-MM` or `YYYY` when the register knows only part of the date; null
   * when the date is unknown.
   */
  birthDate: string | null;
  /** The person asked that their data are not disclosed to third parties (BRP geheimhouding). */
  confidential: boolean;
  address: RegisterPersonAddress | null;
}

export interface RegisterAddress {
  /** The BAG nummeraanduiding id (16 digits). */
  externalId: string;
  /** The official street (openbare ruimte) name. */
  street: string;
  /** The street name shortened to at most 24 characters (NEN 5825), as person registers print it. */
  streetShort: string | null;
  houseNumber: number;
  letter: string | null;
  addition: string | null;
  /** `letter` + `addition`, normalised like RegisterPersonAddress.houseNumberSuffix. */
  houseNumberSuffix: string | null;
  postcode: string | null;
  place: string;
  /** The BAG id of the dwelling, berth or pitch the address belongs to. */
  addressableObjectId: string | null;
}

/**
 * A register that can be searched. A lookup answers every method; a register that holds no persons (BAG) answers
 * the person searches with an empty list, which is the truth: no person matches there. `capabilities` says which
 * searches can return anything at all, for diagnostics and screens.
 */
export interface RegisterLookup {
  /** Stable identifier of the implementation, e.g. `haal-centraal-brp`. Safe to log. */
  readonly name: string;
  readonly kind: RegisterLookupKind;
  readonly capabilities: { readonly persons: boolean; readonly addresses: boolean };
  personsByNameAndBirthDate(query: PersonsByNameAndBirthDateQuery): Promise<RegisterPerson[]>;
  personsByAddress(query: PersonsByAddressQuery): Promise<RegisterPerson[]>;
  addressesByPostcode(query: AddressesByPostcodeQuery): Promise<RegisterAddress[]>;
}

export type RegisterApiErrorKind =
  /** The query itself is not valid for the register (nothing was sent). */
  | 'invalid-query'
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'unavailable'
  | 'server-error'
  /** Another unexpected HTTP status. */
  | 'http-error'
  | 'timeout'
  /** No HTTP response: connection refused, DNS, TLS, a redirect (refused on purpose). */
  | 'network'
  /** A response that is not what the specification promises. */
  | 'invalid-response';

export interface RegisterApiErrorDetails {
  /** The problem's system code (`paramsRequired`, `authentication`), when it has the expected shape. */
  code?: string | undefined;
  /** Names and codes of the parameters the register refused (never their values or free-text reasons). */
  invalidParams?: ReadonlyArray<{ name: string; code: string | null }> | undefined;
  /** For `invalid-query`: the names of the query fields that were refused. */
  fields?: readonly string[] | undefined;
}

const SAFE_TOKEN = /^[A-Za-z0-9._-]{1,40}$/;

const KIND_TEXT: Record<RegisterApiErrorKind, string> = {
  'invalid-query': 'the query is not valid for this register',
  'bad-request': 'the register refused the request',
  unauthorized: 'the register did not accept the credentials',
  forbidden: 'the register refused access to this operation',
  'not-found': 'the register does not know this resource',
  'rate-limited': 'too many requests to the register',
  unavailable: 'the register is temporarily unavailable',
  'server-error': 'the register had an internal error',
  'http-error': 'unexpected HTTP status from the register',
  timeout: 'the register did not answer in time',
  network: 'the register could not be reached',
  'invalid-response': 'the register sent a response that does not match its specification',
};

/**
 * A failed register lookup. The message is built only from the adapter name, the kind, the HTTP status, the
 * problem's system code and parameter names, so it can be logged and shown: the request body, the query values,
 * the problem's title/detail/instance (which may echo the request URL) and the response body are never included.
 */
export class RegisterApiError extends Error {
  override readonly name = 'RegisterApiError';
  readonly code: string | undefined;
  readonly invalidParams: ReadonlyArray<{ name: string; code: string | null }>;
  readonly fields: readonly string[];

  constructor(
    /** The lookup's name, e.g. `haal-centraal-brp`. */
    readonly source: string,
    readonly kind: RegisterApiErrorKind,
    /** The HTTP status, or null when there was no response. */
    readonly status: number | null,
    details: RegisterApiErrorDetails = {},
  ) {
    const code = details.code !== undefined && SAFE_TOKEN.test(details.code) ? details.code : undefined;
    const invalidParams = (details.invalidParams ?? [])
      .filter((p) => SAFE_TOKEN.test(p.name))
      .map((p) => ({ name: p.name, code: p.code !== null && SAFE_TOKEN.test(p.code) ? p.code : null }));
    const fields = (details.fields ?? []).filter((f) => SAFE_TOKEN.test(f));
    let message = `${source}: ${KIND_TEXT[kind]}`;
    if (status !== null) message += ` (HTTP ${status})`;
    if (code) message += `, code ${code}`;
    if (invalidParams.length > 0) message += `, invalid parameters: ${invalidParams.map((p) => p.name).join(', ')}`;
    if (fields.length > 0) message += `, invalid fields: ${fields.join(', ')}`;
    super(message);
    this.code = code;
    this.invalidParams = invalidParams;
    this.fields = fields;
  }
}

// --- query validation, shared by the adapters -------------------------------------------------------------------

/** `1234 ab` → `1234AB`; null when it is not a Dutch postcode. */
export function normalisePostcode(value: string): string | null {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return /^[1-9][0-9]{3}[A-Z]{2}$/.test(compact) ? compact : null;
}

/** Letter and addition as one comparable token: upper case, separators removed; null when empty. */
export function houseNumberSuffix(letter: string | null | undefined, addition: string | null | undefined): string | null {
  const joined = `${letter ?? ''}${addition ?? ''}`.replace(/[\s-]+/g, '').toUpperCase();
  return joined === '' ? null : joined;
}

function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

// Character sets follow the BRP Personen filters (GeslachtsnaamFilter, VoorvoegselFilter, VoornamenOptioneelFilter)
// without their wildcard alternative: a wildcard would widen a search beyond the person concerned.
const nameText = z.string().trim().min(1).max(200).regex(/^[a-zA-Z0-9À-ž .\-']+$/);
const optionalText = <T extends z.ZodType<string>>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const postcodeSchema = z.string().transform((v, ctx) => {
  const p = normalisePostcode(v);
  if (p === null) {
    ctx.addIssue({ code: 'custom', message: 'not a postcode' });
    return z.NEVER;
  }
  return p;
});

const addressQuerySchema = z.object({
  postcode: postcodeSchema,
  huisnummer: z.number().int().min(1).max(99_999),
  huisletter: optionalText(z.string().trim().regex(/^[a-zA-Z]$/)),
  // BAG allows letters and digits only (BRP also a space or hyphen); the stricter form fits both.
  toevoeging: optionalText(z.string().trim().regex(/^[a-zA-Z0-9]{1,4}$/)),
});

const nameQuerySchema = z.object({
  geslachtsnaam: nameText,
  voorvoegsel: optionalText(z.string().trim().regex(/^[a-zA-Z ']{1,10}$/)),
  voornamen: optionalText(z.string().trim().max(199).regex(/^[a-zA-Z0-9À-ž .\-']+$/)),
  geboortedatum: z.string().refine(isCalendarDate),
});

export type ValidAddressQuery = z.output<typeof addressQuerySchema>;
export type ValidNameQuery = z.output<typeof nameQuerySchema>;

function validate<T extends z.ZodType>(source: string, schema: T, query: unknown): z.output<T> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  // Field names only: the issues themselves may quote the refused value.
  const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'query')))];
  throw new RegisterApiError(source, 'invalid-query', null, { fields });
}

export function validateAddressQuery(source: string, query: PersonsByAddressQuery | AddressesByPostcodeQuery): ValidAddressQuery {
  return validate(source, addressQuerySchema, query);
}

export function validateNameQuery(source: string, query: PersonsByNameAndBirthDateQuery): ValidNameQuery {
  return validate(source, nameQuerySchema, query);
}
