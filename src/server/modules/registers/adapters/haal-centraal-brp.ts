/**
 * Person lookups in the BRP through the Haal Centraal BRP API Personen, version 2 (`POST {base}/personen`, one
 * operation whose request body names the query `type`). Specification: BRP-API/Haal-Centraal-BRP-bevragen,
 * specificatie/resolved/openapi.yaml (2.5.0) and features/zoeken/*.
 *
 * Personal data stay out of URLs: the API takes every search parameter in the POST body, and this adapter puts
 * nothing in the URL but the fixed path.
 */
import { z } from 'zod';
import { endpoint, requestJson, type HttpClientOptions } from './http-client.js';
import {
  houseNumberSuffix,
  RegisterApiError,
  validateAddressQuery,
  validateNameQuery,
  type AddressesByPostcodeQuery,
  type PersonsByAddressQuery,
  type PersonsByNameAndBirthDateQuery,
  type RegisterAddress,
  type RegisterLookup,
  type RegisterPerson,
  type RegisterPersonAddress,
} from './register-source.js';

/**
 * The fields Meldroute asks for — and the only ones. The API requires a `fields` list (`PersonenQuery.fields`,
 * 1..130 paths) and, per the Experimentbesluit Dataminimalisatie behind this API, returns only what is listed;
 * every field asked for is also recorded in the BRP's protocol of disclosures. Matching a signal against the BRP
 * needs who the person is and where they live, so:
 *
 * - `burgerservicenummer`: the external id that ties repeated matches to one person;
 * - `naam.voornamen`, `naam.voorvoegsel`, `naam.geslachtsnaam`: to compare names (the display name is composed
 *   here, so `naam.volledigeNaam`, `naam.voorletters` and titles are not asked for);
 * - `geboorte.datum`: to tell namesakes apart;
 * - `adressering.adresregel1`, `adressering.adresregel2`: the residential address. The search operations return a
 *   `PersoonBeperkt`, which has no `verblijfplaats` (asking for `verblijfplaats.*` there is a 400); its
 *   `adressering` lines are the address as street + number and postcode + place. A structured `verblijfplaats`
 *   would take a second, per-person RaadpleegMetBurgerservicenummer request — more disclosures for data the
 *   lines already hold.
 *
 * Not asked for: sex, age, nationality, birthplace, family relations, foreign-address lines (`adresregel3`,
 * `land`). `geheimhoudingPersoonsgegevens` is delivered without asking and is kept as `confidential`.
 */
export const BRP_PERSON_FIELDS: readonly string[] = Object.freeze([
  'burgerservicenummer',
  'naam.voornamen',
  'naam.voorvoegsel',
  'naam.geslachtsnaam',
  'geboorte.datum',
  'adressering.adresregel1',
  'adressering.adresregel2',
]);

export const BRP_LOOKUP_NAME = 'haal-centraal-brp';

export interface HaalCentraalBrpOptions {
  /** Base URL, e.g. `https://proefomgeving.haalcentraal.nl/haalcentraal/api/brp`; `/personen` is appended. */
  url: string;
  /** Sent as the `X-API-Key` header. */
  apiKey: string;
  /** Per request; default 10 seconds. */
  timeoutMs?: number | undefined;
  /**
   * Restrict searches to persons registered in this municipality (`gemeenteVanInschrijving`, 4 digits). Without
   * it the search is national, as far as the API key is authorised.
   */
  municipalityCode?: string | undefined;
  fetch?: typeof fetch | undefined;
}

// --- response schemas (PersoonBeperkt and what it contains; unknown fields are dropped) ---------------------------

const abstractDatumSchema = z.object({
  type: z.string(),
  datum: z.iso.date().optional(),
  jaar: z.number().int().min(1).max(9999).optional(),
  maand: z.number().int().min(1).max(12).optional(),
});

const persoonBeperktSchema = z.object({
  burgerservicenummer: z.string().regex(/^[0-9]{9}$/),
  naam: z
    .object({
      voornamen: z.string().optional(),
      voorvoegsel: z.string().optional(),
      geslachtsnaam: z.string().optional(),
    })
    .optional(),
  geboorte: z.object({ datum: abstractDatumSchema.optional() }).optional(),
  geheimhoudingPersoonsgegevens: z.boolean().optional(),
  adressering: z
    .object({
      adresregel1: z.string().optional(),
      adresregel2: z.string().optional(),
    })
    .optional(),
});

const personenResponseSchema = z.object({
  type: z.string(),
  personen: z.array(persoonBeperktSchema).default([]),
});

type PersoonBeperkt = z.output<typeof persoonBeperktSchema>;

// --- mapping --------------------------------------------------------------------------------------------------------

function birthDate(datum: z.output<typeof abstractDatumSchema> | undefined): string | null {
  if (!datum) return null;
  switch (datum.type) {
    case 'Datum':
      return datum.datum ?? null;
    case 'JaarMaandDatum':
      return datum.jaar !== undefined && datum.maand !== undefined
        ? `${String(datum.jaar).padStart(4, '0')}-${String(datum.maand).padStart(2, '0')}`
        : null;
    case 'JaarDatum':
      return datum.jaar !== undefined ? String(datum.jaar).padStart(4, '0') : null;
    default:
      // DatumOnbekend, or a type this adapter does not know.
      return null;
  }
}

const DOMESTIC_LINE2 = /^([1-9][0-9]{3}) ?([A-Za-z]{2})\s+(\S.*)$/;
// Street, house number, then optionally the letter and/or addition in any of the printed forms (`9-2`, `103 c`,
// `35 III`, `400 LToe`, and `26A-3` as in the OpenAPI example of adresregel1).
const DOMESTIC_LINE1 = /^(.*\S)\s+([1-9][0-9]{0,4})(?:[\s-]*([A-Za-z0-9][A-Za-z0-9 -]{0,6}))?$/;

/**
 * Reads the NEN 5825 address lines the BRP composes (feature "samenstellen van adresregels"):
 * line 1 `[straat] [huisnummer]`, `… [huisnummer] [huisletter]`, `… [huisnummer] [toevoeging-met-letter]`,
 * `… [huisnummer]-[toevoeging-met-cijfer]`, `… [huisnummer] [huisletter][toevoeging]`;
 * line 2 `[1234] [AB]  [WOONPLAATS]`. A line that does not fit (a location description, a foreign address) is kept
 * in `lines` only.
 */
export function parseAddressLines(line1: string | undefined, line2: string | undefined): RegisterPersonAddress | null {
  const lines = [line1, line2].filter((l): l is string => typeof l === 'string' && l.trim() !== '');
  if (lines.length === 0) return null;
  const address: RegisterPersonAddress = { street: null, houseNumber: null, houseNumberSuffix: null, postcode: null, place: null, lines };
  // The specification caps the lines at 40 and 50 characters; longer ones are kept but not parsed.
  if (lines.some((l) => l.length > 100)) return address;
  const m2 = line2 ? DOMESTIC_LINE2.exec(line2.trim()) : null;
  if (!m2) return address; // not a Dutch address line: do not guess at line 1 either
  address.postcode = `${m2[1]}${m2[2]!.toUpperCase()}`;
  address.place = m2[3]!.trim();
  const m1 = line1 ? DOMESTIC_LINE1.exec(line1.trim()) : null;
  if (m1) {
    address.street = m1[1]!;
    address.houseNumber = Number(m1[2]);
    address.houseNumberSuffix = houseNumberSuffix(null, m1[3] ?? null);
  }
  return address;
}

export function mapPerson(p: PersoonBeperkt): RegisterPerson {
  const givenNames = p.naam?.voornamen?.trim() || null;
  const prefix = p.naam?.voorvoegsel?.trim() || null;
  const surname = p.naam?.geslachtsnaam?.trim() || null;
  const fullName = [givenNames, prefix, surname].filter((s) => s !== null).join(' ') || null;
  return {
    externalId: p.burgerservicenummer,
    fullName,
    givenNames,
    prefix,
    surname,
    birthDate: birthDate(p.geboorte?.datum),
    confidential: p.geheimhoudingPersoonsgegevens === true,
    address: parseAddressLines(p.adressering?.adresregel1, p.adressering?.adresregel2),
  };
}

// --- the lookup -----------------------------------------------------------------------------------------------------

export class HaalCentraalBrpLookup implements RegisterLookup {
  readonly name = BRP_LOOKUP_NAME;
  readonly kind = 'brp' as const;
  readonly capabilities = { persons: true, addresses: false } as const;
  private readonly http: HttpClientOptions;
  private readonly url: URL;

  constructor(private readonly options: HaalCentraalBrpOptions) {
    if (options.municipalityCode !== undefined && !/^[0-9]{4}$/.test(options.municipalityCode)) {
      throw new TypeError('municipalityCode must be 4 digits');
    }
    this.url = endpoint(options.url, 'personen');
    this.http = { source: BRP_LOOKUP_NAME, timeoutMs: options.timeoutMs ?? 10_000, fetch: options.fetch };
  }

  async personsByNameAndBirthDate(query: PersonsByNameAndBirthDateQuery): Promise<RegisterPerson[]> {
    const q = validateNameQuery(BRP_LOOKUP_NAME, query);
    return this.search({
      type: 'ZoekMetGeslachtsnaamEnGeboortedatum',
      geslachtsnaam: q.geslachtsnaam,
      geboortedatum: q.geboortedatum,
      ...(q.voorvoegsel !== undefined ? { voorvoegsel: q.voorvoegsel } : {}),
      ...(q.voornamen !== undefined ? { voornamen: q.voornamen } : {}),
    });
  }

  async personsByAddress(query: PersonsByAddressQuery): Promise<RegisterPerson[]> {
    const q = validateAddressQuery(BRP_LOOKUP_NAME, query);
    return this.search({
      type: 'ZoekMetPostcodeEnHuisnummer',
      postcode: q.postcode,
      huisnummer: q.huisnummer,
      ...(q.huisletter !== undefined ? { huisletter: q.huisletter } : {}),
      ...(q.toevoeging !== undefined ? { huisnummertoevoeging: q.toevoeging } : {}),
    });
  }

  /** The BRP holds no address register of its own to search; use the BAG lookup. */
  async addressesByPostcode(_query: AddressesByPostcodeQuery): Promise<RegisterAddress[]> {
    return [];
  }

  private async search(query: { type: string } & Record<string, unknown>): Promise<RegisterPerson[]> {
    const body = {
      ...query,
      fields: [...BRP_PERSON_FIELDS],
      ...(this.options.municipalityCode !== undefined ? { gemeenteVanInschrijving: this.options.municipalityCode } : {}),
    };
    const response = await requestJson(
      this.http,
      this.url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          Accept: 'application/json',
          'X-API-Key': this.options.apiKey,
        },
        body: JSON.stringify(body),
      },
      personenResponseSchema,
    );
    if (response.type !== query.type) {
      throw new RegisterApiError(BRP_LOOKUP_NAME, 'invalid-response', 200);
    }
    return response.personen.map(mapPerson);
  }
}
