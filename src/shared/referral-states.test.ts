import { describe, expect, it } from 'vitest';
import { REFERRAL_STATES, type ReferralState } from './domain.js';
import {
  allowedReferralActions,
  AWAITING_FEEDBACK,
  findReferralTransition,
  REFERRAL_ACTIONS,
  type ReferralAction,
} from './referral-states.js';

/** sent → feedback requested → feedback received → closed, written out by hand. */
const EXPECTED: Record<ReferralAction, Partial<Record<ReferralState, ReferralState>>> = {
  request_feedback: { sent: 'feedback_requested', feedback_requested: 'feedback_requested' },
  record_feedback: { sent: 'feedback_received', feedback_requested: 'feedback_received' },
  close: { sent: 'closed', feedback_requested: 'closed', feedback_received: 'closed' },
};

describe('referral transition table', () => {
  for (const action of REFERRAL_ACTIONS) {
    for (const from of REFERRAL_STATES) {
      const to = EXPECTED[action][from];
      it(`${action} from ${from} is ${to ? `allowed (→ ${to})` : 'forbidden'}`, () => {
        expect(findReferralTransition(action, from)?.to).toBe(to);
      });
    }
  }

  it('allows nothing once a referral is closed', () => {
    expect(allowedReferralActions('closed')).toEqual([]);
  });

  it('does not ask for or record feedback again once it was received', () => {
    expect(allowedReferralActions('feedback_received')).toEqual(['close']);
  });

  it('waits for feedback only while sent or requested', () => {
    expect([...AWAITING_FEEDBACK].sort()).toEqual(['feedback_requested', 'sent']);
  });
});
