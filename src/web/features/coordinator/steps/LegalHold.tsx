import { useState } from 'react';
import { legalHoldInput } from '../../../../shared/api/signal.js';
import { api } from '../../../api/client.js';
import { useT } from '../../../i18n/i18n.js';
import { Button, Paragraph, TextArea } from '../../../ui/index.js';
import { useFormat } from '../format.js';
import { ActionDetails, StepForm, StepSection, usePrefixedForm } from '../parts.js';
import type { StepProps } from './types.js';

function LegalHoldForm({ signal, onDone, close }: StepProps & { close(): void }) {
  const t = useT();
  const form = usePrefixedForm('hold');
  const [reason, setReason] = useState('');
  const next = !signal.legalHold;

  async function send() {
    if (await form.send(legalHoldInput, { legalHold: next, reason }, (data) => api.put(`/api/signals/${signal.id}/legal-hold`, data))) {
      await onDone(t('coord.hold.done'));
      close();
    }
  }

  return (
    <StepForm
      form={form}
      onSubmit={send}
      actions={
        <Button type="submit" variant="primary" busy={form.busy}>
          {next ? t('coord.hold.set') : t('coord.hold.lift')}
        </Button>
      }
    >
      <TextArea name={form.name('reason')} label={t('coord.hold.reason')} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={form.errorFor('reason')} />
    </StepForm>
  );
}

/** Retention: whether a legal hold keeps the personal data past the term (the coordinator sets it). */
export function LegalHold(props: StepProps & { canChange: boolean }) {
  const t = useT();
  const f = useFormat();
  const { signal } = props;
  return (
    <StepSection id="sig-retention" className="mr-step" title={t('coord.hold.title')}>
      <Paragraph>
        {signal.anonymisedAt ? t('coord.hold.anonymised', { date: f.stamp(signal.anonymisedAt) }) : signal.legalHold ? t('coord.hold.on') : t('coord.hold.off')}
      </Paragraph>
      {props.canChange && !signal.anonymisedAt ? (
        <ActionDetails summary={signal.legalHold ? t('coord.hold.lift') : t('coord.hold.set')}>{(close) => <LegalHoldForm {...props} close={close} />}</ActionDetails>
      ) : null}
    </StepSection>
  );
}
