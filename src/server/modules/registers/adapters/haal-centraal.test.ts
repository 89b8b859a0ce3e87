/**
 * The Haal Centraal adapters against a local HTTP server that answers as the published specifications do
 * (BRP API Personen 2.5.0 `specificatie/resolved/openapi.yaml` and its feature files; BAG API Individuele
 * Bevragingen v2 `adressen.yaml`). The server and the example bodies (modelled on the examples in those documents)
 * are in haal-centraal.fixtures.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config.js';
import {
  adressen,
  badRequest,
  personenNaamGeboortedatum,
  personenPostcodeHuisnummer,
  startHaalCentraalServer,
  unauthorized,
  type HaalCentraalTestServer,
  type Recorded,
  type Reply,
} from './haal-centraal.fixtures.js';
import { parseAddressLines } from './haal-centraal-brp.js';
import {
  BRP_PERSON_FIELDS,
  createRegisterLookups,
  HaalCentraalBagLookup,
  HaalCentraalBrpLookup,
  RegisterApiError,
  type RegisterLookup,
} from './index.js';

// --- the scriptable local server (haal-centraal.fixtures.ts) ---------------------------------------------------

let server: HaalCentraalTestServer;
let baseUrl: string;
let requests: Recorded[] = [];
let reply: (req: Recorded) => Reply = () => ({ status: 500, body: {} });

beforeAll(async () => {
  server = await startHaalCentraalServer((req) => {
    requests.push(req);
    return reply(req);
  });
  baseUrl = server.baseUrl;
});

afterAll(async () => server.close());

beforeEach(() => {
  requests = [];
  reply = () => ({ status: 500, body: {} });
});

const BRP_KEY = 'brp-test-key-0123456789';
const BAG_KEY = 'bag-test-key-9876543210';

function brp(timeoutMs = 2_000) {
  return new HaalCentraalBrpLookup({ url: `${baseUrl}/haalcentraal/api/brp`, apiKey: BRP_KEY, timeoutMs });
}
function bag(timeoutMs = 2_000) {
  return new HaalCentraalBagLookup({ url: `${baseUrl}/lvbag/individuelebevragingen/v2/`, apiKey: BAG_KEY, timeoutMs });
}

async function failure(promise: Promise<unknown>): Promise<RegisterApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RegisterApiError);
    return error as RegisterApiError;
  }
  throw new Error('expected the lookup to fail');
}

/** Everything an error exposes, to check that no query value or secret ends up in it. */
function exposed(error: RegisterApiError): string {
  return [error.message, error.stack ?? '', JSON.stringify({ ...error })].join('\n');
}

// --- BRP ----------------------------------------------------------------------------------------------------------

describe('Haal Centraal BRP Personen', () => {
  it('searches by postcode and house number with the minimal fields list and the API key', async () => {
    reply = () => ({ status: 200, body: personenPostcodeHuisnummer });
    const persons = await brp().personsByAddress({ postcode: '2628 hj', huisnummer: 2 });

    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/haalcentraal/api/brp/personen'); // nothing personal in the URL
    expect(req.headers['x-api-key']).toBe(BRP_KEY);
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(req.body)).toEqual({
      type: 'ZoekMetPostcodeEnHuisnummer',
      postcode: '2628HJ',
      huisnummer: 2,
      fields: [
        'burgerservicenummer',
        'naam.voornamen',
        'naam.voorvoegsel',
        'naam.geslachtsnaam',
        'geboorte.datum',
        'adressering.adresregel1',
        'adressering.adresregel2',
      ],
    });

    expect(persons).toEqual([
      {
        externalId: '999993653',
        fullName: 'Jan Peter van Maassen',
        givenNames: 'Jan Peter',
        prefix: 'van',
        surname: 'Maassen',
        birthDate: '1983-05-26',
        confidential: false,
        address: {
          street: 'Borgesiusstraat',
          houseNumber: 2,
          houseNumberSuffix: 'C',
          postcode: '2628HJ',
          place: 'DELFT',
          lines: ['Borgesiusstraat 2 c', '2628 HJ  DELFT'],
        },
      },
      {
        externalId: '999991723',
        fullName: 'Piet Jansen',
        givenNames: 'Piet',
        prefix: null,
        surname: 'Jansen',
        birthDate: '1990-07',
        confidential: true,
        address: {
          street: 'Borgesiusstraat',
          houseNumber: 2,
          houseNumberSuffix: '3',
          postcode: '2628HJ',
          place: 'DELFT',
          lines: ['Borgesiusstraat 2-3', '2628 HJ  DELFT'],
        },
      },
    ]);
  });

  it('sends house letter and addition when given', async () => {
    reply = () => ({ status: 200, body: { type: 'ZoekMetPostcodeEnHuisnummer', personen: [] } });
    await brp().personsByAddress({ postcode: '2628HJ', huisnummer: 2, huisletter: 'A', toevoeging: 'III' });
    expect(JSON.parse(requests[0]!.body)).toMatchObject({ postcode: '2628HJ', huisnummer: 2, huisletter: 'A', huisnummertoevoeging: 'III' });
  });

  it('searches by surname and birth date, with prefix and given names', async () => {
    reply = () => ({ status: 200, body: personenNaamGeboortedatum });
    const persons = await brp().personsByNameAndBirthDate({ geslachtsnaam: 'Vries', voorvoegsel: 'de', voornamen: 'Pieter Jan', geboortedatum: '1964-09-24' });

    const body = JSON.parse(requests[0]!.body) as Record<string, unknown>;
    expect(body).toEqual({
      type: 'ZoekMetGeslachtsnaamEnGeboortedatum',
      geslachtsnaam: 'Vries',
      voorvoegsel: 'de',
      voornamen: 'Pieter Jan',
      geboortedatum: '1964-09-24',
      fields: [...BRP_PERSON_FIELDS],
    });
    expect(persons).toHaveLength(1);
    expect(persons[0]).toMatchObject({
      externalId: '999995078',
      fullName: 'Pieter Jan de Vries',
      prefix: 'de',
      surname: 'Vries',
      birthDate: '1964-09-24',
      address: { street: 'Daniël Stalpertstraat', houseNumber: 35, houseNumberSuffix: 'III', postcode: '2583XL', place: 'SCHEVENINGEN' },
    });
  });

  it('restricts the search to one municipality when told to', async () => {
    reply = () => ({ status: 200, body: { type: 'ZoekMetGeslachtsnaamEnGeboortedatum', personen: [] } });
    const lookup = new HaalCentraalBrpLookup({ url: `${baseUrl}/haalcentraal/api/brp`, apiKey: BRP_KEY, municipalityCode: '0331' });
    await lookup.personsByNameAndBirthDate({ geslachtsnaam: 'Vries', geboortedatum: '1964-09-24' });
    expect(JSON.parse(requests[0]!.body)).toMatchObject({ gemeenteVanInschrijving: '0331' });
  });

  it('omits optional parameters that are not given', async () => {
    reply = () => ({ status: 200, body: { type: 'ZoekMetGeslachtsnaamEnGeboortedatum', personen: [] } });
    await brp().personsByNameAndBirthDate({ geslachtsnaam: 'Vries', voorvoegsel: '', geboortedatum: '1964-09-24' });
    expect(Object.keys(JSON.parse(requests[0]!.body) as object).sort()).toEqual(['fields', 'geboortedatum', 'geslachtsnaam', 'type']);
  });

  it('returns an empty list for an empty result', async () => {
    reply = () => ({ status: 200, body: { type: 'ZoekMetGeslachtsnaamEnGeboortedatum', personen: [] } });
    await expect(brp().personsByNameAndBirthDate({ geslachtsnaam: 'Vries', geboortedatum: '1964-09-24' })).resolves.toEqual([]);
    reply = () => ({ status: 200, body: { type: 'ZoekMetPostcodeEnHuisnummer' } });
    await expect(brp().personsByAddress({ postcode: '2628HJ', huisnummer: 2 })).resolves.toEqual([]);
  });

  it('maps a 400 problem with invalidParams to a RegisterApiError that does not repeat the request', async () => {
    reply = () => ({ status: 400, contentType: 'application/problem+json', body: badRequest });
    const error = await failure(brp().personsByNameAndBirthDate({ geslachtsnaam: 'Vries', geboortedatum: '1964-09-24' }));
    expect(error).toMatchObject({ source: 'haal-centraal-brp', kind: 'bad-request', status: 400, code: 'paramsRequired' });
    expect(error.invalidParams).toEqual([{ name: 'huisnummer', code: 'integer' }]);
    expect(error.message).toContain('huisnummer');
    const text = exposed(error);
    for (const secret of ['Vries', '1964-09-24', BRP_KEY, 'example.test', 'geen geldig getal']) expect(text).not.toContain(secret);
  });

  it('maps a 401 problem to kind unauthorized', async () => {
    reply = () => ({ status: 401, contentType: 'application/problem+json', body: unauthorized });
    const error = await failure(brp().personsByAddress({ postcode: '2628HJ', huisnummer: 2 }));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'authentication' });
    expect(exposed(error)).not.toContain('2628');
    expect(exposed(error)).not.toContain(BRP_KEY);
  });

  it.each([
    [403, 'forbidden'],
    [429, 'rate-limited'],
    [500, 'server-error'],
    [503, 'unavailable'],
  ] as const)('maps HTTP %i to kind %s, also without a problem body', async (status, kind) => {
    reply = () => ({ status, contentType: 'text/html', body: '<html>oops</html>' });
    const error = await failure(brp().personsByAddress({ postcode: '2628HJ', huisnummer: 2 }));
    expect(error).toMatchObject({ kind, status });
  });

  it('refuses a malformed response', async () => {
    reply = () => ({ status: 200, body: { type: 'ZoekMetPostcodeEnHuisnummer', personen: [{ burgerservicenummer: 999993653 }] } });
    const e1 = await failure(brp().personsByAddress({ postcode: '2628HJ', huisnummer: 2 }));
    expect(e1).toMatchObject({ kind: 'invalid-response', status: 200 });
    expect(exposed(e1)).not.toContain('999993653');

    reply = () => ({ status: 200, body: 'not json' });
    expect((await failure(brp().personsByAddress({ postcode: '2628HJ', huisnummer: 2 }))).kind).toBe('invalid-response');

    reply = () => ({ status: 200, body: { ...personenNaamGeboortedatum } }); // answers another query type
    expect((await failure(brp().personsByAddress({ postcode: '2628HJ', huisnummer: 2 }))).kind).toBe('invalid-response');
  });

  it('refuses invalid queries before sending anything, naming only the field', async () => {
    for (const query of [
      { geslachtsnaam: 'Vrie*', geboortedatum: '1964-09-24' }, // a wildcard would widen the search
      { geslachtsnaam: 'Vries', geboortedatum: '24-09-1964' },
      { geslachtsnaam: 'Vries', geboortedatum: '1964-02-30' },
      { geslachtsnaam: '', geboortedatum: '1964-09-24' },
    ]) {
      const error = await failure(brp().personsByNameAndBirthDate(query));
      expect(error.kind).toBe('invalid-query');
      expect(error.message).not.toContain('Vrie');
      expect(error.message).not.toContain('1964');
    }
    const error = await failure(brp().personsByAddress({ postcode: '0123 AB', huisnummer: 0 }));
    expect(error.fields).toEqual(['postcode', 'huisnummer']);
    expect(error.message).not.toContain('0123');
    expect(requests).toHaveLength(0);
  });

  it('gives up after the configured timeout when the server never answers', async () => {
    reply = () => 'never';
    const started = Date.now();
    const error = await failure(brp(300).personsByAddress({ postcode: '2628HJ', huisnummer: 2 }));
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ kind: 'timeout', status: null });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('does not follow redirects (the API key would go along)', async () => {
    reply = () => ({ redirect: 'http://127.0.0.1:9/elsewhere' });
    const error = await failure(brp().personsByAddress({ postcode: '2628HJ', huisnummer: 2 }));
    expect(error.kind).toBe('network');
    expect(requests).toHaveLength(1);
  });

  it('reports an unreachable register as a network error', async () => {
    const lookup = new HaalCentraalBrpLookup({ url: 'http://127.0.0.1:9/api', apiKey: BRP_KEY, timeoutMs: 2_000 });
    const error = await failure(lookup.personsByAddress({ postcode: '2628HJ', huisnummer: 2 }));
    expect(error).toMatchObject({ kind: 'network', status: null });
  });

  it('holds no addresses', async () => {
    await expect(brp().addressesByPostcode({ postcode: '2628HJ', huisnummer: 2 })).resolves.toEqual([]);
    expect(requests).toHaveLength(0);
  });
});

describe('parseAddressLines (BRP adressering, NEN 5825)', () => {
  it.each([
    ['Jonkheer van Riemsdijkln 88', 'Jonkheer van Riemsdijkln', 88, null],
    ['Borgesiusstraat 103 c', 'Borgesiusstraat', 103, 'C'],
    ['Daniël Stalpertstraat 35 III', 'Daniël Stalpertstraat', 35, 'III'],
    ['Atatürkstraat 9-2', 'Atatürkstraat', 9, '2'],
    ['St. Jacobsstraat 400 LToe', 'St. Jacobsstraat', 400, 'LTOE'],
    ['Cronus 555 B73c', 'Cronus', 555, 'B73C'],
    ['Kappeyne v d Cappellostr 26A-3', 'Kappeyne v d Cappellostr', 26, 'A3'],
    ['Plein 1944 12', 'Plein 1944', 12, null],
  ])('reads %s', (line1, street, houseNumber, suffix) => {
    expect(parseAddressLines(line1, '2583 XL  SCHEVENINGEN')).toEqual({
      street,
      houseNumber,
      houseNumberSuffix: suffix,
      postcode: '2583XL',
      place: 'SCHEVENINGEN',
      lines: [line1, '2583 XL  SCHEVENINGEN'],
    });
  });

  it('keeps foreign addresses and location descriptions as lines only', () => {
    expect(parseAddressLines('1600 Pennsylvania Avenue NW', 'Washington, DC 20500')).toEqual({
      street: null,
      houseNumber: null,
      houseNumberSuffix: null,
      postcode: null,
      place: null,
      lines: ['1600 Pennsylvania Avenue NW', 'Washington, DC 20500'],
    });
    expect(parseAddressLines('Naast de derde brug', '1234AA Nootdorp')).toMatchObject({ street: null, postcode: '1234AA', place: 'Nootdorp' });
    expect(parseAddressLines(undefined, undefined)).toBeNull();
  });
});

// --- BAG ----------------------------------------------------------------------------------------------------------

describe('BAG Individuele Bevragingen', () => {
  it('queries /adressen with postcode and house number and maps the HAL collection', async () => {
    reply = () => ({ status: 200, contentType: 'application/hal+json', body: adressen });
    const found = await bag().addressesByPostcode({ postcode: '6922 kz', huisnummer: 1 });

    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(req.method).toBe('GET');
    const url = new URL(req.url, baseUrl);
    expect(url.pathname).toBe('/lvbag/individuelebevragingen/v2/adressen');
    expect([...url.searchParams.entries()]).toEqual([
      ['postcode', '6922KZ'],
      ['huisnummer', '1'],
      ['pageSize', '100'],
    ]);
    expect(req.headers['x-api-key']).toBe(BAG_KEY);
    expect(req.headers.accept).toBe('application/hal+json');
    expect(req.body).toBe('');

    expect(found).toEqual([
      {
        externalId: '0226200000038923',
        street: 'Laan van de landinrichtingscommissie Duiven-Westervoort',
        streetShort: 'Ln vd l D-Westervoort',
        houseNumber: 1,
        letter: null,
        addition: null,
        houseNumberSuffix: null,
        postcode: '6922KZ',
        place: 'Duiven',
        addressableObjectId: '0226010000038820',
      },
      {
        externalId: '0226200000038924',
        street: 'Laan van de landinrichtingscommissie Duiven-Westervoort',
        streetShort: 'Ln vd l D-Westervoort',
        houseNumber: 1,
        letter: 'A',
        addition: 'bis',
        houseNumberSuffix: 'ABIS',
        postcode: '6922KZ',
        place: 'Duiven',
        addressableObjectId: '0226010000038821',
      },
    ]);
  });

  it('narrows by house letter and addition when given', async () => {
    reply = () => ({ status: 200, body: adressen });
    await bag().addressesByPostcode({ postcode: '6922KZ', huisnummer: 1, huisletter: 'A', toevoeging: 'bis' });
    const url = new URL(requests[0]!.url, baseUrl);
    expect(url.searchParams.get('huisletter')).toBe('A');
    expect(url.searchParams.get('huisnummertoevoeging')).toBe('bis');
  });

  it('returns an empty list when the collection has no _embedded', async () => {
    reply = () => ({ status: 200, body: { _links: { self: { href: '/adressen?postcode=6922KZ&huisnummer=99' } } } });
    await expect(bag().addressesByPostcode({ postcode: '6922KZ', huisnummer: 99 })).resolves.toEqual([]);
  });

  it('requests further pages by number, not by the server-sent link', async () => {
    const full = Array.from({ length: 100 }, (_, i) => ({ ...adressen._embedded.adressen[0]!, nummeraanduidingIdentificatie: `02262000000${String(i).padStart(5, '0')}` }));
    reply = (req) => {
      const page = new URL(req.url, baseUrl).searchParams.get('page');
      return page === null
        ? { status: 200, body: { _links: { next: { href: 'https://evil.example/steal' } }, _embedded: { adressen: full } } }
        : { status: 200, body: { _embedded: { adressen: [adressen._embedded.adressen[1]] } } };
    };
    const found = await bag().addressesByPostcode({ postcode: '6922KZ', huisnummer: 1 });
    expect(found).toHaveLength(101);
    expect(requests.map((r) => new URL(r.url, baseUrl).searchParams.get('page'))).toEqual([null, '2']);
  });

  it('maps the BAG problem (invalid-params) and 403 to RegisterApiError', async () => {
    reply = () => ({
      status: 400,
      contentType: 'application/problem+json',
      body: {
        status: 400,
        title: 'Ten minste één parameter moet worden opgegeven.',
        type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#/10.4.1 400 Bad Request',
        detail: 'The request could not be understood by the server due to malformed syntax.',
        instance: 'https://api.bag.kadaster.nl/lvbag/individuelebevragingen/v2/adressen?postcode=6922KZ&huisnummer=1',
        code: 'paramsRequired',
        'invalid-params': [{ type: 'https://www.vng.nl/realisatie/api/validaties/integer', name: 'huisnummer', code: 'integer', reason: 'Waarde is geen geldige integer.' }],
      },
    });
    const error = await failure(bag().addressesByPostcode({ postcode: '6922KZ', huisnummer: 1 }));
    expect(error).toMatchObject({ source: 'haal-centraal-bag', kind: 'bad-request', status: 400, code: 'paramsRequired' });
    expect(error.invalidParams).toEqual([{ name: 'huisnummer', code: 'integer' }]);
    expect(exposed(error)).not.toContain('6922');
    expect(exposed(error)).not.toContain(BAG_KEY);

    reply = () => ({ status: 403, contentType: 'application/problem+json', body: { status: 403, title: 'U bent niet geautoriseerd voor deze operatie.', code: 'autorisation' } });
    expect(await failure(bag().addressesByPostcode({ postcode: '6922KZ', huisnummer: 1 }))).toMatchObject({ kind: 'forbidden', status: 403 });
  });

  it('refuses a malformed address', async () => {
    reply = () => ({ status: 200, body: { _embedded: { adressen: [{ openbareRuimteNaam: 'Laan', huisnummer: '1', woonplaatsNaam: 'Duiven', nummeraanduidingIdentificatie: '0226200000038923' }] } } });
    expect((await failure(bag().addressesByPostcode({ postcode: '6922KZ', huisnummer: 1 }))).kind).toBe('invalid-response');
  });

  it('gives up after the configured timeout', async () => {
    reply = () => 'never';
    const started = Date.now();
    const error = await failure(bag(300).addressesByPostcode({ postcode: '6922KZ', huisnummer: 1 }));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('holds no persons', async () => {
    await expect(bag().personsByAddress({ postcode: '6922KZ', huisnummer: 1 })).resolves.toEqual([]);
    await expect(bag().personsByNameAndBirthDate({ geslachtsnaam: 'Vries', geboortedatum: '1964-09-24' })).resolves.toEqual([]);
    expect(requests).toHaveLength(0);
  });
});

// --- configuration and factory ------------------------------------------------------------------------------------

describe('createRegisterLookups', () => {
  it('creates no lookups when no register API is configured', () => {
    expect(createRegisterLookups(loadConfig({}).registersApi)).toEqual([]);
  });

  it('creates the configured lookups, which then talk to the configured URLs', async () => {
    const config = loadConfig({
      MELDROUTE_BRP_API_URL: `${baseUrl}/haalcentraal/api/brp`,
      MELDROUTE_BRP_API_KEY: BRP_KEY,
      MELDROUTE_BAG_API_URL: `${baseUrl}/lvbag/individuelebevragingen/v2`,
      MELDROUTE_BAG_API_KEY: BAG_KEY,
    });
    const lookups: RegisterLookup[] = createRegisterLookups(config.registersApi, { timeoutMs: 2_000 });
    expect(lookups.map((l) => [l.name, l.kind, l.capabilities])).toEqual([
      ['haal-centraal-brp', 'brp', { persons: true, addresses: false }],
      ['haal-centraal-bag', 'bag', { persons: false, addresses: true }],
    ]);
    reply = (req) =>
      req.method === 'POST'
        ? { status: 200, body: personenPostcodeHuisnummer }
        : { status: 200, body: adressen };
    const results = await Promise.all(lookups.map((l) => l.personsByAddress({ postcode: '2628HJ', huisnummer: 2 })));
    expect(results.map((r) => r.length)).toEqual([2, 0]);
    expect((await lookups[1]!.addressesByPostcode({ postcode: '6922KZ', huisnummer: 1 })).length).toBe(2);
  });

  it('refuses a URL without a key and plain http in production', () => {
    expect(() => loadConfig({ MELDROUTE_BRP_API_URL: 'https://brp.example.nl/api' })).toThrow(ConfigError);
    expect(() => loadConfig({ MELDROUTE_BRP_API_URL: 'https://brp.example.nl/api' })).toThrow(/MELDROUTE_BRP_API_KEY/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', MELDROUTE_BAG_API_URL: 'http://bag.example.nl/v2', MELDROUTE_BAG_API_KEY: 'k' }),
    ).toThrow(/MELDROUTE_BAG_API_URL.*https/);
  });
});
