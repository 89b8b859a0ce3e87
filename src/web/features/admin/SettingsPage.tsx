import type { FormEvent } from 'react';
import { municipalitySettings, TOTP_OTHER_ROLES } from '../../../shared/api/admin.js';
import { api } from '../../api/client.js';
import type { MunicipalitySettings } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Button, ChoiceGroup, Fieldset, FormErrors, TextField } from '../../ui/index.js';
import { Notice, useFieldErrors, useNotice, useValues } from './components.js';
import { numberOrText } from './labels.js';
import { RETENTION_OUTCOMES, RetentionFields, retentionPath, retentionValues } from './RetentionFields.js';

export function SettingsPage() {
  const t = useT();
  const settings = useResource<MunicipalitySettings>('/api/admin/settings');
  return (
    <Page title={t('admin.settings.title')} intro={t('admin.settings.intro')}>
      <Loaded resource={settings}>{(current) => <SettingsForm current={current} />}</Loaded>
    </Page>
  );
}

function SettingsForm({ current }: { current: MunicipalitySettings }) {
  const t = useT();
  const form = useFormSubmit();
  const notice = useNotice();
  const [values, set] = useValues({
    feedbackDueDays: String(current.feedbackDueDays),
    numberPrefix: current.numberPrefix,
    totpOtherRoles: current.totpOtherRoles,
    retention: retentionValues(current.retention),
  });
  const daysInvalid = t('admin.settings.field.feedbackDueDaysInvalid');
  const numberMessages = (message: string) => ({ 'v.required': message, 'v.invalid': message, 'v.number_min': message, 'v.number_max': message });
  const { errors, errorFor } = useFieldErrors(form, {
    feedbackDueDays: numberMessages(daysInvalid),
    numberPrefix: { 'v.invalid': t('admin.settings.field.numberPrefixInvalid') },
    ...Object.fromEntries(
      RETENTION_OUTCOMES.map((o) => [retentionPath(o), numberMessages(t('admin.settings.retention.invalid', { outcome: t(`outcome.${o}`) }))]),
    ),
  });
  const example = `${/^[A-Z]{2,5}$/.test(values.numberPrefix.trim()) ? values.numberPrefix.trim() : current.numberPrefix}-${new Date().getFullYear()}-0001`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    notice.clear();
    const saved = await form.submit(
      municipalitySettings,
      {
        feedbackDueDays: numberOrText(values.feedbackDueDays),
        numberPrefix: values.numberPrefix.trim(),
        totpOtherRoles: values.totpOtherRoles,
        // Always sent: left out, the schema's default would reset the terms.
        retention: Object.fromEntries(RETENTION_OUTCOMES.map((o) => [o, numberOrText(values.retention[o])])),
      },
      (data) => api.patch<MunicipalitySettings>('/api/admin/settings', data),
    );
    if (saved) {
      set('feedbackDueDays')(String(saved.feedbackDueDays));
      set('numberPrefix')(saved.numberPrefix);
      set('totpOtherRoles')(saved.totpOtherRoles);
      set('retention')(retentionValues(saved.retention));
      notice.show(t('admin.settings.saved'), { focus: false });
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mr-stack mr-admin-form">
      <Notice notice={notice.notice} />
      <FormErrors title={t('app.formErrors')} errors={errors} message={form.message} />
      <Fieldset legend={t('admin.settings.legend')}>
        <div className="mr-stack">
          <TextField
            name="feedbackDueDays"
            label={t('admin.settings.field.feedbackDueDays')}
            description={t('admin.settings.field.feedbackDueDaysHint')}
            required
            inputMode="numeric"
            autoComplete="off"
            className="utrecht-textbox--house-number-size"
            value={values.feedbackDueDays}
            onChange={(e) => set('feedbackDueDays')(e.target.value)}
            error={errorFor('feedbackDueDays')}
          />
          <TextField
            name="numberPrefix"
            label={t('admin.settings.field.numberPrefix')}
            description={t('admin.settings.field.numberPrefixHint', { example })}
            required
            autoComplete="off"
            spellCheck={false}
            className="utrecht-textbox--house-number-size"
            value={values.numberPrefix}
            onChange={(e) => set('numberPrefix')(e.target.value.toUpperCase())}
            error={errorFor('numberPrefix')}
          />
          {/* Two-factor login (auth feature): who must use it besides the roles for which it is always mandatory. */}
          <ChoiceGroup
            name="totpOtherRoles"
            legend={t('auth.settings.totpOtherRoles')}
            description={t('auth.settings.totpOtherRolesHint')}
            multiple={false}
            options={TOTP_OTHER_ROLES.map((v) => ({ value: v, label: t(`auth.settings.totpOtherRoles.${v}`) }))}
            value={[values.totpOtherRoles]}
            onChange={(v) => set('totpOtherRoles')(v[0] ?? 'optional')}
            error={errorFor('totpOtherRoles')}
          />
        </div>
      </Fieldset>
      <RetentionFields values={values.retention} onChange={(o, v) => set('retention')({ ...values.retention, [o]: v })} errorFor={errorFor} />
      <Button type="submit" variant="primary" busy={form.busy}>
        {t('admin.settings.submit')}
      </Button>
    </form>
  );
}
