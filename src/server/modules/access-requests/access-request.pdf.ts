import { openPdf, writeFooters } from '../../lib/pdf.js';
import type { AccessRequestPackage } from '../../../shared/api/access-request.js';
import { FORM_LABEL, OUTCOME_LABEL, REFERRAL_STATE_LABEL, STATE_LABEL, dutchDate, dutchDateOf } from './labels.js';

/**
 * The access-request package as a PDF (pdfkit, standard Helvetica, A4, Dutch): a title,
 * the notice, then a section per signal. The same content as the JSON download.
 * `compress: false` writes the text uncompressed (tests read it back).
 */
export async function renderAccessRequestPdf(pkg: AccessRequestPackage, options: { compress?: boolean } = {}): Promise<Buffer> {
  const { doc, bytes } = openPdf({
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    compress: options.compress ?? true,
    lang: 'nl-NL',
    info: { Title: pkg.title, Author: pkg.municipality, Subject: 'Inzageverzoek AVG artikel 15', Producer: 'Meldroute' },
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const heading = (text: string, size: number) => {
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor('#000000').text(text, { width });
    doc.moveDown(0.3).font('Helvetica').fontSize(10.5);
  };
  const field = (label: string, value: string) => {
    doc.font('Helvetica-Bold').fontSize(10.5).text(`${label}: `, { continued: true, width }).font('Helvetica').text(value || '–', { width });
  };
  const paragraph = (text: string) => doc.font('Helvetica').fontSize(10.5).text(text, { width, paragraphGap: 4 });

  doc.font('Helvetica-Bold').fontSize(18).text(pkg.title, { width });
  doc.moveDown(0.2).font('Helvetica').fontSize(10).fillColor('#444444').text(`${pkg.municipality} · samengesteld op ${dutchDateOf(pkg.generatedAt)}`, { width });
  doc.fillColor('#000000').moveDown(0.8);
  for (const line of pkg.notice) paragraph(line);
  if (!pkg.signals.length) paragraph('Er zijn geen gegevens geselecteerd.');

  pkg.signals.forEach((s, index) => {
    if (index > 0 || doc.y > doc.page.height - 260) doc.addPage();
    heading(`Signaal ${s.number}`, 14);
    field('Ontvangen op', dutchDateOf(s.receivedAt));
    field('Waargenomen op', dutchDate(s.observedOn));
    field('Geregistreerd op', s.registeredAt ? dutchDateOf(s.registeredAt) : '–');
    field('Afgesloten op', s.closedAt ? dutchDateOf(s.closedAt) : '–');
    field('Status', STATE_LABEL[s.state]);
    field('Uitkomst', s.outcome ? OUTCOME_LABEL[s.outcome] : '–');
    field('Vorm van uitbuiting', s.exploitationForms.map((f) => FORM_LABEL[f]).join(', ') || '–');

    heading('Uw gegevens in dit signaal', 12);
    for (const p of s.subject) {
      field('Naam', p.fullName);
      field('Hoedanigheid of rol', p.role ?? '–');
      field('E-mailadres', p.email ?? '–');
      field('Telefoonnummer', p.phone ?? '–');
      field('Geboortedatum', p.birthDate ? dutchDate(p.birthDate) : '–');
      doc.moveDown(0.4);
    }

    heading('Vastgelegde teksten', 12);
    if (!s.texts.length) paragraph('Geen.');
    for (const t of s.texts) {
      doc.font('Helvetica-Bold').fontSize(10.5).text(t.date ? `${t.label} (${dutchDate(t.date)})` : t.label, { width });
      paragraph(t.text);
      doc.moveDown(0.3);
    }

    heading('Doorverwezen naar', 12);
    if (!s.referrals.length) paragraph('Niet doorverwezen.');
    for (const r of s.referrals) {
      paragraph(
        `${r.partner}, op ${dutchDate(r.referredOn)} (${REFERRAL_STATE_LABEL[r.state]}${r.feedbackReceivedOn ? `, terugkoppeling ontvangen op ${dutchDate(r.feedbackReceivedOn)}` : ''})`,
      );
    }

    heading('Niet verstrekt', 12);
    paragraph(s.withheld.summary.charAt(0).toUpperCase() + s.withheld.summary.slice(1));
  });

  // Page numbers in the bottom margin of every page.
  writeFooters(doc, (page, count) => `${pkg.title} · pagina ${page} van ${count}`);
  doc.end();
  return bytes;
}
