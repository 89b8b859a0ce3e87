/**
 * Address lookups in the BAG through the Kadaster's BAG API Individuele Bevragingen, version 2
 * (`GET {base}/adressen?postcode=…&huisnummer=…`, HAL response `_embedded.adressen[]`). Specification:
 * lvbag/BAG-API, "Technische specificatie/Yaml's/BAG API Individuele Bevragingen/resolved/individuelebevragingen/v2/
 * adressen.yaml" (operation bevraagAdressen, schemas AdresIOHalCollection and Adres, security scheme apiKeyBAG).
 *
 * The query is a postcode and house number, which the API takes as query parameters only; they identify an
 * address, not a person, and no person data are ever sent to the BAG.
 */
import { z } from 'zod';
import { endpoint, requestJson, type HttpClientOptions } from './http-client.js';
import {
  houseNumberSuffix,
  validateAddressQuery,
  type AddressesByPostcodeQuery,
  type PersonsByAddressQuery,
  type PersonsByNameAndBirthDateQuery,
  type RegisterAddress,
  type RegisterLookup,
  type RegisterPerson,
} from './register-source.js';

export const BAG_LOOKUP_NAME = 'haal-centraal-bag';

/** The API's maximum page size (parameter `pageSize`, 10..100). */
const PAGE_SIZE = 100;

export interface HaalCentraalBagOptions {
  /** Base URL, e.g. `https://api.bag.kadaster.nl/lvbag/individuelebevragingen/v2`; `/adressen` is appended. */
  url: string;
  /** Sent as the `X-Api-Key` header. */
  apiKey: string;
  /** Per request; default 10 seconds. */
  timeoutMs?: number | undefined;
  /** Pages of 100 addresses followed at most (an address query returns more than one page only for large blocks). */
  maxPages?: number | undefined;
  fetch?: typeof fetch | undefined;
}

const adresSchema = z.object({
  openbareRuimteNaam: z.string().min(1),
  korteNaam: z.string().optional(),
  huisnummer: z.number().int().min(1).max(99_999),
  huisletter: z.string().optional(),
  huisnummertoevoeging: z.string().optional(),
  postcode: z.string().optional(),
  woonplaatsNaam: z.string().min(1),
  nummeraanduidingIdentificatie: z.string().regex(/^[0-9]{16}$/),
  adresseerbaarObjectIdentificatie: z.string().regex(/^[0-9]{16}$/).optional(),
});

const adressenResponseSchema = z.object({
  _embedded: z.object({ adressen: z.array(adresSchema).default([]) }).optional(),
  _links: z.object({ next: z.object({ href: z.string() }).optional() }).optional(),
});

export function mapAddress(a: z.output<typeof adresSchema>): RegisterAddress {
  const letter = a.huisletter?.trim() || null;
  const addition = a.huisnummertoevoeging?.trim() || null;
  return {
    externalId: a.nummeraanduidingIdentificatie,
    street: a.openbareRuimteNaam,
    streetShort: a.korteNaam?.trim() || null,
    houseNumber: a.huisnummer,
    letter,
    addition,
    houseNumberSuffix: houseNumberSuffix(letter, addition),
    postcode: a.postcode ?? null,
    place: a.woonplaatsNaam,
    addressableObjectId: a.adresseerbaarObjectIdentificatie ?? null,
  };
}

export class HaalCentraalBagLookup implements RegisterLookup {
  readonly name = BAG_LOOKUP_NAME;
  readonly kind = 'bag' as const;
  readonly capabilities = { persons: false, addresses: true } as const;
  private readonly http: HttpClientOptions;
  private readonly url: URL;
  private readonly maxPages: number;

  constructor(private readonly options: HaalCentraalBagOptions) {
    this.url = endpoint(options.url, 'adressen');
    this.http = { source: BAG_LOOKUP_NAME, timeoutMs: options.timeoutMs ?? 10_000, fetch: options.fetch };
    this.maxPages = Math.max(1, options.maxPages ?? 5);
  }

  /** The BAG holds no persons. */
  async personsByNameAndBirthDate(_query: PersonsByNameAndBirthDateQuery): Promise<RegisterPerson[]> {
    return [];
  }

  /** The BAG holds no persons. */
  async personsByAddress(_query: PersonsByAddressQuery): Promise<RegisterPerson[]> {
    return [];
  }

  /**
   * All current addresses with this postcode and house number (every letter and addition, unless the query names
   * one). Pages are requested by number, never by following the `next` link the server sends, so the API key
   * only ever goes to the configured host.
   */
  async addressesByPostcode(query: AddressesByPostcodeQuery): Promise<RegisterAddress[]> {
    const q = validateAddressQuery(BAG_LOOKUP_NAME, query);
    const addresses: RegisterAddress[] = [];
    for (let page = 1; page <= this.maxPages; page++) {
      const url = new URL(this.url);
      url.searchParams.set('postcode', q.postcode);
      url.searchParams.set('huisnummer', String(q.huisnummer));
      if (q.huisletter !== undefined) url.searchParams.set('huisletter', q.huisletter);
      if (q.toevoeging !== undefined) url.searchParams.set('huisnummertoevoeging', q.toevoeging);
      if (page > 1) url.searchParams.set('page', String(page));
      url.searchParams.set('pageSize', String(PAGE_SIZE));
      const response = await requestJson(
        this.http,
        url,
        { method: 'GET', headers: { Accept: 'application/hal+json', 'X-Api-Key': this.options.apiKey } },
        adressenResponseSchema,
      );
      const found = response._embedded?.adressen ?? [];
      addresses.push(...found.map(mapAddress));
      if (!response._links?.next || found.length < PAGE_SIZE) break;
    }
    return addresses;
  }
}
