import { routingRuleInput, routingRuleUpdateInput } from '../../../shared/api/admin.js';
import {
  EXPLOITATION_FORMS,
  ROUTING_CONDITIONS,
  ROUTING_URGENCIES,
  type ExploitationForm,
  type RoutingConditionType,
  type RoutingUrgency,
} from '../../../shared/domain.js';
import { api } from '../../api/client.js';
import type { Partner, RoutingRule } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { CheckboxField, ChoiceGroup, ListTable, SelectField, Td, TextField, Th, Tr } from '../../ui/index.js';
import { ConfirmPanel, ListPage, PanelForm, RowButton, useFieldErrors, useListPage, useValues, useYesNo } from './components.js';
import { conditionLabel, numberOrText } from './labels.js';

type PanelState = { kind: 'create' } | { kind: 'edit'; rule: RoutingRule } | { kind: 'delete'; rule: RoutingRule };

export function RoutingRulesPage() {
  const t = useT();
  const yesNo = useYesNo();
  const rules = useResource<RoutingRule[]>('/api/admin/routing-rules');
  const partners = useResource<Partner[]>('/api/admin/partners');
  const { panel, notice, open, done } = useListPage<PanelState>();
  const state = panel.state;
  // A rule whose partner is inactive makes no suggestions; show that in the table.
  const inactivePartners = new Set((partners.data ?? []).filter((p) => !p.active).map((p) => p.id));

  return (
    <ListPage
      title={t('admin.routing.title')}
      intro={t('admin.routing.intro')}
      notice={notice.notice}
      addLabel={t('admin.routing.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
    >
      {state?.kind === 'create' || state?.kind === 'edit' ? (
        <RuleForm
          key={state.kind === 'edit' ? state.rule.id : 'create'}
          rule={state.kind === 'edit' ? state.rule : null}
          partners={partners.data ?? []}
          onCancel={panel.cancel}
          onDone={async (saved, created) => {
            await rules.reload();
            done(t(created ? 'admin.routing.created' : 'admin.routing.saved', { name: saved.name }));
          }}
        />
      ) : null}
      {state?.kind === 'delete' ? (
        <ConfirmPanel
          key={state.rule.id}
          title={t('admin.routing.deleteTitle', { name: state.rule.name })}
          text={t('admin.routing.deleteText')}
          confirmLabel={t('admin.routing.deleteConfirm')}
          onConfirm={async () => {
            await api.delete(`/api/admin/routing-rules/${state.rule.id}`);
            await rules.reload();
            done(t('admin.routing.deleted', { name: state.rule.name }));
          }}
          onCancel={panel.cancel}
        />
      ) : null}
      <Loaded resource={rules}>
        {(list) => (
          <ListTable
            items={list}
            empty={t('admin.routing.empty')}
            caption={t('admin.routing.caption', { count: list.length })}
            columns={[
              t('admin.routing.col.position'),
              t('admin.routing.col.name'),
              t('admin.routing.col.condition'),
              t('admin.routing.col.partner'),
              t('admin.routing.col.urgency'),
              t('admin.routing.col.active'),
              t('admin.actions'),
            ]}
            row={(rule) => (
              <Tr key={rule.id}>
                <Td>{rule.position}</Td>
                <Th scope="row">{rule.name}</Th>
                <Td>{conditionLabel(rule.condition, t)}</Td>
                <Td>{inactivePartners.has(rule.partner.id) ? t('admin.inactiveSuffix', { name: rule.partner.name }) : rule.partner.name}</Td>
                <Td>{t(`urgency.${rule.urgency}`)}</Td>
                <Td>{yesNo(rule.active)}</Td>
                <Td>
                  <div className="mr-admin-row-actions">
                    <RowButton row={rule.name} onClick={() => open({ kind: 'edit', rule })}>
                      {t('admin.edit')}
                    </RowButton>
                    <RowButton row={rule.name} variant="subtle" onClick={() => open({ kind: 'delete', rule })}>
                      {t('admin.routing.delete')}
                    </RowButton>
                  </div>
                </Td>
              </Tr>
            )}
          />
        )}
      </Loaded>
    </ListPage>
  );
}

function RuleForm({
  rule,
  partners,
  onCancel,
  onDone,
}: {
  rule: RoutingRule | null;
  partners: Partner[];
  onCancel(): void;
  onDone(saved: RoutingRule, created: boolean): void;
}) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({
    name: rule?.name ?? '',
    conditionType: (rule?.condition.type ?? 'always') as RoutingConditionType,
    form: (rule?.condition.type === 'form' ? rule.condition.form : '') as ExploitationForm | '',
    partnerId: rule?.partner.id ?? '',
    urgency: (rule?.urgency ?? 'normal') as RoutingUrgency,
    position: String(rule?.position ?? 100),
    active: rule?.active ?? true,
  });

  const partnerOptions = partners
    .filter((p) => p.active || p.id === rule?.partner.id)
    .map((p) => ({ value: p.id, label: p.active ? p.name : t('admin.inactiveSuffix', { name: p.name }) }));

  const positionInvalid = t('admin.routing.field.positionInvalid');
  const { errors, errorFor } = useFieldErrors(form, {
    partnerId: { 'v.id': t('admin.routing.field.partnerRequired') },
    position: { 'v.required': positionInvalid, 'v.invalid': positionInvalid, 'v.number_min': positionInvalid, 'v.number_max': positionInvalid },
  });

  async function onSubmit() {
    const value = {
      name: values.name,
      condition: values.conditionType === 'form' ? { type: 'form', form: values.form } : { type: values.conditionType },
      partnerId: values.partnerId,
      urgency: values.urgency,
      position: numberOrText(values.position),
      active: values.active,
    };
    if (rule) {
      const saved = await form.submit(routingRuleUpdateInput, value, (data) => api.patch<RoutingRule>(`/api/admin/routing-rules/${rule.id}`, data));
      if (saved) onDone(saved, false);
    } else {
      const saved = await form.submit(routingRuleInput, value, (data) => api.post<RoutingRule>('/api/admin/routing-rules', data));
      if (saved) onDone(saved, true);
    }
  }

  return (
    <PanelForm
      title={rule ? t('admin.routing.editTitle', { name: rule.name }) : t('admin.routing.createTitle')}
      form={form}
      errors={errors}
      submitLabel={rule ? t('admin.saveChanges') : t('admin.routing.submitCreate')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextField
        name="name"
        label={t('admin.routing.field.name')}
        description={t('admin.routing.field.nameHint')}
        required
        autoComplete="off"
        value={values.name}
        onChange={(e) => set('name')(e.target.value)}
        error={errorFor('name')}
      />
      <ChoiceGroup
        name="condition.type"
        legend={t('admin.routing.field.condition')}
        description={t('admin.routing.field.conditionHint')}
        multiple={false}
        options={ROUTING_CONDITIONS.map((c) => ({ value: c, label: t(`admin.routing.conditionOption.${c}`) }))}
        value={[values.conditionType]}
        onChange={(v) => set('conditionType')(v[0] ?? 'always')}
        error={errorFor('condition.type') ?? errorFor('condition')}
      />
      {values.conditionType === 'form' ? (
        <SelectField
          name="condition.form"
          label={t('admin.routing.field.form')}
          required
          placeholder={t('admin.routing.field.formPlaceholder')}
          options={EXPLOITATION_FORMS.map((f) => ({ value: f, label: t(`form.${f}`) }))}
          value={values.form}
          onChange={(e) => set('form')(e.target.value as ExploitationForm | '')}
          error={errorFor('condition.form')}
        />
      ) : null}
      <SelectField
        name="partnerId"
        label={t('admin.routing.field.partner')}
        description={t('admin.routing.field.partnerHint')}
        required
        placeholder={t('admin.routing.field.partnerPlaceholder')}
        options={partnerOptions}
        value={values.partnerId}
        onChange={(e) => set('partnerId')(e.target.value)}
        error={errorFor('partnerId')}
      />
      <ChoiceGroup
        name="urgency"
        legend={t('admin.routing.field.urgency')}
        description={t('admin.routing.field.urgencyHint')}
        multiple={false}
        options={ROUTING_URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
        value={[values.urgency]}
        onChange={(v) => set('urgency')(v[0] ?? 'normal')}
        error={errorFor('urgency')}
      />
      <TextField
        name="position"
        label={t('admin.routing.field.position')}
        description={t('admin.routing.field.positionHint')}
        required
        inputMode="numeric"
        autoComplete="off"
        className="utrecht-textbox--house-number-size"
        value={values.position}
        onChange={(e) => set('position')(e.target.value)}
        error={errorFor('position')}
      />
      <CheckboxField
        name="active"
        label={t('admin.routing.field.active')}
        description={t('admin.routing.field.activeHint')}
        checked={values.active}
        onChange={(e) => set('active')(e.target.checked)}
        error={errorFor('active')}
      />
    </PanelForm>
  );
}
