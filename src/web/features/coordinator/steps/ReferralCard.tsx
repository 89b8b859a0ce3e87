import { useState } from 'react';
import { closeReferralInput, recordFeedbackInput, requestFeedbackInput } from '../../../../shared/api/signal.js';
import { api } from '../../../api/client.js';
import type { Referral } from '../../../api/types.js';
import { useT } from '../../../i18n/i18n.js';
import { DataList, Heading, Paragraph, StatusBadge, TextArea, TextField } from '../../../ui/index.js';
import { overdueText, todayIso, useFormat } from '../format.js';
import { ActionDetails, StepForm, StepSection, usePrefixedForm } from '../parts.js';

interface ActionProps {
  referral: Referral;
  onDone(message: string): Promise<void>;
  close(): void;
}

function RequestFeedbackForm({ referral, onDone, close }: ActionProps) {
  const t = useT();
  const form = usePrefixedForm(`req-${referral.id}`);
  const [requestedOn, setRequestedOn] = useState(todayIso());
  const [note, setNote] = useState('');
  async function onSubmit() {
    if (await form.send(requestFeedbackInput, { requestedOn, note }, (data) => api.post(`/api/referrals/${referral.id}/request-feedback`, data))) {
      await onDone(t('coord.feedback.requested', { partner: referral.partner.name }));
      close();
    }
  }
  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('coord.feedback.requestSubmit')}>
      <TextField name={form.name('requestedOn')} type="date" label={t('coord.feedback.requestedOn')} required value={requestedOn} onChange={(e) => setRequestedOn(e.target.value)} error={form.errorFor('requestedOn')} />
      <TextArea name={form.name('note')} label={t('coord.feedback.requestNote')} optionalText={t('app.optional')} rows={2} value={note} onChange={(e) => setNote(e.target.value)} error={form.errorFor('note')} />
    </StepForm>
  );
}

function RecordFeedbackForm({ referral, onDone, close, advice }: ActionProps & { advice: boolean }) {
  const t = useT();
  const form = usePrefixedForm(`fb-${referral.id}`);
  const [receivedOn, setReceivedOn] = useState(todayIso());
  const [text, setText] = useState('');
  async function onSubmit() {
    if (await form.send(recordFeedbackInput, { receivedOn, text }, (data) => api.post(`/api/referrals/${referral.id}/feedback`, data))) {
      await onDone(advice ? t('coord.consult.recorded') : t('coord.feedback.recorded', { partner: referral.partner.name }));
      close();
    }
  }
  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={advice ? t('coord.consult.submit') : t('coord.feedback.recordSubmit')}>
      <TextField
        name={form.name('receivedOn')}
        type="date"
        label={advice ? t('coord.consult.givenOn') : t('coord.feedback.receivedOn')}
        required
        value={receivedOn}
        onChange={(e) => setReceivedOn(e.target.value)}
        error={form.errorFor('receivedOn')}
      />
      <TextArea
        name={form.name('text')}
        label={advice ? t('coord.consult.advice') : t('coord.feedback.text')}
        description={advice ? t('coord.consult.adviceHint') : undefined}
        required
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={form.errorFor('text')}
      />
    </StepForm>
  );
}

function CloseReferralForm({ referral, onDone, close }: ActionProps) {
  const t = useT();
  const form = usePrefixedForm(`close-${referral.id}`);
  const [reason, setReason] = useState('');
  async function onSubmit() {
    if (await form.send(closeReferralInput, { reason }, (data) => api.post(`/api/referrals/${referral.id}/close`, data))) {
      await onDone(t('coord.feedback.closed', { partner: referral.partner.name }));
      close();
    }
  }
  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('coord.feedback.closeSubmit')} submitVariant="secondary">
      <TextArea name={form.name('reason')} label={t('coord.feedback.closeReason')} optionalText={t('app.optional')} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={form.errorFor('reason')} />
    </StepForm>
  );
}

/**
 * One referral (step 5) with the actions its state allows. As `consultation`,
 * the meldcode officer's view: only their advice can be recorded.
 */
export function ReferralCard({
  referral: r,
  onDone,
  mode,
  signalClosed,
}: {
  referral: Referral;
  onDone(message: string): Promise<void>;
  mode: 'coordinator' | 'consultation';
  signalClosed: boolean;
}) {
  const t = useT();
  const f = useFormat();
  const headingId = `ref-${r.id}`;
  const consult = mode === 'consultation';
  // The server lists actions by state only; the meldcode officer may only record advice, and a closed signal allows none.
  const actions = signalClosed ? [] : consult ? r.allowedActions.filter((a) => a === 'record_feedback') : r.allowedActions;
  const isConsultation = r.partner.kind === 'internal_role';
  return (
    <li className={`mr-card${r.overdue ? ' mr-card--overdue' : ''}`}>
      <Heading level={3} id={headingId} className="mr-card__title">
        {consult ? t('coord.consult.cardTitle', { date: f.date(r.referredOn) }) : r.partner.name}
      </Heading>
      <p className="utrecht-paragraph mr-badges">
        <StatusBadge status={r.state === 'closed' ? 'neutral' : r.state === 'feedback_received' ? 'safe' : 'active'}>
          {consult ? t(`coord.consultState.${r.state}`) : t(`referralState.${r.state}`)}
        </StatusBadge>
        {r.overdue ? <StatusBadge status="warning">{overdueText(t, r.feedbackDueOn, todayIso())}</StatusBadge> : null}
        {isConsultation && !consult ? <StatusBadge status="neutral">{t('coord.feedback.consultation')}</StatusBadge> : null}
      </p>
      <DataList
        items={[
          { label: t('coord.feedback.referredOn'), value: `${f.date(r.referredOn)} (${t(`channel.${r.channel}`)})` },
          { label: t('coord.feedback.shared'), value: r.sharedParts.length ? r.sharedParts.map((p) => t(`part.${p}`)).join(', ') : t('app.none') },
          ...(r.sharedNote ? [{ label: t('coord.feedback.sharedNote'), value: r.sharedNote }] : []),
          { label: consult ? t('coord.consult.dueOn') : t('coord.feedback.dueOn'), value: f.date(r.feedbackDueOn) },
          ...(r.feedbackRequestedOn ? [{ label: t('coord.feedback.requestedOnLabel'), value: f.date(r.feedbackRequestedOn) }] : []),
          ...(r.feedbackReceivedOn
            ? [
                {
                  label: isConsultation ? t('coord.consult.adviceLabel') : t('coord.feedback.feedbackLabel'),
                  value: `${r.feedbackText ?? ''}\n${t(isConsultation ? 'coord.consult.adviceMeta' : 'coord.feedback.receivedMeta', { date: f.date(r.feedbackReceivedOn), name: r.feedbackBy?.displayName ?? '–' })}`,
                },
              ]
            : []),
        ]}
      />
      {actions.length ? (
        <div className="mr-actions" role="group" aria-labelledby={headingId}>
          {actions.includes('request_feedback') ? (
            <ActionDetails summary={t('coord.feedback.request')}>{(close) => <RequestFeedbackForm referral={r} onDone={onDone} close={close} />}</ActionDetails>
          ) : null}
          {actions.includes('record_feedback') ? (
            <ActionDetails summary={consult || isConsultation ? t('coord.consult.record') : t('coord.feedback.record')} defaultOpen={consult}>
              {(close) => <RecordFeedbackForm referral={r} onDone={onDone} close={close} advice={consult || isConsultation} />}
            </ActionDetails>
          ) : null}
          {actions.includes('close') ? (
            <ActionDetails summary={t('coord.feedback.close')}>{(close) => <CloseReferralForm referral={r} onDone={onDone} close={close} />}</ActionDetails>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/** Step 5: every referral of the signal with its feedback. */
export function FeedbackStep({ referrals, onDone, signalClosed }: { referrals: Referral[]; onDone(message: string): Promise<void>; signalClosed: boolean }) {
  const t = useT();
  return (
    <StepSection id="step-feedback" className="mr-step" title={t('coord.feedback.title')}>
      {referrals.length === 0 ? (
        <Paragraph>{t('coord.feedback.none')}</Paragraph>
      ) : (
        <ul className="mr-cards">
          {referrals.map((r) => (
            <ReferralCard key={r.id} referral={r} onDone={onDone} mode="coordinator" signalClosed={signalClosed} />
          ))}
        </ul>
      )}
    </StepSection>
  );
}
