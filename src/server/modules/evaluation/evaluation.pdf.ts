import { openPdf, writeFooters } from '../../lib/pdf.js';
import { chartHeight, drawChart } from './evaluation.charts.js';
import type { Block, ReportDocument, TableSpec } from './evaluation.content.js';

/**
 * The evaluation report as a tagged PDF (pdfkit; A4, standard Helvetica like the access-request
 * PDF): title page, then the blocks of evaluation.content.ts. Headings, paragraphs, lists and tables
 * are tagged (H1/H2/P/L/Table with TH cells), charts are Figures with a text alternative, page
 * numbers and rules are artifacts; language nl-NL, the title shown in the viewer, bookmarks per
 * section. `compress: false` writes the content streams uncompressed (tests read the text back).
 */

const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
const ACCENT = '#154273';
const BODY = 10;

export async function renderEvaluationPdf(report: ReportDocument, options: { compress?: boolean; suppressedLabel?: string } = {}): Promise<Buffer> {
  const { doc, bytes } = openPdf({
    margins: MARGIN,
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'nl-NL',
    displayTitle: true,
    info: {
      Title: report.title,
      Author: report.municipality,
      Subject: `${report.subtitle}, ${report.period}`,
      Keywords: 'mensenhandel, evaluatie, monitoring, uitvoeringsplan',
      Creator: 'Meldroute',
      Producer: 'Meldroute',
    },
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const bottom = () => doc.page.height - MARGIN.bottom;
  const space = () => bottom() - doc.y;
  const label = options.suppressedLabel ?? (/"(< \d+)"/.exec(report.protection)?.[1] ?? '< 5');
  /** Decoration that is not content (rules, bands): marked as an artifact. */
  const artifact = (draw: () => void) => {
    doc.markContent('Artifact', { type: 'Layout' });
    draw();
    doc.endMarkedContent();
  };
  const atTop = () => doc.y <= MARGIN.top + 1;
  const newPage = () => {
    if (!atTop()) doc.addPage();
  };
  const text = (value: string, type: string, font: string, size: number, color: string, extra: PDFKit.Mixins.TextOptions = {}) =>
    doc.font(font).fontSize(size).fillColor(color).text(value, MARGIN.left, doc.y, { width, structParent: root, structType: type, ...extra });

  // --- title page ---------------------------------------------------------------------------------
  artifact(() => doc.save().rect(0, 0, doc.page.width, 14).fill(ACCENT).restore());
  doc.y = 200;
  text(report.municipality || 'Gemeente', 'P', 'Helvetica', 14, '#333333');
  doc.moveDown(0.6);
  text(report.title, 'H1', 'Helvetica-Bold', 26, ACCENT, { lineGap: 4 });
  doc.moveDown(0.5);
  text(report.subtitle, 'P', 'Helvetica', 14, '#333333');
  doc.moveDown(2);
  text(`Periode: ${report.period}`, 'P', 'Helvetica', 11, '#000000');
  text(`Opgesteld op: ${report.generatedOn}`, 'P', 'Helvetica', 11, '#000000');
  doc.y = doc.page.height - 200;
  text(report.protection, 'P', 'Helvetica', 9.5, '#333333');
  doc.moveDown(0.4);
  text('Samengesteld met Meldroute uit de vastgelegde signalen, het uitvoeringsplan, de trainingen en de interventies van de gemeente.', 'P', 'Helvetica', 9.5, '#333333');
  doc.addPage();

  // --- the blocks --------------------------------------------------------------------------------
  let section: PDFKit.PDFOutline | null = null;
  report.blocks.forEach((block, i) => renderBlock(block, report.blocks[i + 1]));

  /** Room a block needs to start on this page (a heading is kept with the chart or table after it). */
  function roomFor(block: Block | undefined): number {
    if (block?.kind === 'chart') return chartHeight(block.chart) + 40;
    if (block?.kind === 'table') return Math.min((block.table.rows.length + 1) * 15 + 24, 160);
    return 40;
  }

  function renderBlock(block: Block, next: Block | undefined): void {
    switch (block.kind) {
      case 'pageBreak':
        newPage();
        return;
      case 'heading': {
        if (space() < (block.level === 1 ? 50 : 35) + roomFor(next)) newPage();
        if (!atTop()) doc.moveDown(block.level === 1 ? 1 : 0.7);
        if (block.level === 1) {
          text(block.text, 'H1', 'Helvetica-Bold', 18, ACCENT);
          section = doc.outline.addItem(block.text);
        } else {
          text(block.text, 'H2', 'Helvetica-Bold', 13, '#000000');
          (section ?? doc.outline).addItem(block.text);
        }
        doc.moveDown(0.35);
        return;
      }
      case 'paragraph':
        if (space() < 30) newPage();
        if (block.note) text(block.text, 'P', 'Helvetica-Oblique', 8.5, '#444444', { paragraphGap: 6 });
        else text(block.text, 'P', 'Helvetica', BODY, '#000000', { paragraphGap: 6, lineGap: 1.5 });
        return;
      case 'bullets': {
        const list = doc.struct('L');
        root.add(list);
        doc.font('Helvetica').fontSize(BODY).fillColor('#000000');
        doc.list(block.items, MARGIN.left + 4, doc.y, { width: width - 4, structParent: list, bulletRadius: 1.8, paragraphGap: 3, lineGap: 1.5 } as PDFKit.Mixins.TextOptions);
        list.end();
        doc.moveDown(0.5);
        return;
      }
      case 'chart': {
        const h = chartHeight(block.chart);
        if (space() < h + 40) newPage();
        text(block.title, 'P', 'Helvetica-Bold', 9.5, '#000000');
        doc.moveDown(0.3);
        const top = doc.y;
        const figure = doc.struct('Figure', { alt: block.chart.alt });
        root.add(figure);
        figure.add(() => drawChart(doc, block.chart, MARGIN.left, top, width, label));
        figure.end();
        doc.x = MARGIN.left;
        doc.y = top + h + 6;
        return;
      }
      case 'table':
        renderTable(block.table);
        return;
      case 'writingSpace': {
        if (space() < block.lines * 22 + 30) newPage();
        text(block.note, 'P', 'Helvetica-Oblique', 9.5, '#444444');
        const top = doc.y + 8;
        artifact(() => {
          doc.save().strokeColor('#AAAAAA').lineWidth(0.5);
          for (let i = 1; i <= block.lines; i++) doc.moveTo(MARGIN.left, top + i * 22).lineTo(MARGIN.left + width, top + i * 22).stroke();
          doc.restore();
        });
        doc.x = MARGIN.left;
        doc.y = top + block.lines * 22 + 12;
        return;
      }
    }
  }

  function renderTable(table: TableSpec): void {
    const rowH = 15;
    const estimate = (table.rows.length + 1) * rowH + 24;
    const pageRoom = bottom() - MARGIN.top;
    if (space() < Math.min(estimate, pageRoom) || space() < 60) newPage();
    text(table.caption, 'Caption', 'Helvetica-Bold', 9, '#000000');
    doc.moveDown(0.2);
    const weights = table.widths ?? [2.6, ...table.head.slice(1).map(() => 1)];
    const sum = weights.reduce((a, b) => a + b, 0);
    const columnWidths = weights.map((w) => (w / sum) * width);
    const totals = new Set(table.totalRows ?? []);
    const options = {
      structParent: root,
      position: { x: MARGIN.left, y: doc.y },
      columnStyles: columnWidths.map((w, i) => ({ width: w, align: { x: i === 0 ? 'left' : 'right', y: 'top' } })),
      defaultStyle: { border: { top: 0, left: 0, right: 0, bottom: 0.5 }, borderColor: '#BBBBBB', padding: { top: 3, bottom: 3, left: 4, right: 4 }, font: { src: 'Helvetica', size: 8.5 } },
      rowStyles: (i: number) => (i === 0 ? { backgroundColor: '#E8EEF4', font: { src: 'Helvetica-Bold', size: 8.5 }, border: { bottom: 0.8 }, borderColor: '#888888' } : undefined),
      data: [
        table.head.map((h) => ({ text: h, type: 'TH' as const, scope: 'column' })),
        ...table.rows.map((row, r) => row.map((cell) => ({ text: cell, ...(totals.has(r) ? { font: { src: 'Helvetica-Bold' } } : {}) }))),
      ],
    };
    // The cells' font defaults to the document's current one.
    doc.font('Helvetica').fontSize(8.5).fillColor('#000000');
    doc.table(options as unknown as PDFKit.Mixins.TableOptionsWithData);
    doc.x = MARGIN.left;
    doc.moveDown(0.8);
  }

  // Page numbers in the bottom margin (not on the title page), as pagination artifacts.
  writeFooters(doc, (page, count) => `${report.title} · ${report.municipality} · pagina ${page} van ${count}`, { firstPage: 1, tagged: true });
  root.end();
  doc.end();
  return bytes;
}
