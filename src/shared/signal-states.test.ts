import { describe, expect, it } from 'vitest';
import { SIGNAL_STATES, type SignalState } from './domain.js';
import { allowedSignalActions, findTransition, SIGNAL_ACTIONS, SIGNAL_TRANSITIONS, type SignalAction } from './signal-states.js';

/** The expected table, written out by hand: action → from → to. Anything missing is forbidden. */
const EXPECTED: Record<SignalAction, Partial<Record<SignalState, SignalState>>> = {
  register: { received: 'registered' },
  refer: { registered: 'referred' },
  close: { registered: 'closed', referred: 'closed' },
  reopen: { closed: 'registered' },
};

describe('signal transition table', () => {
  for (const action of SIGNAL_ACTIONS) {
    for (const from of SIGNAL_STATES) {
      const to = EXPECTED[action][from];
      it(`${action} from ${from} is ${to ? `allowed (→ ${to})` : 'forbidden'}`, () => {
        expect(findTransition(action, from)?.to).toBe(to);
      });
    }
  }

  it('lists per state exactly the actions the table allows', () => {
    expect(allowedSignalActions('received')).toEqual(['register']);
    expect(allowedSignalActions('registered').sort()).toEqual(['close', 'refer']);
    expect(allowedSignalActions('referred')).toEqual(['close']);
    expect(allowedSignalActions('closed')).toEqual(['reopen']);
  });

  it('never allows closing straight from received (the signal must be recorded first)', () => {
    expect(findTransition('close', 'received')).toBeUndefined();
  });

  it('names the guards the service enforces beyond the table', () => {
    expect(findTransition('close', 'referred')?.requires).toContain('reporter_informed');
    expect(findTransition('reopen', 'closed')?.requires).toContain('reason');
    expect(findTransition('refer', 'registered')?.requires).toContain('referral');
  });

  it('only uses known states and actions, and every state can be left', () => {
    for (const t of SIGNAL_TRANSITIONS) {
      expect(SIGNAL_ACTIONS).toContain(t.action);
      expect(SIGNAL_STATES).toContain(t.to);
      for (const f of t.from) expect(SIGNAL_STATES).toContain(f);
    }
    for (const state of SIGNAL_STATES) expect(allowedSignalActions(state).length).toBeGreaterThan(0);
  });
});
