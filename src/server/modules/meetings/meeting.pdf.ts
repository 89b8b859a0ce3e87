import type { MeetingView } from '../../../shared/api/meetings.js';
import { openPdf, writeFooters } from '../../lib/pdf.js';
import { FORM_LABEL, dutchDate } from '../access-requests/labels.js';

const MARGIN = { top: 56, bottom: 60, left: 56, right: 56 };
const ACCENT = '#01689b';

const STATUS_LABEL: Record<MeetingView['status'], string> = {
  draft: 'Concept',
  published: 'Agenda gepubliceerd',
  held: 'Gehouden, verslag definitief',
  cancelled: 'Afgelast',
};

/**
 * The agenda (and, once written, the minutes, decisions and action items) of one meeting as a tagged
 * PDF. It is rendered from the same `MeetingView` the participant's screen shows, so it carries
 * exactly the same pseudonymisation: a signal by number, forms and the meeting summary; persons only
 * where shared for this meeting; never the reporter. `compress: false` keeps the text readable for tests.
 */
export async function renderMeetingPdf(view: MeetingView, options: { generatedOn: string; compress?: boolean }): Promise<Buffer> {
  const title = `${view.seriesName} — ${dutchDate(view.date)}`;
  const { doc, bytes } = openPdf({
    margins: MARGIN,
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'nl-NL',
    displayTitle: true,
    info: { Title: title, Subject: 'Agenda en verslag', Creator: 'Meldroute', Producer: 'Meldroute' },
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const text = (value: string, type: string, font: string, size: number, color = '#000000', extra: PDFKit.Mixins.TextOptions = {}) =>
    doc.font(font).fontSize(size).fillColor(color).text(value, MARGIN.left, doc.y, { width, structParent: root, structType: type, ...extra });
  const ensure = (space: number) => {
    if (doc.y > doc.page.height - MARGIN.bottom - space) doc.addPage();
  };
  const field = (label: string, value: string) => text(`${label}: ${value}`, 'P', 'Helvetica', 10);

  doc.markContent('Artifact', { type: 'Layout' });
  doc.save().rect(0, 0, doc.page.width, 10).fill(ACCENT).restore();
  doc.endMarkedContent();

  text(title, 'H1', 'Helvetica-Bold', 18, ACCENT);
  doc.moveDown(0.4);
  field('Tijd', `${view.startTime} uur, ${view.durationMinutes} minuten`);
  if (view.location) field('Plaats', view.location);
  field('Status', STATUS_LABEL[view.status]);
  doc.moveDown(0.3);
  text(
    'Vertrouwelijk. Signalen staan op deze agenda met hun nummer, de vorm van uitbuiting en een samenvatting voor dit overleg. ' +
      'Wie een signaal meldde staat hier nooit in; betrokkenen alleen als de coördinator hen voor dit overleg heeft gedeeld. Niet doorsturen.',
    'P',
    'Helvetica-Oblique',
    9,
    '#333333',
  );

  doc.moveDown(0.8);
  text('Deelnemers', 'H2', 'Helvetica-Bold', 13);
  doc.moveDown(0.2);
  if (view.participants.length) {
    const list = doc.struct('L');
    root.add(list);
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#000000')
      .list(
        view.participants.map((p) => (p.organisation ? `${p.name} (${p.organisation})` : p.name)),
        MARGIN.left + 4,
        doc.y,
        { width: width - 4, structParent: list, bulletRadius: 1.6, paragraphGap: 2 } as PDFKit.Mixins.TextOptions,
      );
    list.end();
  } else {
    text('Geen deelnemers vastgelegd.', 'P', 'Helvetica', 10);
  }

  doc.moveDown(0.8);
  text('Agenda', 'H2', 'Helvetica-Bold', 13);
  if (!view.items.length) text('Er staan geen punten op de agenda.', 'P', 'Helvetica', 10);
  view.items.forEach((item, index) => {
    ensure(120);
    doc.moveDown(0.6);
    const heading =
      item.kind === 'signal'
        ? `${index + 1}. Signaal ${item.signalNumber ?? ''}${item.exploitationForms.length ? ` — ${item.exploitationForms.map((f) => FORM_LABEL[f]).join(', ')}` : ''}`
        : `${index + 1}. ${item.title ?? ''}`;
    text(heading, 'H3', 'Helvetica-Bold', 11.5);
    doc.moveDown(0.15);
    if (item.summary) text(item.summary, 'P', 'Helvetica', 10);
    if (item.sharedPersons.length) {
      text(`Gedeelde betrokkenen: ${item.sharedPersons.map((p) => (p.role ? `${p.fullName} (${p.role})` : p.fullName)).join('; ')}`, 'P', 'Helvetica', 10);
    }
    if (item.minutes) {
      doc.moveDown(0.2);
      text('Verslag', 'H4', 'Helvetica-Bold', 10);
      text(item.minutes, 'P', 'Helvetica', 10);
    }
    if (item.decision) {
      doc.moveDown(0.2);
      text('Besluit', 'H4', 'Helvetica-Bold', 10);
      text(item.decision, 'P', 'Helvetica', 10);
    }
    if (item.actions.length) {
      doc.moveDown(0.2);
      text('Actiepunten', 'H4', 'Helvetica-Bold', 10);
      for (const a of item.actions) {
        text(`• ${a.description} — ${a.ownerName}, uiterlijk ${dutchDate(a.dueDate)}${a.status === 'done' ? ' (afgerond)' : ''}`, 'P', 'Helvetica', 10);
      }
    }
  });

  writeFooters(doc, (page, count) => `Vertrouwelijk · ${view.seriesName} ${dutchDate(view.date)} · pagina ${page} van ${count} · gemaakt op ${dutchDate(options.generatedOn)}`, { tagged: true });
  root.end();
  doc.end();
  return bytes;
}
