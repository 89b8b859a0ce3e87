import { useEffect } from 'react';
import { INDICATOR_GROUPS, type ExploitationForm } from '../../../shared/domain.js';
import type { FieldError } from '../../../shared/validation.js';
import { useResource } from '../../api/use-resource.js';
import { useT } from '../../i18n/i18n.js';
import { ChoiceGroup, cx, fieldId, Paragraph } from '../../ui/index.js';
import type { Indicator } from './types.js';
import './indicators.css';

/**
 * The indicators of the chosen forms as checkboxes, one fieldset per group inside a fieldset
 * for the whole list (issue 6.3). Ticks that no longer fit the chosen forms are dropped. Errors
 * on `indicatorIds.N` are shown inside the fieldset under their own id, so the form's error
 * summary links to them.
 */
export function IndicatorChecklist({
  name = 'indicatorIds',
  forms,
  value,
  onChange,
  errors,
  exclude = [],
  legend,
}: {
  name?: string;
  forms: readonly ExploitationForm[];
  value: string[];
  onChange(ids: string[]): void;
  /** Field errors of the form; those on `name` or `name.N` are shown here. */
  errors: readonly FieldError[];
  /** Indicators not to offer (already ticked by someone else). */
  exclude?: readonly string[];
  legend?: string;
}) {
  const t = useT();
  const specific = forms.filter((f) => f !== 'unknown');
  const query = specific.length ? `?forms=${specific.join(',')}` : '';
  const list = useResource<Indicator[]>(`/api/indicators${query}`);
  const offered = (list.data ?? []).filter((i) => !exclude.includes(i.id));

  // Drop ticks that no longer belong to the chosen forms.
  useEffect(() => {
    if (!list.data) return;
    const ids = new Set(list.data.map((i) => i.id));
    const kept = value.filter((id) => ids.has(id));
    if (kept.length !== value.length) onChange(kept);
  }, [list.data, value, onChange]);

  const id = fieldId(name);
  const own = errors.filter((e) => e.path === name || e.path.startsWith(`${name}.`));
  const textOf = (path: string) => {
    const index = Number(path.split('.')[1]);
    return Number.isInteger(index) ? list.data?.find((i) => i.id === value[index])?.text : undefined;
  };

  return (
    <fieldset
      id={id}
      className={cx('utrecht-form-fieldset utrecht-form-fieldset--html-fieldset mr-indicators', own.length > 0 && 'utrecht-form-fieldset--invalid')}
      aria-describedby={`${id}-description`}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{legend ?? t('ind.check.legend')}</legend>
      <div className="utrecht-form-field-description" id={`${id}-description`}>
        <Paragraph>{t('ind.check.hint')}</Paragraph>
        <Paragraph>{specific.length ? t('ind.check.forForms', { forms: specific.map((f) => t(`form.${f}`).toLowerCase()).join(', ') }) : t('ind.check.allForms')}</Paragraph>
      </div>
      {own.map((e) => (
        <p key={e.path} id={e.path === name ? `${id}-error` : fieldId(e.path)} className="utrecht-form-field-error-message" tabIndex={-1}>
          {textOf(e.path) ? `${textOf(e.path)}: ${e.message}` : e.message}
        </p>
      ))}
      {list.error ? <Paragraph>{t('ind.check.error')}</Paragraph> : null}
      {!list.data && !list.error ? <Paragraph role="status">{t('ind.check.loading')}</Paragraph> : null}
      {INDICATOR_GROUPS.map((group) => {
        const items = offered.filter((i) => i.group === group);
        if (!items.length) return null;
        const ids = new Set(items.map((i) => i.id));
        return (
          <ChoiceGroup
            key={group}
            name={`${name}-${group}`}
            multiple
            legend={t(`ind.group.${group}`)}
            options={items.map((i) => ({ value: i.id, label: i.text }))}
            value={value.filter((v) => ids.has(v))}
            onChange={(groupValue) => onChange([...value.filter((v) => !ids.has(v) || groupValue.includes(v)), ...groupValue.filter((v) => !value.includes(v))])}
          />
        );
      })}
      <p className="utrecht-paragraph mr-indicators__count" aria-live="polite">
        {t('ind.check.count', { count: value.length })}
      </p>
    </fieldset>
  );
}
