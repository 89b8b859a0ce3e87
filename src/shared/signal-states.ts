import type { SignalState } from './domain.js';

/**
 * The one table of allowed signal transitions. Anything not listed here is
 * rejected by the server with 409 `transition_not_allowed`.
 *
 * Guards that depend on more than the two states (for example "the reporter has
 * been informed before closing") live in the signal service and are named in
 * `requires` so the UI can explain why an action is unavailable.
 */
export const SIGNAL_ACTIONS = ['register', 'refer', 'close', 'reopen'] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

export type SignalGuard = 'reporter_informed' | 'reason' | 'referral';

export interface SignalTransition {
  readonly action: SignalAction;
  readonly from: readonly SignalState[];
  readonly to: SignalState;
  readonly requires: readonly SignalGuard[];
}

export const SIGNAL_TRANSITIONS: readonly SignalTransition[] = [
  // Step 2-3: the coordinator records the signal.
  { action: 'register', from: ['received'], to: 'registered', requires: [] },
  // Step 4: the first referral moves the signal to "referred".
  { action: 'refer', from: ['registered'], to: 'referred', requires: ['referral'] },
  // Closing needs an outcome and step 6 (reporter informed, or recorded as impossible).
  { action: 'close', from: ['registered', 'referred'], to: 'closed', requires: ['reporter_informed'] },
  // A closed signal can be taken up again, with a reason.
  { action: 'reopen', from: ['closed'], to: 'registered', requires: ['reason'] },
];

export function findTransition(action: SignalAction, from: SignalState): SignalTransition | undefined {
  return SIGNAL_TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
}

export function allowedSignalActions(from: SignalState): SignalAction[] {
  return SIGNAL_TRANSITIONS.filter((t) => t.from.includes(from)).map((t) => t.action);
}
