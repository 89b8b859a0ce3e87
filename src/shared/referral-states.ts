import type { ReferralState } from './domain.js';

/** The one table of allowed referral transitions (step 4-5 of the route). */
export const REFERRAL_ACTIONS = ['request_feedback', 'record_feedback', 'close'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

export interface ReferralTransition {
  readonly action: ReferralAction;
  readonly from: readonly ReferralState[];
  readonly to: ReferralState;
}

export const REFERRAL_TRANSITIONS: readonly ReferralTransition[] = [
  { action: 'request_feedback', from: ['sent', 'feedback_requested'], to: 'feedback_requested' },
  { action: 'record_feedback', from: ['sent', 'feedback_requested'], to: 'feedback_received' },
  { action: 'close', from: ['sent', 'feedback_requested', 'feedback_received'], to: 'closed' },
];

export function findReferralTransition(action: ReferralAction, from: ReferralState): ReferralTransition | undefined {
  return REFERRAL_TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
}

export function allowedReferralActions(from: ReferralState): ReferralAction[] {
  return REFERRAL_TRANSITIONS.filter((t) => t.from.includes(from)).map((t) => t.action);
}

/** A referral is waiting for the partner's feedback while it is in one of these states. */
export const AWAITING_FEEDBACK: readonly ReferralState[] = ['sent', 'feedback_requested'];
