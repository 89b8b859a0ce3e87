import type { ChartSpec, ChartValue } from './evaluation.content.js';

/**
 * Vector charts drawn with pdfkit primitives (no raster images): grouped vertical bars, grouped
 * horizontal bars, stacked horizontal bars and lines. A suppressed value gets no bar but a small
 * "< 5" marker where its bar would be, so the reader sees that something is hidden, not zero.
 * Colours: the Okabe–Ito palette (distinguishable with the common colour vision deficiencies); lines
 * also differ by marker shape. Every chart is followed by a table with its numbers.
 */

const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];
/** Lead times: median light/dark blue, 90th percentile light/dark orange. */
const PAIRED = ['#56B4E9', '#0072B2', '#F5C56B', '#C07A00'];
/** Plan status: planned grey, started light blue, done green, dropped vermilion. */
const STATUS = ['#B8B8B8', '#56B4E9', '#009E73', '#D55E00'];
const TEXT = '#333333';
const GRID = '#DDDDDD';
const AXIS = '#888888';

const LEGEND_H = 16;
const HBAR_LABEL_W = 150;
const HBAR_BAR_H = 9;
const STACK_BAR_H = 13;

const NUMBER = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

type Doc = PDFKit.PDFDocument;

function colorsOf(spec: ChartSpec): string[] {
  if (spec.type === 'stacked') return STATUS;
  if (spec.series.length === 4 && spec.unit === 'dagen') return PAIRED;
  return PALETTE;
}

const numeric = (v: ChartValue | undefined): v is number => typeof v === 'number';

function format(v: number, spec: ChartSpec): string {
  return spec.percent ? `${Math.round(v * 100)}%` : NUMBER.format(v);
}

/** A "nice" axis maximum and step for values up to max (at least 1 for counts). */
export function niceScale(max: number, percent = false): { max: number; step: number } {
  if (percent) {
    const top = Math.max(0.1, Math.ceil(max * 10) / 10);
    const step = top <= 0.2 ? 0.05 : top <= 0.5 ? 0.1 : 0.2;
    return { max: Math.ceil(top / step - 1e-9) * step, step };
  }
  if (max <= 0) return { max: 4, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  return { max: Math.ceil(max / step - 1e-9) * step, step };
}

/** The height a chart needs at a given width (horizontal bars grow with the categories). */
export function chartHeight(spec: ChartSpec): number {
  if (spec.type === 'hbar') return LEGEND_H + 8 + spec.categories.length * (spec.series.length * HBAR_BAR_H + 7) + 18;
  if (spec.type === 'stacked') return LEGEND_H + 8 + spec.categories.length * (STACK_BAR_H + 14) + 18;
  return 190;
}

function legend(doc: Doc, spec: ChartSpec, x: number, y: number, width: number): void {
  const colors = colorsOf(spec);
  doc.font('Helvetica').fontSize(8);
  let cx = x;
  spec.series.forEach((s, i) => {
    const w = doc.widthOfString(s.name) + 22;
    if (cx + w > x + width && cx > x) return;
    doc.save().fillColor(colors[i % colors.length]!);
    if (spec.type === 'line') {
      doc.rect(cx, y + 4, 12, 2).fill();
      marker(doc, i, cx + 6, y + 5, 2.5, colors[i % colors.length]!);
    } else doc.rect(cx, y + 1, 9, 9).fill();
    doc.restore();
    doc.fillColor(TEXT).text(s.name, cx + 14, y + 1.5, { lineBreak: false });
    cx += w;
  });
}

function marker(doc: Doc, series: number, x: number, y: number, r: number, color: string): void {
  doc.save().fillColor(color);
  switch (series % 4) {
    case 0:
      doc.circle(x, y, r).fill();
      break;
    case 1:
      doc.rect(x - r, y - r, 2 * r, 2 * r).fill();
      break;
    case 2:
      doc.polygon([x, y - r - 0.5], [x + r + 0.5, y + r], [x - r - 0.5, y + r]).fill();
      break;
    default:
      doc.polygon([x, y - r - 0.5], [x + r + 0.5, y], [x, y + r + 0.5], [x - r - 0.5, y]).fill();
  }
  doc.restore();
}

function suppressedMark(doc: Doc, label: string, cx: number, baseline: number, vertical: boolean): void {
  doc.save().font('Helvetica').fontSize(6).fillColor('#555555');
  const w = doc.widthOfString(label);
  if (vertical) doc.text(label, cx - w / 2, baseline - 8, { lineBreak: false });
  else doc.text(label, cx + 2, baseline - 3, { lineBreak: false });
  doc.restore();
}

/** Value axis (horizontal grid lines) of a vertical chart; returns the y of a value. */
function valueAxis(doc: Doc, spec: ChartSpec, left: number, top: number, width: number, height: number, max: number) {
  const scale = niceScale(max, spec.percent);
  const yOf = (v: number) => top + height - (v / scale.max) * height;
  doc.font('Helvetica').fontSize(7);
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
    const y = yOf(v);
    doc.save().strokeColor(v === 0 ? AXIS : GRID).lineWidth(v === 0 ? 0.8 : 0.5).moveTo(left, y).lineTo(left + width, y).stroke().restore();
    const label = format(v, spec);
    doc.fillColor(TEXT).text(label, left - doc.widthOfString(label) - 4, y - 3, { lineBreak: false });
  }
  if (spec.unit) doc.fillColor(TEXT).fontSize(7).text(spec.unit, left - 28, top - 12, { lineBreak: false });
  return yOf;
}

function categoryLabels(doc: Doc, categories: string[], left: number, width: number, y: number): void {
  const slot = width / categories.length;
  doc.font('Helvetica').fontSize(categories.length > 6 ? 6.5 : 7.5).fillColor(TEXT);
  categories.forEach((c, i) => {
    doc.text(c, left + i * slot + 1, y, { width: slot - 2, align: 'center', height: 20, ellipsis: true });
  });
}

/** Draw `spec` with its top-left corner at (x, y) and the given width. */
export function drawChart(doc: Doc, spec: ChartSpec, x: number, y: number, width: number, suppressedLabel: string): void {
  const colors = colorsOf(spec);
  legend(doc, spec, x, y, width);
  const top = y + LEGEND_H + 8;
  const values = spec.series.flatMap((s) => s.values).filter(numeric);

  if (spec.type === 'hbar' || spec.type === 'stacked') {
    const left = x + HBAR_LABEL_W;
    const plotW = width - HBAR_LABEL_W - 30;
    const totals = spec.type === 'stacked' ? spec.categories.map((_, i) => spec.series.reduce((s, se) => s + (numeric(se.values[i]!) ? (se.values[i] as number) : 0), 0)) : [];
    const max = spec.type === 'stacked' ? Math.max(0, ...totals) : Math.max(0, ...values);
    const scale = niceScale(max, spec.percent);
    const xOf = (v: number) => left + (v / scale.max) * plotW;
    const rowH = spec.type === 'stacked' ? STACK_BAR_H + 14 : spec.series.length * HBAR_BAR_H + 7;
    const plotH = spec.categories.length * rowH;
    // Grid and axis labels.
    doc.font('Helvetica').fontSize(7);
    for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
      const gx = xOf(v);
      doc.save().strokeColor(v === 0 ? AXIS : GRID).lineWidth(v === 0 ? 0.8 : 0.5).moveTo(gx, top).lineTo(gx, top + plotH).stroke().restore();
      const label = format(v, spec);
      doc.fillColor(TEXT).text(label, gx - doc.widthOfString(label) / 2, top + plotH + 4, { lineBreak: false });
    }
    spec.categories.forEach((category, i) => {
      const rowTop = top + i * rowH;
      doc.font('Helvetica').fontSize(7.5).fillColor(TEXT).text(category, x, rowTop + (spec.type === 'stacked' ? 0 : 1), { width: HBAR_LABEL_W - 8, height: rowH - 2, ellipsis: true });
      if (spec.type === 'stacked') {
        let cx = left;
        spec.series.forEach((s, si) => {
          const v = s.values[i];
          if (!numeric(v) || v <= 0) return;
          const w = xOf(v) - left;
          doc.save().fillColor(colors[si % colors.length]!).rect(cx, rowTop + 2, w, STACK_BAR_H).fill().restore();
          if (w > 12) doc.font('Helvetica').fontSize(7).fillColor(si === 0 || si === 1 ? '#000000' : '#FFFFFF').text(NUMBER.format(v), cx, rowTop + 5, { width: w, align: 'center', lineBreak: false });
          cx += w;
        });
        doc.font('Helvetica-Bold').fontSize(7).fillColor(TEXT).text(NUMBER.format(totals[i]!), cx + 3, rowTop + 5, { lineBreak: false });
        return;
      }
      spec.series.forEach((s, si) => {
        const v = s.values[i];
        const by = rowTop + si * HBAR_BAR_H + 1;
        if (v === 'suppressed') suppressedMark(doc, suppressedLabel, left, by + HBAR_BAR_H / 2 + 1, false);
        else if (numeric(v)) {
          const w = Math.max(v > 0 ? 0.8 : 0, xOf(v) - left);
          doc.save().fillColor(colors[si % colors.length]!).rect(left, by, w, HBAR_BAR_H - 1.5).fill().restore();
          doc.font('Helvetica').fontSize(6.5).fillColor(TEXT).text(format(v, spec), left + w + 2, by + 1, { lineBreak: false });
        }
      });
    });
    return;
  }

  const left = x + 34;
  const plotW = width - 40;
  const plotH = 190 - LEGEND_H - 8 - 30;
  const yOf = valueAxis(doc, spec, left, top, plotW, plotH, Math.max(0, ...values));
  const baseline = top + plotH;
  const slot = plotW / spec.categories.length;
  categoryLabels(doc, spec.categories, left, plotW, baseline + 4);

  if (spec.type === 'bar') {
    const n = spec.series.length;
    const barW = Math.min(22, (slot * 0.8) / n);
    spec.categories.forEach((_, i) => {
      const groupLeft = left + i * slot + (slot - barW * n) / 2;
      spec.series.forEach((s, si) => {
        const v = s.values[i];
        const bx = groupLeft + si * barW;
        if (v === 'suppressed') suppressedMark(doc, suppressedLabel, bx + barW / 2, baseline, true);
        else if (numeric(v)) {
          const h = baseline - yOf(v);
          doc.save().fillColor(colors[si % colors.length]!).rect(bx + 0.5, baseline - h, barW - 1, h).fill().restore();
          if (barW >= 9) {
            doc.font('Helvetica').fontSize(barW >= 14 ? 7 : 5.5).fillColor(TEXT);
            const label = format(v, spec);
            doc.text(label, bx + barW / 2 - doc.widthOfString(label) / 2, baseline - h - 8, { lineBreak: false });
          }
        }
      });
    });
    return;
  }

  // Lines: points in the middle of each slot; a gap where a value is missing or suppressed.
  spec.series.forEach((s, si) => {
    const color = colors[si % colors.length]!;
    let open = false;
    doc.save().strokeColor(color).lineWidth(1.6);
    s.values.forEach((v, i) => {
      const px = left + slot * (i + 0.5);
      if (!numeric(v)) {
        open = false;
        return;
      }
      if (open) doc.lineTo(px, yOf(v));
      else doc.moveTo(px, yOf(v));
      open = true;
    });
    doc.stroke().restore();
    s.values.forEach((v, i) => {
      const px = left + slot * (i + 0.5);
      if (v === 'suppressed') suppressedMark(doc, suppressedLabel, px, baseline - si * 7, true);
      else if (numeric(v)) marker(doc, si, px, yOf(v), 2.6, color);
    });
  });
}
