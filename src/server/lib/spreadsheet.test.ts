import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, toCsv, toXlsx, type Column, type Row } from './spreadsheet.js';

/** Inputs that a spreadsheet program would run as a formula or command if written as they are. */
const HOSTILE = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', ' =1', '＝1', '\r=1', '\n=1', '＋1', '－1', '＠SUM(A1)', '  @x', '\u3000=1', '=cmd|\' /C calc\'!A0'];

/**
 * A strict RFC 4180 reader for the tests (comma, double quotes, CRLF). It
 * fails on anything malformed, so a test also proves the output is well-formed.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
      if (i === text.length) return records;
      continue;
    }
    throw new Error(`expected a comma or CRLF at ${i}, found ${JSON.stringify(text[i])}`);
  }
}

const columns: Column<'name' | 'note' | 'amount' | 'closed' | 'on'>[] = [
  { key: 'name', header: 'Naam' },
  { key: 'note', header: 'Toelichting' },
  { key: 'amount', header: 'Aantal' },
  { key: 'closed', header: 'Afgesloten' },
  { key: 'on', header: 'Datum' },
];

/** 23:30 UTC on 31 December is already 1 January in Amsterdam. */
const NEW_YEAR_AMSTERDAM = new Date('2025-12-31T23:30:00Z');

const normalRows: Row<'name' | 'note' | 'amount' | 'closed' | 'on'>[] = [
  { name: 'Jan de Vries', note: '2026-01-01', amount: -5, closed: true, on: NEW_YEAR_AMSTERDAM },
  { name: 'Zoë IJsselmeer-Brontë', note: 'Zei: "kom morgen", en ging\r\nweg; daarna niets', amount: 3.5, closed: false, on: null },
  { name: 'Ĳsbrand', note: null, amount: 0 },
];

describe('neutraliseFormula', () => {
  it.each(HOSTILE)('puts a single quote before %j', (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
  });

  it.each(['Jan de Vries', '2026-01-01', 'Zoë', 'MH-2026-0001', 'e-mail: a@b.nl', "'al met quote", '', ' ', '1+1', 'a=b', '5 - 3', 'Noot\t=x'])(
    'leaves %j unchanged',
    (value) => {
      expect(neutraliseFormula(value)).toBe(value);
    },
  );
});

describe('toCsv', () => {
  it('writes a UTF-8 BOM, a header row, comma-separated RFC 4180 records with CRLF', () => {
    const csv = toCsv(columns, normalRows);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('"Naam","Toelichting","Aantal","Afgesloten","Datum"');
    // Numbers as numbers (not quoted, not neutralised), dates as the Amsterdam calendar day.
    expect(lines[1]).toBe('"Jan de Vries","2026-01-01",-5,"true","2026-01-01"');

    expect(parseCsv(csv.slice(1))).toEqual([
      ['Naam', 'Toelichting', 'Aantal', 'Afgesloten', 'Datum'],
      ['Jan de Vries', '2026-01-01', '-5', 'true', '2026-01-01'],
      ['Zoë IJsselmeer-Brontë', 'Zei: "kom morgen", en ging\r\nweg; daarna niets', '3.5', 'false', ''],
      ['Ĳsbrand', '', '0', '', ''],
    ]);
  });

  it('turns every hostile text into inert text starting with a quote, in every column and in headers', () => {
    const hostileColumns: Column[] = [{ key: 'value', header: '=Kop' }, { key: 'amount', header: 'Aantal' }];
    const csv = toCsv(
      hostileColumns,
      HOSTILE.map((value) => ({ value, amount: -5 })),
    );
    const [header, ...records] = parseCsv(csv.slice(1));
    expect(header).toEqual(["'=Kop", 'Aantal']);
    expect(records.map((r) => r[0])).toEqual(HOSTILE.map((v) => `'${v}`));
    for (const record of records) {
      expect(record[0]!.startsWith("'")).toBe(true);
      expect(record[1]).toBe('-5');
    }
    // Every string is quoted, so a CR or LF inside a value never starts a new record.
    expect(records).toHaveLength(HOSTILE.length);
  });

  it('writes only the header for no rows, and an empty cell for a missing key', () => {
    expect(parseCsv(toCsv(columns, []).slice(1))).toEqual([['Naam', 'Toelichting', 'Aantal', 'Afgesloten', 'Datum']]);
    expect(parseCsv(toCsv([{ key: 'a', header: 'A' }, { key: 'b', header: 'B' }], [{ a: 'x' }]).slice(1))[1]).toEqual(['x', '']);
  });
});

describe('toXlsx', () => {
  async function read(buffer: Buffer): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    return workbook;
  }

  /** Every cell of every sheet: none may be a formula. */
  function expectNoFormula(workbook: ExcelJS.Workbook) {
    let cells = 0;
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          cells++;
          expect(cell.type, `cell ${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula, `cell ${sheet.name}!${cell.address}`).toBeUndefined();
          expect(cell.model.formula).toBeUndefined();
          expect(cell.model.sharedFormula).toBeUndefined();
        }),
      ),
    );
    expect(cells).toBeGreaterThan(0);
  }

  it('writes hostile texts as inert strings starting with a quote, never as formulas', async () => {
    const buffer = await toXlsx([
      { name: 'Signalen', columns: [{ key: 'value', header: '@Kop' }, { key: 'amount', header: 'Aantal' }], rows: HOSTILE.map((value) => ({ value, amount: -5 })) },
    ]);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = await read(buffer);
    const sheet = workbook.getWorksheet('Signalen')!;
    expect(sheet.getCell('A1').value).toBe("'@Kop");
    HOSTILE.forEach((value, i) => {
      const cell = sheet.getRow(i + 2).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(`'${value.replace(/\r/g, '\n')}`);
      const amount = sheet.getRow(i + 2).getCell(2);
      expect(amount.type).toBe(ExcelJS.ValueType.Number);
      expect(amount.value).toBe(-5);
    });
    expectNoFormula(workbook);
  });

  it('keeps normal values as they are, typed: text, numbers, booleans and dates', async () => {
    const workbook = await read(await toXlsx([{ name: 'Overzicht 2026', columns, rows: normalRows }]));
    const sheet = workbook.getWorksheet('Overzicht 2026')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Naam', 'Toelichting', 'Aantal', 'Afgesloten', 'Datum']);
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('Jan de Vries');
    expect(first.getCell(2).value).toBe('2026-01-01');
    expect(first.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(3).value).toBe(-5);
    expect(first.getCell(4).value).toBe(true);
    expect(first.getCell(5).type).toBe(ExcelJS.ValueType.Date);
    expect(first.getCell(5).value).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(first.getCell(5).numFmt).toBe('yyyy-mm-dd');
    const second = sheet.getRow(3);
    expect(second.getCell(1).value).toBe('Zoë IJsselmeer-Brontë');
    expect(second.getCell(2).value).toBe('Zei: "kom morgen", en ging\nweg; daarna niets');
    expect(second.getCell(5).type).toBe(ExcelJS.ValueType.Null);
    expect(sheet.getRow(4).getCell(2).type).toBe(ExcelJS.ValueType.Null);
    expectNoFormula(workbook);
  });

  it('makes the header row bold and frozen, with reasonable column widths, one worksheet per sheet', async () => {
    const long = 'x'.repeat(500);
    const workbook = await read(
      await toXlsx([
        { name: 'Eerste', columns, rows: normalRows },
        { name: 'Tweede', columns: [{ key: 'a', header: 'A' }, { key: 'b', header: 'Lang' }], rows: [{ a: 'x', b: long }] },
      ]),
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Eerste', 'Tweede']);
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      sheet.getRow(1).eachCell((cell) => expect(cell.font?.bold).toBe(true));
      expect(sheet.getRow(2).getCell(1).font?.bold).toBeFalsy();
    }
    const first = workbook.getWorksheet('Eerste')!;
    expect(first.getColumn(1).width).toBe('Zoë IJsselmeer-Brontë'.length + 2);
    const second = workbook.getWorksheet('Tweede')!;
    expect(second.getColumn(1).width).toBe(8);
    expect(second.getColumn(2).width).toBe(60);
  });

  it('refuses a worksheet name that Excel would refuse', async () => {
    for (const name of ['', 'a'.repeat(32), 'Jaar 2026/2027', 'Vraag?', "'quoted'"]) {
      await expect(toXlsx([{ name, columns, rows: [] }])).rejects.toThrow(RangeError);
    }
  });
});
