import { inflateRawSync, inflateSync } from 'node:zlib';

/**
 * Test-only readers for generated documents: the visible text of a pdfkit PDF and the files of a
 * zip container (DOCX, XLSX). No dependencies beyond node:zlib.
 */

/** WinAnsi (the standard PDF fonts' encoding): Latin-1 plus typographic characters in 0x80–0x9F. */
const WIN_ANSI_EXTRA: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—' };
const winAnsi = (bytes: Buffer) => [...bytes].map((b) => WIN_ANSI_EXTRA[b] ?? String.fromCharCode(b)).join('');

/** The text of a pdfkit PDF: content streams inflated, the hex strings of each text operator joined per TJ. */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/<<([^]*?)>>\s*stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content = pdf.subarray(start, end);
    if (/FlateDecode/.test(m[1]!)) {
      try {
        content = inflateSync(content);
      } catch {
        continue;
      }
    }
    for (const tj of content.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      lines.push([...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => winAnsi(Buffer.from(h[1]!, 'hex'))).join(''));
    }
  }
  return lines.join('\n');
}

/** The files of a zip archive (stored or deflated entries), by name. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  // End of central directory: the last "PK\x05\x06".
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** The text of a DOCX: the w:t runs of word/document.xml, one line per paragraph, XML entities decoded. */
export function docxText(docx: Buffer): string {
  const xml = unzip(docx).get('word/document.xml')?.toString('utf8') ?? '';
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return xml
    .split(/<\/w:p>/)
    .map((para) => [...para.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
    .filter((line) => line !== '')
    .join('\n');
}
