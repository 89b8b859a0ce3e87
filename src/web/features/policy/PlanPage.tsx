import { useState } from 'react';
import { planActivityInput, planActivityUpdateInput } from '../../../shared/api/policy.js';
import { ACTIVITY_STATUSES, AMBITIONS, PILLARS, type ActivityStatus, type Pillar } from '../../../shared/domain.js';
import { api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT, type Translate } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Button, ChoiceGroup, Heading, ListTable, Paragraph, SelectField, StatusBadge, TextArea, TextField, Td, Th, Tr } from '../../ui/index.js';
import { ConfirmPanel, PanelForm, RowButton, useListPage, useValues } from '../admin/components.js';
import { PolicyPage, textOrNull, useCanManage, type CarryOverResult, type PlanActivity, type PlanOverview } from './common.js';

type View = 'ambition' | 'pillar';
type PanelState =
  | { kind: 'create' }
  | { kind: 'edit'; activity: PlanActivity }
  | { kind: 'delete'; activity: PlanActivity }
  | { kind: 'carry' };

const periodLabel = (t: Translate, start: number) => t('policy.plan.periodOption', { start, end: start + 1 });
const ambitionLabel = (t: Translate, a: number) => t(`policy.ambition.${a}` as 'policy.ambition.1');
const STATUS_BADGE: Record<ActivityStatus, 'neutral' | 'active' | 'safe' | 'warning'> = { planned: 'neutral', started: 'active', done: 'safe', dropped: 'warning' };

export function PlanPage() {
  const t = useT();
  const canManage = useCanManage();
  const [period, setPeriod] = useState<number | null>(null);
  const [view, setView] = useState<View>('ambition');
  const plan = useResource<PlanOverview>(`/api/plan/activities${period === null ? '' : `?period=${period}`}`);
  const { panel, notice, open, done } = useListPage<PanelState>();
  const state = panel.state;
  const current = period ?? plan.data?.period ?? null;

  const periodOptions = (() => {
    const set = new Set<number>(plan.data?.periods ?? []);
    if (current !== null) [current - 2, current, current + 2].forEach((p) => set.add(p));
    return [...set].sort((a, b) => b - a).map((p) => ({ value: String(p), label: periodLabel(t, p) }));
  })();

  return (
    <PolicyPage
      title={t('policy.plan.title')}
      intro={t('policy.plan.intro')}
      notice={notice.notice}
      addLabel={t('policy.plan.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
      top={
        current === null ? null : (
          <div className="mr-stack">
            <SelectField
              name="period"
              label={t('policy.plan.period')}
              options={periodOptions}
              value={String(current)}
              onChange={(e) => {
                notice.clear();
                panel.close();
                setPeriod(Number(e.target.value));
              }}
            />
            <ChoiceGroup
              name="view"
              legend={t('policy.plan.view')}
              multiple={false}
              options={[
                { value: 'ambition', label: t('policy.plan.view.ambition') },
                { value: 'pillar', label: t('policy.plan.view.pillar') },
              ]}
              value={[view]}
              onChange={(v) => setView((v[0] as View | undefined) ?? 'ambition')}
            />
            {canManage ? (
              <div className="mr-admin-toolbar">
                <Button onClick={() => open({ kind: 'carry' })} aria-expanded={state?.kind === 'carry'}>
                  {t('policy.plan.carry', { next: periodLabel(t, current + 2) })}
                </Button>
              </div>
            ) : null}
          </div>
        )
      }
    >
      {current !== null && (state?.kind === 'create' || state?.kind === 'edit') ? (
        <ActivityForm
          key={state.kind === 'edit' ? state.activity.id : `create-${current}`}
          period={current}
          activity={state.kind === 'edit' ? state.activity : null}
          onCancel={panel.cancel}
          onDone={async (saved, created) => {
            await plan.reload();
            done(t(created ? 'policy.plan.created' : 'policy.plan.saved', { title: saved.title }));
          }}
        />
      ) : null}
      {state?.kind === 'delete' ? (
        <ConfirmPanel
          key={state.activity.id}
          title={t('policy.plan.deleteTitle', { title: state.activity.title })}
          text={t('policy.plan.deleteText')}
          confirmLabel={t('policy.deleteConfirm')}
          onConfirm={async () => {
            await api.delete(`/api/plan/activities/${state.activity.id}`);
            await plan.reload();
            done(t('policy.plan.deleted', { title: state.activity.title }));
          }}
          onCancel={panel.cancel}
        />
      ) : null}
      {state?.kind === 'carry' && current !== null ? (
        <ConfirmPanel
          title={t('policy.plan.carryTitle', { next: periodLabel(t, current + 2) })}
          text={t('policy.plan.carryText', { period: periodLabel(t, current), next: periodLabel(t, current + 2) })}
          confirmLabel={t('policy.plan.carryConfirm')}
          onConfirm={async () => {
            const result = await api.post<CarryOverResult>(`/api/plan/periods/${current}/carry-over`);
            await plan.reload();
            done(t('policy.plan.carried', { created: result.created, already: result.alreadyCarried, next: periodLabel(t, result.to) }));
          }}
          onCancel={panel.cancel}
        />
      ) : null}
      <Loaded resource={plan}>
        {(data) => (
          <Groups
            data={data}
            view={view}
            canManage={canManage}
            onEdit={(activity) => open({ kind: 'edit', activity })}
            onDelete={(activity) => open({ kind: 'delete', activity })}
          />
        )}
      </Loaded>
    </PolicyPage>
  );
}

function Groups({
  data,
  view,
  canManage,
  onEdit,
  onDelete,
}: {
  data: PlanOverview;
  view: View;
  canManage: boolean;
  onEdit(a: PlanActivity): void;
  onDelete(a: PlanActivity): void;
}) {
  const t = useT();
  const groups =
    view === 'ambition'
      ? data.byAmbition.map((g) => ({ key: `a${g.ambition}`, label: ambitionLabel(t, g.ambition), counts: g, items: data.activities.filter((a) => a.ambition === g.ambition) }))
      : data.byPillar.map((g) => ({ key: `p${g.pillar}`, label: t(`policy.pillar.${g.pillar}`), counts: g, items: data.activities.filter((a) => a.pillar === g.pillar) }));
  const next = periodLabel(t, data.period + 2);
  return (
    <>
      {groups.map((g) => (
        <section key={g.key} aria-labelledby={`group-${g.key}`} className="mr-stack">
          <Heading level={2} id={`group-${g.key}`}>
            {g.label}
          </Heading>
          {g.items.length ? <Paragraph>{t('policy.plan.summary', g.counts)}</Paragraph> : null}
          <ListTable
            items={g.items}
            empty={t('policy.plan.emptyGroup')}
            caption={t('policy.plan.caption', { group: g.label, count: g.items.length })}
            columns={[
              t('policy.plan.col.title'),
              view === 'ambition' ? t('policy.plan.col.other') : t('policy.plan.col.otherAmbition'),
              t('policy.plan.col.owner'),
              t('policy.plan.col.dates'),
              t('policy.plan.col.status'),
              t('policy.plan.col.result'),
              ...(canManage ? [t('policy.actions')] : []),
            ]}
            row={(a) => (
              <Tr key={a.id}>
                <Th scope="row">
                  {a.title}
                  {a.carriedFromId ? <small> ({t('policy.plan.carriedFrom')})</small> : null}
                  {a.carriedOver ? <small> ({t('policy.plan.carriedOver', { next })})</small> : null}
                </Th>
                <Td>{view === 'ambition' ? t(`policy.pillar.${a.pillar}`) : ambitionLabel(t, a.ambition)}</Td>
                <Td>{a.owner}</Td>
                <Td>
                  {a.startOn ?? t('policy.none')} – {a.dueOn ?? t('policy.none')}
                </Td>
                <Td>
                  <StatusBadge status={STATUS_BADGE[a.status]}>{t(`policy.status.${a.status}`)}</StatusBadge>
                </Td>
                <Td>{a.result ?? t('policy.none')}</Td>
                {canManage ? (
                  <Td>
                    <div className="mr-admin-row-actions">
                      <RowButton row={a.title} onClick={() => onEdit(a)}>
                        {t('policy.edit')}
                      </RowButton>
                      <RowButton row={a.title} variant="subtle" onClick={() => onDelete(a)}>
                        {t('policy.delete')}
                      </RowButton>
                    </div>
                  </Td>
                ) : null}
              </Tr>
            )}
          />
        </section>
      ))}
    </>
  );
}

function ActivityForm({
  period,
  activity,
  onCancel,
  onDone,
}: {
  period: number;
  activity: PlanActivity | null;
  onCancel(): void;
  onDone(saved: PlanActivity, created: boolean): void;
}) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({
    title: activity?.title ?? '',
    ambition: activity ? String(activity.ambition) : '',
    pillar: (activity?.pillar ?? '') as Pillar | '',
    owner: activity?.owner ?? '',
    startOn: activity?.startOn ?? '',
    dueOn: activity?.dueOn ?? '',
    status: (activity?.status ?? 'planned') as ActivityStatus,
    notes: activity?.notes ?? '',
    result: activity?.result ?? '',
  });

  async function onSubmit() {
    const value = {
      title: values.title,
      ambition: values.ambition === '' ? undefined : Number(values.ambition),
      pillar: values.pillar === '' ? undefined : values.pillar,
      owner: values.owner,
      startOn: values.startOn.trim() === '' ? null : values.startOn.trim(),
      dueOn: values.dueOn.trim() === '' ? null : values.dueOn.trim(),
      status: values.status,
      notes: textOrNull(values.notes),
      result: textOrNull(values.result),
    };
    if (activity) {
      const saved = await form.submit(planActivityUpdateInput, value, (data) => api.patch<PlanActivity>(`/api/plan/activities/${activity.id}`, data));
      if (saved) onDone(saved, false);
    } else {
      const saved = await form.submit(planActivityInput, { periodStart: period, ...value }, (data) => api.post<PlanActivity>('/api/plan/activities', data));
      if (saved) onDone(saved, true);
    }
  }

  return (
    <PanelForm
      title={activity ? t('policy.plan.editTitle', { title: activity.title }) : t('policy.plan.createTitle', { period: periodLabel(t, period) })}
      form={form}
      errors={form.errors}
      submitLabel={activity ? t('policy.saveChanges') : t('policy.plan.submitCreate')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextField name="title" label={t('policy.plan.field.title')} required autoComplete="off" value={values.title} onChange={(e) => set('title')(e.target.value)} error={form.errorFor('title')} />
      <SelectField
        name="ambition"
        label={t('policy.plan.field.ambition')}
        required
        placeholder={t('policy.plan.choose')}
        options={AMBITIONS.map((a) => ({ value: String(a), label: ambitionLabel(t, a) }))}
        value={values.ambition}
        onChange={(e) => set('ambition')(e.target.value)}
        error={form.errorFor('ambition')}
      />
      <SelectField
        name="pillar"
        label={t('policy.plan.field.pillar')}
        required
        placeholder={t('policy.plan.choose')}
        options={PILLARS.map((p) => ({ value: p, label: t(`policy.pillar.${p}`) }))}
        value={values.pillar}
        onChange={(e) => set('pillar')(e.target.value as Pillar | '')}
        error={form.errorFor('pillar')}
      />
      <TextField
        name="owner"
        label={t('policy.plan.field.owner')}
        description={t('policy.plan.field.ownerHint')}
        required
        autoComplete="off"
        value={values.owner}
        onChange={(e) => set('owner')(e.target.value)}
        error={form.errorFor('owner')}
      />
      <TextField
        name="startOn"
        label={t('policy.plan.field.startOn')}
        description={t('policy.plan.field.dateHint')}
        optionalText={t('app.optional')}
        inputMode="numeric"
        autoComplete="off"
        value={values.startOn}
        onChange={(e) => set('startOn')(e.target.value)}
        error={form.errorFor('startOn')}
      />
      <TextField
        name="dueOn"
        label={t('policy.plan.field.dueOn')}
        description={t('policy.plan.field.dateHint')}
        optionalText={t('app.optional')}
        inputMode="numeric"
        autoComplete="off"
        value={values.dueOn}
        onChange={(e) => set('dueOn')(e.target.value)}
        error={form.errorFor('dueOn')}
      />
      <SelectField
        name="status"
        label={t('policy.plan.field.status')}
        required
        options={ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`policy.status.${s}`) }))}
        value={values.status}
        onChange={(e) => set('status')(e.target.value as ActivityStatus)}
        error={form.errorFor('status')}
      />
      <TextArea name="notes" label={t('policy.plan.field.notes')} optionalText={t('app.optional')} value={values.notes} onChange={(e) => set('notes')(e.target.value)} error={form.errorFor('notes')} />
      <TextArea
        name="result"
        label={t('policy.plan.field.result')}
        description={t('policy.plan.field.resultHint')}
        required={values.status === 'done'}
        optionalText={t('app.optional')}
        value={values.result}
        onChange={(e) => set('result')(e.target.value)}
        error={form.errorFor('result')}
      />
    </PanelForm>
  );
}
