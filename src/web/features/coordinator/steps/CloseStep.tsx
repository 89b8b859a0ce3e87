import { useState, type FormEvent } from 'react';
import { closeSignalInput, reopenSignalInput } from '../../../../shared/api/signal.js';
import { SIGNAL_OUTCOMES } from '../../../../shared/domain.js';
import { api } from '../../../api/client.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert, Button, DataList, ErrorSummary, Heading, Paragraph, SelectField, TextArea, TextField } from '../../../ui/index.js';
import { useFormat } from '../format.js';
import { ActionDetails, usePrefixedForm } from '../parts.js';
import type { StepProps } from './types.js';

function CloseForm({ signal, onDone, close }: StepProps & { close(): void }) {
  const t = useT();
  const form = usePrefixedForm('close');
  const [outcome, setOutcome] = useState<string>(signal.referrals.length ? 'referred' : '');
  const [duplicateOf, setDuplicateOf] = useState('');
  const [reason, setReason] = useState('');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const value = { outcome, duplicateOf: outcome === 'duplicate' ? duplicateOf.toUpperCase() : '', reason };
    const ok = await form.submit(closeSignalInput, value, async (data) => {
      await api.post(`/api/signals/${signal.id}/close`, data);
      return true;
    });
    if (ok) {
      await onDone(t('coord.close.done'));
      close();
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mr-stack">
      <ErrorSummary title={t('app.formErrors')} errors={form.summary} />
      {form.message ? <Alert type="error">{form.message}</Alert> : null}
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
      <Button type="submit" variant="primary" busy={form.busy}>
        {t('coord.close.submit')}
      </Button>
    </form>
  );
}

function ReopenForm({ signal, onDone, close }: StepProps & { close(): void }) {
  const t = useT();
  const form = usePrefixedForm('reopen');
  const [reason, setReason] = useState('');
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await form.submit(reopenSignalInput, { reason }, async (data) => {
      await api.post(`/api/signals/${signal.id}/reopen`, data);
      return true;
    });
    if (ok) {
      await onDone(t('coord.reopen.done'));
      close();
    }
  }
  return (
    <form onSubmit={onSubmit} noValidate className="mr-stack">
      <ErrorSummary title={t('app.formErrors')} errors={form.summary} />
      {form.message ? <Alert type="error">{form.message}</Alert> : null}
      <TextArea name={form.name('reason')} label={t('coord.reopen.reason')} required rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={form.errorFor('reason')} />
      <Button type="submit" variant="primary" busy={form.busy}>
        {t('coord.reopen.submit')}
      </Button>
    </form>
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
    <section className="mr-section mr-step" aria-labelledby="step-close">
      <Heading level={2} id="step-close">
        {canReopen ? t('coord.close.closedTitle') : t('coord.close.title')}
      </Heading>
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
    </section>
  );
}
