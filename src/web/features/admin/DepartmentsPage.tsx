import { useState } from 'react';
import { departmentInput, departmentUpdateInput } from '../../../shared/api/admin.js';
import { api } from '../../api/client.js';
import type { Department } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, ListTable, Td, TextField, Th, Tr } from '../../ui/index.js';
import { errorText, ListPage, PanelForm, RowButton, useFieldErrors, useListPage, useValues, useYesNo } from './components.js';

type PanelState = { kind: 'create' } | { kind: 'rename'; department: Department };

export function DepartmentsPage() {
  const t = useT();
  const yesNo = useYesNo();
  const departments = useResource<Department[]>('/api/admin/departments');
  const { panel, notice, open: openPanel, done } = useListPage<PanelState>();
  const [toggling, setToggling] = useState<string | null>(null);
  const [toggleError, setToggleError] = useState<string | null>(null);
  const state = panel.state;

  function open(next: PanelState) {
    setToggleError(null);
    openPanel(next);
  }

  async function toggle(department: Department) {
    notice.clear();
    setToggleError(null);
    setToggling(department.id);
    try {
      // Send every field the form knows: a partial update would reset fields that have a default.
      const saved = await api.patch<Department>(`/api/admin/departments/${department.id}`, { name: department.name, active: !department.active });
      await departments.reload();
      notice.show(t(saved.active ? 'admin.departments.activated' : 'admin.departments.deactivated', { name: saved.name }), { focus: false });
    } catch (e) {
      setToggleError(errorText(e, t));
    } finally {
      setToggling(null);
      // The button was disabled while busy and may have lost focus; keep the keyboard user in place.
      requestAnimationFrame(() => document.getElementById(`toggle-${department.id}`)?.focus());
    }
  }

  return (
    <ListPage
      title={t('admin.departments.title')}
      intro={t('admin.departments.intro')}
      notice={notice.notice}
      top={toggleError ? <Alert type="error">{toggleError}</Alert> : null}
      addLabel={t('admin.departments.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
    >
      {state ? (
        <DepartmentForm
          key={state.kind === 'rename' ? state.department.id : 'create'}
          department={state.kind === 'rename' ? state.department : null}
          onCancel={panel.cancel}
          onDone={async (saved, created) => {
            await departments.reload();
            done(t(created ? 'admin.departments.created' : 'admin.departments.renamed', { name: saved.name }));
          }}
        />
      ) : null}
      <Loaded resource={departments}>
        {(list) => (
          <ListTable
            items={list}
            empty={t('admin.departments.empty')}
            caption={t('admin.departments.caption', { count: list.length })}
            columns={[t('admin.departments.col.name'), t('admin.departments.col.code'), t('admin.departments.col.active'), t('admin.actions')]}
            row={(d) => (
              <Tr key={d.id}>
                <Th scope="row">{d.name}</Th>
                <Td>
                  <code className="utrecht-code">{d.code}</code>
                </Td>
                <Td>{yesNo(d.active)}</Td>
                <Td>
                  <div className="mr-admin-row-actions">
                    <RowButton row={d.name} onClick={() => open({ kind: 'rename', department: d })}>
                      {t('admin.departments.rename')}
                    </RowButton>
                    <RowButton row={d.name} id={`toggle-${d.id}`} variant="subtle" busy={toggling === d.id} onClick={() => void toggle(d)}>
                      {d.active ? t('admin.deactivate') : t('admin.activate')}
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

function DepartmentForm({
  department,
  onCancel,
  onDone,
}: {
  department: Department | null;
  onCancel(): void;
  onDone(saved: Department, created: boolean): void;
}) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({ code: '', name: department?.name ?? '' });
  const { errors, errorFor } = useFieldErrors(form, { code: { 'v.invalid': t('admin.codeInvalid') } });

  async function onSubmit() {
    if (department) {
      const saved = await form.submit(departmentUpdateInput, { name: values.name, active: department.active }, (data) =>
        api.patch<Department>(`/api/admin/departments/${department.id}`, data),
      );
      if (saved) onDone(saved, false);
    } else {
      const saved = await form.submit(departmentInput, { code: values.code, name: values.name }, (data) => api.post<Department>('/api/admin/departments', data));
      if (saved) onDone(saved, true);
    }
  }

  return (
    <PanelForm
      title={department ? t('admin.departments.renameTitle', { name: department.name }) : t('admin.departments.createTitle')}
      form={form}
      errors={errors}
      submitLabel={department ? t('admin.saveChanges') : t('admin.departments.add')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      {department ? null : (
        <TextField
          name="code"
          label={t('admin.departments.field.code')}
          description={t('admin.codeHint', { example: 'sociaal-domein' })}
          required
          autoComplete="off"
          spellCheck={false}
          value={values.code}
          onChange={(e) => set('code')(e.target.value)}
          error={errorFor('code')}
        />
      )}
      <TextField
        name="name"
        label={t('admin.departments.field.name')}
        required
        autoComplete="off"
        value={values.name}
        onChange={(e) => set('name')(e.target.value)}
        error={errorFor('name')}
      />
    </PanelForm>
  );
}
