import type { z } from 'zod';
import { partnerInput, partnerUpdateInput } from '../../../shared/api/admin.js';
import { ORGANISATION_TYPES, type OrganisationType } from '../../../shared/api/directory.js';
import {
  EXPLOITATION_FORMS,
  PARTNER_KINDS,
  REFERRAL_CHANNELS,
  ROLES,
  type ExploitationForm,
  type PartnerKind,
  type ReferralChannel,
  type Role,
} from '../../../shared/domain.js';
import { api } from '../../api/client.js';
import type { Partner } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT, type Translate } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { CheckboxField, ChoiceGroup, ListTable, SelectField, Td, TextArea, TextField, Th, Tr } from '../../ui/index.js';
import { ListPage, PanelForm, RowButton, useFieldErrors, useListPage, useValues, useYesNo } from './components.js';
import { orNull } from './labels.js';
import { PartnerDirectoryFields } from '../directory/PartnerDirectoryFields.js';

type PanelState = { kind: 'create' } | { kind: 'edit'; partner: Partner };

/** An internal-role partner needs the role that receives the consultation (the server checks this too). */
function requireInternalRole(value: { kind?: PartnerKind | undefined; internalRole?: Role | null | undefined }, ctx: z.RefinementCtx): void {
  if (value.kind === 'internal_role' && !value.internalRole) ctx.addIssue({ code: 'custom', path: ['internalRole'], message: 'v.required' });
}
const createSchema = partnerInput.superRefine(requireInternalRole);
const updateSchema = partnerUpdateInput.superRefine(requireInternalRole);

function kindLabel(partner: Partner, t: Translate): string {
  const kind = t(`partnerKind.${partner.kind}`);
  return partner.kind === 'internal_role' && partner.internalRole ? `${kind}: ${t(`role.${partner.internalRole}`)}` : kind;
}

export function PartnersPage() {
  const t = useT();
  const yesNo = useYesNo();
  const partners = useResource<Partner[]>('/api/admin/partners');
  const { panel, notice, open, done } = useListPage<PanelState>();
  const state = panel.state;

  return (
    <ListPage
      title={t('admin.partners.title')}
      intro={t('admin.partners.intro')}
      notice={notice.notice}
      addLabel={t('admin.partners.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
    >
      {state ? (
        <PartnerForm
          key={state.kind === 'edit' ? state.partner.id : 'create'}
          partner={state.kind === 'edit' ? state.partner : null}
          onCancel={panel.cancel}
          onDone={async (saved, created) => {
            await partners.reload();
            done(t(created ? 'admin.partners.created' : 'admin.partners.saved', { name: saved.name }));
          }}
        />
      ) : null}
      <Loaded resource={partners}>
        {(list) => (
          <ListTable
            items={list}
            empty={t('admin.partners.empty')}
            caption={t('admin.partners.caption', { count: list.length })}
            columns={[
              t('admin.partners.col.name'),
              t('admin.partners.col.code'),
              t('admin.partners.col.kind'),
              t('admin.partners.col.forms'),
              t('admin.partners.col.channel'),
              t('admin.partners.col.active'),
              t('admin.actions'),
            ]}
            row={(p) => (
              <Tr key={p.id}>
                <Th scope="row">{p.name}</Th>
                <Td>
                  <code className="utrecht-code">{p.code}</code>
                </Td>
                <Td>{kindLabel(p, t)}</Td>
                <Td>{p.exploitationForms.length ? p.exploitationForms.map((f) => t(`form.${f}`)).join(', ') : t('admin.noValue')}</Td>
                <Td>{p.referralChannel ? t(`channel.${p.referralChannel}`) : t('admin.noValue')}</Td>
                <Td>{yesNo(p.active)}</Td>
                <Td>
                  <RowButton row={p.name} onClick={() => open({ kind: 'edit', partner: p })}>
                    {t('admin.edit')}
                  </RowButton>
                </Td>
              </Tr>
            )}
          />
        )}
      </Loaded>
    </ListPage>
  );
}

function PartnerForm({ partner, onCancel, onDone }: { partner: Partner | null; onCancel(): void; onDone(saved: Partner, created: boolean): void }) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({
    code: partner?.code ?? '',
    name: partner?.name ?? '',
    kind: (partner?.kind ?? 'external') as PartnerKind,
    internalRole: (partner?.internalRole ?? '') as Role | '',
    exploitationForms: (partner?.exploitationForms ?? []) as ExploitationForm[],
    description: partner?.description ?? '',
    referralChannel: (partner?.referralChannel ?? '') as ReferralChannel | '',
    contact: partner?.contact ?? '',
    active: partner?.active ?? true,
    organisationType: (partner?.organisationType ?? '') as OrganisationType | '',
    openingHours: partner?.openingHours ?? '',
    secureEmail: partner?.secureEmail ?? '',
    referralInstructions: partner?.referralInstructions ?? '',
  });
  const { errors, errorFor } = useFieldErrors(form, {
    code: { 'v.invalid': t('admin.codeInvalid') },
    secureEmail: { 'v.email': t('directory.partnerField.secureEmailInvalid') },
  });

  async function onSubmit() {
    const value = {
      code: values.code,
      name: values.name,
      kind: values.kind,
      internalRole: values.kind === 'internal_role' ? orNull(values.internalRole) : null,
      // Keep the order of the list, whatever order the boxes were ticked in.
      exploitationForms: EXPLOITATION_FORMS.filter((f) => values.exploitationForms.includes(f)),
      description: values.description,
      referralChannel: orNull(values.referralChannel),
      contact: values.contact,
      active: values.active,
      // Issue 6.2: the partner directory.
      organisationType: orNull(values.organisationType),
      openingHours: values.openingHours,
      secureEmail: values.secureEmail,
      referralInstructions: values.referralInstructions,
    };
    if (partner) {
      const saved = await form.submit(updateSchema, value, (data) =>
        // Empty texts are left out by validation; send them so that clearing a text is saved.
        api.patch<Partner>(`/api/admin/partners/${partner.id}`, {
          ...data,
          description: data.description ?? '',
          contact: data.contact ?? '',
          openingHours: data.openingHours ?? '',
          secureEmail: data.secureEmail ?? '',
          referralInstructions: data.referralInstructions ?? '',
        }),
      );
      if (saved) onDone(saved, false);
    } else {
      const saved = await form.submit(createSchema, value, (data) => api.post<Partner>('/api/admin/partners', data));
      if (saved) onDone(saved, true);
    }
  }

  return (
    <PanelForm
      title={partner ? t('admin.partners.editTitle', { name: partner.name }) : t('admin.partners.createTitle')}
      form={form}
      errors={errors}
      submitLabel={partner ? t('admin.saveChanges') : t('admin.partners.submitCreate')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextField
        name="name"
        label={t('admin.partners.field.name')}
        required
        autoComplete="off"
        value={values.name}
        onChange={(e) => set('name')(e.target.value)}
        error={errorFor('name')}
      />
      <TextField
        name="code"
        label={t('admin.partners.field.code')}
        description={t('admin.codeHint', { example: 'veilig-thuis' })}
        required
        autoComplete="off"
        spellCheck={false}
        value={values.code}
        onChange={(e) => set('code')(e.target.value)}
        error={errorFor('code')}
      />
      <ChoiceGroup
        name="kind"
        legend={t('admin.partners.field.kind')}
        description={t('admin.partners.field.kindHint')}
        multiple={false}
        options={PARTNER_KINDS.map((k) => ({ value: k, label: t(`partnerKind.${k}`) }))}
        value={[values.kind]}
        onChange={(v) => set('kind')(v[0] ?? 'external')}
        error={errorFor('kind')}
      />
      {values.kind === 'internal_role' ? (
        <SelectField
          name="internalRole"
          label={t('admin.partners.field.internalRole')}
          description={t('admin.partners.field.internalRoleHint')}
          required
          placeholder={t('admin.partners.field.internalRolePlaceholder')}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          value={values.internalRole}
          onChange={(e) => set('internalRole')(e.target.value as Role | '')}
          error={errorFor('internalRole')}
        />
      ) : null}
      <ChoiceGroup
        name="exploitationForms"
        legend={t('admin.partners.field.forms')}
        description={t('admin.partners.field.formsHint')}
        multiple
        options={EXPLOITATION_FORMS.map((f) => ({ value: f, label: t(`form.${f}`) }))}
        value={values.exploitationForms}
        onChange={set('exploitationForms')}
        error={errorFor('exploitationForms')}
      />
      <TextArea
        name="description"
        label={t('admin.partners.field.description')}
        description={t('admin.partners.field.descriptionHint')}
        optionalText={t('app.optional')}
        rows={4}
        value={values.description}
        onChange={(e) => set('description')(e.target.value)}
        error={errorFor('description')}
      />
      <SelectField
        name="referralChannel"
        label={t('admin.partners.field.channel')}
        description={t('admin.partners.field.channelHint')}
        optionalText={t('app.optional')}
        placeholder={t('admin.partners.field.channelPlaceholder')}
        options={REFERRAL_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        value={values.referralChannel}
        onChange={(e) => set('referralChannel')(e.target.value as ReferralChannel | '')}
        error={errorFor('referralChannel')}
      />
      <TextArea
        name="contact"
        label={t('admin.partners.field.contact')}
        description={t('admin.partners.field.contactHint')}
        optionalText={t('app.optional')}
        rows={3}
        value={values.contact}
        onChange={(e) => set('contact')(e.target.value)}
        error={errorFor('contact')}
      />
      <PartnerDirectoryFields values={values} set={set} errorFor={errorFor} />
      <CheckboxField
        name="active"
        label={t('admin.partners.field.active')}
        description={t('admin.partners.field.activeHint')}
        checked={values.active}
        onChange={(e) => set('active')(e.target.checked)}
        error={errorFor('active')}
      />
    </PanelForm>
  );
}
