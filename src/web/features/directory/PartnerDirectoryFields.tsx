import { ORGANISATION_TYPES, type OrganisationType } from '../../../shared/api/directory.js';
import { useT } from '../../i18n/i18n.js';
import { Paragraph, SelectField, TextArea, TextField } from '../../ui/index.js';

interface Values {
  organisationType: OrganisationType | '';
  openingHours: string;
  secureEmail: string;
  referralInstructions: string;
}

/** The partner directory's fields in the admin's partner form (issue 6.2). */
export function PartnerDirectoryFields<V extends Values>({
  values,
  set,
  errorFor,
}: {
  values: V;
  set: <K extends keyof V>(key: K) => (value: V[K]) => void;
  errorFor(path: string): string | undefined;
}) {
  const t = useT();
  return (
    <>
      <Paragraph className="mr-meta">{t('directory.partnerField.contactOrganisational')}</Paragraph>
      <SelectField
        name="organisationType"
        label={t('directory.partnerField.type')}
        optionalText={t('app.optional')}
        placeholder={t('directory.partnerField.typePlaceholder')}
        options={ORGANISATION_TYPES.map((o) => ({ value: o, label: t(`orgType.${o}`) }))}
        value={values.organisationType}
        onChange={(e) => set('organisationType')(e.target.value as V['organisationType'])}
        error={errorFor('organisationType')}
      />
      <TextField
        name="openingHours"
        label={t('directory.partnerField.openingHours')}
        description={t('directory.partnerField.openingHoursHint')}
        optionalText={t('app.optional')}
        value={values.openingHours}
        onChange={(e) => set('openingHours')(e.target.value as V['openingHours'])}
        error={errorFor('openingHours')}
      />
      <TextField
        name="secureEmail"
        type="email"
        label={t('directory.partnerField.secureEmail')}
        description={t('directory.partnerField.secureEmailHint')}
        optionalText={t('app.optional')}
        autoComplete="off"
        value={values.secureEmail}
        onChange={(e) => set('secureEmail')(e.target.value as V['secureEmail'])}
        error={errorFor('secureEmail')}
      />
      <TextArea
        name="referralInstructions"
        label={t('directory.partnerField.instructions')}
        description={t('directory.partnerField.instructionsHint')}
        optionalText={t('app.optional')}
        rows={3}
        value={values.referralInstructions}
        onChange={(e) => set('referralInstructions')(e.target.value as V['referralInstructions'])}
        error={errorFor('referralInstructions')}
      />
    </>
  );
}
