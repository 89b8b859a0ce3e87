import { useState } from 'react';
import { trainingSessionInput, trainingSessionUpdateInput } from '../../../shared/api/policy.js';
import { EXPLOITATION_FORMS, type ExploitationForm } from '../../../shared/domain.js';
import { api } from '../../api/client.js';
import type { ReferenceData } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { ChoiceGroup, Fieldset, Heading, ListTable, Paragraph, TextArea, TextField, Td, Th, Tr } from '../../ui/index.js';
import { ConfirmPanel, PanelForm, RowButton, useListPage, useValues } from '../admin/components.js';
import { PolicyPage, textOrNull, useCanManage, type TrainingReach, type TrainingSession } from './common.js';

type PanelState = { kind: 'create' } | { kind: 'edit'; session: TrainingSession } | { kind: 'delete'; session: TrainingSession };

export function TrainingPage() {
  const t = useT();
  const canManage = useCanManage();
  const sessions = useResource<TrainingSession[]>('/api/training/sessions');
  const reach = useResource<TrainingReach>('/api/training/reach');
  const reference = useResource<ReferenceData>('/api/reference');
  const { panel, notice, open, done } = useListPage<PanelState>();
  const state = panel.state;

  const reloadAll = async () => {
    await Promise.all([sessions.reload(), reach.reload()]);
  };

  return (
    <PolicyPage
      title={t('policy.training.title')}
      intro={t('policy.training.intro')}
      notice={notice.notice}
      addLabel={t('policy.training.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
    >
      {state?.kind === 'create' || state?.kind === 'edit' ? (
        <SessionForm
          key={state.kind === 'edit' ? state.session.id : 'create'}
          session={state.kind === 'edit' ? state.session : null}
          departments={reference.data?.departments ?? []}
          onCancel={panel.cancel}
          onDone={async (saved, created) => {
            await reloadAll();
            done(t(created ? 'policy.training.created' : 'policy.training.saved', { topic: saved.topic }));
          }}
        />
      ) : null}
      {state?.kind === 'delete' ? (
        <ConfirmPanel
          key={state.session.id}
          title={t('policy.training.deleteTitle', { topic: state.session.topic })}
          text={t('policy.training.deleteText')}
          confirmLabel={t('policy.deleteConfirm')}
          onConfirm={async () => {
            await api.delete(`/api/training/sessions/${state.session.id}`);
            await reloadAll();
            done(t('policy.training.deleted', { topic: state.session.topic }));
          }}
          onCancel={panel.cancel}
        />
      ) : null}

      <section aria-labelledby="training-sessions" className="mr-stack">
        <Heading level={2} id="training-sessions">
          {t('policy.training.sessions')}
        </Heading>
        <Loaded resource={sessions}>
          {(list) => (
            <ListTable
              items={list}
              empty={t('policy.training.empty')}
              caption={t('policy.training.caption', { count: list.length })}
              columns={[
                t('policy.training.col.date'),
                t('policy.training.col.topic'),
                t('policy.training.col.provider'),
                t('policy.training.col.forms'),
                t('policy.training.col.departments'),
                t('policy.training.col.total'),
                ...(canManage ? [t('policy.actions')] : []),
              ]}
              row={(s) => (
                <Tr key={s.id}>
                  <Td>{s.heldOn}</Td>
                  <Th scope="row">{s.topic}</Th>
                  <Td>{s.provider}</Td>
                  <Td>{s.exploitationForms.length ? s.exploitationForms.map((f) => t(`form.${f}`)).join(', ') : t('policy.none')}</Td>
                  <Td>{s.participation.map((p) => `${p.departmentName} (${p.participants})`).join(', ')}</Td>
                  <Td>{s.totalParticipants}</Td>
                  {canManage ? (
                    <Td>
                      <div className="mr-admin-row-actions">
                        <RowButton row={`${s.topic} ${s.heldOn}`} onClick={() => open({ kind: 'edit', session: s })}>
                          {t('policy.edit')}
                        </RowButton>
                        <RowButton row={`${s.topic} ${s.heldOn}`} variant="subtle" onClick={() => open({ kind: 'delete', session: s })}>
                          {t('policy.delete')}
                        </RowButton>
                      </div>
                    </Td>
                  ) : null}
                </Tr>
              )}
            />
          )}
        </Loaded>
      </section>

      <section aria-labelledby="training-reach" className="mr-stack">
        <Heading level={2} id="training-reach">
          {t('policy.reach.title')}
        </Heading>
        <Loaded resource={reach}>{(data) => <ReachTable data={data} />}</Loaded>
      </section>
    </PolicyPage>
  );
}

function ReachTable({ data }: { data: TrainingReach }) {
  const t = useT();
  const count = (n: number | null, complete = true) => {
    // Protected figures: a period that is not over is not counted yet (its count still grows).
    if (n === null) return complete ? t('policy.reach.lessThan', { threshold: data.threshold }) : t('policy.reach.notYet');
    return complete ? String(n) : t('policy.reach.partial', { count: n });
  };
  return (
    <>
      <Paragraph>{t('policy.reach.intro', { asOf: data.asOf, start: data.windowStart })}</Paragraph>
      <Paragraph>{t('policy.reach.caveat')}</Paragraph>
      {data.threshold > 0 ? <Paragraph>{t('policy.reach.suppressed', { threshold: data.threshold })}</Paragraph> : null}
      <ListTable
        items={data.departments}
        caption={t('policy.reach.caption', { asOf: data.asOf })}
        columns={[
          t('policy.reach.col.department'),
          t('policy.reach.col.participants'),
          t('policy.reach.col.sessions'),
          t('policy.reach.col.last'),
          t('policy.reach.col.before'),
          t('policy.reach.col.after'),
        ]}
        row={(d) => (
          <Tr key={d.departmentId}>
            <Th scope="row">{d.departmentName}</Th>
            <Td>{d.participants}</Td>
            <Td>{d.sessions}</Td>
            <Td>{d.lastSessionOn ?? t('policy.reach.notTrained')}</Td>
            <Td>{d.firstSessionOn ? count(d.signalsBefore) : t('policy.none')}</Td>
            <Td>{d.firstSessionOn ? count(d.signalsAfter, d.afterComplete) : t('policy.none')}</Td>
          </Tr>
        )}
      />
    </>
  );
}

function SessionForm({
  session,
  departments,
  onCancel,
  onDone,
}: {
  session: TrainingSession | null;
  departments: { id: string; name: string }[];
  onCancel(): void;
  onDone(saved: TrainingSession, created: boolean): void;
}) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({
    heldOn: session?.heldOn ?? '',
    provider: session?.provider ?? '',
    topic: session?.topic ?? '',
    exploitationForms: (session?.exploitationForms ?? []) as ExploitationForm[],
    notes: session?.notes ?? '',
  });
  const [counts, setCounts] = useState<Record<string, string>>(() =>
    Object.fromEntries((session?.participation ?? []).map((p) => [p.departmentId, String(p.participants)])),
  );
  // Departments of this session that are no longer in the list (deactivated) stay editable.
  const rows = [
    ...departments,
    ...(session?.participation ?? []).filter((p) => !departments.some((d) => d.id === p.departmentId)).map((p) => ({ id: p.departmentId, name: p.departmentName })),
  ];
  const filled = rows.filter((d) => (counts[d.id] ?? '').trim() !== '');

  async function onSubmit() {
    const value = {
      heldOn: values.heldOn.trim(),
      provider: values.provider,
      topic: values.topic,
      exploitationForms: values.exploitationForms,
      notes: textOrNull(values.notes),
      participation: filled.map((d) => {
        const raw = counts[d.id]!.trim();
        return { departmentId: d.id, participants: /^\d+$/.test(raw) ? Number(raw) : raw };
      }),
    };
    if (session) {
      const saved = await form.submit(trainingSessionUpdateInput, value, (data) => api.patch<TrainingSession>(`/api/training/sessions/${session.id}`, data));
      if (saved) onDone(saved, false);
    } else {
      const saved = await form.submit(trainingSessionInput, value, (data) => api.post<TrainingSession>('/api/training/sessions', data));
      if (saved) onDone(saved, true);
    }
  }

  // Errors on participation.N point at the Nth filled-in department: show them at that department's field.
  const participantsError = (departmentId: string) => {
    const index = filled.findIndex((d) => d.id === departmentId);
    if (index < 0) return undefined;
    return (form.errorFor(`participation.${index}.participants`) ?? form.errorFor(`participation.${index}.departmentId`)) ? t('policy.training.participantsInvalid') : undefined;
  };
  // The summary links to the field of the department each error is about.
  const errors = form.errors.map((e) => {
    // "Choose at least one": link to the first department's field.
    if (e.path === 'participation' && rows[0]) return { ...e, path: `participation.${rows[0].id}` };
    const m = /^participation\.(\d+)\./.exec(e.path);
    const department = m ? filled[Number(m[1])] : undefined;
    return department ? { ...e, path: `participation.${department.id}`, message: `${department.name}: ${t('policy.training.participantsInvalid')}` } : e;
  });

  return (
    <PanelForm
      title={session ? t('policy.training.editTitle', { topic: session.topic }) : t('policy.training.createTitle')}
      form={form}
      errors={errors}
      submitLabel={session ? t('policy.saveChanges') : t('policy.training.add')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextField
        name="heldOn"
        label={t('policy.training.field.heldOn')}
        description={t('policy.plan.field.dateHint')}
        required
        inputMode="numeric"
        autoComplete="off"
        value={values.heldOn}
        onChange={(e) => set('heldOn')(e.target.value)}
        error={form.errorFor('heldOn')}
      />
      <TextField
        name="provider"
        label={t('policy.training.field.provider')}
        description={t('policy.training.field.providerHint')}
        required
        autoComplete="off"
        value={values.provider}
        onChange={(e) => set('provider')(e.target.value)}
        error={form.errorFor('provider')}
      />
      <TextField name="topic" label={t('policy.training.field.topic')} required autoComplete="off" value={values.topic} onChange={(e) => set('topic')(e.target.value)} error={form.errorFor('topic')} />
      <ChoiceGroup
        name="exploitationForms"
        legend={t('policy.training.field.forms')}
        multiple
        options={EXPLOITATION_FORMS.map((f) => ({ value: f, label: t(`form.${f}`) }))}
        value={values.exploitationForms}
        onChange={(v) => set('exploitationForms')(v)}
        error={form.errorFor('exploitationForms')}
      />
      <Fieldset legend={t('policy.training.field.participation')}>
        <Paragraph>{t('policy.training.field.participationHint')}</Paragraph>
        {form.errorFor('participation') ? (
          <div className="utrecht-form-field-error-message">
            {form.errorFor('participation')}
          </div>
        ) : null}
        {rows.map((d) => (
          <TextField
            key={d.id}
            name={`participation.${d.id}`}
            label={t('policy.training.field.participants', { department: d.name })}
            optionalText={t('app.optional')}
            inputMode="numeric"
            autoComplete="off"
            className="utrecht-textbox--house-number-size"
            value={counts[d.id] ?? ''}
            onChange={(e) => setCounts((c) => ({ ...c, [d.id]: e.target.value }))}
            error={participantsError(d.id)}
          />
        ))}
      </Fieldset>
      <TextArea name="notes" label={t('policy.training.field.notes')} optionalText={t('app.optional')} value={values.notes} onChange={(e) => set('notes')(e.target.value)} error={form.errorFor('notes')} />
    </PanelForm>
  );
}
