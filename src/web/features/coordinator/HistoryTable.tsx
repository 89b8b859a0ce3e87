import type { SignalDetail } from '../../api/types.js';
import type { MessageKey } from '../../i18n/catalogue.js';
import { useT } from '../../i18n/i18n.js';
import { ListTable, Td, Tr } from '../../ui/index.js';
import { useFormat } from './format.js';
import { StepSection } from './parts.js';

/** History actions the server records (signal.service.ts, referral.service.ts) and their labels. */
const ACTION_LABELS: Record<string, MessageKey> = {
  submit: 'coord.history.submit',
  register: 'coord.history.register',
  classify: 'coord.history.classify',
  enrich: 'coord.history.enrich',
  mark_for_meeting: 'coord.history.mark_for_meeting',
  unmark_for_meeting: 'coord.history.unmark_for_meeting',
  refer: 'coord.history.refer',
  referral_create: 'coord.history.referral_create',
  referral_request_feedback: 'coord.history.referral_request_feedback',
  referral_record_feedback: 'coord.history.referral_record_feedback',
  referral_close: 'coord.history.referral_close',
  reporter_feedback: 'coord.history.reporter_feedback',
  reporter_feedback_impossible: 'coord.history.reporter_feedback_impossible',
  close: 'coord.history.close',
  reopen: 'coord.history.reopen',
  legal_hold_set: 'coord.history.legal_hold_set',
  legal_hold_lift: 'coord.history.legal_hold_lift',
  link_confirmed: 'coord.history.link_confirmed',
  link_rejected: 'coord.history.link_rejected',
  entity_added: 'coord.history.entity_added',
  // Issue 6.1: meetings (meeting.service.ts).
  meeting_agenda: 'coord.history.meeting_agenda',
  meeting_action: 'coord.history.meeting_action',
  meeting_action_done: 'coord.history.meeting_action_done',
  meeting_action_reopened: 'coord.history.meeting_action_reopened',
  meeting_discussed: 'coord.history.meeting_discussed',
};

const SIGNAL_STATE_KEYS = new Set(['received', 'registered', 'referred', 'closed']);
const REFERRAL_STATE_KEYS = new Set(['sent', 'feedback_requested', 'feedback_received', 'closed']);

export function HistoryTable({ signal }: { signal: SignalDetail }) {
  const t = useT();
  const f = useFormat();
  const partnerOf = new Map(signal.referrals.map((r) => [r.id, r.partner.name]));
  const stateLabel = (state: string | null, referral: boolean): string => {
    if (!state) return '';
    if (referral && REFERRAL_STATE_KEYS.has(state)) return t(`referralState.${state as 'sent'}`);
    if (!referral && SIGNAL_STATE_KEYS.has(state)) return t(`state.${state as 'received'}`);
    return state;
  };
  return (
    <StepSection id="sig-history" className="mr-caption-hidden" title={t('coord.history.title')}>
      <ListTable
        items={signal.history}
        empty={t('coord.history.none')}
        caption={t('coord.history.caption', { number: signal.number })}
        columns={[t('coord.history.when'), t('coord.history.who'), t('coord.history.action'), t('coord.history.states'), t('coord.history.reason')]}
        row={(h) => {
          const referral = h.referralId !== null;
          const label = ACTION_LABELS[h.action] ? t(ACTION_LABELS[h.action]!) : h.action;
          const partner = h.referralId ? partnerOf.get(h.referralId) : undefined;
          const from = stateLabel(h.fromState, referral);
          const to = stateLabel(h.toState, referral);
          return (
            <Tr key={h.id}>
              <Td>{f.stamp(h.at)}</Td>
              <Td>{h.actor ? h.actor.displayName : t('coord.history.hiddenActor')}</Td>
              <Td>{partner ? `${label} (${partner})` : label}</Td>
              <Td>{from && to && from !== to ? `${from} → ${to}` : to && !from ? `→ ${to}` : ''}</Td>
              <Td>{h.reason ?? ''}</Td>
            </Tr>
          );
        }}
      />
    </StepSection>
  );
}
