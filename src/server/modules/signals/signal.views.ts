import type { z } from 'zod';
import type {
  consultation,
  ownSignal,
  referral,
  signalContent,
  signalDetail,
  signalSummary,
} from '../../../shared/api/signal.js';
import type { SignalState } from '../../../shared/domain.js';
import { allowedReferralActions, AWAITING_FEEDBACK } from '../../../shared/referral-states.js';
import type { ReferralListRow } from '../referrals/referral.repo.js';
import type { SignalRow, SignalSummaryRow } from './signal.repo.js';
import type { loadSignalParts } from './signal.repo.js';

/**
 * Mapping from rows to the API's views. Each role gets its own view type; the
 * reporter's identity exists only in the coordinator's (see signal.service.ts).
 */
export type SignalSummary = z.output<typeof signalSummary>;
export type SignalDetail = z.output<typeof signalDetail>;
export type SignalContent = z.output<typeof signalContent>;
export type Referral = z.output<typeof referral>;
export type OwnSignal = z.output<typeof ownSignal>;
export type Consultation = z.output<typeof consultation>;

export const toSummary = (row: SignalSummaryRow): SignalSummary => ({
  ...row,
  receivedAt: row.receivedAt.toISOString(),
});

export function toContent(signal: SignalRow, parts: Awaited<ReturnType<typeof loadSignalParts>>): SignalContent {
  return {
    observedOn: signal.observedOn,
    observedTime: signal.observedTime,
    place: signal.place,
    explanation: signal.explanation,
    exploitationForms: signal.exploitationForms,
    acuteDanger: signal.acuteDanger,
    victimInvolved: signal.victimInvolved,
    sourceContext: signal.sourceContext,
    persons: parts.persons.map((p) => ({ id: p.id, fullName: p.fullName, role: p.role, email: p.email, phone: p.phone, birthDate: p.birthDate })),
    organisations: parts.organisations.map((o) => ({ id: o.id, name: o.name, kvkNumber: o.kvkNumber })),
    addresses: parts.addresses.map((a) => ({ id: a.id, postcode: a.postcode, houseNumber: a.houseNumber, addition: a.addition })),
  };
}

/**
 * Who looks at a referral decides which actions it offers: the coordinator
 * works the whole table; an advisor (meldcode officer) only records advice.
 * A referral of a closed signal offers none.
 */
export type ReferralViewer = 'coordinator' | 'advisor';

function referralActions(row: ReferralListRow, viewer: ReferralViewer, signalClosed: boolean): Referral['allowedActions'] {
  if (signalClosed) return [];
  const actions = allowedReferralActions(row.referral.state);
  return viewer === 'coordinator' ? actions : actions.filter((a) => a === 'record_feedback');
}

export function toReferral(row: ReferralListRow, today: string, viewer: ReferralViewer = 'coordinator'): Referral {
  const r = row.referral;
  return {
    id: r.id,
    signalId: r.signalId,
    signalNumber: row.signalNumber,
    partner: { id: r.partnerId, name: row.partnerName, kind: row.partnerKind },
    state: r.state,
    referredOn: r.referredOn,
    channel: r.channel,
    sharedParts: r.sharedParts,
    sharedNote: r.sharedNote,
    feedbackDueOn: r.feedbackDueOn,
    feedbackRequestedOn: r.feedbackRequestedOn,
    feedbackReceivedOn: r.feedbackReceivedOn,
    feedbackText: r.feedbackText,
    feedbackBy: r.feedbackById && row.feedbackByName ? { id: r.feedbackById, displayName: row.feedbackByName } : null,
    overdue: AWAITING_FEEDBACK.includes(r.state) && r.feedbackDueOn < today,
    allowedActions: referralActions(row, viewer, row.signalState === 'closed'),
    createdAt: r.createdAt.toISOString(),
  };
}

/** The coarse status a reporter sees. */
export function ownStatus(state: SignalState): OwnSignal['status'] {
  if (state === 'received') return 'received';
  if (state === 'closed') return 'closed';
  return 'in_progress';
}
