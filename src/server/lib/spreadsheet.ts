/**
 * Spreadsheet output (CSV and XLSX) that is safe to open in Excel, LibreOffice
 * or Google Sheets.
 *
 * EVERY export of the application — CSV or XLSX, whatever the module — must be
 * produced through `toCsv` or `toXlsx` below, never by joining strings or by
 * calling csv-stringify or exceljs directly. Exports hold text typed by users
 * (names, free text, addresses); a cell that starts with `=`, `+`, `-` or `@`
 * is run as a formula by spreadsheet programs (CSV/formula injection, OWASP),
 * which can leak other cells through HYPERLINK or WEBSERVICE or start programs
 * through DDE. Every string cell is therefore passed through
 * `neutraliseFormula`, which prefixes a leading single quote so that the
 * program shows the text instead of evaluating it. Numbers, booleans and dates
 * passed as such are written as values and never touched.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { localDate } from './clock.js';

/** A value of one cell. `null` (or a missing key) is an empty cell. */
export type CellValue = string | number | boolean | Date | null;

/** A column: `key` is the property of a row, `header` the text of the header cell. */
export interface Column<K extends string = string> {
  key: K;
  header: string;
}

export type Row<K extends string = string> = Partial<Record<K, CellValue | undefined>>;

export interface Sheet<K extends string = string> {
  /** Worksheet name: 1 to 31 characters, none of `[ ] : * ? / \`. */
  name: string;
  columns: readonly Column<K>[];
  rows: readonly Row<K>[];
}

/**
 * Characters that make a spreadsheet program treat a cell as a formula (or
 * DDE command): the ASCII ones from the OWASP guidance, their full-width forms
 * (U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠, which some programs normalise
 * while parsing) and their small forms (U+FE66 ﹦, U+FE62 ﹢, U+FE63 ﹣, U+FE6B ﹫).
 */
const FORMULA_START = /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]/u;
/** Tab, carriage return and line feed at the very start (OWASP). */
const CONTROL_START = /^[\t\r\n]/;

/**
 * OWASP CSV-injection guidance: a text that starts with `=`, `+`, `-`, `@`,
 * tab, carriage return or line feed — also after leading whitespace, and in the
 * full-width forms — gets a leading single quote, so it is shown as text.
 * Anything else is returned unchanged. Only for strings: pass numbers as numbers.
 */
export function neutraliseFormula(value: string): string {
  return CONTROL_START.test(value) || FORMULA_START.test(value) ? `'${value}` : value;
}

/** Excel's limit for the text of one cell. */
const MAX_CELL_CHARS = 32_767;
/** Column width (in characters) bounds for the XLSX output. */
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** The cell as it goes into the file: strings neutralised, dates as the local calendar day. */
function cellText(value: CellValue | undefined): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (value.length > MAX_CELL_CHARS) throw new RangeError(`A spreadsheet cell holds at most ${MAX_CELL_CHARS} characters`);
    return neutraliseFormula(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (Number.isNaN(value.getTime())) return null;
  // Dates as the calendar day in the municipality's time zone (Europe/Amsterdam), yyyy-mm-dd.
  return localDate(value);
}

/**
 * CSV text: comma-separated, RFC 4180 (every text cell quoted, quotes doubled,
 * CRLF line ends), with a UTF-8 byte order mark so that Excel reads ë, é and ĳ
 * right. A header row first; dates as yyyy-mm-dd; booleans as `true`/`false`
 * (pass words such as "ja"/"nee" as strings when the reader should see those).
 */
export function toCsv<K extends string>(columns: readonly Column<K>[], rows: readonly Row<K>[]): string {
  const records: (string | number)[][] = [
    columns.map((c) => neutraliseFormula(c.header)),
    ...rows.map((row) =>
      columns.map((c) => {
        const cell = cellText(row[c.key]);
        if (cell === null) return '';
        if (typeof cell === 'boolean') return cell ? 'true' : 'false';
        return cell;
      }),
    ),
  ];
  return stringify(records, { bom: true, delimiter: ',', quote: '"', escape: '"', record_delimiter: 'windows', quoted_string: true, eof: true });
}

const SHEET_NAME = /^[^[\]:*?/\\]{1,31}$/;

/**
 * An XLSX workbook with one worksheet per sheet. Text cells are neutralised and
 * written as text (shared strings) — never as formulas; numbers and booleans as
 * values; dates as date cells of the local calendar day shown as yyyy-mm-dd.
 * Line breaks inside a text become LF (CR does not survive XML anyway).
 * The header row is bold and frozen; column widths follow the content within bounds.
 */
export async function toXlsx(sheets: readonly Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Meldroute';
  for (const sheet of sheets) {
    if (!SHEET_NAME.test(sheet.name) || sheet.name.startsWith("'") || sheet.name.endsWith("'")) {
      throw new RangeError('A worksheet name has 1 to 31 characters, none of [ ] : * ? / \\, and does not start or end with a quote');
    }
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    const widths = sheet.columns.map((c) => c.header.length);
    const header = worksheet.addRow(sheet.columns.map((c) => neutraliseFormula(c.header)));
    header.font = { bold: true };
    for (const row of sheet.rows) {
      const values = sheet.columns.map((c, i) => {
        const source = row[c.key];
        let cell = cellText(source);
        // XML turns a CR into LF when read (and Excel breaks lines in a cell at LF): write LF.
        if (typeof cell === 'string') cell = cell.replace(/\r\n?/g, '\n');
        const longestLine = cell === null ? 0 : Math.max(...String(cell).split('\n').map((line) => line.length));
        widths[i] = Math.max(widths[i] ?? 0, longestLine);
        // A date cell at midnight UTC of the local day, so every program shows that day.
        return source instanceof Date && typeof cell === 'string' ? new Date(`${cell}T00:00:00Z`) : cell;
      });
      const added = worksheet.addRow(values);
      values.forEach((value, i) => {
        if (value instanceof Date) added.getCell(i + 1).numFmt = 'yyyy-mm-dd';
      });
    }
    sheet.columns.forEach((_, i) => {
      worksheet.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, (widths[i] ?? 0) + 2));
    });
  }
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}
