import type { NotificationKind } from '../../../shared/api/notifications.js';

/**
 * Issue 6.5: the text of notification e-mails (PURE). Dutch, and deliberately empty of content: a kind,
 * a signal number or a date, and a link into the app. Never a name, a place or free text — whoever
 * reads the mailbox learns only that there is something to look at in Meldroute.
 *
 * Links are stored with BASE_URL_MARKER in front of the app path; the mail job puts the configured
 * MELDROUTE_PUBLIC_URL there when it sends (withBaseUrl), so a changed public URL applies to queued mails too.
 */
export const BASE_URL_MARKER = '{{baseUrl}}';

/** What one notification contributes to an e-mail: a reference (a number or a date) and an app path. */
export interface EmailItem {
  reference: string;
  link: string;
}

const SUBJECT_ONE: Record<NotificationKind, (ref: string) => string> = {
  signal_new: (r) => `Nieuw signaal ${r}`,
  signal_acute: (r) => `ACUUT: nieuw signaal ${r} met acuut gevaar`,
  feedback_overdue: (r) => `Terugkoppeling van ketenpartner te laat (signaal ${r})`,
  reporter_to_inform: (r) => `Melder nog informeren (signaal ${r})`,
  agenda_published: (r) => `Agenda gepubliceerd voor het overleg van ${r}`,
  action_due: (r) => `Actiepunt verloopt (uiterlijk ${r})`,
};

const SUBJECT_MANY: Record<NotificationKind, (n: number) => string> = {
  signal_new: (n) => `${n} nieuwe signalen`,
  signal_acute: (n) => `ACUUT: ${n} nieuwe signalen met acuut gevaar`,
  feedback_overdue: (n) => `Terugkoppeling van ketenpartners te laat (${n} doorverwijzingen)`,
  reporter_to_inform: (n) => `Melders nog informeren (${n} signalen)`,
  agenda_published: (n) => `${n} agenda's gepubliceerd`,
  action_due: (n) => `${n} actiepunten verlopen`,
};

const INTRO: Record<NotificationKind, string> = {
  signal_new: 'Er is een nieuw signaal binnengekomen in Meldroute.',
  signal_acute: 'Er is een nieuw signaal binnengekomen waarbij de melder acuut gevaar aangeeft. Bekijk het zo snel mogelijk.',
  feedback_overdue: 'De terugkoppeling van een ketenpartner op een doorverwijzing is over de afgesproken datum.',
  reporter_to_inform: 'De melder van een doorverwezen signaal is nog niet geïnformeerd over wat er met het signaal is gedaan (stap 6).',
  agenda_published: 'De agenda van een overleg waaraan u deelneemt is gepubliceerd.',
  action_due: 'Een actiepunt dat aan u is toegewezen moet vandaag of eerder af zijn.',
};

const FOOTER =
  'Dit bericht bevat bewust geen gegevens uit het signaal. Log in bij Meldroute om het te bekijken.\n' +
  'U ontvangt dit bericht omdat u in Meldroute een rol heeft die hierover geïnformeerd wordt.';

export function renderEmail(kind: NotificationKind, items: readonly EmailItem[]): { subject: string; body: string } {
  if (items.length === 0) throw new Error('renderEmail: no items');
  const subject = `Meldroute: ${items.length === 1 ? SUBJECT_ONE[kind](items[0]!.reference) : SUBJECT_MANY[kind](items.length)}`;
  const lines = items.map((i) => `- ${i.reference}: ${BASE_URL_MARKER}${i.link}`);
  const body = `${INTRO[kind]}\n\n${lines.join('\n')}\n\n${FOOTER}\n`;
  return { subject, body };
}

/** The stored text with the public base URL filled in. */
export function withBaseUrl(text: string, baseUrl: string): string {
  return text.split(BASE_URL_MARKER).join(baseUrl);
}
