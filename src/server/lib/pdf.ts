import PDFDocument from 'pdfkit';

/**
 * What every generated PDF shares (evaluation report, access-request package, meeting agenda): A4 pdfkit
 * documents whose bytes are collected in memory, and a footer line on every page.
 */

/** A pdfkit document (pages buffered, so footers can be written last) and the promise of its bytes. */
export function openPdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', bufferPages: true, ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}

/**
 * Write `footer(page, count)` centred in the bottom margin of every page from `firstPage` on. The margin is
 * lifted while writing (pdfkit would otherwise start a new page); in a tagged PDF the line is a pagination
 * artifact, not content.
 */
export function writeFooters(doc: PDFKit.PDFDocument, footer: (page: number, count: number) => string, options: { firstPage?: number; tagged?: boolean } = {}): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start + (options.firstPage ?? 0); i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (options.tagged) doc.markContent('Artifact', { type: 'Pagination' });
    const { left, right } = doc.page.margins;
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor('#444444')
      .text(footer(i + 1, range.count), left, doc.page.height - 40, { width: doc.page.width - left - right, align: 'center', lineBreak: false });
    if (options.tagged) doc.endMarkedContent();
    doc.page.margins.bottom = keep;
  }
}
