import type { ExploitationForm, ReferralState, SignalOutcome, SignalState } from '../../../shared/domain.js';

/** Dutch labels for the package (the web app has its own catalogues; the package is always Dutch). */
export const STATE_LABEL: Record<SignalState, string> = {
  received: 'Ontvangen',
  registered: 'Geregistreerd',
  referred: 'Doorverwezen',
  closed: 'Afgesloten',
};
export const OUTCOME_LABEL: Record<SignalOutcome, string> = {
  referred: 'Doorverwezen',
  no_grounds: 'Geen aanleiding',
  insufficient_information: 'Onvoldoende informatie',
  duplicate: 'Dubbele melding',
};
export const FORM_LABEL: Record<ExploitationForm, string> = {
  sexual: 'Seksuele uitbuiting',
  labour: 'Arbeidsuitbuiting',
  criminal: 'Criminele uitbuiting',
  organ_removal: 'Gedwongen orgaanhandel',
  unknown: 'Onbekend',
};
export const REFERRAL_STATE_LABEL: Record<ReferralState, string> = {
  sent: 'verstuurd',
  feedback_requested: 'terugkoppeling gevraagd',
  feedback_received: 'terugkoppeling ontvangen',
  closed: 'afgesloten',
};

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** A calendar date (YYYY-MM-DD) as "5 maart 1990". */
export function dutchDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : iso;
}

/** The Amsterdam calendar date of a timestamp, as "28 november 2026". */
export function dutchDateOf(timestamp: string): string {
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) return timestamp;
  return dutchDate(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d));
}
