import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalInput } from '../../../shared/api/signal.js';
import { normaliseKvk, normalisePostcode } from '../entities/normalise.js';
import { COUNTRY_PLACES, LOPIK_PLACES, POSTCODE_LETTER_PAIRS } from './dutch.js';
import { CSV_COLUMNS, createWorld, passesElfproef, profileOptions, type World } from './generate.js';
import { csvLine, registerStream, writeWorld } from './output.js';
import { Permutation, Rng, WeightedTable } from './random.js';
import { addressVariant, personNameVariant, phoneVariant, typo } from './variants.js';

/** Minimal RFC 4180 reader for `;`-separated files (what the importers of docs/registers.md accept). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

function records(file: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))) };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (d: string) => DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
const houseNumber = (n: string) => /^\d{1,5}$/.test(n) && Number(n) >= 1 && Number(n) <= 99_999;

function firstRowsHash(world: World, n: number): string {
  const h = createHash('sha256');
  const take = (rows: Iterable<string[]>) => {
    let i = 0;
    for (const r of rows) {
      if (i++ >= n) break;
      h.update(csvLine(r));
    }
  };
  take(world.bagRows());
  take(world.brpRows());
  take(world.kvkRows());
  take(world.ownListRows('permits'));
  let i = 0;
  for (const s of world.signals()) {
    if (i++ >= n) break;
    h.update(JSON.stringify(s));
  }
  return h.digest('hex');
}

describe('random', () => {
  it('is deterministic and spreads', () => {
    const a = Rng.at(1, 'x', 5);
    const b = Rng.at(1, 'x', 5);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(Rng.at(1, 'x', 6).next()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    const t = new WeightedTable([['a', 1], ['b', 3]] as const);
    const r = new Rng(7);
    const bs = Array.from({ length: 4000 }, () => r.from(t)).filter((x) => x === 'b').length;
    expect(bs / 4000).toBeGreaterThan(0.7);
    expect(bs / 4000).toBeLessThan(0.8);
    expect(r.dateBetween('2020-01-01', '2020-01-01')).toBe('2020-01-01');
  });

  it('Permutation is a bijection', () => {
    for (const n of [1, 7, 1000, 4097]) {
      const p = new Permutation(n, 3);
      const seen = new Set(Array.from({ length: n }, (_, i) => p.map(i)));
      expect(seen.size).toBe(n);
      expect(Math.max(...seen)).toBe(n - 1);
    }
  });
});

describe('variants', () => {
  it('keep the entity recognisable', () => {
    const r = new Rng(1);
    expect(typo('Jansen', r, 'swap').text).not.toBe('Jansen');
    expect(typo('Jansen', r, 'drop').text).toHaveLength(5);
    const p = { voornamen: 'Jan Willem', voorvoegsel: 'van den', geslachtsnaam: 'Berg', geslacht: 'M' as const };
    const shapes = new Set(Array.from({ length: 300 }, () => personNameVariant(p, r).text));
    expect(shapes.size).toBeGreaterThan(30);
    for (const s of shapes) expect(s.length).toBeGreaterThan(0);
    for (let i = 0; i < 50; i++) {
      const v = phoneVariant('0612345678', r).text;
      expect(v.replace(/\D/g, '')).toMatch(/^(0031|31|0)?6?12345678$|^(0031|31)612345678$|^0612345678$/);
    }
    const a = addressVariant({ postcode: '3411AB', huisnummer: 12, huisletter: 'A', huisnummertoevoeging: '' }, r, 0);
    expect(normalisePostcode(a.value.postcode)).toBe('3411AB');
    expect(a.value.addition?.trim().replace('-', '').toUpperCase()).toBe('A');
  });
});

describe('determinism', () => {
  it('the same seed gives the same first 1000 rows of every file; another seed does not', () => {
    const opts = { addresses: 50_000, persons: 20_000, companies: 5_000, signals: 1_000, places: COUNTRY_PLACES };
    const a = firstRowsHash(createWorld({ seed: 99, ...opts }), 1000);
    expect(firstRowsHash(createWorld({ seed: 99, ...opts }), 1000)).toBe(a);
    expect(firstRowsHash(createWorld({ seed: 100, ...opts }), 1000)).not.toBe(a);
    expect(a).toMatchSnapshot();
  });

  it('entity i does not depend on the order of generation', () => {
    const w1 = createWorld(profileOptions('lopik', 5));
    const w2 = createWorld(profileOptions('lopik', 5));
    const forward = [3, 900, 14_999].map((i) => w1.personAt(i));
    const backward = [14_999, 900, 3].map((i) => w2.personAt(i)).reverse();
    expect(backward).toEqual(forward);
    expect(w2.signalAt(17)).toEqual(w1.signalAt(17));
  });
});

describe('the lopik profile written to disk', () => {
  let dir: string;
  let world: World;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'meldroute-gen-'));
    world = createWorld(profileOptions('lopik', 1));
    await writeWorld(world, dir, { truth: true });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bag.csv: 6000 unique, valid addresses in Lopik', () => {
    const { header, rows } = records(file('bag.csv'));
    expect(header).toEqual([...CSV_COLUMNS.bag]);
    expect(rows).toHaveLength(6000);
    const keys = new Set<string>();
    const ids = new Set<string>();
    for (const r of rows) {
      expect(r.nummeraanduiding_id).toMatch(/^\d{16}$/);
      expect(houseNumber(r.huisnummer!)).toBe(true);
      expect(r.huisletter).toMatch(/^[A-Z]?$/);
      expect(r.huisnummertoevoeging!.length).toBeLessThanOrEqual(4);
      expect(r.postcode).toMatch(/^34(1[1-7])[A-Z]{2}$/);
      expect(POSTCODE_LETTER_PAIRS).toContain(r.postcode!.slice(4));
      expect(LOPIK_PLACES.map((p) => p.name)).toContain(r.woonplaats);
      expect(r.openbareruimte).not.toBe('');
      ids.add(r.nummeraanduiding_id!);
      keys.add(`${r.postcode}|${r.huisnummer}|${r.huisletter}|${r.huisnummertoevoeging}`);
    }
    expect(ids.size).toBe(6000);
    expect(keys.size).toBe(6000);
  });

  it('brp.csv: 15000 persons with unique BSNs passing the elfproef, living at addresses of bag.csv', () => {
    const bag = new Set(records(file('bag.csv')).rows.map((r) => `${r.postcode}|${r.huisnummer}|${r.huisletter}|${r.huisnummertoevoeging}`));
    const { header, rows } = records(file('brp.csv'));
    expect(header).toEqual([...CSV_COLUMNS.brp]);
    expect(rows).toHaveLength(15_000);
    const bsns = new Set<string>();
    const perAddress = new Map<string, number>();
    for (const r of rows) {
      expect(passesElfproef(r.bsn!), r.bsn).toBe(true);
      bsns.add(r.bsn!);
      expect(r.geslachtsnaam).not.toBe('');
      expect(validDate(r.geboortedatum!)).toBe(true);
      expect(r.geboortedatum! <= '2025-12-31').toBe(true);
      expect(validDate(r.datum_inschrijving!)).toBe(true);
      expect(r.datum_inschrijving! >= r.geboortedatum!).toBe(true);
      expect(['M', 'V', 'O']).toContain(r.geslacht);
      const key = `${r.postcode}|${r.huisnummer}|${r.huisletter}|${r.huisnummertoevoeging}`;
      expect(bag.has(key)).toBe(true);
      perAddress.set(key, (perAddress.get(key) ?? 0) + 1);
    }
    expect(bsns.size).toBe(15_000);
    // Households, and a few addresses where many labour migrants are registered.
    expect(Math.max(...perAddress.values())).toBeGreaterThanOrEqual(10);
    expect(rows.filter((r) => r.voorvoegsel !== '').length / rows.length).toBeGreaterThan(0.1);
  });

  it('kvk.csv: 1500 companies with unique KvK numbers at addresses of bag.csv', () => {
    const bag = new Set(records(file('bag.csv')).rows.map((r) => `${r.postcode}|${r.huisnummer}|${r.huisletter}${r.huisnummertoevoeging}`));
    const { header, rows } = records(file('kvk.csv'));
    expect(header).toEqual([...CSV_COLUMNS.kvk]);
    expect(rows).toHaveLength(1500);
    expect(new Set(rows.map((r) => r.kvk_nummer)).size).toBe(1500);
    for (const r of rows) {
      expect(normaliseKvk(r.kvk_nummer!)).toBe(r.kvk_nummer);
      expect(r.vestigingsnummer).toMatch(/^\d{12}$/);
      expect(r.handelsnaam).not.toBe('');
      expect(r.sbi_code).toMatch(/^\d{4}$/);
      expect(validDate(r.datum_oprichting!)).toBe(true);
      expect(bag.has(`${r.postcode}|${r.huisnummer}|${r.huisnummertoevoeging}`)).toBe(true);
    }
  });

  it('the own lists refer to existing companies and addresses', () => {
    const kvk = new Set(records(file('kvk.csv')).rows.map((r) => r.kvk_nummer));
    const bag = new Set(records(file('bag.csv')).rows.map((r) => `${r.postcode}|${r.huisnummer}`));
    for (const kind of ['permits', 'bibob', 'labour_housing', 'enforcement'] as const) {
      const { header, rows } = records(file(`${kind}.csv`));
      expect(header).toEqual([...CSV_COLUMNS.ownList]);
      expect(rows.length).toBe(world.options.ownLists[kind]);
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.kenmerk)).size).toBe(rows.length);
      for (const r of rows) {
        expect(r.onderwerp).not.toBe('');
        expect(r.naam !== '' || r.kvk_nummer !== '' || (r.postcode !== '' && r.huisnummer !== '')).toBe(true);
        if (r.kvk_nummer) expect(kvk.has(r.kvk_nummer)).toBe(true);
        if (r.postcode) expect(bag.has(`${r.postcode}|${r.huisnummer}`)).toBe(true);
        expect(validDate(r.datum!)).toBe(true);
      }
    }
  });

  it('signals.jsonl: 200 signals that pass signalInput and mention register entities', () => {
    const lines = readFileSync(file('signals.jsonl'), 'utf8').trim().split('\n');
    const truths = readFileSync(file('signals.truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(200);
    const bsns = new Set(records(file('brp.csv')).rows.map((r) => r.bsn));
    const kvk = new Set(records(file('kvk.csv')).rows.map((r) => r.kvk_nummer));
    let persons = 0;
    let organisations = 0;
    let addresses = 0;
    lines.forEach((line, i) => {
      const parsed = signalInput.safeParse(JSON.parse(line));
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      const t = truths[i] as { persons: { bsn: string }[]; organisations: { kvk: string }[]; addresses: unknown[] };
      for (const p of t.persons) expect(bsns.has(p.bsn)).toBe(true);
      for (const o of t.organisations) expect(kvk.has(o.kvk)).toBe(true);
      persons += t.persons.length;
      organisations += t.organisations.length;
      addresses += t.addresses.length;
    });
    expect(persons).toBeGreaterThan(150);
    expect(organisations).toBeGreaterThan(100);
    expect(addresses).toBeGreaterThan(100);
  });

  it('registerStream gives the same bytes as the file', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of registerStream(world, 'kvk')) chunks.push(Buffer.from(chunk as string));
    expect(Buffer.concat(chunks).equals(readFileSync(file('kvk.csv')))).toBe(true);
  });

  it('writing twice gives byte-identical files', async () => {
    const again = mkdtempSync(path.join(os.tmpdir(), 'meldroute-gen-'));
    try {
      await writeWorld(createWorld(profileOptions('lopik', 1)), again);
      for (const f of ['bag.csv', 'brp.csv', 'kvk.csv', 'permits.csv', 'signals.jsonl']) {
        expect(readFileSync(path.join(again, f)).equals(readFileSync(file(f))), f).toBe(true);
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('the country profile', () => {
  it('places 10 million addresses with unique postcodes in their regions', () => {
    const world = createWorld(profileOptions('country', 1));
    expect(world.options.addresses).toBe(10_000_000);
    for (const i of [0, 1, 4_999_999, 9_999_999, 123_456]) {
      const a = world.addressAt(i);
      const place = COUNTRY_PLACES.find((p) => p.name === a.woonplaats)!;
      const pc4 = Number(a.postcode.slice(0, 4));
      expect(pc4).toBeGreaterThanOrEqual(place.pcFrom);
      expect(pc4).toBeLessThanOrEqual(place.pcTo);
    }
    const p = world.personAt(999_999);
    expect(passesElfproef(p.bsn)).toBe(true);
    expect(world.companyAt(1_999_999).kvk_nummer).toMatch(/^\d{8}$/);
    expect(signalInput.safeParse(world.signalAt(999_999).input).success).toBe(true);
  });

  it('the places do not share postcodes', () => {
    const sorted = [...COUNTRY_PLACES].sort((a, b) => a.pcFrom - b.pcFrom);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.pcFrom).toBeGreaterThan(sorted[i - 1]!.pcTo);
  });
});
