import { useState } from 'react';
import { enrichmentNoteInput, meetingMarkInput, signalClassificationInput } from '../../../../shared/api/signal.js';
import { EXPLOITATION_FORMS, SOURCE_CONTEXTS, VICTIM_INVOLVED, type ExploitationForm, type VictimInvolved } from '../../../../shared/domain.js';
import { api } from '../../../api/client.js';
import type { ReferenceData } from '../../../api/types.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert, Button, CheckboxField, ChoiceGroup, Heading, Paragraph, SelectField, TextArea, TextField } from '../../../ui/index.js';
import { useFormat } from '../format.js';
import { ActionDetails, EnrichmentNotes, StepForm, StepSection, useAction, usePrefixedForm } from '../parts.js';
import type { StepProps } from './types.js';

function RegisterButton({ signal, onDone }: StepProps) {
  const t = useT();
  const action = useAction();
  return (
    <div className="mr-stack">
      {action.message ? <Alert type="error">{action.message}</Alert> : null}
      <Button
        variant="primary"
        busy={action.busy}
        onClick={async () => {
          if (await action.run(() => api.post(`/api/signals/${signal.id}/register`))) await onDone(t('coord.record.registered'));
        }}
      >
        {t('coord.record.register')}
      </Button>
    </div>
  );
}

function ClassificationForm({ signal, onDone, close }: StepProps & { close(): void }) {
  const t = useT();
  const form = usePrefixedForm('classify');
  const c = signal.content;
  const [forms, setForms] = useState<ExploitationForm[]>(c.exploitationForms);
  const [acute, setAcute] = useState(c.acuteDanger);
  const [victim, setVictim] = useState<VictimInvolved>(c.victimInvolved);
  const [source, setSource] = useState<string>(c.sourceContext ?? '');

  async function onSubmit() {
    const value = { exploitationForms: forms, acuteDanger: acute, victimInvolved: victim, sourceContext: source === '' ? null : source };
    if (await form.send(signalClassificationInput, value, (data) => api.patch(`/api/signals/${signal.id}/classification`, data))) {
      await onDone(t('coord.record.classified'));
      close();
    }
  }

  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('coord.record.saveClassification')}>
      <ChoiceGroup
        name={form.name('exploitationForms')}
        legend={t('coord.record.forms')}
        multiple
        options={EXPLOITATION_FORMS.map((v) => ({ value: v, label: t(`form.${v}`) }))}
        value={forms}
        onChange={setForms}
        error={form.errorFor('exploitationForms')}
      />
      <CheckboxField name={form.name('acuteDanger')} label={t('coord.record.acute')} checked={acute} onChange={(e) => setAcute(e.target.checked)} />
      <ChoiceGroup
        name={form.name('victimInvolved')}
        legend={t('coord.record.victim')}
        multiple={false}
        options={VICTIM_INVOLVED.map((v) => ({ value: v, label: t(`victim.${v}`) }))}
        value={[victim]}
        onChange={(v) => setVictim(v[0] ?? 'unknown')}
        error={form.errorFor('victimInvolved')}
      />
      <SelectField
        name={form.name('sourceContext')}
        label={t('coord.record.source')}
        value={source}
        onChange={(e) => setSource(e.target.value)}
        options={SOURCE_CONTEXTS.map((v) => ({ value: v, label: t(`source.${v}`) }))}
        placeholder={t('coord.record.sourceUnknown')}
        error={form.errorFor('sourceContext')}
      />
    </StepForm>
  );
}

function EnrichmentForm({ signal, onDone, close, reference }: StepProps & { close(): void; reference: ReferenceData | undefined }) {
  const t = useT();
  const form = usePrefixedForm('enrich');
  const [departmentId, setDepartmentId] = useState('');
  const [sourceSystem, setSourceSystem] = useState('');
  const [finding, setFinding] = useState('');

  async function onSubmit() {
    if (await form.send(enrichmentNoteInput, { departmentId, sourceSystem, finding }, (data) => api.post(`/api/signals/${signal.id}/enrichment-notes`, data))) {
      await onDone(t('coord.record.enriched'));
      close();
    }
  }

  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('coord.record.addNote')}>
      <SelectField
        name={form.name('departmentId')}
        label={t('coord.record.department')}
        optionalText={t('app.optional')}
        value={departmentId}
        onChange={(e) => setDepartmentId(e.target.value)}
        options={(reference?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
        placeholder={t('coord.record.departmentNone')}
        error={form.errorFor('departmentId')}
      />
      <TextField
        name={form.name('sourceSystem')}
        label={t('coord.record.sourceSystem')}
        description={t('coord.record.sourceSystemHint')}
        required
        value={sourceSystem}
        onChange={(e) => setSourceSystem(e.target.value)}
        error={form.errorFor('sourceSystem')}
      />
      <TextArea
        name={form.name('finding')}
        label={t('coord.record.finding')}
        required
        rows={3}
        value={finding}
        onChange={(e) => setFinding(e.target.value)}
        error={form.errorFor('finding')}
      />
    </StepForm>
  );
}

function MeetingForm({ signal, onDone, close }: StepProps & { close(): void }) {
  const t = useT();
  const form = usePrefixedForm('meeting');
  const [note, setNote] = useState(signal.meetingNote ?? '');

  async function send(forMeeting: boolean) {
    if (await form.send(meetingMarkInput, { forMeeting, meetingNote: forMeeting ? note : '' }, (data) => api.put(`/api/signals/${signal.id}/meeting`, data))) {
      await onDone(forMeeting ? t('coord.record.marked') : t('coord.record.unmarked'));
      close();
    }
  }

  return (
    <StepForm
      form={form}
      onSubmit={() => send(true)}
      actions={
        <div className="mr-row">
          <Button type="submit" variant="primary" busy={form.busy}>
            {signal.forMeeting ? t('coord.record.updateMeeting') : t('coord.record.mark')}
          </Button>
          {signal.forMeeting ? (
            <Button busy={form.busy} onClick={() => void send(false)}>
              {t('coord.record.unmark')}
            </Button>
          ) : null}
        </div>
      }
    >
      <TextArea
        name={form.name('meetingNote')}
        label={t('coord.record.meetingNote')}
        optionalText={t('app.optional')}
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={form.errorFor('meetingNote')}
      />
    </StepForm>
  );
}

/** Step 3: record, correct the classification, enrich, put on the meeting's agenda. */
export function RecordStep(props: StepProps & { reference: ReferenceData | undefined }) {
  const t = useT();
  const f = useFormat();
  const { signal } = props;
  const open = signal.state !== 'closed';
  return (
    <StepSection id="step-record" className="mr-step" title={t('coord.record.title')}>
      {signal.allowedActions.includes('register') ? (
        <>
          <Paragraph>{t('coord.record.registerHint')}</Paragraph>
          <RegisterButton {...props} />
        </>
      ) : signal.registeredAt ? (
        <Paragraph>{t('coord.record.registeredOn', { date: f.stamp(signal.registeredAt) })}</Paragraph>
      ) : null}

      {open ? (
        <ActionDetails summary={t('coord.record.classify')}>{(close) => <ClassificationForm {...props} close={close} />}</ActionDetails>
      ) : null}

      <Heading level={3}>{t('coord.record.enrichment')}</Heading>
      {signal.enrichmentNotes.length === 0 ? <Paragraph>{t('coord.record.noNotes')}</Paragraph> : <EnrichmentNotes notes={signal.enrichmentNotes} withAuthor />}
      {open ? (
        <ActionDetails summary={t('coord.record.addNoteSummary')}>
          {(close) => <EnrichmentForm {...props} close={close} reference={props.reference} />}
        </ActionDetails>
      ) : null}

      <Heading level={3}>{t('coord.record.meeting')}</Heading>
      <Paragraph>
        {signal.forMeeting
          ? signal.meetingNote
            ? t('coord.record.onAgendaNote', { note: signal.meetingNote })
            : t('coord.record.onAgenda')
          : t('coord.record.notOnAgenda')}
      </Paragraph>
      {open ? (
        <ActionDetails summary={signal.forMeeting ? t('coord.record.changeMeeting') : t('coord.record.markSummary')}>
          {(close) => <MeetingForm {...props} close={close} />}
        </ActionDetails>
      ) : null}
    </StepSection>
  );
}
