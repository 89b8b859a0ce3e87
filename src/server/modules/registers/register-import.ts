/**
 * Reading a register extract (docs/registers.md): CSV → validated, normalised rows, one at a time
 * (streaming, so a file of a million rows never sits in memory as a whole). Pure: no database, no
 * keys. The service (register.service.ts) turns rows into entities and writes them.
 *
 * Rejections carry a line, a column and a fixed reason. A reason never repeats a value from the
 * file: a BRP row is personal data (the BSN above all), and the report is shown on screen, printed by
 * the CLI and may end up in a ticket.
 */
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { z } from 'zod';
import type { EntityKind, RegisterKind } from '../../../shared/domain.js';
import { LIMITS } from '../../../shared/limits.js';
import type { EntityData } from '../entities/entity.repo.js';

export interface RowIssue {
  /** The column concerned, null for the whole row. */
  column: string | null;
  reason: string;
}

/** A valid row, normalised: what the register says about one person, organisation or address. */
export interface RegisterRow {
  /** The source's own id (BAG id, BSN, KvK number + establishment, case number). Never stored in clear. */
  externalId: string;
  entityKind: EntityKind;
  data: EntityData;
}

export type ReadResult =
  | { type: 'row'; line: number; row: RegisterRow }
  /** `externalId` when the row's own id was valid (the row is then known to still exist in the source). */
  | { type: 'rejected'; line: number; issues: RowIssue[]; externalId: string | null }
  /** The file cannot be read as this register (header, quoting): reading stops. */
  | { type: 'file_error'; line: number; issues: RowIssue[] };

// --- columns -------------------------------------------------------------------------------

const ADDRESS_COLUMNS = ['postcode', 'huisnummer', 'huisnummertoevoeging'] as const;

/** The columns of each format: required ones first. Extra columns in a file are ignored. */
export const REGISTER_COLUMNS: Record<RegisterKind, { required: readonly string[]; optional: readonly string[] }> = {
  bag: {
    required: ['nummeraanduiding_id', 'openbareruimte', 'huisnummer', 'postcode', 'woonplaats'],
    optional: ['huisletter', 'huisnummertoevoeging', 'gemeente', 'gebruiksdoel'],
  },
  brp: {
    required: ['bsn', 'geslachtsnaam', 'geboortedatum'],
    optional: ['voornamen', 'voorvoegsel', 'geslacht', 'postcode', 'huisnummer', 'huisletter', 'huisnummertoevoeging', 'straatnaam', 'woonplaats', 'datum_inschrijving'],
  },
  kvk: {
    required: ['kvk_nummer', 'handelsnaam'],
    optional: ['vestigingsnummer', 'rechtsvorm', 'sbi_code', ...ADDRESS_COLUMNS, 'plaats', 'datum_oprichting'],
  },
  permits: ownListColumns(),
  bibob: ownListColumns(),
  labour_housing: ownListColumns(),
  enforcement: ownListColumns(),
};

function ownListColumns() {
  return { required: ['kenmerk', 'onderwerp'], optional: ['naam', 'kvk_nummer', ...ADDRESS_COLUMNS, 'datum', 'omschrijving'] } as const;
}

// --- field rules (reasons in Dutch, never with the value) --------------------------------

const REASON = {
  required: 'verplicht, maar leeg',
  tooLong: (max: number) => `te lang (maximaal ${max} tekens)`,
  control: 'bevat een stuurteken',
  postcode: 'geen geldige postcode (verwacht 1234AB of 1234 AB)',
  houseNumber: 'geen geldig huisnummer (alleen cijfers, 1 tot en met 99999)',
  letter: 'geen geldige huisletter (één letter)',
  addition: 'geen geldige huisnummertoevoeging (maximaal 4 letters of cijfers)',
  date: 'geen geldige datum (verwacht JJJJ-MM-DD of DD-MM-JJJJ)',
  bsn: 'geen geldig BSN (9 cijfers die de elfproef doorstaan)',
  kvk: 'geen geldig KvK-nummer (8 cijfers)',
  establishment: 'geen geldig vestigingsnummer (12 cijfers)',
  bagId: 'geen geldige nummeraanduiding-id (16 cijfers)',
  sex: 'geen geldig geslacht (M, V of O)',
  sbi: 'geen geldige SBI-code (2 tot 6 cijfers)',
  addressPair: 'postcode en huisnummer horen bij elkaar: vul beide in of geen van beide',
  addressParts: 'huisletter of toevoeging zonder postcode en huisnummer',
  ownListSubject: 'vul minstens een van naam, kvk_nummer of postcode met huisnummer in',
  columns: 'het aantal kolommen wijkt af van de kopregel',
  duplicate: (line: number) => `dubbel: dezelfde sleutel staat al op regel ${line}`,
} as const;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const text = (max: number = LIMITS.shortText) =>
  z
    .string()
    .max(max, { error: REASON.tooLong(max) })
    .refine((v) => !CONTROL_CHARS.test(v), { error: REASON.control });

const postcode = z
  .string()
  .regex(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, { error: REASON.postcode })
  .transform((v) => v.replace(' ', '').toUpperCase());
const houseNumber = z
  .string()
  .regex(/^\d{1,5}$/, { error: REASON.houseNumber })
  .transform(Number)
  .refine((n) => n >= 1 && n <= 99_999, { error: REASON.houseNumber });
const letter = z
  .string()
  .regex(/^[A-Za-z]$/, { error: REASON.letter })
  .transform((v) => v.toUpperCase());
const addition = z
  .string()
  .regex(/^[A-Za-z0-9]{1,4}$/, { error: REASON.addition })
  .transform((v) => v.toUpperCase());
const kvk = z.string().regex(/^\d{8}$/, { error: REASON.kvk });

/** YYYY-MM-DD or DD-MM-YYYY (also with / or .), a date that exists → YYYY-MM-DD. */
export function normaliseDate(raw: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  let [y, mo, d] = m ? [m[1]!, m[2]!, m[3]!] : ['', '', ''];
  if (!m) {
    m = /^(\d{2})[-/.](\d{2})[-/.](\d{4})$/.exec(raw);
    if (!m) return null;
    [d, mo, y] = [m[1]!, m[2]!, m[3]!];
  }
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (Number(y) < 1800 || date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return null;
  return `${y}-${mo}-${d}`;
}
const date = z.string().transform((v, ctx) => {
  const out = normaliseDate(v);
  if (out === null) {
    ctx.addIssue({ code: 'custom', message: REASON.date });
    return z.NEVER;
  }
  return out;
});

/** The BSN's elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros). */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += Number(value[i]) * (9 - i);
  sum -= Number(value[8]);
  return sum % 11 === 0;
}
const bsn = z.string().refine(isValidBsn, { error: REASON.bsn });

/** An empty cell is absent; a required column must not be empty. */
const req = <T extends z.ZodType<unknown, string>>(schema: T) => z.string().min(1, { error: REASON.required }).pipe(schema);
const opt = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(schema.optional());

const bagRow = z.object({
  nummeraanduiding_id: req(z.string().regex(/^\d{16}$/, { error: REASON.bagId })),
  openbareruimte: req(text()),
  huisnummer: req(houseNumber),
  huisletter: opt(letter),
  huisnummertoevoeging: opt(addition),
  postcode: req(postcode),
  woonplaats: req(text()),
  gemeente: opt(text()),
  gebruiksdoel: opt(text()),
});

const brpRow = z.object({
  bsn: req(bsn),
  voornamen: opt(text()),
  voorvoegsel: opt(text(40)),
  geslachtsnaam: req(text()),
  geboortedatum: req(date),
  geslacht: opt(z.string().regex(/^[MVOmvo]$/, { error: REASON.sex }).transform((v) => v.toUpperCase())),
  postcode: opt(postcode),
  huisnummer: opt(houseNumber),
  huisletter: opt(letter),
  huisnummertoevoeging: opt(addition),
  straatnaam: opt(text()),
  woonplaats: opt(text()),
  datum_inschrijving: opt(date),
});

const kvkRow = z.object({
  kvk_nummer: req(kvk),
  vestigingsnummer: opt(z.string().regex(/^\d{12}$/, { error: REASON.establishment })),
  handelsnaam: req(text()),
  rechtsvorm: opt(text()),
  sbi_code: opt(z.string().regex(/^\d{2,6}$/, { error: REASON.sbi })),
  postcode: opt(postcode),
  huisnummer: opt(houseNumber),
  huisnummertoevoeging: opt(addition),
  plaats: opt(text()),
  datum_oprichting: opt(date),
});

const ownListRow = z.object({
  kenmerk: req(text(100)),
  onderwerp: req(text()),
  naam: opt(text()),
  kvk_nummer: opt(kvk),
  postcode: opt(postcode),
  huisnummer: opt(houseNumber),
  huisnummertoevoeging: opt(addition),
  datum: opt(date),
  omschrijving: opt(text(LIMITS.note)),
});

// --- rows → entities ---------------------------------------------------------------------

/** Only the values that are there, so equal rows give equal canonical JSON. */
function compact(o: { [K in keyof EntityData]?: EntityData[K] | undefined }): EntityData {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as EntityData;
}
function details(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

function address(pc: string | undefined, hn: number | undefined, letterPart?: string, additionPart?: string) {
  if (!pc || hn === undefined) return undefined;
  const add = [letterPart, additionPart].filter(Boolean).join(' ');
  return [{ postcode: pc, houseNumber: String(hn), addition: add || null }];
}

function personName(voornamen?: string, voorvoegsel?: string, geslachtsnaam?: string): string {
  return [voornamen, voorvoegsel, geslachtsnaam].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * Legal forms and words that say "this is a business", for the municipality's own lists, where a
 * `naam` may be a person or a company. Whole words, case-insensitive, dots ignored ("B.V." = "bv").
 */
const COMPANY_WORDS = new Set([
  'bv', 'nv', 'vof', 'cv', 'stichting', 'vereniging', 'cooperatie', 'coöperatie', 'holding', 'maatschap', 'eenmanszaak',
  'gmbh', 'ltd', 'limited', 'llc', 'inc', 'sarl', 'bvba', 'ua', 'groep', 'group', 'beheer', 'bedrijf', 'bureau',
  'uitzendbureau', 'services', 'service', 'diensten', 'handel', 'handelsonderneming', 'onderneming', 'transport',
  'logistiek', 'bouw', 'schoonmaak', 'schoonmaakbedrijf', 'uitzend', 'personeel', 'detachering', 'restaurant', 'cafe',
  'café', 'bar', 'hotel', 'pension', 'kapsalon', 'salon', 'nagelstudio', 'massage', 'massagesalon', 'supermarkt',
  'winkel', 'bakkerij', 'import', 'export', 'agrarisch', 'kwekerij', 'loonbedrijf', 'autobedrijf', 'garage',
]);

/** Whether a name from an own list reads as an organisation (see COMPANY_WORDS). */
export function looksLikeOrganisation(name: string): boolean {
  const words = name
    .toLowerCase()
    .replace(/\b(\p{L})\.(?=\p{L}\.?)/gu, '$1') // "b.v." → "bv."
    .replace(/\./g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words.some((w) => COMPANY_WORDS.has(w));
}

type Mapper = (values: Record<string, string>) => { ok: true; row: RegisterRow } | { ok: false; issues: RowIssue[]; externalId: string | null };

function issuesOf(error: z.ZodError): RowIssue[] {
  return error.issues.map((i) => ({ column: typeof i.path[0] === 'string' ? i.path[0] : null, reason: i.message }));
}

/** Cross-column rules on the raw cells (after the per-column ones pass or fail alike). */
function addressIssues(v: Record<string, string>, opts: { letter: boolean }): RowIssue[] {
  const has = (c: string) => Boolean(v[c]);
  const out: RowIssue[] = [];
  if (has('postcode') && !has('huisnummer')) out.push({ column: 'huisnummer', reason: REASON.addressPair });
  if (!has('postcode') && has('huisnummer')) out.push({ column: 'postcode', reason: REASON.addressPair });
  if (!has('postcode') && !has('huisnummer') && ((opts.letter && has('huisletter')) || has('huisnummertoevoeging'))) {
    out.push({ column: has('huisnummertoevoeging') ? 'huisnummertoevoeging' : 'huisletter', reason: REASON.addressParts });
  }
  return out;
}

function checked<S extends z.ZodType<Record<string, unknown>, Record<string, string | undefined>>>(
  schema: S,
  values: Record<string, string>,
  extra: RowIssue[],
  idOf: (v: Record<string, string>) => string | null,
): { ok: true; value: z.output<S> } | { ok: false; issues: RowIssue[]; externalId: string | null } {
  const parsed = schema.safeParse(values);
  const issues = [...(parsed.success ? [] : issuesOf(parsed.error)), ...extra];
  if (parsed.success && issues.length === 0) return { ok: true, value: parsed.data };
  return { ok: false, issues, externalId: idOf(values) };
}

const MAPPERS: Record<'bag' | 'brp' | 'kvk' | 'own', Mapper> = {
  bag(values) {
    const r = checked(bagRow, values, [], (v) => (/^\d{16}$/.test(v.nummeraanduiding_id ?? '') ? v.nummeraanduiding_id! : null));
    if (!r.ok) return r;
    const v = r.value;
    return {
      ok: true,
      row: {
        externalId: v.nummeraanduiding_id,
        entityKind: 'address',
        data: compact({
          addresses: address(v.postcode, v.huisnummer, v.huisletter, v.huisnummertoevoeging),
          details: details({ straat: v.openbareruimte, woonplaats: v.woonplaats, gemeente: v.gemeente, gebruiksdoel: v.gebruiksdoel }),
        }),
      },
    };
  },
  brp(values) {
    const r = checked(brpRow, values, addressIssues(values, { letter: true }), (v) => (isValidBsn(v.bsn ?? '') ? v.bsn! : null));
    if (!r.ok) return r;
    const v = r.value;
    return {
      ok: true,
      row: {
        externalId: v.bsn,
        entityKind: 'person',
        // Never the BSN: it is the external id, kept only as a blind index.
        data: compact({
          name: personName(v.voornamen, v.voorvoegsel, v.geslachtsnaam),
          birthDate: v.geboortedatum,
          addresses: address(v.postcode, v.huisnummer, v.huisletter, v.huisnummertoevoeging),
          details: details({ straat: v.straatnaam, woonplaats: v.woonplaats, geslacht: v.geslacht, datum_inschrijving: v.datum_inschrijving }),
        }),
      },
    };
  },
  kvk(values) {
    const r = checked(kvkRow, values, addressIssues(values, { letter: false }), (v) =>
      /^\d{8}$/.test(v.kvk_nummer ?? '') && (!v.vestigingsnummer || /^\d{12}$/.test(v.vestigingsnummer)) ? `${v.kvk_nummer}|${v.vestigingsnummer ?? ''}` : null,
    );
    if (!r.ok) return r;
    const v = r.value;
    return {
      ok: true,
      row: {
        externalId: `${v.kvk_nummer}|${v.vestigingsnummer ?? ''}`,
        entityKind: 'organisation',
        data: compact({
          name: v.handelsnaam,
          kvk: [v.kvk_nummer],
          addresses: address(v.postcode, v.huisnummer, undefined, v.huisnummertoevoeging),
          details: details({
            vestigingsnummer: v.vestigingsnummer,
            rechtsvorm: v.rechtsvorm,
            sbi: v.sbi_code,
            plaats: v.plaats,
            datum_oprichting: v.datum_oprichting,
          }),
        }),
      },
    };
  },
  own(values) {
    const extra = addressIssues(values, { letter: false });
    if (!values.naam && !values.kvk_nummer && !(values.postcode && values.huisnummer)) extra.push({ column: null, reason: REASON.ownListSubject });
    const r = checked(ownListRow, values, extra, (v) => (v.kenmerk && v.kenmerk.length <= 100 && !CONTROL_CHARS.test(v.kenmerk) ? v.kenmerk : null));
    if (!r.ok) return r;
    const v = r.value;
    const entityKind: EntityKind = ownListEntityKind(v.naam, v.kvk_nummer);
    return {
      ok: true,
      row: {
        externalId: v.kenmerk,
        entityKind,
        data: compact({
          name: entityKind === 'address' ? undefined : v.naam,
          kvk: v.kvk_nummer ? [v.kvk_nummer] : undefined,
          addresses: address(v.postcode, v.huisnummer, undefined, v.huisnummertoevoeging),
          details: details({ kenmerk: v.kenmerk, onderwerp: v.onderwerp, datum: v.datum, omschrijving: v.omschrijving }),
        }),
      },
    };
  },
};

/**
 * The entity kind of a row of an own list: an organisation when it has a KvK number or a name that
 * reads as a company (looksLikeOrganisation), a person when it has another name, else an address.
 */
export function ownListEntityKind(naam: string | undefined, kvkNummer: string | undefined): EntityKind {
  if (kvkNummer) return 'organisation';
  if (naam) return looksLikeOrganisation(naam) ? 'organisation' : 'person';
  return 'address';
}

function mapperOf(kind: RegisterKind): Mapper {
  return kind === 'bag' || kind === 'brp' || kind === 'kvk' ? MAPPERS[kind] : MAPPERS.own;
}

/** A stable text of a row's content: object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

// --- reading -------------------------------------------------------------------------------

/**
 * Read a register extract row by row. Duplicate external ids within the file are rejected (the
 * second and later occurrences). The header is line 1; a quoted value spanning lines counts as the
 * line where its row ends.
 */
export async function* readRegisterCsv(kind: RegisterKind, input: Readable | string): AsyncGenerator<ReadResult> {
  const source = typeof input === 'string' ? Readable.from([input]) : input;
  const parser = parse({ delimiter: ';', bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  const columns = REGISTER_COLUMNS[kind];
  const map = mapperOf(kind);
  const seen = new Map<string, number>();
  let header: { names: string[]; index: Map<string, number> } | null = null;
  let lastLine = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      lastLine = info.lines;
      if (!header) {
        const names = record.map((h) => h.trim().toLowerCase());
        const index = new Map<string, number>();
        names.forEach((n, i) => {
          if (!index.has(n)) index.set(n, i);
        });
        const missing = columns.required.filter((c) => !index.has(c));
        if (missing.length > 0) {
          yield { type: 'file_error', line: info.lines, issues: missing.map((c) => ({ column: c, reason: 'verplichte kolom ontbreekt in de kopregel' })) };
          return;
        }
        header = { names, index };
        continue;
      }
      if (record.length !== header.names.length) {
        yield { type: 'rejected', line: info.lines, issues: [{ column: null, reason: REASON.columns }], externalId: null };
        continue;
      }
      const values: Record<string, string> = {};
      for (const c of [...columns.required, ...columns.optional]) {
        const i = header.index.get(c);
        if (i !== undefined) values[c] = record[i] ?? '';
      }
      const result = map(values);
      if (!result.ok) {
        // A rejected row still names its id when that was valid; a duplicate then is not a second row of it.
        const externalId = result.externalId !== null && !seen.has(result.externalId) ? result.externalId : null;
        if (externalId !== null) seen.set(externalId, info.lines);
        yield { type: 'rejected', line: info.lines, issues: result.issues, externalId };
        continue;
      }
      const first = seen.get(result.row.externalId);
      if (first !== undefined) {
        yield { type: 'rejected', line: info.lines, issues: [{ column: idColumn(kind), reason: REASON.duplicate(first) }], externalId: null };
        continue;
      }
      seen.set(result.row.externalId, info.lines);
      yield { type: 'row', line: info.lines, row: result.row };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? lastLine + 1;
      yield { type: 'file_error', line, issues: [{ column: null, reason: 'het bestand is geen geldige CSV (bijvoorbeeld een aanhalingsteken dat niet wordt gesloten)' }] };
      return;
    }
    throw error;
  } finally {
    // Read to the end or given up on (a file error): either way this reader is done with the input.
    source.unpipe(parser);
    if (!parser.destroyed) parser.destroy();
    if (!source.destroyed) source.destroy();
  }
  if (!header) yield { type: 'file_error', line: 1, issues: [{ column: null, reason: 'het bestand is leeg: de kopregel ontbreekt' }] };
}

/** The column that holds a register's external id (for duplicate rejections). */
export function idColumn(kind: RegisterKind): string {
  return kind === 'bag' ? 'nummeraanduiding_id' : kind === 'brp' ? 'bsn' : kind === 'kvk' ? 'kvk_nummer' : 'kenmerk';
}
