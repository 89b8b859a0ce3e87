import { describe, expect, it } from 'vitest';
import { conditionHolds, suggestReferrals, type RoutableSignal, type RuleForRouting } from './routing.js';

const signal = (overrides: Partial<RoutableSignal> = {}): RoutableSignal => ({
  acuteDanger: false,
  victimInvolved: 'unknown',
  exploitationForms: ['sexual'],
  ...overrides,
});

/** The Lopik rules of config/municipalities/lopik.json, as data. */
const LOPIK: RuleForRouting[] = [
  { id: 'r-acute', name: 'Acuut: politie', condition: { type: 'acute' }, partnerId: 'politie', urgency: 'immediate', position: 10, active: true },
  { id: 'r-labour', name: 'Arbeid: NLA', condition: { type: 'form', form: 'labour' }, partnerId: 'nla', urgency: 'normal', position: 20, active: true },
  { id: 'r-always', name: 'Altijd: zorgcoördinator', condition: { type: 'always' }, partnerId: 'moviera', urgency: 'normal', position: 30, active: true },
  { id: 'r-meldcode', name: 'Slachtoffer: meldcode', condition: { type: 'victim_involved' }, partnerId: 'meldcode', urgency: 'consult_first', position: 40, active: true },
  { id: 'r-vt', name: 'Slachtoffer: Veilig Thuis', condition: { type: 'victim_involved' }, partnerId: 'veilig-thuis', urgency: 'consult_first', position: 50, active: true },
];

const partnersOf = (s: RoutableSignal, rules = LOPIK) => suggestReferrals(s, rules).map((x) => x.partnerId);

describe('conditionHolds', () => {
  it('always holds for "always"', () => expect(conditionHolds({ type: 'always' }, signal())).toBe(true));
  it('"acute" follows acute danger', () => {
    expect(conditionHolds({ type: 'acute' }, signal({ acuteDanger: true }))).toBe(true);
    expect(conditionHolds({ type: 'acute' }, signal({ acuteDanger: false }))).toBe(false);
  });
  it('"victim_involved" holds only for yes, not for unknown or no', () => {
    expect(conditionHolds({ type: 'victim_involved' }, signal({ victimInvolved: 'yes' }))).toBe(true);
    expect(conditionHolds({ type: 'victim_involved' }, signal({ victimInvolved: 'unknown' }))).toBe(false);
    expect(conditionHolds({ type: 'victim_involved' }, signal({ victimInvolved: 'no' }))).toBe(false);
  });
  it('"form" holds when the signal has that exploitation form among others', () => {
    expect(conditionHolds({ type: 'form', form: 'labour' }, signal({ exploitationForms: ['sexual', 'labour'] }))).toBe(true);
    expect(conditionHolds({ type: 'form', form: 'labour' }, signal({ exploitationForms: ['sexual'] }))).toBe(false);
  });
});

describe('suggestReferrals with the Lopik rules', () => {
  it('always suggests the zorgcoördinator, and only that for a plain signal', () => {
    expect(partnersOf(signal())).toEqual(['moviera']);
  });

  it('suggests the police at once for acute danger, first in the list', () => {
    const s = suggestReferrals(signal({ acuteDanger: true }), LOPIK);
    expect(s[0]).toEqual({ partnerId: 'politie', urgency: 'immediate', ruleId: 'r-acute', reason: 'Acuut: politie' });
    expect(s.map((x) => x.partnerId)).toEqual(['politie', 'moviera']);
  });

  it('suggests the labour inspectorate for labour exploitation', () => {
    expect(partnersOf(signal({ exploitationForms: ['labour'] }))).toEqual(['nla', 'moviera']);
  });

  it('with a victim: consult the meldcode officer first, then Veilig Thuis, before the normal referrals', () => {
    const s = suggestReferrals(signal({ victimInvolved: 'yes' }), LOPIK);
    expect(s.map((x) => [x.partnerId, x.urgency])).toEqual([
      ['meldcode', 'consult_first'],
      ['veilig-thuis', 'consult_first'],
      ['moviera', 'normal'],
    ]);
  });

  it('orders everything by urgency, then rule position', () => {
    expect(partnersOf(signal({ acuteDanger: true, victimInvolved: 'yes', exploitationForms: ['labour', 'sexual'] }))).toEqual([
      'politie',
      'meldcode',
      'veilig-thuis',
      'nla',
      'moviera',
    ]);
  });

  it('ignores inactive rules', () => {
    const rules = LOPIK.map((r) => (r.id === 'r-always' ? { ...r, active: false } : r));
    expect(partnersOf(signal(), rules)).toEqual([]);
  });

  it('suggests a partner once, with its most urgent matching rule, regardless of the order of the rules', () => {
    const rules: RuleForRouting[] = [
      { id: 'normal', name: 'n', condition: { type: 'always' }, partnerId: 'p', urgency: 'normal', position: 1, active: true },
      { id: 'urgent', name: 'u', condition: { type: 'acute' }, partnerId: 'p', urgency: 'immediate', position: 99, active: true },
    ];
    for (const order of [rules, [...rules].reverse()]) {
      const s = suggestReferrals(signal({ acuteDanger: true }), order);
      expect(s).toHaveLength(1);
      expect(s[0]).toMatchObject({ partnerId: 'p', urgency: 'immediate', ruleId: 'urgent' });
    }
    // Without acute danger only the normal rule matches.
    expect(suggestReferrals(signal(), rules)).toEqual([{ partnerId: 'p', urgency: 'normal', ruleId: 'normal', reason: 'n' }]);
  });

  it('suggests nothing without rules (routing is data, not code)', () => {
    expect(suggestReferrals(signal({ acuteDanger: true, victimInvolved: 'yes' }), [])).toEqual([]);
  });

  it('does not change the rules it was given', () => {
    const rules = [...LOPIK].reverse();
    const before = JSON.stringify(rules);
    suggestReferrals(signal({ acuteDanger: true }), rules);
    expect(JSON.stringify(rules)).toBe(before);
  });
});
