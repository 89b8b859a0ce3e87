import { useState } from 'react';
import type { z } from 'zod';
import { liaisonInput, liaisonNetworkInput, liaisonUpdateInput, type adminLiaisons, type liaison, type meetingStructure } from '../../../shared/api/directory.js';
import { api } from '../../api/client.js';
import type { AdminUser, Department } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Button, FormErrors, Heading, ListTable, Paragraph, SelectField, Td, TextArea, TextField, Th, Tr } from '../../ui/index.js';
import { useFormat } from '../reporting/format.js';
import { ConfirmPanel, ListPage, PanelForm, RowButton, useListPage, useValues } from '../admin/components.js';

type Liaison = z.output<typeof liaison>;
type Network = z.output<typeof adminLiaisons>['network'];
type Meeting = z.output<typeof meetingStructure>;
type PanelState = { kind: 'create' } | { kind: 'edit'; liaison: Liaison } | { kind: 'remove'; liaison: Liaison };

/** Roles that may be a department's liaison (the server checks this too). */
const LIAISON_ROLES = ['liaison', 'coordinator', 'deputy_coordinator'];

/** Functioneel beheer: the liaison network — who is the liaison of which department, their availability, the monthly meeting. */
export function LiaisonsPage() {
  const t = useT();
  const f = useFormat();
  const data = useResource<z.output<typeof adminLiaisons>>('/api/admin/liaisons');
  const users = useResource<AdminUser[]>('/api/admin/users');
  const departments = useResource<Department[]>('/api/admin/departments');
  const meetings = useResource<Meeting[]>('/api/admin/meeting-structures');
  const { panel, notice, open, done } = useListPage<PanelState>();
  const state = panel.state;
  const candidates = (users.data ?? []).filter((u) => u.active && LIAISON_ROLES.includes(u.role));

  return (
    <ListPage
      title={t('directory.admin.liaisons.title')}
      intro={t('directory.admin.liaisons.intro')}
      notice={notice.notice}
      addLabel={t('directory.admin.liaisons.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
    >
      {state?.kind === 'remove' ? (
        <ConfirmPanel
          title={t('directory.admin.liaisons.removeTitle', { name: state.liaison.department.name })}
          text={t('directory.admin.liaisons.removeText')}
          confirmLabel={t('directory.admin.liaisons.remove')}
          onCancel={panel.cancel}
          onConfirm={async () => {
            await api.delete(`/api/admin/liaisons/${state.liaison.id}`);
            await data.reload();
            done(t('directory.admin.liaisons.removed', { name: state.liaison.department.name }));
          }}
        />
      ) : state && departments.data ? (
        <LiaisonForm
          key={state.kind === 'edit' ? state.liaison.id : 'create'}
          liaison={state.kind === 'edit' ? state.liaison : null}
          departments={departments.data.filter((d) => d.active)}
          candidates={candidates}
          onCancel={panel.cancel}
          onDone={async (saved, created) => {
            await data.reload();
            done(t(created ? 'directory.admin.liaisons.created' : 'directory.admin.liaisons.saved', { name: saved.department.name }));
          }}
        />
      ) : null}
      <Loaded resource={data}>
        {({ liaisons, network }) => (
          <>
            <ListTable
              items={liaisons}
              empty={t('directory.admin.liaisons.empty')}
              caption={t('directory.admin.liaisons.caption', { count: liaisons.length })}
              columns={[
                t('directory.admin.liaisons.department'),
                t('directory.admin.liaisons.user'),
                t('directory.admin.liaisons.availability'),
                t('directory.admin.liaisons.awayUntil'),
                t('admin.actions'),
              ]}
              row={(l) => (
                <Tr key={l.id}>
                  <Th scope="row">{l.department.name}</Th>
                  <Td>{l.user ? (l.user.active ? l.user.displayName : t('admin.inactiveSuffix', { name: l.user.displayName })) : t('directory.admin.liaisons.unassigned')}</Td>
                  <Td>{l.availability ?? t('admin.noValue')}</Td>
                  <Td>{l.awayUntil ? f.date(l.awayUntil) : t('admin.noValue')}</Td>
                  <Td>
                    <RowButton row={l.department.name} onClick={() => open({ kind: 'edit', liaison: l })}>
                      {t('admin.edit')}
                    </RowButton>{' '}
                    <RowButton row={l.department.name} onClick={() => open({ kind: 'remove', liaison: l })}>
                      {t('directory.admin.liaisons.remove')}
                    </RowButton>
                  </Td>
                </Tr>
              )}
            />
            {meetings.data ? <NetworkForm key={JSON.stringify(network)} network={network} meetings={meetings.data.filter((m) => m.active)} onSaved={async () => {
              await data.reload();
              notice.show(t('directory.admin.liaisons.networkSaved'));
            }} /> : null}
          </>
        )}
      </Loaded>
    </ListPage>
  );
}

function LiaisonForm({
  liaison,
  departments,
  candidates,
  onCancel,
  onDone,
}: {
  liaison: Liaison | null;
  departments: Department[];
  candidates: AdminUser[];
  onCancel(): void;
  onDone(saved: Liaison, created: boolean): void;
}) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({
    departmentId: liaison?.department.id ?? '',
    userId: liaison?.user?.id ?? '',
    availability: liaison?.availability ?? '',
    awayUntil: liaison?.awayUntil ?? '',
  });

  async function onSubmit() {
    const value = { ...values, userId: values.userId || null, awayUntil: values.awayUntil || null };
    if (liaison) {
      const saved = await form.submit(liaisonUpdateInput, value, (data) =>
        api.patch<Liaison>(`/api/admin/liaisons/${liaison.id}`, { ...data, availability: data.availability ?? '', awayUntil: data.awayUntil ?? null }),
      );
      if (saved) onDone(saved, false);
    } else {
      const saved = await form.submit(liaisonInput, value, (data) => api.post<Liaison>('/api/admin/liaisons', data));
      if (saved) onDone(saved, true);
    }
  }

  return (
    <PanelForm
      title={liaison ? t('directory.admin.liaisons.editTitle', { name: liaison.department.name }) : t('directory.admin.liaisons.createTitle')}
      form={form}
      errors={form.errors}
      submitLabel={liaison ? t('admin.saveChanges') : t('directory.admin.liaisons.add')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <SelectField
        name="departmentId"
        label={t('directory.admin.liaisons.department')}
        required
        placeholder={t('directory.admin.liaisons.departmentPlaceholder')}
        options={departments.map((d) => ({ value: d.id, label: d.name }))}
        value={values.departmentId}
        onChange={(e) => set('departmentId')(e.target.value)}
        error={form.errorFor('departmentId')}
      />
      <SelectField
        name="userId"
        label={t('directory.admin.liaisons.user')}
        description={t('directory.admin.liaisons.userHint')}
        optionalText={t('app.optional')}
        placeholder={t('directory.admin.liaisons.userPlaceholder')}
        options={candidates.map((u) => ({ value: u.id, label: u.departmentName ? `${u.displayName} (${u.departmentName})` : u.displayName }))}
        value={values.userId}
        onChange={(e) => set('userId')(e.target.value)}
        error={form.errorFor('userId')}
      />
      <TextField
        name="availability"
        label={t('directory.admin.liaisons.availability')}
        description={t('directory.admin.liaisons.availabilityHint')}
        optionalText={t('app.optional')}
        value={values.availability}
        onChange={(e) => set('availability')(e.target.value)}
        error={form.errorFor('availability')}
      />
      <TextField
        name="awayUntil"
        type="date"
        label={t('directory.admin.liaisons.awayUntil')}
        description={t('directory.admin.liaisons.awayUntilHint')}
        optionalText={t('app.optional')}
        value={values.awayUntil}
        onChange={(e) => set('awayUntil')(e.target.value)}
        error={form.errorFor('awayUntil')}
      />
    </PanelForm>
  );
}

function NetworkForm({ network, meetings, onSaved }: { network: Network; meetings: Meeting[]; onSaved(): Promise<void> }) {
  const t = useT();
  const form = useFormSubmit();
  const [meetingStructureId, setMeeting] = useState(network.meeting?.id ?? '');
  const [note, setNote] = useState(network.note ?? '');
  return (
    <section className="mr-card" aria-labelledby="liaison-network">
      <Heading level={2} id="liaison-network">
        {t('directory.admin.liaisons.network')}
      </Heading>
      <Paragraph>{t('directory.admin.liaisons.networkIntro')}</Paragraph>
      <form
        noValidate
        className="mr-stack mr-admin-form"
        onSubmit={(event) => {
          event.preventDefault();
          void form
            .submit(liaisonNetworkInput, { meetingStructureId: meetingStructureId || null, note: note || null }, (data) => api.put('/api/admin/liaison-network', data))
            .then((saved) => (saved ? onSaved() : undefined));
        }}
      >
        <FormErrors title={t('app.formErrors')} errors={form.errors} message={form.message} />
        <SelectField
          name="meetingStructureId"
          label={t('directory.admin.liaisons.meeting')}
          optionalText={t('app.optional')}
          placeholder={t('directory.admin.liaisons.meetingPlaceholder')}
          options={meetings.map((m) => ({ value: m.id, label: m.frequency ? `${m.name} (${m.frequency})` : m.name }))}
          value={meetingStructureId}
          onChange={(e) => setMeeting(e.target.value)}
          error={form.errorFor('meetingStructureId')}
        />
        <TextArea
          name="note"
          label={t('directory.admin.liaisons.note')}
          description={t('directory.admin.liaisons.noteHint')}
          optionalText={t('app.optional')}
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={form.errorFor('note')}
        />
        <Button type="submit" variant="primary" busy={form.busy}>
          {t('directory.admin.liaisons.saveNetwork')}
        </Button>
      </form>
    </section>
  );
}
