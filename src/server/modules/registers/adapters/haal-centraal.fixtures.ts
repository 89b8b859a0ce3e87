/**
 * Test support: a local HTTP server that answers as the Haal Centraal BRP Personen (2.5.0) and BAG Individuele
 * Bevragingen (v2) APIs do, scripted per test, and example bodies modelled on the examples in those specifications.
 * Used by the adapter tests (haal-centraal.test.ts) and the live matching tests (live-lookup.test.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the server does with a request: answer, never answer (a hanging register), or redirect. */
export type Reply = { status: number; contentType?: string; body: unknown } | 'never' | { redirect: string };

export interface HaalCentraalTestServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (a free port); every request is handed to `handle`. */
export async function startHaalCentraalServer(handle: (req: Recorded) => Reply): Promise<HaalCentraalTestServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const r = handle(recorded);
      if (r === 'never') return; // keep the connection open without answering
      if ('redirect' in r) {
        res.writeHead(302, { Location: r.redirect }).end();
        return;
      }
      const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      res.writeHead(r.status, { 'Content-Type': r.contentType ?? 'application/json; charset=utf-8' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// --- example responses (modelled on the specification examples) ------------------------------------------------

export const personenPostcodeHuisnummer = {
  type: 'ZoekMetPostcodeEnHuisnummer',
  personen: [
    {
      burgerservicenummer: '999993653',
      naam: { voornamen: 'Jan Peter', voorvoegsel: 'van', geslachtsnaam: 'Maassen', voorletters: 'J.P.', inOnderzoek: { voornamen: true } },
      geboorte: { datum: { type: 'Datum', datum: '1983-05-26', langFormaat: '26 mei 1983' } },
      adressering: { adresregel1: 'Borgesiusstraat 2 c', adresregel2: '2628 HJ  DELFT' },
      leeftijd: 42,
      rni: [{ deelnemer: { code: '0201' } }],
    },
    {
      burgerservicenummer: '999991723',
      naam: { voornamen: 'Piet', geslachtsnaam: 'Jansen' },
      geboorte: { datum: { type: 'JaarMaandDatum', jaar: 1990, maand: 7, langFormaat: 'juli 1990' } },
      adressering: { adresregel1: 'Borgesiusstraat 2-3', adresregel2: '2628 HJ  DELFT' },
      geheimhoudingPersoonsgegevens: true,
    },
  ],
};

export const personenNaamGeboortedatum = {
  type: 'ZoekMetGeslachtsnaamEnGeboortedatum',
  personen: [
    {
      burgerservicenummer: '999995078',
      naam: { voornamen: 'Pieter Jan', voorvoegsel: 'de', geslachtsnaam: 'Vries' },
      geboorte: { datum: { type: 'Datum', datum: '1964-09-24', langFormaat: '24 september 1964' } },
      adressering: { adresregel1: 'Daniël Stalpertstraat 35 III', adresregel2: '2583 XL  SCHEVENINGEN' },
    },
  ],
};

// The 400 and 401 bodies of the specification; `instance` and `detail` here echo query values, as a careless
// gateway might, to prove they never reach an error message.
export const badRequest = {
  type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1',
  title: 'Ten minste één parameter moet worden opgegeven.',
  status: 400,
  detail: 'geslachtsnaam Vries geboortedatum 1964-09-24 is wrong',
  instance: 'https://example.test/personen?geslachtsnaam=Vries&geboortedatum=1964-09-24',
  code: 'paramsRequired',
  invalidParams: [{ type: 'https://www.vng.nl/realisatie/api/validaties/integer', name: 'huisnummer', code: 'integer', reason: 'Waarde is geen geldig getal.' }],
};

export const unauthorized = {
  type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.2',
  title: 'Niet correct geauthenticeerd.',
  status: 401,
  detail: 'The request requires user authentication.',
  instance: 'https://datapunt.voorbeeldgemeente.nl/api/v1/resourcenaam?parameter=waarde',
  code: 'authentication',
};

export const adressen = {
  _links: { self: { href: '/lvbag/individuelebevragingen/v2/adressen?postcode=6922KZ&huisnummer=1' } },
  _embedded: {
    adressen: [
      {
        openbareRuimteNaam: 'Laan van de landinrichtingscommissie Duiven-Westervoort',
        korteNaam: 'Ln vd l D-Westervoort',
        huisnummer: 1,
        postcode: '6922KZ',
        woonplaatsNaam: 'Duiven',
        nummeraanduidingIdentificatie: '0226200000038923',
        openbareRuimteIdentificatie: '0226300000136124',
        woonplaatsIdentificatie: '2096',
        adresseerbaarObjectIdentificatie: '0226010000038820',
        pandIdentificaties: ['0226100000008856'],
        _links: { self: { href: '/lvbag/individuelebevragingen/v2/adressen/0226200000038923' } },
      },
      {
        openbareRuimteNaam: 'Laan van de landinrichtingscommissie Duiven-Westervoort',
        korteNaam: 'Ln vd l D-Westervoort',
        huisnummer: 1,
        huisletter: 'A',
        huisnummertoevoeging: 'bis',
        postcode: '6922KZ',
        woonplaatsNaam: 'Duiven',
        nummeraanduidingIdentificatie: '0226200000038924',
        openbareRuimteIdentificatie: '0226300000136124',
        woonplaatsIdentificatie: '2096',
        adresseerbaarObjectIdentificatie: '0226010000038821',
        geconstateerd: { nummeraanduiding: false },
      },
    ],
  },
};

