import type { RoutingCondition } from '../../../shared/api/admin.js';
import type { ExploitationForm, RoutingUrgency, VictimInvolved } from '../../../shared/domain.js';

/** The facts of a signal that routing rules look at. */
export interface RoutableSignal {
  acuteDanger: boolean;
  victimInvolved: VictimInvolved;
  exploitationForms: readonly ExploitationForm[];
}

export interface RuleForRouting {
  id: string;
  name: string;
  condition: RoutingCondition;
  partnerId: string;
  urgency: RoutingUrgency;
  position: number;
  active: boolean;
}

export interface Suggestion {
  partnerId: string;
  urgency: RoutingUrgency;
  ruleId: string;
  reason: string;
}

export function conditionHolds(condition: RoutingCondition, signal: RoutableSignal): boolean {
  switch (condition.type) {
    case 'always':
      return true;
    case 'acute':
      return signal.acuteDanger;
    case 'victim_involved':
      return signal.victimInvolved === 'yes';
    case 'form':
      return signal.exploitationForms.includes(condition.form);
  }
}

const URGENCY_RANK: Record<RoutingUrgency, number> = { immediate: 0, consult_first: 1, normal: 2 };

/**
 * Evaluate the municipality's routing rules for a signal: one suggestion per
 * partner, with the most urgent matching rule, ordered by urgency then rule position.
 */
export function suggestReferrals(signal: RoutableSignal, rules: readonly RuleForRouting[]): Suggestion[] {
  const byPartner = new Map<string, Suggestion & { position: number }>();
  for (const rule of [...rules].sort((a, b) => a.position - b.position)) {
    if (!rule.active || !conditionHolds(rule.condition, signal)) continue;
    const current = byPartner.get(rule.partnerId);
    if (!current || URGENCY_RANK[rule.urgency] < URGENCY_RANK[current.urgency]) {
      byPartner.set(rule.partnerId, {
        partnerId: rule.partnerId,
        urgency: rule.urgency,
        ruleId: rule.id,
        reason: rule.name,
        position: rule.position,
      });
    }
  }
  return [...byPartner.values()]
    .sort((a, b) => URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || a.position - b.position)
    .map(({ position: _position, ...s }) => s);
}
