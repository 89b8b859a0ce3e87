import type { z } from 'zod';
import {
  MEETING_KINDS,
  MEETING_LEVELS,
  meetingStructureInput,
  meetingStructureUpdateInput,
  type meetingStructure,
  type MeetingKind,
  type MeetingLevel,
} from '../../../shared/api/directory.js';
import { api } from '../../api/client.js';
import type { Partner } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { CheckboxField, ChoiceGroup, ListTable, Td, TextArea, TextField, Th, Tr } from '../../ui/index.js';
import { ListPage, PanelForm, RowButton, useFieldErrors, useListPage, useValues, useYesNo } from '../admin/components.js';

type Meeting = z.output<typeof meetingStructure>;
type PanelState = { kind: 'create' } | { kind: 'edit'; meeting: Meeting };

/** Functioneel beheer: the regional and local meeting structures (Bijlage 3–4) and their partners. */
export function MeetingStructuresPage() {
  const t = useT();
  const yesNo = useYesNo();
  const meetings = useResource<Meeting[]>('/api/admin/meeting-structures');
  const partners = useResource<Partner[]>('/api/admin/partners');
  const { panel, notice, open, done } = useListPage<PanelState>();
  const state = panel.state;
  return (
    <ListPage
      title={t('directory.nav.meetings')}
      intro={t('directory.admin.meetings.intro')}
      notice={notice.notice}
      addLabel={t('directory.admin.meetings.add')}
      adding={state?.kind === 'create'}
      onAdd={() => open({ kind: 'create' })}
    >
      {state && partners.data ? (
        <MeetingForm
          key={state.kind === 'edit' ? state.meeting.id : 'create'}
          meeting={state.kind === 'edit' ? state.meeting : null}
          partners={partners.data}
          onCancel={panel.cancel}
          onDone={async (saved, created) => {
            await meetings.reload();
            done(t(created ? 'directory.admin.meetings.created' : 'directory.admin.meetings.saved', { name: saved.name }));
          }}
        />
      ) : null}
      <Loaded resource={meetings}>
        {(list) => (
          <ListTable
            items={list}
            empty={t('directory.admin.meetings.empty')}
            caption={t('directory.admin.meetings.caption', { count: list.length })}
            columns={[
              t('directory.admin.meetings.name'),
              t('directory.meeting.level'),
              t('directory.meeting.frequency'),
              t('directory.admin.meetings.col.partners'),
              t('directory.admin.meetings.active'),
              t('admin.actions'),
            ]}
            row={(m) => (
              <Tr key={m.id}>
                <Th scope="row">{m.name}</Th>
                <Td>{`${t(`meetingLevel.${m.level}`)} · ${t(`meetingKind.${m.kind}`)}`}</Td>
                <Td>{m.frequency ?? t('admin.noValue')}</Td>
                <Td>{m.partners.length ? m.partners.map((p) => p.name).join(', ') : t('admin.noValue')}</Td>
                <Td>{yesNo(m.active)}</Td>
                <Td>
                  <RowButton row={m.name} onClick={() => open({ kind: 'edit', meeting: m })}>
                    {t('admin.edit')}
                  </RowButton>
                </Td>
              </Tr>
            )}
          />
        )}
      </Loaded>
    </ListPage>
  );
}

function MeetingForm({ meeting, partners, onCancel, onDone }: { meeting: Meeting | null; partners: Partner[]; onCancel(): void; onDone(saved: Meeting, created: boolean): void }) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({
    name: meeting?.name ?? '',
    code: meeting?.code ?? '',
    level: (meeting?.level ?? 'local') as MeetingLevel,
    kind: (meeting?.kind ?? 'operational') as MeetingKind,
    purpose: meeting?.purpose ?? '',
    chair: meeting?.chair ?? '',
    frequency: meeting?.frequency ?? '',
    otherParticipants: meeting?.otherParticipants ?? '',
    partnerIds: meeting?.partners.map((p) => p.id) ?? [],
    active: meeting?.active ?? true,
  });
  const { errors, errorFor } = useFieldErrors(form, { code: { 'v.invalid': t('admin.codeInvalid') } });

  async function onSubmit() {
    if (meeting) {
      const saved = await form.submit(meetingStructureUpdateInput, values, (data) =>
        // Empty texts are left out by validation; send them so that clearing a text is saved.
        api.patch<Meeting>(`/api/admin/meeting-structures/${meeting.id}`, {
          ...data,
          purpose: data.purpose ?? '',
          chair: data.chair ?? '',
          frequency: data.frequency ?? '',
          otherParticipants: data.otherParticipants ?? '',
          partnerIds: values.partnerIds,
        }),
      );
      if (saved) onDone(saved, false);
    } else {
      const saved = await form.submit(meetingStructureInput, values, (data) => api.post<Meeting>('/api/admin/meeting-structures', data));
      if (saved) onDone(saved, true);
    }
  }

  return (
    <PanelForm
      title={meeting ? t('directory.admin.meetings.editTitle', { name: meeting.name }) : t('directory.admin.meetings.createTitle')}
      form={form}
      errors={errors}
      submitLabel={meeting ? t('admin.saveChanges') : t('directory.admin.meetings.add')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextField name="name" label={t('directory.admin.meetings.name')} required autoComplete="off" value={values.name} onChange={(e) => set('name')(e.target.value)} error={errorFor('name')} />
      <TextField
        name="code"
        label={t('directory.admin.meetings.code')}
        description={t('admin.codeHint', { example: 'lokaal-ondermijningsoverleg' })}
        required
        autoComplete="off"
        spellCheck={false}
        value={values.code}
        onChange={(e) => set('code')(e.target.value)}
        error={errorFor('code')}
      />
      <ChoiceGroup
        name="level"
        legend={t('directory.meeting.level')}
        multiple={false}
        options={MEETING_LEVELS.map((l) => ({ value: l, label: t(`meetingLevel.${l}`) }))}
        value={[values.level]}
        onChange={(v) => set('level')(v[0] ?? 'local')}
        error={errorFor('level')}
      />
      <ChoiceGroup
        name="kind"
        legend={t('directory.admin.meetings.kind')}
        multiple={false}
        options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meetingKind.${k}`) }))}
        value={[values.kind]}
        onChange={(v) => set('kind')(v[0] ?? 'operational')}
        error={errorFor('kind')}
      />
      <TextArea name="purpose" label={t('directory.admin.meetings.purpose')} optionalText={t('app.optional')} rows={3} value={values.purpose} onChange={(e) => set('purpose')(e.target.value)} error={errorFor('purpose')} />
      <TextField name="chair" label={t('directory.admin.meetings.chair')} description={t('directory.admin.meetings.chairHint')} optionalText={t('app.optional')} value={values.chair} onChange={(e) => set('chair')(e.target.value)} error={errorFor('chair')} />
      <TextField name="frequency" label={t('directory.admin.meetings.frequency')} description={t('directory.admin.meetings.frequencyHint')} optionalText={t('app.optional')} value={values.frequency} onChange={(e) => set('frequency')(e.target.value)} error={errorFor('frequency')} />
      <ChoiceGroup
        name="partnerIds"
        legend={t('directory.admin.meetings.partners')}
        multiple
        options={partners.map((p) => ({ value: p.id, label: p.name }))}
        value={values.partnerIds}
        onChange={set('partnerIds')}
        error={errorFor('partnerIds')}
      />
      <TextArea
        name="otherParticipants"
        label={t('directory.admin.meetings.others')}
        description={t('directory.admin.meetings.othersHint')}
        optionalText={t('app.optional')}
        rows={3}
        value={values.otherParticipants}
        onChange={(e) => set('otherParticipants')(e.target.value)}
        error={errorFor('otherParticipants')}
      />
      <CheckboxField name="active" label={t('directory.admin.meetings.active')} checked={values.active} onChange={(e) => set('active')(e.target.checked)} error={errorFor('active')} />
    </PanelForm>
  );
}
