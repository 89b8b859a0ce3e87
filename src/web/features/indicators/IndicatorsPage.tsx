import { useState } from 'react';
import { indicatorInput, indicatorUpdateInput } from '../../../shared/api/indicators.js';
import { INDICATOR_FORMS, INDICATOR_GROUPS, type IndicatorGroup } from '../../../shared/domain.js';
import { api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, ChoiceGroup, ListTable, SelectField, Td, TextArea, Th, Tr } from '../../ui/index.js';
import { ConfirmPanel, errorText, ListPage, PanelForm, RowButton, useListPage, useValues, useYesNo } from '../admin/components.js';
import type { Indicator, MaintainedIndicator } from './types.js';
import './indicators.css';

type PanelState = { kind: 'create' } | { kind: 'edit'; indicator: MaintainedIndicator } | { kind: 'delete'; indicator: MaintainedIndicator };
type IndicatorForm = Indicator['forms'][number];

/**
 * `/indicatoren` (issue 6.3): the coordinator maintains the indicator list — add, edit text,
 * group and forms, (de)activate, reorder within a group, and delete one that was never ticked.
 */
export function IndicatorsPage() {
  const t = useT();
  const yesNo = useYesNo();
  const list = useResource<MaintainedIndicator[]>('/api/indicators/maintenance');
  const { panel, notice, open: openPanel, done } = useListPage<PanelState>();
  const [busy, setBusy] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const state = panel.state;

  function open(next: PanelState) {
    setRowError(null);
    openPanel(next);
  }

  /** A row action without a panel: the notice is announced, focus stays on the row's button. */
  async function rowAction(key: string, action: () => Promise<unknown>, message: string) {
    notice.clear();
    setRowError(null);
    setBusy(key);
    try {
      await action();
      await list.reload();
      notice.show(message, { focus: false });
    } catch (e) {
      setRowError(errorText(e, t));
    } finally {
      setBusy(null);
      requestAnimationFrame(() => document.getElementById(key)?.focus());
    }
  }

  function move(group: MaintainedIndicator[], index: number, by: -1 | 1) {
    const ids = group.map((i) => i.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    void rowAction(`${by < 0 ? 'up' : 'down'}-${group[index]!.id}`, () => api.put('/api/indicators/order', { ids }), t('ind.notice.moved'));
  }

  return (
    <ListPage
      title={t('ind.list.title')}
      intro={t('ind.list.intro')}
      notice={notice.notice}
      top={rowError ? <Alert type="error">{rowError}</Alert> : null}
      addLabel={t('ind.list.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
    >
      {state?.kind === 'delete' ? (
        <ConfirmPanel
          title={t('ind.delete.title')}
          text={t('ind.delete.text', { text: state.indicator.text })}
          confirmLabel={t('ind.list.delete')}
          onCancel={panel.cancel}
          onConfirm={async () => {
            await api.delete(`/api/indicators/${state.indicator.id}`);
            await list.reload();
            done(t('ind.notice.deleted'));
          }}
        />
      ) : state ? (
        <IndicatorFormPanel
          key={state.kind === 'edit' ? state.indicator.id : 'create'}
          indicator={state.kind === 'edit' ? state.indicator : null}
          onCancel={panel.cancel}
          onDone={async (created) => {
            await list.reload();
            done(t(created ? 'ind.notice.created' : 'ind.notice.saved'));
          }}
        />
      ) : null}
      <Loaded resource={list}>
        {(all) => (
          <>
            {INDICATOR_GROUPS.map((group) => {
              const items = all.filter((i) => i.group === group);
              return (
                <ListTable
                  key={group}
                  items={items}
                  caption={t('ind.list.caption', { group: t(`ind.group.${group}`), count: items.length })}
                  columns={[t('ind.list.col.text'), t('ind.list.col.forms'), t('ind.list.col.active'), t('ind.list.col.ticked'), t('admin.actions')]}
                  row={(i) => {
                    const index = items.indexOf(i);
                    return (
                      <Tr key={i.id}>
                        <Th scope="row">{i.text}</Th>
                        <Td>{i.forms.map((f) => t(`form.${f}`)).join(', ')}</Td>
                        <Td>{yesNo(i.active)}</Td>
                        <Td>{i.timesTicked}</Td>
                        <Td>
                          <div className="mr-admin-row-actions">
                            <RowButton row={i.text} id={`up-${i.id}`} variant="subtle" disabled={index === 0} busy={busy === `up-${i.id}`} onClick={() => move(items, index, -1)}>
                              {t('ind.list.up')}
                            </RowButton>
                            <RowButton row={i.text} id={`down-${i.id}`} variant="subtle" disabled={index === items.length - 1} busy={busy === `down-${i.id}`} onClick={() => move(items, index, 1)}>
                              {t('ind.list.down')}
                            </RowButton>
                            <RowButton row={i.text} onClick={() => open({ kind: 'edit', indicator: i })}>
                              {t('ind.list.edit')}
                            </RowButton>
                            <RowButton
                              row={i.text}
                              id={`toggle-${i.id}`}
                              variant="subtle"
                              busy={busy === `toggle-${i.id}`}
                              onClick={() =>
                                void rowAction(`toggle-${i.id}`, () => api.patch(`/api/indicators/${i.id}`, { active: !i.active }), t(i.active ? 'ind.notice.deactivated' : 'ind.notice.activated'))
                              }
                            >
                              {i.active ? t('ind.list.deactivate') : t('ind.list.activate')}
                            </RowButton>
                            {i.timesTicked === 0 ? (
                              <RowButton row={i.text} variant="subtle" onClick={() => open({ kind: 'delete', indicator: i })}>
                                {t('ind.list.delete')}
                              </RowButton>
                            ) : null}
                          </div>
                        </Td>
                      </Tr>
                    );
                  }}
                  empty={t('ind.list.emptyGroup')}
                />
              );
            })}
          </>
        )}
      </Loaded>
    </ListPage>
  );
}

function IndicatorFormPanel({ indicator, onCancel, onDone }: { indicator: MaintainedIndicator | null; onCancel(): void; onDone(created: boolean): Promise<void> }) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues<{ text: string; group: IndicatorGroup | ''; forms: IndicatorForm[] }>({
    text: indicator?.text ?? '',
    group: indicator?.group ?? '',
    forms: indicator?.forms ?? [],
  });

  async function onSubmit() {
    const saved = indicator
      ? await form.submit(indicatorUpdateInput, values, (data) => api.patch<Indicator>(`/api/indicators/${indicator.id}`, data))
      : await form.submit(indicatorInput, values, (data) => api.post<Indicator>('/api/indicators', data));
    if (saved) await onDone(!indicator);
  }

  return (
    <PanelForm
      title={indicator ? t('ind.form.editTitle') : t('ind.form.createTitle')}
      form={form}
      errors={form.errors}
      submitLabel={indicator ? t('app.save') : t('ind.form.create')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextArea
        name="text"
        rows={3}
        aria-required="true"
        label={t('ind.form.text')}
        description={t('ind.form.textHint')}
        value={values.text}
        onChange={(e) => set('text')(e.target.value)}
        error={form.errorFor('text')}
      />
      <SelectField
        name="group"
        required
        label={t('ind.form.group')}
        placeholder={t('ind.form.groupPlaceholder')}
        options={INDICATOR_GROUPS.map((g) => ({ value: g, label: t(`ind.group.${g}`) }))}
        value={values.group}
        onChange={(e) => set('group')(e.target.value as IndicatorGroup | '')}
        error={form.errorFor('group')}
      />
      <ChoiceGroup
        name="forms"
        multiple
        legend={t('ind.form.forms')}
        description={t('ind.form.formsHint')}
        options={INDICATOR_FORMS.map((f) => ({ value: f, label: t(`form.${f}`) }))}
        value={values.forms}
        onChange={set('forms')}
        error={form.errorFor('forms')}
      />
    </PanelForm>
  );
}
