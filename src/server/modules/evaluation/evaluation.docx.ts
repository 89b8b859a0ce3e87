import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import type { Block, ReportDocument, TableSpec } from './evaluation.content.js';

/**
 * The evaluation report as an editable Word document (docx): the same title page and blocks as
 * the PDF, with the tables instead of the charts (each chart's numbers are in the table after it).
 * Real headings (navigation pane), table header rows that repeat, language nl-NL, page numbers.
 */

const FONT = 'Arial';
const ACCENT = '154273';

function paragraphsOf(text: string, options: { italics?: boolean; size?: number; color?: string } = {}): Paragraph[] {
  // Keep the author's paragraphs and line breaks.
  return text.split(/\n{2,}/).map(
    (para) =>
      new Paragraph({
        spacing: { after: 120 },
        children: para.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...options })),
      }),
  );
}

function tableOf(spec: TableSpec): FileChild[] {
  const weights = spec.widths ?? [2.6, ...spec.head.slice(1).map(() => 1)];
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.round((w / sum) * 9000));
  const totals = new Set(spec.totalRows ?? []);
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB' };
  const cell = (text: string, i: number, header: boolean, bold: boolean) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      borders: { top: border, bottom: border, left: border, right: border },
      ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E8EEF4' } } : {}),
      children: [
        new Paragraph({
          alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT,
          children: [new TextRun({ text, bold: header || bold, size: 18 })],
        }),
      ],
    });
  return [
    new Paragraph({ spacing: { before: 160, after: 60 }, children: [new TextRun({ text: spec.caption, bold: true, size: 19 })] }),
    new Table({
      width: { size: 9000, type: WidthType.DXA },
      columnWidths: widths,
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: spec.head.map((h, i) => cell(h, i, true, true)) }),
        ...spec.rows.map((row, r) => new TableRow({ cantSplit: true, children: row.map((v, i) => cell(v, i, false, totals.has(r))) })),
      ],
    }),
    new Paragraph({ spacing: { after: 120 }, children: [] }),
  ];
}

function blockOf(block: Block): FileChild[] {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, children: [new TextRun(block.text)] })];
    case 'paragraph':
      return paragraphsOf(block.text, block.note ? { italics: true, size: 17, color: '444444' } : {});
    case 'bullets':
      return block.items.map((item) => new Paragraph({ numbering: { reference: 'bullets', level: 0 }, children: [new TextRun(item)] }));
    case 'chart':
      // Charts are drawn in the PDF only; the table after each chart holds its numbers.
      return [];
    case 'table':
      return tableOf(block.table);
    case 'writingSpace':
      return [
        ...paragraphsOf(block.note, { italics: true, color: '444444' }),
        ...Array.from({ length: Math.ceil(block.lines / 2) }, () => new Paragraph({ children: [] })),
      ];
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
  }
}

export async function renderEvaluationDocx(report: ReportDocument): Promise<Buffer> {
  const titlePage: FileChild[] = [
    new Paragraph({ spacing: { before: 2400, after: 240 }, children: [new TextRun({ text: report.municipality || 'Gemeente', size: 28 })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: report.title, bold: true, size: 52, color: ACCENT })] }),
    new Paragraph({ spacing: { after: 480 }, children: [new TextRun({ text: report.subtitle, size: 28 })] }),
    new Paragraph({ children: [new TextRun({ text: `Periode: ${report.period}`, size: 22 })] }),
    new Paragraph({ spacing: { after: 1600 }, children: [new TextRun({ text: `Opgesteld op: ${report.generatedOn}`, size: 22 })] }),
    ...paragraphsOf(report.protection, { size: 19 }),
    new Paragraph({ children: [new PageBreak()] }),
  ];
  const doc = new Document({
    title: report.title,
    subject: `${report.subtitle}, ${report.period}`,
    creator: 'Meldroute',
    description: `${report.title}, ${report.municipality}`,
    keywords: 'mensenhandel, evaluatie, monitoring, uitvoeringsplan',
    styles: {
      default: {
        document: { run: { font: FONT, size: 20, language: { value: 'nl-NL' } } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: ACCENT }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading2: { run: { font: FONT, size: 26, bold: true }, paragraph: { spacing: { before: 240, after: 100 } } },
      },
    },
    numbering: {
      config: [{ reference: 'bullets', levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 360, hanging: 260 } } } }] }],
    },
    sections: [
      {
        properties: { titlePage: true },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ size: 16, color: '444444', children: [`${report.title} · ${report.municipality} · pagina `, PageNumber.CURRENT, ' van ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children: [...titlePage, ...report.blocks.flatMap(blockOf)],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
