import { useState } from 'react';
import { closeSignalInput, reopenSignalInput } from '../../../../shared/api/signal.js';
import { SIGNAL_OUTCOMES } from '../../../../shared/domain.js';
import { api } from '../../../api/client.js';
import { useT } from '../../../i18n/i18n.js';
import { DataList, Paragraph, SelectField, TextArea, TextField } from '../../../ui/index.js';
import { useFormat } from '../format.js';
import { ActionDetails, StepForm, StepSection, usePrefixedForm } from '../parts.js';
import type { StepProps } from './types.js';

function CloseForm({ signal, onDone, close }: StepProps & { close(): void }) {
  const t = useT();
  const form = usePrefixedForm('close');
  const [outcome, setOutcome] = useState<string>(signal.referrals.length ? 'referred' : '');
  const [duplicateOf, setDuplicateOf] = useState('');
  const [reason, setReason] = useState('');

  async function onSubmit() {
    const value = { outcome, duplicateOf: outcome === 'duplicate' ? duplicateOf.toUpperCase() : '', reason };
    if (await form.send(closeSignalInput, value, (data) => api.post(`/api/signals/${signal.id}/close`, data))) {
      await onDone(t('coord.close.done'));
      close();
    }
  }

  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('coord.close.submit')}>
      <SelectField
        name={form.name('outcome')}
        label={t('coord.close.outcome')}
        required
        value={outcome}
        onChange={(e) => setOutcome(e.target.value)}
        options={SIGNAL_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
        placeholder={t('coord.close.chooseOutcome')}
        error={form.errorFor('outcome')}
      />
      {outcome === 'duplicate' ? (
        <TextField
          name={form.name('duplicateOf')}
          label={t('coord.close.duplicateOf')}
          description={t('coord.close.duplicateOfHint')}
          required
          value={duplicateOf}
          onChange={(e) => setDuplicateOf(e.target.value)}
          error={form.errorFor('duplicateOf')}
        />
      ) : null}
      <TextArea name={form.name('reason')} label={t('coord.close.reason')} optionalText={t('app.optional')} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={form.errorFor('reason')} />
    </StepForm>
  );
}

function ReopenForm({ signal, onDone, close }: StepProps & { close(): void }) {
  const t = useT();
  const form = usePrefixedForm('reopen');
  const [reason, setReason] = useState('');
  async function onSubmit() {
    if (await form.send(reopenSignalInput, { reason }, (data) => api.post(`/api/signals/${signal.id}/reopen`, data))) {
      await onDone(t('coord.reopen.done'));
      close();
    }
  }
  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('coord.reopen.submit')}>
      <TextArea name={form.name('reason')} label={t('coord.reopen.reason')} required rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={form.errorFor('reason')} />
    </StepForm>
  );
}

/** Closing with an outcome (after step 6), or reopening a closed signal. */
export function CloseStep(props: StepProps) {
  const t = useT();
  const f = useFormat();
  const { signal } = props;
  const canClose = signal.allowedActions.includes('close');
  const canReopen = signal.allowedActions.includes('reopen');
  if (!canClose && !canReopen) return null;
  return (
    <StepSection id="step-close" className="mr-step" title={canReopen ? t('coord.close.closedTitle') : t('coord.close.title')}>
      {canReopen ? (
        <DataList
          items={[
            { label: t('coord.close.outcome'), value: signal.outcome ? t(`outcome.${signal.outcome}`) : '–' },
            ...(signal.duplicateOf ? [{ label: t('coord.close.duplicateOf'), value: signal.duplicateOf }] : []),
            { label: t('coord.close.closedAt'), value: f.stamp(signal.closedAt) },
          ]}
        />
      ) : null}
      {canClose ? (
        <>
          {signal.reporterFeedback.length === 0 ? <Paragraph>{t('coord.close.informFirst')}</Paragraph> : null}
          <ActionDetails summary={t('coord.close.action')}>{(close) => <CloseForm {...props} close={close} />}</ActionDetails>
        </>
      ) : null}
      {canReopen ? <ActionDetails summary={t('coord.reopen.action')}>{(close) => <ReopenForm {...props} close={close} />}</ActionDetails> : null}
    </StepSection>
  );
}
