import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { CSV_COLUMNS, OWN_LIST_KINDS, type OwnListKind, type World } from './generate.js';

/**
 * Writing the generated registers to disk: `;`-separated CSV with a header row and RFC 4180
 * quoting (docs/registers.md), signals as JSON lines. Rows are written in chunks with
 * backpressure, so memory stays bounded whatever the number of rows.
 */

const NEEDS_QUOTES = /[;"\r\n]/;

/** One CSV line (with "\r\n"), fields quoted only when they contain ; " or a line break. */
export function csvLine(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i > 0) line += ';';
    line += NEEDS_QUOTES.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
  }
  return `${line}\r\n`;
}

/** Writes lines to a file in chunks of ~64 kB, waiting for the stream to drain. Returns the number of lines. */
export async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const closed = once(out, 'close');
  let count = 0;
  let chunk = '';
  try {
    for (const line of lines) {
      chunk += line;
      count++;
      if (chunk.length >= 65_536) {
        const ok = out.write(chunk);
        chunk = '';
        if (!ok) await once(out, 'drain');
      }
    }
    if (chunk) out.write(chunk);
  } finally {
    out.end();
  }
  await closed;
  return count;
}

function* csvLines(columns: readonly string[], rows: Iterable<string[]>): Generator<string> {
  yield csvLine(columns);
  for (const row of rows) yield csvLine(row);
}

export const REGISTER_FILES = ['bag', 'brp', 'kvk', ...OWN_LIST_KINDS] as const;
export type RegisterFile = (typeof REGISTER_FILES)[number];

export interface WrittenFile {
  file: string;
  rows: number;
  ms: number;
}

/**
 * Writes bag.csv, brp.csv, kvk.csv, the four own lists and signals.jsonl (and, with `truth`,
 * signals.truth.jsonl: which register entities each signal mentions) to `dir`, one after the
 * other. `onFile` is called after each file.
 */
export async function writeWorld(
  world: World,
  dir: string,
  opts: { truth?: boolean; onFile?: (f: WrittenFile) => void } = {},
): Promise<WrittenFile[]> {
  mkdirSync(dir, { recursive: true });
  const done: WrittenFile[] = [];
  const run = async (name: string, lines: Iterable<string>, header: boolean) => {
    const start = performance.now();
    const n = await writeLines(path.join(dir, name), lines);
    const f = { file: name, rows: header ? n - 1 : n, ms: performance.now() - start };
    done.push(f);
    opts.onFile?.(f);
  };
  await run('bag.csv', csvLines(CSV_COLUMNS.bag, world.bagRows()), true);
  await run('brp.csv', csvLines(CSV_COLUMNS.brp, world.brpRows()), true);
  await run('kvk.csv', csvLines(CSV_COLUMNS.kvk, world.kvkRows()), true);
  for (const kind of OWN_LIST_KINDS) {
    await run(`${kind}.csv`, csvLines(CSV_COLUMNS.ownList, world.ownListRows(kind as OwnListKind)), true);
  }
  await run('signals.jsonl', signalLines(world, 'input'), false);
  // Generated a second time rather than kept: the signals are pure functions of their index.
  if (opts.truth) await run('signals.truth.jsonl', signalLines(world, 'truth'), false);
  return done;
}

function* signalLines(world: World, part: 'input' | 'truth'): Generator<string> {
  for (const s of world.signals()) yield `${JSON.stringify(s[part])}\n`;
}

/**
 * One register as a Node stream of CSV lines (header first), for piping into an importer or an
 * HTTP response without a file in between. Pulls rows only as fast as the consumer reads.
 */
export function registerStream(world: World, file: RegisterFile): Readable {
  const rows =
    file === 'bag' ? world.bagRows() : file === 'brp' ? world.brpRows() : file === 'kvk' ? world.kvkRows() : world.ownListRows(file);
  const columns = file === 'bag' ? CSV_COLUMNS.bag : file === 'brp' ? CSV_COLUMNS.brp : file === 'kvk' ? CSV_COLUMNS.kvk : CSV_COLUMNS.ownList;
  return Readable.from(csvLines(columns, rows), { objectMode: false });
}

/** The signals as a Node stream of JSON lines (signalInput objects). */
export function signalStream(world: World): Readable {
  return Readable.from(signalLines(world, 'input'), { objectMode: false });
}
