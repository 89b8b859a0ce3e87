import { useState, type FormEvent } from 'react';
import { DASHBOARD_GRANULARITIES, type DashboardGranularity } from '../../../shared/api/dashboard.js';
import { EXPLOITATION_FORMS, type ExploitationForm } from '../../../shared/domain.js';
import { useT } from '../../i18n/i18n.js';
import { Button, ChoiceGroup, SelectField, TextField } from '../../ui/index.js';
import type { DashboardFilters } from './filters.js';

export type FilterField = 'year' | 'from' | 'to' | 'granularity' | 'forms';
export type FilterErrors = Partial<Record<FilterField, string>>;

/** How many years back the year list goes. */
const YEARS_BACK = 9;

/**
 * The filter form. The coordinator and deputy (`exact`) pick a calendar year or a month range and
 * any forms; the analyst picks a whole year and at most one form. Applying puts the filters in the
 * URL; the page loads from there.
 */
export function Filters({
  filters,
  exact,
  currentYear,
  errors,
  busy,
  onApply,
}: {
  filters: DashboardFilters;
  exact: boolean;
  currentYear: number;
  errors: FilterErrors;
  busy: boolean;
  onApply(filters: DashboardFilters): void;
}) {
  const t = useT();
  const [draft, setDraft] = useState<DashboardFilters>(filters);
  const set = (patch: Partial<DashboardFilters>) => setDraft((d) => ({ ...d, ...patch }));

  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => currentYear - i);
  if (!years.includes(draft.year)) years.push(draft.year);
  const yearOptions = years.sort((a, b) => b - a).map((y) => ({ value: String(y), label: String(y) }));
  const formOptions = EXPLOITATION_FORMS.map((f) => ({ value: f, label: t(`form.${f}`) }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(exact ? draft : { ...draft, mode: 'year', forms: draft.forms.slice(0, 1) });
  };

  return (
    <form className="mr-dash-filters" onSubmit={submit} aria-labelledby="dash-filters" noValidate>
      <h2 id="dash-filters" className="utrecht-heading-2">
        {t('dash.filters.title')}
      </h2>
      <div className="mr-dash-filters__grid">
        <div className="mr-dash-filters__period">
          {exact ? (
            <ChoiceGroup<DashboardFilters['mode']>
              name="mode"
              legend={t('dash.filters.period')}
              options={[
                { value: 'year', label: t('dash.filters.mode.year') },
                { value: 'range', label: t('dash.filters.mode.range') },
              ]}
              value={[draft.mode]}
              multiple={false}
              onChange={([mode]) => set({ mode: mode ?? 'year' })}
            />
          ) : null}
          {draft.mode === 'year' || !exact ? (
            <SelectField
              name="year"
              label={t('dash.filters.year')}
              description={exact ? undefined : t('dash.filters.yearOnly')}
              options={yearOptions}
              value={String(draft.year)}
              error={errors.year ?? (exact ? undefined : (errors.from ?? errors.to))}
              onChange={(e) => set({ year: Number(e.target.value) })}
              required
            />
          ) : (
            <div className="mr-row">
              <TextField
                name="from"
                type="month"
                label={t('dash.filters.from')}
                description={t('dash.filters.monthFormat')}
                value={draft.from}
                error={errors.from}
                onChange={(e) => set({ from: e.target.value })}
                required
              />
              <TextField
                name="to"
                type="month"
                label={t('dash.filters.to')}
                description={t('dash.filters.monthFormat')}
                value={draft.to}
                error={errors.to}
                onChange={(e) => set({ to: e.target.value })}
                required
              />
            </div>
          )}
          <SelectField
            name="granularity"
            label={t('dash.filters.granularity')}
            options={DASHBOARD_GRANULARITIES.map((g) => ({ value: g, label: t(`dash.granularity.${g}`) }))}
            value={draft.granularity}
            error={errors.granularity}
            onChange={(e) => set({ granularity: e.target.value as DashboardGranularity })}
            required
          />
        </div>
        {exact ? (
          <ChoiceGroup<ExploitationForm>
            name="forms"
            legend={t('dash.filters.forms')}
            description={t('dash.filters.formsAll')}
            options={formOptions}
            value={draft.forms}
            error={errors.forms}
            multiple
            onChange={(forms) => set({ forms: EXPLOITATION_FORMS.filter((f) => forms.includes(f)) })}
          />
        ) : (
          <ChoiceGroup<ExploitationForm | 'all'>
            name="forms"
            legend={t('dash.filters.form')}
            description={t('dash.filters.formOne')}
            options={[{ value: 'all', label: t('dash.filters.allForms') }, ...formOptions]}
            value={[draft.forms[0] ?? 'all']}
            error={errors.forms}
            multiple={false}
            onChange={([form]) => set({ forms: form && form !== 'all' ? [form] : [] })}
          />
        )}
      </div>
      <Button type="submit" variant="primary" busy={busy}>
        {t('dash.filters.apply')}
      </Button>
    </form>
  );
}
