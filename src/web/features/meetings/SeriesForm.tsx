import { MEETING_CADENCES, seriesInput, seriesUpdateInput, type MeetingCadence } from '../../../shared/api/meetings.js';
import { api } from '../../api/client.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Button, CheckboxField, ChoiceGroup, Fieldset, Paragraph, TextField } from '../../ui/index.js';
import { PanelForm, useValues } from '../admin/components.js';
import { groupListErrors } from './common.js';
import type { MeetingPerson, SeriesView } from './types.js';

type Guest = { name: string; organisation: string };

/** Create or change a meeting series: name, cadence, first date, time, duration, place, users and guests. */
export function SeriesForm({
  series,
  people,
  onCancel,
  onDone,
}: {
  series: SeriesView | null;
  people: readonly MeetingPerson[];
  onCancel(): void;
  onDone(saved: SeriesView, created: boolean): void;
}) {
  const t = useT();
  const form = useFormSubmit();
  const [values, set] = useValues({
    name: series?.name ?? '',
    cadence: (series?.cadence ?? 'every_4_weeks') as MeetingCadence,
    firstDate: series?.firstDate ?? '',
    startTime: series?.startTime ?? '10:00',
    durationMinutes: String(series?.durationMinutes ?? 90),
    location: series?.location ?? '',
    participantUserIds: series?.participants.flatMap((p) => (p.userId ? [p.userId] : [])) ?? [],
    guests: series?.participants.flatMap((p) => (p.userId ? [] : [{ name: p.name, organisation: p.organisation ?? '' }])) ?? ([] as Guest[]),
    active: series?.active ?? true,
  });
  // A participant who is no longer an active user stays listed (and can be taken off).
  const choices = [
    ...people.map((p) => ({ value: p.id, label: personLabel(t, p) })),
    ...(series?.participants ?? [])
      .filter((p) => p.userId && !people.some((u) => u.id === p.userId))
      .map((p) => ({ value: p.userId!, label: t('meet.series.inactiveUser', { name: p.name }) })),
  ];
  const errors = groupListErrors(form.errors, ['participantUserIds']);
  const errorFor = (path: string) => errors.find((e) => e.path === path)?.message;

  const setGuest = (index: number, patch: Partial<Guest>) => set('guests')(values.guests.map((g, i) => (i === index ? { ...g, ...patch } : g)));

  async function onSubmit() {
    const raw = values.durationMinutes.trim();
    const value = {
      name: values.name,
      cadence: values.cadence,
      firstDate: values.firstDate,
      startTime: values.startTime,
      durationMinutes: /^\d+$/.test(raw) ? Number(raw) : raw,
      location: values.location,
      participantUserIds: values.participantUserIds,
      guests: values.guests,
      ...(series ? { active: values.active } : {}),
    };
    if (series) {
      const saved = await form.submit(seriesUpdateInput, value, (data) => api.patch<SeriesView>(`/api/meeting-series/${series.id}`, { ...data, location: data.location ?? '' }) /* an emptied place clears it */);
      if (saved) onDone(saved, false);
    } else {
      const saved = await form.submit(seriesInput, value, (data) => api.post<SeriesView>('/api/meeting-series', data));
      if (saved) onDone(saved, true);
    }
  }

  return (
    <PanelForm
      title={series ? t('meet.series.editTitle', { name: series.name }) : t('meet.series.createTitle')}
      form={form}
      errors={errors}
      submitLabel={series ? t('meet.saveChanges') : t('meet.series.create')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <TextField name="name" label={t('meet.series.field.name')} description={t('meet.series.field.nameHint')} required autoComplete="off" value={values.name} onChange={(e) => set('name')(e.target.value)} error={errorFor('name')} />
      <ChoiceGroup
        name="cadence"
        legend={t('meet.series.field.cadence')}
        multiple={false}
        options={MEETING_CADENCES.map((c) => ({ value: c, label: t(`meet.cadence.${c}`) }))}
        value={[values.cadence]}
        onChange={(v) => set('cadence')(v[0] ?? 'every_4_weeks')}
        error={errorFor('cadence')}
      />
      <TextField
        name="firstDate"
        type="date"
        label={t('meet.series.field.firstDate')}
        description={t('meet.series.field.firstDateHint')}
        required
        value={values.firstDate}
        onChange={(e) => set('firstDate')(e.target.value)}
        error={errorFor('firstDate')}
      />
      <div className="mr-row">
        <TextField name="startTime" type="time" label={t('meet.series.field.startTime')} required value={values.startTime} onChange={(e) => set('startTime')(e.target.value)} error={errorFor('startTime')} />
        <TextField
          name="durationMinutes"
          label={t('meet.series.field.duration')}
          description={t('meet.series.field.durationHint')}
          required
          inputMode="numeric"
          autoComplete="off"
          size="house-number"
          value={values.durationMinutes}
          onChange={(e) => set('durationMinutes')(e.target.value)}
          error={errorFor('durationMinutes')}
        />
      </div>
      <TextField name="location" label={t('meet.series.field.location')} optionalText={t('app.optional')} autoComplete="off" value={values.location} onChange={(e) => set('location')(e.target.value)} error={errorFor('location')} />
      <ChoiceGroup
        name="participantUserIds"
        legend={t('meet.series.field.participants')}
        description={t('meet.series.field.participantsHint')}
        multiple
        options={choices}
        value={values.participantUserIds}
        onChange={(v) => set('participantUserIds')(v)}
        error={errorFor('participantUserIds')}
      />
      <Fieldset legend={t('meet.series.field.guests')}>
        <Paragraph>{t('meet.series.field.guestsHint')}</Paragraph>
        {errorFor('guests') ? <div className="utrecht-form-field-error-message">{errorFor('guests')}</div> : null}
        {values.guests.map((g, i) => (
          <Fieldset key={i} legend={t('meet.series.guest', { n: i + 1 })}>
            <div className="mr-row">
              <TextField name={`guests.${i}.name`} label={t('meet.series.guestName')} required autoComplete="off" value={g.name} onChange={(e) => setGuest(i, { name: e.target.value })} error={errorFor(`guests.${i}.name`)} />
              <TextField
                name={`guests.${i}.organisation`}
                label={t('meet.series.guestOrganisation')}
                required
                autoComplete="off"
                value={g.organisation}
                onChange={(e) => setGuest(i, { organisation: e.target.value })}
                error={errorFor(`guests.${i}.organisation`)}
              />
              <Button variant="subtle" onClick={() => set('guests')(values.guests.filter((_, j) => j !== i))}>
                {t('meet.series.removeGuest', { n: i + 1 })}
              </Button>
            </div>
          </Fieldset>
        ))}
        <Button onClick={() => set('guests')([...values.guests, { name: '', organisation: '' }])}>{t('meet.series.addGuest')}</Button>
      </Fieldset>
      {series ? (
        <CheckboxField name="active" label={t('meet.series.field.active')} description={t('meet.series.field.activeHint')} checked={values.active} onChange={(e) => set('active')(e.target.checked)} />
      ) : null}
    </PanelForm>
  );
}

function personLabel(t: ReturnType<typeof useT>, p: MeetingPerson): string {
  const role = t(`role.${p.role}`);
  return p.department ? t('meet.series.personWithDepartment', { name: p.displayName, role, department: p.department }) : t('meet.series.person', { name: p.displayName, role });
}
