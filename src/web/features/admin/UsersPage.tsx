import { userInput, userUpdateInput } from '../../../shared/api/admin.js';
import { ROLES, type Role } from '../../../shared/domain.js';
import { api } from '../../api/client.js';
import type { AdminUser, CreatedUser, Department } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useUser } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Alert, CheckboxField, ListTable, SelectField, Td, TextField, Th, Tr } from '../../ui/index.js';
import { ConfirmPanel, ListPage, PanelForm, RowButton, TemporaryPasswordPanel, useListPage, useValues, useYesNo } from './components.js';
import { orNull } from './labels.js';

type PanelState =
  | { kind: 'create' }
  | { kind: 'edit'; user: AdminUser }
  | { kind: 'reset'; user: AdminUser }
  | { kind: 'password'; name: string; username: string; password: string };

export function UsersPage() {
  const t = useT();
  const me = useUser();
  const yesNo = useYesNo();
  const users = useResource<AdminUser[]>('/api/admin/users');
  const departments = useResource<Department[]>('/api/admin/departments');
  const { panel, notice, open, done } = useListPage<PanelState>();
  const state = panel.state;

  return (
    <ListPage
      title={t('admin.users.title')}
      intro={t('admin.users.intro')}
      notice={notice.notice}
      top={
        state?.kind === 'password' ? (
          <TemporaryPasswordPanel name={state.name} username={state.username} password={state.password} onClose={panel.cancel} />
        ) : null
      }
      addLabel={t('admin.users.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
    >
      {state?.kind === 'create' || state?.kind === 'edit' ? (
        <UserForm
          key={state.kind === 'edit' ? state.user.id : 'create'}
          user={state.kind === 'edit' ? state.user : null}
          isSelf={state.kind === 'edit' && state.user.id === me.id}
          departments={departments.data ?? []}
          onCancel={panel.cancel}
          onCreated={async (created) => {
            await users.reload();
            if (created.temporaryPassword) {
              notice.show(t('admin.users.created', { name: created.user.displayName }), { focus: false });
              panel.open({ kind: 'password', name: created.user.displayName, username: created.user.username, password: created.temporaryPassword }, { followUp: true });
            } else {
              done(t('admin.users.created', { name: created.user.displayName }));
            }
          }}
          onSaved={async (saved) => {
            await users.reload();
            done(t('admin.users.saved', { name: saved.displayName }));
          }}
        />
      ) : null}
      {state?.kind === 'reset' ? (
        <ConfirmPanel
          key={state.user.id}
          title={t('admin.users.resetTitle', { name: state.user.displayName })}
          text={t('admin.users.resetText', { name: state.user.displayName })}
          confirmLabel={t('admin.users.resetConfirm')}
          onConfirm={async () => {
            const { user } = state;
            const result = await api.post<{ temporaryPassword: string }>(`/api/admin/users/${user.id}/reset-password`);
            await users.reload();
            notice.show(t('admin.users.resetDone', { name: user.displayName }), { focus: false });
            panel.open({ kind: 'password', name: user.displayName, username: user.username, password: result.temporaryPassword }, { followUp: true });
          }}
          onCancel={panel.cancel}
        />
      ) : null}
      <Loaded resource={users}>
        {(list) => (
          <ListTable
            items={list}
            empty={t('admin.users.empty')}
            caption={t('admin.users.caption', { count: list.length })}
            columns={[
              t('admin.users.col.name'),
              t('admin.users.col.username'),
              t('admin.users.col.role'),
              t('admin.users.col.department'),
              t('admin.users.col.active'),
              t('admin.users.col.mustChange'),
              t('admin.actions'),
            ]}
            row={(user) => (
              <Tr key={user.id}>
                <Th scope="row">
                  {user.displayName}
                  {user.id === me.id ? ` ${t('admin.users.you')}` : null}
                </Th>
                <Td>{user.username}</Td>
                <Td>{t(`role.${user.role}`)}</Td>
                <Td>{user.departmentName ?? t('admin.noValue')}</Td>
                <Td>{yesNo(user.active)}</Td>
                <Td>{yesNo(user.mustChangePassword)}</Td>
                <Td>
                  <div className="mr-admin-row-actions">
                    <RowButton row={user.displayName} onClick={() => open({ kind: 'edit', user })}>
                      {t('admin.edit')}
                    </RowButton>
                    <RowButton row={user.displayName} variant="subtle" onClick={() => open({ kind: 'reset', user })}>
                      {t('admin.users.reset')}
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

function UserForm({
  user,
  isSelf,
  departments,
  onCancel,
  onCreated,
  onSaved,
}: {
  user: AdminUser | null;
  isSelf: boolean;
  departments: Department[];
  onCancel(): void;
  onCreated(created: CreatedUser): void;
  onSaved(user: AdminUser): void;
}) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({
    username: '',
    displayName: user?.displayName ?? '',
    email: user?.email ?? '',
    role: (user?.role ?? 'reporter') as Role,
    departmentId: user?.departmentId ?? '',
    password: '',
    active: user?.active ?? true,
  });

  const departmentOptions = departments
    .filter((d) => d.active || d.id === user?.departmentId)
    .map((d) => ({ value: d.id, label: d.active ? d.name : t('admin.inactiveSuffix', { name: d.name }) }));

  async function onSubmit() {
    if (user) {
      const saved = await form.submit(
        userUpdateInput,
        {
          displayName: values.displayName,
          email: values.email.trim() === '' ? null : values.email,
          role: values.role,
          departmentId: orNull(values.departmentId),
          active: values.active,
        },
        (data) => api.patch<AdminUser>(`/api/admin/users/${user.id}`, data),
      );
      if (saved) onSaved(saved);
    } else {
      const created = await form.submit(
        userInput,
        {
          username: values.username,
          displayName: values.displayName,
          email: values.email,
          role: values.role,
          departmentId: values.departmentId,
          password: values.password,
        },
        (data) => api.post<CreatedUser>('/api/admin/users', data),
      );
      if (created) onCreated(created);
    }
  }

  return (
    <PanelForm
      title={user ? t('admin.users.editTitle', { name: user.displayName }) : t('admin.users.createTitle')}
      form={form}
      errors={form.errors}
      submitLabel={user ? t('admin.saveChanges') : t('admin.users.submitCreate')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      {isSelf ? <Alert type="info">{t('admin.users.selfHint')}</Alert> : null}
      {user ? null : (
        <TextField
          name="username"
          label={t('admin.users.field.username')}
          description={t('admin.users.field.usernameHint')}
          required
          autoComplete="off"
          spellCheck={false}
          value={values.username}
          onChange={(e) => set('username')(e.target.value)}
          error={form.errorFor('username')}
        />
      )}
      <TextField
        name="displayName"
        label={t('admin.users.field.displayName')}
        description={t('admin.users.field.displayNameHint')}
        required
        autoComplete="off"
        value={values.displayName}
        onChange={(e) => set('displayName')(e.target.value)}
        error={form.errorFor('displayName')}
      />
      <TextField
        name="email"
        type="email"
        label={t('admin.users.field.email')}
        optionalText={t('app.optional')}
        autoComplete="off"
        spellCheck={false}
        value={values.email}
        onChange={(e) => set('email')(e.target.value)}
        error={form.errorFor('email')}
      />
      <SelectField
        name="role"
        label={t('admin.users.field.role')}
        description={t('admin.users.field.roleHint')}
        required
        options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        value={values.role}
        onChange={(e) => set('role')(e.target.value as Role)}
        error={form.errorFor('role')}
      />
      <SelectField
        name="departmentId"
        label={t('admin.users.field.department')}
        description={t('admin.users.field.departmentHint')}
        optionalText={t('app.optional')}
        placeholder={t('admin.users.field.noDepartment')}
        options={departmentOptions}
        value={values.departmentId}
        onChange={(e) => set('departmentId')(e.target.value)}
        error={form.errorFor('departmentId')}
      />
      {user ? (
        <CheckboxField
          name="active"
          label={t('admin.users.field.active')}
          description={t('admin.users.field.activeHint')}
          checked={values.active}
          onChange={(e) => set('active')(e.target.checked)}
          error={form.errorFor('active')}
        />
      ) : (
        <TextField
          name="password"
          type="password"
          label={t('admin.users.field.password')}
          description={t('admin.users.field.passwordHint')}
          optionalText={t('app.optional')}
          autoComplete="new-password"
          value={values.password}
          onChange={(e) => set('password')(e.target.value)}
          error={form.errorFor('password')}
        />
      )}
    </PanelForm>
  );
}
