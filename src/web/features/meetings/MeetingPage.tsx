import { useEffect, useState, type ReactNode } from 'react';
import { useLocation, useParams } from 'react-router';
import { actionInput, itemInput, itemUpdateInput, meetingUpdateInput, minutesInput } from '../../../shared/api/meetings.js';
import { api } from '../../api/client.js';
import type { SignalDetail } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, Button, ButtonGroup, ChoiceGroup, DataList, Heading, Link, ListTable, Paragraph, SelectField, Td, TextArea, TextField, Th, Tr } from '../../ui/index.js';
import { errorText, HiddenText, Notice, Panel, useNotice } from '../admin/components.js';
import { todayIso, useFormat } from '../coordinator/format.js';
import { ActionDetails, StepForm, usePrefixedForm } from '../coordinator/parts.js';
import '../coordinator/coordinator.css';
import { groupListErrors, MeetingStatusBadge, ParticipantList, timeRange } from './common.js';
import type { AgendaCandidate, AgendaItemView, MeetingPerson, MeetingView } from './types.js';

type Notify = (text: string, options?: { focus?: boolean }) => void;
type Owner = { id: string; name: string };

/**
 * One meeting (issue 6.1): header, participants and the agenda. Participants read the pseudonymised
 * agenda (and minutes once written). The coordinator and deputy build the agenda while it is a draft
 * (signals marked for discussion, other topics, order), publish it, minute it, assign action items
 * and make the minutes final. Everyone who may read it can download it as PDF.
 */
export function MeetingPage() {
  const t = useT();
  const f = useFormat();
  const { id } = useParams();
  const location = useLocation();
  const meeting = useResource<MeetingView>(`/api/meetings/${id ?? ''}`);
  const notice = useNotice();
  const planned = (location.state as { notice?: string } | null)?.notice;
  useEffect(() => {
    if (planned) notice.show(planned, { focus: false });
  }, [planned, notice.show]);

  const title = meeting.data ? t('meet.meeting.title', { series: meeting.data.seriesName, date: f.date(meeting.data.date) }) : t('meet.meeting.loadingTitle');
  return (
    <Page title={title}>
      <Paragraph>
        <Link to="/overleggen">{t('meet.meeting.back')}</Link>
      </Paragraph>
      <Notice notice={notice.notice} />
      <Loaded resource={meeting}>{(m) => <MeetingContent meeting={m} reload={meeting.reload} notify={notice.show} />}</Loaded>
    </Page>
  );
}

function MeetingContent({ meeting, reload, notify }: { meeting: MeetingView; reload(): Promise<void>; notify: Notify }) {
  const t = useT();
  const f = useFormat();
  const manage = meeting.canManage;
  const editable = manage && (meeting.status === 'draft' || meeting.status === 'published');
  const people = useResource<MeetingPerson[]>(manage ? '/api/meeting-series/people' : null);
  const candidates = useResource<AgendaCandidate[]>(editable ? `/api/meetings/${meeting.id}/candidates` : null);
  const reloadAll = async () => {
    await Promise.all([reload(), editable ? candidates.reload() : Promise.resolve()]);
  };

  // Owners of action items: the users taking part, and the coordinator and deputy.
  const owners: Owner[] = [
    ...meeting.participants.flatMap((p) => (p.userId ? [{ id: p.userId, name: p.name }] : [])),
    ...(people.data ?? [])
      .filter((p) => (p.role === 'coordinator' || p.role === 'deputy_coordinator') && !meeting.participants.some((x) => x.userId === p.id))
      .map((p) => ({ id: p.id, name: p.displayName })),
  ];

  const statusText =
    meeting.status === 'draft'
      ? t('meet.meeting.draftText')
      : meeting.status === 'published'
        ? t('meet.meeting.publishedText', { date: f.stamp(meeting.agendaPublishedAt) })
        : meeting.status === 'held'
          ? t('meet.meeting.heldText', { date: f.stamp(meeting.minutesFinalisedAt) })
          : t('meet.meeting.cancelledText');

  return (
    <>
      <DataList
        items={[
          { label: t('meet.meeting.series'), value: meeting.seriesName },
          { label: t('meet.meeting.date'), value: f.date(meeting.date) },
          { label: t('meet.meeting.time'), value: timeRange(meeting.startTime, meeting.durationMinutes) },
          { label: t('meet.meeting.location'), value: meeting.location ?? t('meet.none') },
          { label: t('meet.meeting.status'), value: <MeetingStatusBadge status={meeting.status} /> },
        ]}
      />
      <Paragraph>{statusText}</Paragraph>
      {editable ? (
        <ActionDetails summary={t('meet.details.summary')}>
          {(close) => (
            <DetailsForm
              meeting={meeting}
              onDone={async () => {
                close();
                await reload();
                notify(t('meet.details.saved'));
              }}
            />
          )}
        </ActionDetails>
      ) : null}
      {manage ? <Paragraph>{t('meet.meeting.privacyManager')}</Paragraph> : <Paragraph>{t('meet.meeting.privacyParticipant')}</Paragraph>}
      <Paragraph>
        <a className="utrecht-link" href={`/api/meetings/${meeting.id}/pdf`} download>
          {t('meet.meeting.pdf')}
        </a>{' '}
        <span className="mr-meta">{t('meet.meeting.pdfHint')}</span>
      </Paragraph>

      <section aria-labelledby="meeting-participants" className="mr-section">
        <Heading level={2} id="meeting-participants">
          {t('meet.meeting.participants')}
        </Heading>
        <ParticipantList participants={meeting.participants} />
      </section>

      <section aria-labelledby="meeting-agenda" className="mr-section">
        <Heading level={2} id="meeting-agenda">
          {t('meet.agenda.title')}
        </Heading>
        {meeting.items.length === 0 ? (
          <Paragraph>{t('meet.agenda.empty')}</Paragraph>
        ) : (
          <ol className="mr-agenda">
            {meeting.items.map((item, index) => (
              <AgendaItem key={item.id} meeting={meeting} item={item} index={index} editable={editable} owners={owners} reload={reloadAll} notify={notify} />
            ))}
          </ol>
        )}
      </section>

      {editable ? (
        <>
          <section aria-labelledby="meeting-candidates" className="mr-section">
            <Heading level={2} id="meeting-candidates">
              {t('meet.candidates.title')}
            </Heading>
            <Paragraph>{t('meet.candidates.intro')}</Paragraph>
            <Loaded resource={candidates}>
              {(list) =>
                list.length === 0 ? (
                  <Paragraph>{t('meet.candidates.empty')}</Paragraph>
                ) : (
                  <>
                    {list.map((c) => (
                      <CandidateForm key={c.signalId} meetingId={meeting.id} candidate={c} reload={reloadAll} notify={notify} />
                    ))}
                  </>
                )
              }
            </Loaded>
          </section>
          <section aria-labelledby="meeting-topic" className="mr-section">
            <Heading level={2} id="meeting-topic">
              {t('meet.topic.title')}
            </Heading>
            <TopicForm meetingId={meeting.id} reload={reloadAll} notify={notify} />
          </section>
        </>
      ) : null}

      {editable ? <StatusActions meeting={meeting} reload={reloadAll} notify={notify} /> : null}
    </>
  );
}

/** Publish, make the minutes final, or cancel — each after a confirmation. */
function StatusActions({ meeting, reload, notify }: { meeting: MeetingView; reload(): Promise<void>; notify: Notify }) {
  const t = useT();
  const [confirm, setConfirm] = useState<'publish' | 'finalise' | 'cancel' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(step: 'publish' | 'finalise' | 'cancel') {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/meetings/${meeting.id}/${step}`);
      setConfirm(null);
      await reload();
      notify(t(`meet.${step}.done`));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="meeting-status-actions" className="mr-section">
      <Heading level={2} id="meeting-status-actions">
        {meeting.status === 'draft' ? t('meet.publish.heading') : t('meet.finalise.heading')}
      </Heading>
      <Paragraph>{meeting.status === 'draft' ? t('meet.publish.intro') : t('meet.finalise.intro')}</Paragraph>
      {confirm ? (
        <Panel title={t(`meet.${confirm}.confirmTitle`)} tone="warning">
          <Paragraph>{t(`meet.${confirm}.confirmText`)}</Paragraph>
          {error ? <Alert type="error">{error}</Alert> : null}
          <ButtonGroup>
            <Button variant={confirm === 'cancel' ? 'danger' : 'primary'} busy={busy} onClick={() => void run(confirm)}>
              {t(`meet.${confirm}.confirm`)}
            </Button>
            <Button onClick={() => setConfirm(null)}>{t('app.cancel')}</Button>
          </ButtonGroup>
        </Panel>
      ) : (
        <ButtonGroup>
          {meeting.status === 'draft' ? (
            <Button variant="primary" onClick={() => setConfirm('publish')}>
              {t('meet.publish.button')}
            </Button>
          ) : (
            <Button variant="primary" onClick={() => setConfirm('finalise')}>
              {t('meet.finalise.button')}
            </Button>
          )}
          <Button variant="subtle" onClick={() => setConfirm('cancel')}>
            {t('meet.cancel.button')}
          </Button>
        </ButtonGroup>
      )}
    </section>
  );
}

function itemLabel(t: ReturnType<typeof useT>, item: AgendaItemView): string {
  return item.kind === 'signal' ? t('meet.item.signal', { number: item.signalNumber ?? '' }) : (item.title ?? '');
}

function AgendaItem({
  meeting,
  item,
  index,
  editable,
  owners,
  reload,
  notify,
}: {
  meeting: MeetingView;
  item: AgendaItemView;
  index: number;
  editable: boolean;
  owners: Owner[];
  reload(): Promise<void>;
  notify: Notify;
}) {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = itemLabel(t, item);
  const headingId = `item-${item.id}`;
  const minuting = meeting.canManage && meeting.status === 'published';
  const showMinutes = meeting.status === 'published' || meeting.status === 'held';
  const last = meeting.items.length - 1;

  async function run(send: () => Promise<unknown>, done: string, focusId?: string) {
    setBusy(true);
    setError(null);
    try {
      await send();
      await reload();
      notify(done, { focus: !focusId });
      if (focusId) requestAnimationFrame(() => document.getElementById(focusId)?.focus());
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  function move(delta: -1 | 1) {
    const ids = meeting.items.map((i) => i.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + delta, 0, moved!);
    const target = index + delta;
    // Keep focus on the button pressed, or on the other one when the item reached the top or bottom.
    const focus = delta < 0 ? (target === 0 ? 'down' : 'up') : target === last ? 'up' : 'down';
    void run(() => api.put(`/api/meetings/${meeting.id}/items/order`, { ids }), t('meet.item.moved', { item: label, position: target + 1 }), `${headingId}-${focus}`);
  }

  return (
    <li className="mr-card mr-agenda__item">
      <section aria-labelledby={headingId}>
        <Heading level={3} id={headingId}>
          {t('meet.item.heading', { position: index + 1, label })}
        </Heading>
        {error ? <Alert type="error">{error}</Alert> : null}
        <DataList
          items={[
            ...(item.kind === 'signal'
              ? [{ label: t('meet.item.forms'), value: item.exploitationForms.length ? item.exploitationForms.map((x) => t(`form.${x}`)).join(', ') : t('meet.none') }]
              : []),
            { label: item.kind === 'signal' ? t('meet.item.summary') : t('meet.item.explanation'), value: item.summary ?? t('meet.none') },
            ...(item.kind === 'signal'
              ? [
                  {
                    label: t('meet.item.sharedPersons'),
                    value: item.sharedPersons.length ? item.sharedPersons.map((p) => (p.role ? `${p.fullName} (${p.role})` : p.fullName)).join(', ') : t('meet.item.noPersons'),
                  },
                ]
              : []),
            ...(showMinutes && !minuting
              ? [
                  { label: t('meet.item.minutes'), value: item.minutes ?? t('meet.none') },
                  { label: t('meet.item.decision'), value: item.decision ?? t('meet.none') },
                ]
              : []),
          ]}
        />
        {meeting.canManage && item.signalId ? (
          <Paragraph>
            <Link to={`/signalen/${item.signalId}`}>{t('meet.item.openSignal', { number: item.signalNumber ?? '' })}</Link>
          </Paragraph>
        ) : null}

        {editable ? (
          <div className="mr-admin-row-actions">
            <Button id={`${headingId}-up`} disabled={index === 0 || busy} onClick={() => move(-1)}>
              {t('meet.item.up')}
              <HiddenText> {label}</HiddenText>
            </Button>
            <Button id={`${headingId}-down`} disabled={index === last || busy} onClick={() => move(1)}>
              {t('meet.item.down')}
              <HiddenText> {label}</HiddenText>
            </Button>
            <Button aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
              {t('meet.item.edit')}
              <HiddenText> {label}</HiddenText>
            </Button>
            <Button
              variant="subtle"
              disabled={busy || item.actions.length > 0}
              onClick={() => void run(() => api.delete(`/api/meetings/${meeting.id}/items/${item.id}`), t('meet.item.removed', { item: label }))}
            >
              {t('meet.item.remove')}
              <HiddenText> {label}</HiddenText>
            </Button>
          </div>
        ) : null}
        {editable && item.actions.length > 0 ? <Paragraph className="mr-meta">{t('meet.item.removeBlocked')}</Paragraph> : null}
        {editing ? (
          <ItemEditForm
            meetingId={meeting.id}
            item={item}
            label={label}
            onDone={async () => {
              setEditing(false);
              await reload();
              notify(t('meet.item.saved', { item: label }));
            }}
          />
        ) : null}

        {minuting ? <MinutesForm meetingId={meeting.id} item={item} label={label} reload={reload} notify={notify} /> : null}

        {showMinutes ? (
          <>
            <Heading level={4}>{t('meet.actions.title')}</Heading>
            <ListTable
              items={item.actions}
              empty={t('meet.actions.empty')}
              caption={t('meet.actions.caption', { item: label })}
              columns={[t('meet.actions.col.description'), t('meet.actions.col.owner'), t('meet.actions.col.due'), t('meet.actions.col.status')]}
              row={(a) => (
                <Tr key={a.id}>
                  <Th scope="row">{a.description}</Th>
                  <Td>{a.ownerName}</Td>
                  <Td>{f.date(a.dueDate)}</Td>
                  <Td>{t(`meet.actionStatus.${a.status}`)}</Td>
                </Tr>
              )}
            />
          </>
        ) : null}
        {minuting ? (
          <ActionDetails summary={t('meet.actions.addSummary', { item: label })}>
            {(close) => (
              <ActionForm
                meetingId={meeting.id}
                item={item}
                owners={owners}
                onDone={async (description) => {
                  close();
                  await reload();
                  notify(t('meet.actions.added', { action: description }));
                }}
              />
            )}
          </ActionDetails>
        ) : null}
      </section>
    </li>
  );
}

/** A signal marked for discussion: the summary for the meeting and the persons to share; then on the agenda. */
function CandidateForm({ meetingId, candidate, reload, notify }: { meetingId: string; candidate: AgendaCandidate; reload(): Promise<void>; notify: Notify }) {
  const t = useT();
  const form = usePrefixedForm(`cand-${candidate.signalId}`);
  const [summary, setSummary] = useState(candidate.meetingNote ?? '');
  const [shared, setShared] = useState<string[]>([]);
  const errors = groupListErrors(form.errors, ['sharedPersonIds']);
  const errorFor = (path: string) => errors.find((e) => e.path === path)?.message;
  const headingId = `cand-${candidate.signalId}`;

  async function onSubmit() {
    const ok = await form.send(itemInput, { signalId: candidate.signalId, summary, sharedPersonIds: shared }, (data) => api.post(`/api/meetings/${meetingId}/items`, data));
    if (ok) {
      await reload();
      notify(t('meet.candidates.added', { number: candidate.number }));
    }
  }

  return (
    <section aria-labelledby={headingId} className="mr-card mr-stack">
      <Heading level={3} id={headingId}>
        {t('meet.item.signal', { number: candidate.number })}
      </Heading>
      <Paragraph>
        {t('meet.item.forms')}: {candidate.exploitationForms.length ? candidate.exploitationForms.map((x) => t(`form.${x}`)).join(', ') : t('meet.none')}
      </Paragraph>
      <StepForm form={{ ...form, summary: errors.map((e) => ({ ...e, path: form.name(e.path || 'form') })) }} onSubmit={onSubmit} submitLabel={t('meet.candidates.add', { number: candidate.number })}>
        <TextArea
          name={form.name('summary')}
          label={t('meet.candidates.summary')}
          description={t('meet.candidates.summaryHint')}
          optionalText={t('app.optional')}
          rows={3}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          error={errorFor('summary')}
        />
        {candidate.persons.length ? (
          <ChoiceGroup
            name={form.name('sharedPersonIds')}
            legend={t('meet.candidates.share')}
            description={t('meet.candidates.shareHint')}
            multiple
            options={candidate.persons.map((p) => ({ value: p.id, label: p.role ? `${p.fullName} (${p.role})` : p.fullName }))}
            value={shared}
            onChange={setShared}
            error={errorFor('sharedPersonIds')}
          />
        ) : (
          <Paragraph>{t('meet.candidates.noPersons')}</Paragraph>
        )}
      </StepForm>
    </section>
  );
}

/** Move one meeting (another date or time) or change its place; the series stays as it is. */
function DetailsForm({ meeting, onDone }: { meeting: MeetingView; onDone(): Promise<void> }) {
  const t = useT();
  const form = usePrefixedForm('details');
  const [date, setDate] = useState(meeting.date);
  const [startTime, setStartTime] = useState(meeting.startTime);
  const [duration, setDuration] = useState(String(meeting.durationMinutes));
  const [location, setLocation] = useState(meeting.location ?? '');

  async function onSubmit() {
    const value = { date, startTime, durationMinutes: duration.trim() === '' ? undefined : Number(duration), location };
    const ok = await form.send(meetingUpdateInput, value, (data) => api.patch(`/api/meetings/${meeting.id}`, { ...data, location: data.location ?? '' }));
    if (ok) await onDone();
  }

  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('meet.saveChanges')}>
      <TextField name={form.name('date')} type="date" label={t('meet.meeting.date')} required value={date} onChange={(e) => setDate(e.target.value)} error={form.errorFor('date')} />
      <TextField name={form.name('startTime')} type="time" label={t('meet.series.field.startTime')} required value={startTime} onChange={(e) => setStartTime(e.target.value)} error={form.errorFor('startTime')} />
      <TextField
        name={form.name('durationMinutes')}
        inputMode="numeric"
        label={t('meet.series.field.duration')}
        description={t('meet.series.field.durationHint')}
        required
        value={duration}
        onChange={(e) => setDuration(e.target.value)}
        error={form.errorFor('durationMinutes')}
      />
      <TextField name={form.name('location')} label={t('meet.series.field.location')} optionalText={t('app.optional')} autoComplete="off" value={location} onChange={(e) => setLocation(e.target.value)} error={form.errorFor('location')} />
    </StepForm>
  );
}

function TopicForm({ meetingId, reload, notify }: { meetingId: string; reload(): Promise<void>; notify: Notify }) {
  const t = useT();
  const form = usePrefixedForm('topic');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');

  async function onSubmit() {
    const ok = await form.send(itemInput, { title, summary }, (data) => api.post(`/api/meetings/${meetingId}/items`, data));
    if (ok) {
      const added = title.trim();
      setTitle('');
      setSummary('');
      await reload();
      notify(t('meet.topic.added', { title: added }));
    }
  }

  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('meet.topic.add')}>
      <TextField name={form.name('title')} label={t('meet.topic.field.title')} required autoComplete="off" value={title} onChange={(e) => setTitle(e.target.value)} error={form.errorFor('title')} />
      <TextArea name={form.name('summary')} label={t('meet.topic.field.summary')} optionalText={t('app.optional')} rows={2} value={summary} onChange={(e) => setSummary(e.target.value)} error={form.errorFor('summary')} />
    </StepForm>
  );
}

/** Change an item: a signal's summary and shared persons (all persons of the signal to choose from), or a topic's title and text. */
function ItemEditForm({ meetingId, item, label, onDone }: { meetingId: string; item: AgendaItemView; label: string; onDone(): Promise<void> }) {
  const t = useT();
  const form = usePrefixedForm(`edit-${item.id}`);
  const signal = useResource<SignalDetail>(item.signalId ? `/api/signals/${item.signalId}` : null);
  const [title, setTitle] = useState(item.title ?? '');
  const [summary, setSummary] = useState(item.summary ?? '');
  const [shared, setShared] = useState<string[]>(item.sharedPersons.map((p) => p.id));
  const errors = groupListErrors(form.errors, ['sharedPersonIds']);
  const errorFor = (path: string) => errors.find((e) => e.path === path)?.message;

  async function onSubmit() {
    // A signal item has no title of its own; an emptied summary is sent as "" (cleared).
    const value = item.kind === 'signal' ? { summary, sharedPersonIds: shared } : { title, summary };
    const ok = await form.send(itemUpdateInput, value, (data) => api.patch(`/api/meetings/${meetingId}/items/${item.id}`, { ...data, summary: data.summary ?? '' }));
    if (ok) await onDone();
  }

  const persons = signal.data?.content?.persons ?? [];
  return (
    <div className="mr-card">
      <Heading level={4}>{t('meet.item.editTitle', { item: label })}</Heading>
      <StepForm form={{ ...form, summary: errors.map((e) => ({ ...e, path: form.name(e.path || 'form') })) }} onSubmit={onSubmit} submitLabel={t('meet.saveChanges')}>
        {item.kind === 'topic' ? (
          <TextField name={form.name('title')} label={t('meet.topic.field.title')} required autoComplete="off" value={title} onChange={(e) => setTitle(e.target.value)} error={errorFor('title')} />
        ) : null}
        <TextArea
          name={form.name('summary')}
          label={item.kind === 'signal' ? t('meet.candidates.summary') : t('meet.topic.field.summary')}
          description={item.kind === 'signal' ? t('meet.candidates.summaryHint') : undefined}
          optionalText={t('app.optional')}
          rows={3}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          error={errorFor('summary')}
        />
        {item.kind === 'signal' ? (
          <Loaded resource={signal}>
            {() =>
              persons.length ? (
                <ChoiceGroup
                  name={form.name('sharedPersonIds')}
                  legend={t('meet.candidates.share')}
                  description={t('meet.candidates.shareHint')}
                  multiple
                  options={persons.map((p) => ({ value: p.id, label: p.role ? `${p.fullName} (${p.role})` : p.fullName }))}
                  value={shared}
                  onChange={setShared}
                  error={errorFor('sharedPersonIds')}
                />
              ) : (
                <Paragraph>{t('meet.candidates.noPersons')}</Paragraph>
              )
            }
          </Loaded>
        ) : null}
      </StepForm>
    </div>
  );
}

function MinutesForm({ meetingId, item, label, reload, notify }: { meetingId: string; item: AgendaItemView; label: string; reload(): Promise<void>; notify: Notify }) {
  const t = useT();
  const form = usePrefixedForm(`minutes-${item.id}`);
  const [minutes, setMinutes] = useState(item.minutes ?? '');
  const [decision, setDecision] = useState(item.decision ?? '');

  async function onSubmit() {
    const ok = await form.send(minutesInput, { minutes, decision }, (data) =>
      api.put(`/api/meetings/${meetingId}/items/${item.id}/minutes`, { minutes: data.minutes ?? '', decision: data.decision ?? '' }),
    );
    if (ok) {
      await reload();
      notify(t('meet.minutes.saved', { item: label }), { focus: false });
    }
  }

  return (
    <Fieldless title={t('meet.minutes.title', { item: label })}>
      <StepForm form={form} onSubmit={onSubmit} submitLabel={t('meet.minutes.save')}>
        <TextArea name={form.name('minutes')} label={t('meet.item.minutes')} optionalText={t('app.optional')} rows={3} value={minutes} onChange={(e) => setMinutes(e.target.value)} error={form.errorFor('minutes')} />
        <TextArea name={form.name('decision')} label={t('meet.item.decision')} optionalText={t('app.optional')} rows={2} value={decision} onChange={(e) => setDecision(e.target.value)} error={form.errorFor('decision')} />
      </StepForm>
    </Fieldless>
  );
}

/** A titled group of a form that is part of an agenda item. */
function Fieldless({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mr-stack mr-meeting-subform">
      <Heading level={4}>{title}</Heading>
      {children}
    </div>
  );
}

function ActionForm({ meetingId, item, owners, onDone }: { meetingId: string; item: AgendaItemView; owners: Owner[]; onDone(description: string): Promise<void> }) {
  const t = useT();
  const form = usePrefixedForm(`action-${item.id}`);
  const [description, setDescription] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [dueDate, setDueDate] = useState('');

  async function onSubmit() {
    const ok = await form.send(actionInput, { description, ownerId, dueDate }, (data) => api.post(`/api/meetings/${meetingId}/items/${item.id}/actions`, data));
    if (ok) await onDone(description.trim());
  }

  return (
    <StepForm form={form} onSubmit={onSubmit} submitLabel={t('meet.actions.add')}>
      <TextArea name={form.name('description')} label={t('meet.actions.field.description')} required rows={2} value={description} onChange={(e) => setDescription(e.target.value)} error={form.errorFor('description')} />
      <SelectField
        name={form.name('ownerId')}
        label={t('meet.actions.field.owner')}
        description={t('meet.actions.field.ownerHint')}
        required
        placeholder={t('meet.actions.field.ownerPlaceholder')}
        options={owners.map((o) => ({ value: o.id, label: o.name }))}
        value={ownerId}
        onChange={(e) => setOwnerId(e.target.value)}
        error={form.errorFor('ownerId')}
      />
      <TextField name={form.name('dueDate')} type="date" label={t('meet.actions.field.due')} required min={todayIso()} value={dueDate} onChange={(e) => setDueDate(e.target.value)} error={form.errorFor('dueDate')} />
    </StepForm>
  );
}

