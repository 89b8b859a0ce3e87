import { interventionInput, interventionUpdateInput } from '../../../shared/api/policy.js';
import { INTERVENTION_KINDS, type InterventionKind } from '../../../shared/domain.js';
import { api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Heading, ListTable, Paragraph, SelectField, TextArea, TextField, Td, Th, Tr } from '../../ui/index.js';
import { ConfirmPanel, PanelForm, RowButton, useListPage, useValues } from '../admin/components.js';
import { PolicyPage, textOrNull, useCanManage, type Intervention, type InterventionCounts } from './common.js';

type PanelState = { kind: 'create' } | { kind: 'edit'; intervention: Intervention } | { kind: 'delete'; intervention: Intervention };

/** "MH-2026-0001, mh-2026-0004" → the numbers, in order. */
const splitNumbers = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function InterventionsPage() {
  const t = useT();
  const canManage = useCanManage();
  // The details (related signals, notes) are for the coordinator and deputy; the analyst gets the counts.
  const list = useResource<Intervention[]>(canManage ? '/api/interventions' : null);
  const counts = useResource<InterventionCounts>('/api/interventions/counts');
  const { panel, notice, open, done } = useListPage<PanelState>();
  const state = panel.state;
  const kindLabel = (k: InterventionKind) => t(`policy.kind.${k}`);
  const reloadAll = async () => {
    await Promise.all([list.reload(), counts.reload()]);
  };

  return (
    <PolicyPage
      title={t('policy.interventions.title')}
      intro={t('policy.interventions.intro')}
      notice={notice.notice}
      addLabel={t('policy.interventions.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
    >
      {state?.kind === 'create' || state?.kind === 'edit' ? (
        <InterventionForm
          key={state.kind === 'edit' ? state.intervention.id : 'create'}
          intervention={state.kind === 'edit' ? state.intervention : null}
          onCancel={panel.cancel}
          onDone={async (saved, created) => {
            await reloadAll();
            done(t(created ? 'policy.interventions.created' : 'policy.interventions.saved', { kind: kindLabel(saved.kind) }));
          }}
        />
      ) : null}
      {state?.kind === 'delete' ? (
        <ConfirmPanel
          key={state.intervention.id}
          title={t('policy.interventions.deleteTitle', { kind: kindLabel(state.intervention.kind), date: state.intervention.decidedOn })}
          text={t('policy.interventions.deleteText')}
          confirmLabel={t('policy.deleteConfirm')}
          onConfirm={async () => {
            await api.delete(`/api/interventions/${state.intervention.id}`);
            await reloadAll();
            done(t('policy.interventions.deleted', { kind: kindLabel(state.intervention.kind) }));
          }}
          onCancel={panel.cancel}
        />
      ) : null}

      {canManage ? (
        <Loaded resource={list}>
          {(items) => (
            <ListTable
              items={items}
              empty={t('policy.interventions.empty')}
              caption={t('policy.interventions.caption', { count: items.length })}
              columns={[
                t('policy.interventions.col.date'),
                t('policy.interventions.col.kind'),
                t('policy.interventions.col.basis'),
                t('policy.interventions.col.signals'),
                t('policy.interventions.col.result'),
                t('policy.actions'),
              ]}
              row={(i) => (
                <Tr key={i.id}>
                  <Td>{i.decidedOn}</Td>
                  <Th scope="row">{kindLabel(i.kind)}</Th>
                  <Td>{i.legalBasis}</Td>
                  <Td>{i.signals.length ? i.signals.map((s) => s.number).join(', ') : t('policy.none')}</Td>
                  <Td>{i.result ?? t('policy.none')}</Td>
                  <Td>
                    <div className="mr-admin-row-actions">
                      <RowButton row={`${kindLabel(i.kind)} ${i.decidedOn}`} onClick={() => open({ kind: 'edit', intervention: i })}>
                        {t('policy.edit')}
                      </RowButton>
                      <RowButton row={`${kindLabel(i.kind)} ${i.decidedOn}`} variant="subtle" onClick={() => open({ kind: 'delete', intervention: i })}>
                        {t('policy.delete')}
                      </RowButton>
                    </div>
                  </Td>
                </Tr>
              )}
            />
          )}
        </Loaded>
      ) : null}

      <section aria-labelledby="intervention-counts" className="mr-stack">
        <Heading level={2} id="intervention-counts">
          {t('policy.interventions.counts')}
        </Heading>
        <Loaded resource={counts}>
          {(data) => (
            <>
              {data.threshold > 0 ? <Paragraph>{t('policy.reach.suppressed', { threshold: data.threshold })}</Paragraph> : null}
              <ListTable
                items={[...data.byKind, { kind: 'total' as const, count: data.total }]}
                caption={t('policy.interventions.countsCaption', { from: data.from, to: data.to })}
                columns={[t('policy.interventions.col.kind'), t('policy.interventions.total')]}
                row={(k) => (
                  <Tr key={k.kind}>
                    <Th scope="row">{k.kind === 'total' ? t('policy.interventions.total') : kindLabel(k.kind)}</Th>
                    <Td>{k.count === null ? t('policy.reach.lessThan', { threshold: data.threshold }) : k.count}</Td>
                  </Tr>
                )}
              />
            </>
          )}
        </Loaded>
      </section>
    </PolicyPage>
  );
}

function InterventionForm({
  intervention,
  onCancel,
  onDone,
}: {
  intervention: Intervention | null;
  onCancel(): void;
  onDone(saved: Intervention, created: boolean): void;
}) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({
    kind: (intervention?.kind ?? '') as InterventionKind | '',
    decidedOn: intervention?.decidedOn ?? '',
    legalBasis: intervention?.legalBasis ?? '',
    signalNumbers: intervention?.signals.map((s) => s.number).join(', ') ?? '',
    result: intervention?.result ?? '',
    notes: intervention?.notes ?? '',
  });
  const numbers = splitNumbers(values.signalNumbers);

  async function onSubmit() {
    const value = {
      kind: values.kind === '' ? undefined : values.kind,
      decidedOn: values.decidedOn.trim(),
      legalBasis: values.legalBasis,
      signalNumbers: numbers,
      result: textOrNull(values.result),
      notes: textOrNull(values.notes),
    };
    if (intervention) {
      const saved = await form.submit(interventionUpdateInput, value, (data) => api.patch<Intervention>(`/api/interventions/${intervention.id}`, data));
      if (saved) onDone(saved, false);
    } else {
      const saved = await form.submit(interventionInput, value, (data) => api.post<Intervention>('/api/interventions', data));
      if (saved) onDone(saved, true);
    }
  }

  // An error on signalNumbers.N is about the Nth number: show it at the one field, naming the number.
  const errors = form.errors.map((e) => {
    const m = /^signalNumbers\.(\d+)$/.exec(e.path);
    return m ? { ...e, path: 'signalNumbers', message: `${numbers[Number(m[1])] ?? ''}: ${e.message}` } : e;
  });
  const signalsError = errors.filter((e) => e.path === 'signalNumbers').map((e) => e.message).join(' ') || undefined;

  return (
    <PanelForm
      title={
        intervention
          ? t('policy.interventions.editTitle', { kind: t(`policy.kind.${intervention.kind}`), date: intervention.decidedOn })
          : t('policy.interventions.createTitle')
      }
      form={form}
      errors={errors}
      submitLabel={intervention ? t('policy.saveChanges') : t('policy.interventions.add')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <SelectField
        name="kind"
        label={t('policy.interventions.field.kind')}
        required
        placeholder={t('policy.plan.choose')}
        options={INTERVENTION_KINDS.map((k) => ({ value: k, label: t(`policy.kind.${k}`) }))}
        value={values.kind}
        onChange={(e) => set('kind')(e.target.value as InterventionKind | '')}
        error={form.errorFor('kind')}
      />
      <TextField
        name="decidedOn"
        label={t('policy.interventions.field.decidedOn')}
        description={t('policy.plan.field.dateHint')}
        required
        inputMode="numeric"
        autoComplete="off"
        value={values.decidedOn}
        onChange={(e) => set('decidedOn')(e.target.value)}
        error={form.errorFor('decidedOn')}
      />
      <TextField
        name="legalBasis"
        label={t('policy.interventions.field.legalBasis')}
        description={t('policy.interventions.field.legalBasisHint')}
        required
        autoComplete="off"
        value={values.legalBasis}
        onChange={(e) => set('legalBasis')(e.target.value)}
        error={form.errorFor('legalBasis')}
      />
      <TextField
        name="signalNumbers"
        label={t('policy.interventions.field.signals')}
        description={t('policy.interventions.field.signalsHint')}
        optionalText={t('app.optional')}
        autoComplete="off"
        spellCheck={false}
        value={values.signalNumbers}
        onChange={(e) => set('signalNumbers')(e.target.value)}
        error={signalsError}
      />
      <Paragraph>{t('policy.interventions.field.encrypted')}</Paragraph>
      <TextArea name="result" label={t('policy.interventions.field.result')} optionalText={t('app.optional')} value={values.result} onChange={(e) => set('result')(e.target.value)} error={form.errorFor('result')} />
      <TextArea name="notes" label={t('policy.interventions.field.notes')} optionalText={t('app.optional')} value={values.notes} onChange={(e) => set('notes')(e.target.value)} error={form.errorFor('notes')} />
    </PanelForm>
  );
}
