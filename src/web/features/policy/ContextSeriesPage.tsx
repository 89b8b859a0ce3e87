import { useState } from 'react';
import {
  contextSeriesInput,
  contextSeriesPointsInput,
  contextSeriesUpdateInput,
  type ContextSeries,
  type ContextSeriesList,
} from '../../../shared/api/context-series.js';
import type { FieldError } from '../../../shared/validation.js';
import { api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { ButtonGroup, cx, DataList, Fieldset, fieldId, Heading, ListTable, Paragraph, Table, TBody, Td, TextArea, TextField, Th, THead, Tr, Button } from '../../ui/index.js';
import { ConfirmPanel, PanelForm, RowButton, useListPage, useValues } from '../admin/components.js';
import { PolicyPage, textOrNull, useCanManage } from './common.js';

/**
 * Issue 5 point 8: context series — regional or national figures per year, shown beside the
 * municipality's own (the dashboard draws them). The coordinator and deputy add a series and
 * enter or extend its values in a table; the analyst reads them. Public figures: shown as entered.
 */

type PanelState =
  | { kind: 'create' }
  | { kind: 'edit'; series: ContextSeries }
  | { kind: 'values'; series: ContextSeries }
  | { kind: 'delete'; series: ContextSeries }
  | { kind: 'deleteYear'; series: ContextSeries; year: number };

const SERIES_URL = '/api/stats/context-series';

export function ContextSeriesPage() {
  const t = useT();
  const canManage = useCanManage();
  const list = useResource<ContextSeriesList>(SERIES_URL);
  const { panel, notice, open, done } = useListPage<PanelState>();
  const state = panel.state;
  const finish = async (text: string) => {
    await list.reload();
    done(text);
  };

  return (
    <PolicyPage
      title={t('contextSeries.title')}
      intro={t('contextSeries.intro')}
      notice={notice.notice}
      addLabel={t('contextSeries.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
      top={<Paragraph>{t('contextSeries.public')}</Paragraph>}
    >
      {state?.kind === 'create' || state?.kind === 'edit' ? (
        <SeriesForm
          key={state.kind === 'edit' ? state.series.id : 'create'}
          series={state.kind === 'edit' ? state.series : null}
          onCancel={panel.cancel}
          onDone={(saved, created) => finish(t(created ? 'contextSeries.created' : 'contextSeries.saved', { name: saved.name }))}
        />
      ) : null}
      {state?.kind === 'values' ? (
        <ValuesForm
          key={state.series.id}
          series={state.series}
          onCancel={panel.cancel}
          onDone={(saved) => finish(t('contextSeries.valuesSaved', { name: saved.name }))}
        />
      ) : null}
      {state?.kind === 'delete' ? (
        <ConfirmPanel
          key={state.series.id}
          title={t('contextSeries.deleteTitle', { name: state.series.name })}
          text={t('contextSeries.deleteText')}
          confirmLabel={t('policy.deleteConfirm')}
          onConfirm={async () => {
            await api.delete(`${SERIES_URL}/${state.series.id}`);
            await finish(t('contextSeries.deleted', { name: state.series.name }));
          }}
          onCancel={panel.cancel}
        />
      ) : null}
      {state?.kind === 'deleteYear' ? (
        <ConfirmPanel
          key={`${state.series.id}-${state.year}`}
          title={t('contextSeries.deleteYearTitle', { name: state.series.name, year: state.year })}
          text={t('contextSeries.deleteYearText')}
          confirmLabel={t('policy.deleteConfirm')}
          onConfirm={async () => {
            await api.delete(`${SERIES_URL}/${state.series.id}/points/${state.year}`);
            await finish(t('contextSeries.yearDeleted', { name: state.series.name, year: state.year }));
          }}
          onCancel={panel.cancel}
        />
      ) : null}

      <Loaded resource={list}>
        {(data) =>
          data.series.length === 0 ? (
            <Paragraph>{t('contextSeries.empty')}</Paragraph>
          ) : (
            data.series.map((s) => (
              <section key={s.id} aria-labelledby={`series-${s.id}`} className="mr-stack">
                <Heading level={2} id={`series-${s.id}`}>
                  {s.name}
                </Heading>
                <DataList
                  items={[
                    { label: t('contextSeries.source'), value: s.source },
                    { label: t('contextSeries.unit'), value: s.unit },
                    ...(s.description ? [{ label: t('contextSeries.description'), value: s.description }] : []),
                  ]}
                />
                <ListTable
                  items={s.points}
                  empty={t('contextSeries.noValues')}
                  caption={t('contextSeries.caption', { name: s.name, unit: s.unit })}
                  columns={[t('contextSeries.col.year'), t('contextSeries.col.value'), ...(canManage ? [t('policy.actions')] : [])]}
                  row={(p) => (
                    <Tr key={p.year}>
                      <Th scope="row">{p.year}</Th>
                      <Td>{p.value}</Td>
                      {canManage ? (
                        <Td>
                          <RowButton row={`${p.year} ${s.name}`} variant="subtle" onClick={() => open({ kind: 'deleteYear', series: s, year: p.year })}>
                            {t('contextSeries.deleteYear')}
                          </RowButton>
                        </Td>
                      ) : null}
                    </Tr>
                  )}
                />
                {canManage ? (
                  <ButtonGroup>
                    <RowButton row={s.name} variant="primary" onClick={() => open({ kind: 'values', series: s })}>
                      {t('contextSeries.enterValues')}
                    </RowButton>
                    <RowButton row={s.name} onClick={() => open({ kind: 'edit', series: s })}>
                      {t('contextSeries.editSeries')}
                    </RowButton>
                    <RowButton row={s.name} variant="subtle" onClick={() => open({ kind: 'delete', series: s })}>
                      {t('contextSeries.deleteSeries')}
                    </RowButton>
                  </ButtonGroup>
                ) : null}
              </section>
            ))
          )
        }
      </Loaded>
    </PolicyPage>
  );
}

// --- the table of values (a form in a table) -------------------------------------------

interface PointRow {
  key: number;
  /** The year of a stored value (not editable: delete it instead); null on a new row. */
  fixedYear: number | null;
  stored: string;
  year: string;
  value: string;
}

/** "1.5" and "1,5" become numbers (and get "a whole number"); other text stays text ("not valid"). */
function asNumber(raw: string): number | string {
  const s = raw.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : raw.trim();
}

let rowSerial = 0;
const newRow = (): PointRow => ({ key: ++rowSerial, fixedYear: null, stored: '', year: '', value: '' });

/**
 * The rows of the values table: stored years (value editable) and new rows (year and value).
 * `submitted` are the rows sent, in order: an error on points.N is about the Nth of them.
 */
function usePointRows(points: readonly { year: number; value: number }[], blank: number) {
  const [rows, setRows] = useState<PointRow[]>(() => [
    ...points.map((p) => ({ key: ++rowSerial, fixedYear: p.year, stored: String(p.value), year: String(p.year), value: String(p.value) })),
    ...Array.from({ length: blank }, newRow),
  ]);
  const submitted = rows.filter((r) => (r.fixedYear === null ? r.year.trim() !== '' || r.value.trim() !== '' : r.value.trim() !== '' && r.value.trim() !== r.stored));
  const payload = submitted.map((r) => ({ year: r.fixedYear ?? asNumber(r.year), value: asNumber(r.value) }));
  const update = (key: number, field: 'year' | 'value', v: string) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [field]: v } : r)));
  const add = () => setRows((rs) => [...rs, newRow()]);
  /** The path (and so the input id) of a row's field: points.N.field once it is sent, else a stable one. */
  const pathOf = (r: PointRow, field: 'year' | 'value') => {
    const i = submitted.indexOf(r);
    return i >= 0 ? `points.${i}.${field}` : `points.row${r.key}.${field}`;
  };
  return { rows, payload, update, add, pathOf };
}

function PointsTable({ table, errors }: { table: ReturnType<typeof usePointRows>; errors: FieldError[] }) {
  const t = useT();
  const errorFor = (path: string) => errors.find((e) => e.path === path)?.message;
  let fresh = 0;
  const input = (r: PointRow, field: 'year' | 'value', label: string) => {
    const path = table.pathOf(r, field);
    const id = fieldId(path);
    const error = errorFor(path);
    return (
      <>
        <input
          id={id}
          name={path}
          aria-label={label}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={cx('utrecht-textbox utrecht-textbox--html-input utrecht-textbox--house-number-size', error && 'utrecht-textbox--invalid')}
          inputMode="numeric"
          autoComplete="off"
          value={r[field]}
          onChange={(e) => table.update(r.key, field, e.target.value)}
        />
        {error ? (
          <div className="utrecht-form-field-error-message" id={`${id}-error`}>
            {error}
          </div>
        ) : null}
      </>
    );
  };
  return (
    <Fieldset legend={t('contextSeries.values.legend')}>
      <Paragraph>{t('contextSeries.values.hint')}</Paragraph>
      <Table caption={t('contextSeries.values.caption')}>
        <THead>
          <Tr>
            <Th>{t('contextSeries.col.year')}</Th>
            <Th>{t('contextSeries.col.value')}</Th>
          </Tr>
        </THead>
        <TBody>
          {table.rows.map((r) => {
            if (r.fixedYear !== null) {
              return (
                <Tr key={r.key}>
                  <Th scope="row">{r.fixedYear}</Th>
                  <Td>{input(r, 'value', t('contextSeries.values.valueLabel', { year: r.fixedYear }))}</Td>
                </Tr>
              );
            }
            const row = ++fresh;
            return (
              <Tr key={r.key}>
                <Td>{input(r, 'year', t('contextSeries.values.yearLabel', { row }))}</Td>
                <Td>{input(r, 'value', t('contextSeries.values.newValueLabel', { row }))}</Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
      <div>
        <Button onClick={table.add}>{t('contextSeries.values.addRow')}</Button>
      </div>
    </Fieldset>
  );
}

// --- forms ---------------------------------------------------------------------------------

function SeriesForm({ series, onCancel, onDone }: { series: ContextSeries | null; onCancel(): void; onDone(saved: ContextSeries, created: boolean): void }) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({ name: series?.name ?? '', source: series?.source ?? '', unit: series?.unit ?? '', description: series?.description ?? '' });
  // A new series gets its first values in the same form.
  const table = usePointRows([], 3);

  async function onSubmit() {
    const value = { name: values.name, source: values.source, unit: values.unit, description: textOrNull(values.description) };
    if (series) {
      const saved = await form.submit(contextSeriesUpdateInput, value, (data) => api.patch<ContextSeries>(`${SERIES_URL}/${series.id}`, data));
      if (saved) onDone(saved, false);
    } else {
      const saved = await form.submit(contextSeriesInput, { ...value, points: table.payload }, (data) => api.post<ContextSeries>(SERIES_URL, data));
      if (saved) onDone(saved, true);
    }
  }

  return (
    <PanelForm
      title={series ? t('contextSeries.editTitle', { name: series.name }) : t('contextSeries.createTitle')}
      form={form}
      errors={form.errors}
      submitLabel={series ? t('policy.saveChanges') : t('contextSeries.add')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextField name="name" label={t('contextSeries.field.name')} required autoComplete="off" value={values.name} onChange={(e) => set('name')(e.target.value)} error={form.errorFor('name')} />
      <TextField
        name="source"
        label={t('contextSeries.field.source')}
        description={t('contextSeries.field.sourceHint')}
        required
        autoComplete="off"
        value={values.source}
        onChange={(e) => set('source')(e.target.value)}
        error={form.errorFor('source')}
      />
      <TextField
        name="unit"
        label={t('contextSeries.field.unit')}
        description={t('contextSeries.field.unitHint')}
        required
        autoComplete="off"
        value={values.unit}
        onChange={(e) => set('unit')(e.target.value)}
        error={form.errorFor('unit')}
      />
      <TextArea
        name="description"
        label={t('contextSeries.field.description')}
        optionalText={t('app.optional')}
        value={values.description}
        onChange={(e) => set('description')(e.target.value)}
        error={form.errorFor('description')}
      />
      {series ? null : <PointsTable table={table} errors={form.errors} />}
    </PanelForm>
  );
}

function ValuesForm({ series, onCancel, onDone }: { series: ContextSeries; onCancel(): void; onDone(saved: ContextSeries): void }) {
  const t = useT();
  const form = useFormSubmit();
  const table = usePointRows(series.points, 2);

  async function onSubmit() {
    const saved = await form.submit(contextSeriesPointsInput, { points: table.payload }, (data) => api.put<ContextSeries>(`${SERIES_URL}/${series.id}/points`, data));
    if (saved) onDone(saved);
  }

  // "At least one": say what to do, and link to the first field of the table.
  const first = table.rows[0];
  const errors = form.errors.map((e) =>
    e.path === 'points' && first ? { ...e, path: table.pathOf(first, first.fixedYear === null ? 'year' : 'value'), message: t('contextSeries.values.nothing') } : e,
  );

  return (
    <PanelForm title={t('contextSeries.valuesTitle', { name: series.name })} form={form} errors={errors} submitLabel={t('contextSeries.values.save')} onSubmit={onSubmit} onCancel={onCancel}>
      <PointsTable table={table} errors={errors} />
    </PanelForm>
  );
}
