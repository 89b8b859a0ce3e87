import { useState, type FormEvent } from 'react';
import { departmentInput, departmentUpdateInput } from '../../../shared/api/admin.js';
import { api, ApiError } from '../../api/client.js';
import type { Department } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, Button, ButtonGroup, ErrorSummary, Paragraph, Table, TBody, Td, TextField, Th, THead, Tr } from '../../ui/index.js';
import { HiddenText, Notice, Panel, useFieldErrors, useNotice, usePanel, useValues, useYesNo } from './components.js';

type PanelState = { kind: 'create' } | { kind: 'rename'; department: Department };

export function DepartmentsPage() {
  const t = useT();
  const yesNo = useYesNo();
  const departments = useResource<Department[]>('/api/admin/departments');
  const panel = usePanel<PanelState>();
  const notice = useNotice();
  const [toggling, setToggling] = useState<string | null>(null);
  const [toggleError, setToggleError] = useState<string | null>(null);
  const state = panel.state;

  function open(next: PanelState) {
    notice.clear();
    setToggleError(null);
    panel.open(next);
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
      setToggleError(e instanceof ApiError ? e.message : t('app.error'));
    } finally {
      setToggling(null);
      // The button was disabled while busy and may have lost focus; keep the keyboard user in place.
      requestAnimationFrame(() => document.getElementById(`toggle-${department.id}`)?.focus());
    }
  }

  return (
    <Page title={t('admin.departments.title')} intro={t('admin.departments.intro')}>
      <Notice notice={notice.notice} />
      {toggleError ? <Alert type="error">{toggleError}</Alert> : null}
      <div className="mr-admin-toolbar">
        <Button variant="primary" onClick={() => open({ kind: 'create' })} aria-expanded={state?.kind === 'create'}>
          {t('admin.departments.add')}
        </Button>
      </div>
      {state ? (
        <DepartmentForm
          key={state.kind === 'rename' ? state.department.id : 'create'}
          department={state.kind === 'rename' ? state.department : null}
          onCancel={panel.cancel}
          onDone={async (saved, created) => {
            await departments.reload();
            panel.close();
            notice.show(t(created ? 'admin.departments.created' : 'admin.departments.renamed', { name: saved.name }));
          }}
        />
      ) : null}
      <Loaded resource={departments}>
        {(list) =>
          list.length === 0 ? (
            <Paragraph>{t('admin.departments.empty')}</Paragraph>
          ) : (
            <Table caption={t('admin.departments.caption', { count: list.length })}>
              <THead>
                <Tr>
                  <Th>{t('admin.departments.col.name')}</Th>
                  <Th>{t('admin.departments.col.code')}</Th>
                  <Th>{t('admin.departments.col.active')}</Th>
                  <Th>{t('admin.actions')}</Th>
                </Tr>
              </THead>
              <TBody>
                {list.map((d) => (
                  <Tr key={d.id}>
                    <Th scope="row">{d.name}</Th>
                    <Td>
                      <code className="utrecht-code">{d.code}</code>
                    </Td>
                    <Td>{yesNo(d.active)}</Td>
                    <Td>
                      <div className="mr-admin-row-actions">
                        <Button onClick={() => open({ kind: 'rename', department: d })}>
                          {t('admin.departments.rename')}
                          <HiddenText> {d.name}</HiddenText>
                        </Button>
                        <Button id={`toggle-${d.id}`} variant="subtle" busy={toggling === d.id} onClick={() => void toggle(d)}>
                          {d.active ? t('admin.deactivate') : t('admin.activate')}
                          <HiddenText> {d.name}</HiddenText>
                        </Button>
                      </div>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )
        }
      </Loaded>
    </Page>
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

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
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
    <Panel title={department ? t('admin.departments.renameTitle', { name: department.name }) : t('admin.departments.createTitle')}>
      <form onSubmit={onSubmit} noValidate className="mr-stack mr-admin-form">
        <ErrorSummary title={t('app.formErrors')} errors={errors} />
        {form.message ? <Alert type="error">{form.message}</Alert> : null}
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
        <ButtonGroup>
          <Button type="submit" variant="primary" busy={form.busy}>
            {department ? t('admin.saveChanges') : t('admin.departments.add')}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
        </ButtonGroup>
      </form>
    </Panel>
  );
}
