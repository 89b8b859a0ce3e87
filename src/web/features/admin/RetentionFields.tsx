import { retentionTerms, type RetentionTerms } from '../../../shared/api/admin.js';
import type { Translate } from '../../i18n/i18n.js';
import { useT } from '../../i18n/i18n.js';
import { Fieldset, Paragraph, TextField } from '../../ui/index.js';

/** The outcomes that have a retention term, in the schema's order. */
export const RETENTION_OUTCOMES = retentionTerms.keyof().options;
export type RetentionOutcome = keyof RetentionTerms;
/** The terms as typed in the form (text boxes). */
export type RetentionValues = Record<RetentionOutcome, string>;

/** Bounds of a term in days; the shared schema checks them, these only explain them. */
const MIN_DAYS = 30;
const MAX_DAYS = 3650;

export function retentionValues(terms: RetentionTerms): RetentionValues {
  return Object.fromEntries(RETENTION_OUTCOMES.map((o) => [o, String(terms[o])])) as RetentionValues;
}

/** The field's path in the settings schema, also its name and the key of its error. */
export const retentionPath = (outcome: RetentionOutcome) => `retention.${outcome}`;

/** A number of days as about so many years and months ("ongeveer 1 jaar en 1 maand"), rounded to whole months. */
export function approximateDuration(days: number, t: Translate): string {
  const totalMonths = Math.max(1, Math.round(days / (365.25 / 12)));
  const years = Math.floor(totalMonths / 12);
  const months = totalMonths % 12;
  const y = years === 1 ? t('admin.settings.retention.year') : t('admin.settings.retention.years', { count: years });
  const m = months === 1 ? t('admin.settings.retention.month') : t('admin.settings.retention.months', { count: months });
  if (years && months) return t('admin.settings.retention.yearsAndMonths', { years: y, months: m });
  return years ? y : m;
}

/** The hint under a term: the allowed range, and what the typed number of days is in years and months. */
function hint(value: string, t: Translate): string {
  const range = t('admin.settings.retention.range', { min: MIN_DAYS, max: MAX_DAYS });
  const trimmed = value.trim();
  const days = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!(days >= MIN_DAYS && days <= MAX_DAYS)) return range;
  return `${t('admin.settings.retention.equals', { days, duration: approximateDuration(days, t) })} ${range}`;
}

/**
 * "Bewaartermijnen": one term in days per outcome of a closed signal, with what
 * happens when it ends. Part of the settings form; saved with the other settings.
 */
export function RetentionFields({
  values,
  onChange,
  errorFor,
}: {
  values: RetentionValues;
  onChange(outcome: RetentionOutcome, value: string): void;
  errorFor(path: string): string | undefined;
}) {
  const t = useT();
  return (
    <Fieldset legend={t('admin.settings.retention.legend')}>
      <div className="mr-stack">
        <Paragraph>{t('admin.settings.retention.intro')}</Paragraph>
        <Paragraph>{t('admin.settings.retention.effect')}</Paragraph>
        <Paragraph>{t('admin.settings.retention.change')}</Paragraph>
        {RETENTION_OUTCOMES.map((outcome) => (
          <TextField
            key={outcome}
            name={retentionPath(outcome)}
            label={t('admin.settings.retention.field', { outcome: t(`outcome.${outcome}`) })}
            description={hint(values[outcome], t)}
            required
            inputMode="numeric"
            autoComplete="off"
            className="utrecht-textbox--house-number-size"
            value={values[outcome]}
            onChange={(e) => onChange(outcome, e.target.value)}
            error={errorFor(retentionPath(outcome))}
          />
        ))}
      </div>
    </Fieldset>
  );
}
