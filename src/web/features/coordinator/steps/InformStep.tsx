import { useState } from 'react';
import { reporterFeedbackInput } from '../../../../shared/api/signal.js';
import { api } from '../../../api/client.js';
import { useT } from '../../../i18n/i18n.js';
import { ChoiceGroup, ListItem, Paragraph, StatusBadge, TextArea, TextField, UnorderedList } from '../../../ui/index.js';
import { todayIso, useFormat } from '../format.js';
import { ActionDetails, StepForm, StepSection, usePrefixedForm } from '../parts.js';
import type { StepProps } from './types.js';

type Kind = 'told' | 'impossible';

function InformForm({ signal, onDone, close }: StepProps & { close(): void }) {
  const t = useT();
  const form = usePrefixedForm('inform');
  const [kind, setKind] = useState<Kind>('told');
  const [givenOn, setGivenOn] = useState(todayIso());
  const [text, setText] = useState('');
  const impossible = kind === 'impossible';

  async function onSubmit() {
    const value = impossible ? { impossible: true, givenOn, reason: text } : { impossible: false, givenOn, text };
    if (await form.send(reporterFeedbackInput, value, (data) => api.post(`/api/signals/${signal.id}/reporter-feedback`, data))) {
      await onDone(impossible ? t('coord.inform.doneImpossible') : t('coord.inform.done'));
      close();
    }
  }

  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('coord.inform.submit')}>
      <ChoiceGroup
        name={form.name('impossible')}
        legend={t('coord.inform.kind')}
        multiple={false}
        options={[
          { value: 'told', label: t('coord.inform.kindTold') },
          { value: 'impossible', label: t('coord.inform.kindImpossible') },
        ]}
        value={[kind]}
        onChange={(v) => setKind(v[0] ?? 'told')}
      />
      <TextField name={form.name('givenOn')} type="date" label={impossible ? t('coord.inform.decidedOn') : t('coord.inform.givenOn')} required value={givenOn} onChange={(e) => setGivenOn(e.target.value)} error={form.errorFor('givenOn')} />
      <TextArea
        name={form.name(impossible ? 'reason' : 'text')}
        label={impossible ? t('coord.inform.reason') : t('coord.inform.text')}
        description={impossible ? undefined : t('coord.inform.textHint')}
        required
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={form.errorFor(impossible ? 'reason' : 'text')}
      />
    </StepForm>
  );
}

/** Step 6: what the reporter was told, or why that was impossible. */
export function InformStep(props: StepProps) {
  const t = useT();
  const f = useFormat();
  const { signal } = props;
  return (
    <StepSection id="step-inform" className="mr-step" title={t('coord.inform.title')}>
      {signal.reporterFeedback.length === 0 ? (
        <Paragraph>{t('coord.inform.none')}</Paragraph>
      ) : (
        <UnorderedList>
          {signal.reporterFeedback.map((fb) => (
            <ListItem key={fb.id}>
              <strong>{f.date(fb.givenOn)}:</strong> {fb.impossible ? <StatusBadge status="warning">{t('coord.inform.impossibleBadge')}</StatusBadge> : null} {fb.text}
            </ListItem>
          ))}
        </UnorderedList>
      )}
      {signal.state === 'received' ? <Paragraph>{t('coord.inform.registerFirst')}</Paragraph> : null}
      {signal.state !== 'received' && signal.state !== 'closed' ? (
        <ActionDetails summary={t('coord.inform.action')}>{(close) => <InformForm {...props} close={close} />}</ActionDetails>
      ) : null}
    </StepSection>
  );
}
