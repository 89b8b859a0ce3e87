import { useState, type FormEvent } from 'react';
import { closeReferralInput, recordFeedbackInput, requestFeedbackInput } from '../../../../shared/api/signal.js';
import { api } from '../../../api/client.js';
import type { Referral } from '../../../api/types.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert, Button, DataList, ErrorSummary, Heading, Paragraph, StatusBadge, TextArea, TextField } from '../../../ui/index.js';
import { overdueText, todayIso, useFormat } from '../format.js';
import { ActionDetails, usePrefixedForm } from '../parts.js';

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
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await form.submit(requestFeedbackInput, { requestedOn, note }, async (data) => {
      await api.post(`/api/referrals/${referral.id}/request-feedback`, data);
      return true;
    });
    if (ok) {
      await onDone(t('coord.feedback.requested', { partner: referral.partner.name }));
      close();
    }
  }
  return (
    <form onSubmit={onSubmit} noValidate className="mr-stack">
      <ErrorSummary title={t('app.formErrors')} errors={form.summary} />
      {form.message ? <Alert type="error">{form.message}</Alert> : null}
      <TextField name={form.name('requestedOn')} type="date" label={t('coord.feedback.requestedOn')} required value={requestedOn} onChange={(e) => setRequestedOn(e.target.value)} error={form.errorFor('requestedOn')} />
      <TextArea name={form.name('note')} label={t('coord.feedback.requestNote')} optionalText={t('app.optional')} rows={2} value={note} onChange={(e) => setNote(e.target.value)} error={form.errorFor('note')} />
      <Button type="submit" variant="primary" busy={form.busy}>
        {t('coord.feedback.requestSubmit')}
      </Button>
    </form>
  );
}

function RecordFeedbackForm({ referral, onDone, close, advice }: ActionProps & { advice: boolean }) {
  const t = useT();
  const form = usePrefixedForm(`fb-${referral.id}`);
  const [receivedOn, setReceivedOn] = useState(todayIso());
  const [text, setText] = useState('');
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await form.submit(recordFeedbackInput, { receivedOn, text }, async (data) => {
      await api.post(`/api/referrals/${referral.id}/feedback`, data);
      return true;
    });
    if (ok) {
      await onDone(advice ? t('coord.consult.recorded') : t('coord.feedback.recorded', { partner: referral.partner.name }));
      close();
    }
  }
  return (
    <form onSubmit={onSubmit} noValidate className="mr-stack">
      <ErrorSummary title={t('app.formErrors')} errors={form.summary} />
      {form.message ? <Alert type="error">{form.message}</Alert> : null}
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
      <Button type="submit" variant="primary" busy={form.busy}>
        {advice ? t('coord.consult.submit') : t('coord.feedback.recordSubmit')}
      </Button>
    </form>
  );
}

function CloseReferralForm({ referral, onDone, close }: ActionProps) {
  const t = useT();
  const form = usePrefixedForm(`close-${referral.id}`);
  const [reason, setReason] = useState('');
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await form.submit(closeReferralInput, { reason }, async (data) => {
      await api.post(`/api/referrals/${referral.id}/close`, data);
      return true;
    });
    if (ok) {
      await onDone(t('coord.feedback.closed', { partner: referral.partner.name }));
      close();
    }
  }
  return (
    <form onSubmit={onSubmit} noValidate className="mr-stack">
      <ErrorSummary title={t('app.formErrors')} errors={form.summary} />
      {form.message ? <Alert type="error">{form.message}</Alert> : null}
      <TextArea name={form.name('reason')} label={t('coord.feedback.closeReason')} optionalText={t('app.optional')} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={form.errorFor('reason')} />
      <Button type="submit" busy={form.busy}>
        {t('coord.feedback.closeSubmit')}
      </Button>
    </form>
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
    <section className="mr-section mr-step" aria-labelledby="step-feedback">
      <Heading level={2} id="step-feedback">
        {t('coord.feedback.title')}
      </Heading>
      {referrals.length === 0 ? (
        <Paragraph>{t('coord.feedback.none')}</Paragraph>
      ) : (
        <ul className="mr-cards">
          {referrals.map((r) => (
            <ReferralCard key={r.id} referral={r} onDone={onDone} mode="coordinator" signalClosed={signalClosed} />
          ))}
        </ul>
      )}
    </section>
  );
}
