import { useState } from 'react';
import { useNavigate } from 'react-router';
import { scheduleInput } from '../../../shared/api/meetings.js';
import { api } from '../../api/client.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useT } from '../../i18n/i18n.js';
import { Button, DataList, FormErrors, Heading, Link, ListItem, ListTable, Paragraph, StatusBadge, Td, TextField, Th, Tr, UnorderedList } from '../../ui/index.js';
import { Notice, RowButton, useListPage } from '../admin/components.js';
import { useFormat } from '../coordinator/format.js';
import { usePrefixedForm } from '../coordinator/parts.js';
import { MeetingStatusBadge, ParticipantList, timeRange, useCanManageMeetings } from './common.js';
import { MyActionsSection } from './MyActionsSection.js';
import { SeriesForm } from './SeriesForm.js';
import type { MeetingPerson, MeetingsOverview, MeetingSummary, SeriesView } from './types.js';

type PanelState = { kind: 'create' } | { kind: 'edit'; series: SeriesView };

/**
 * Overleggen (issue 6.1): the series with cadence, coming dates and participants; coming and past
 * meetings with their status. The coordinator and deputy see all of them and plan; the others see
 * the series they take part in, their published meetings, and their own action items.
 */
export function MeetingsPage() {
  const t = useT();
  const canManage = useCanManageMeetings();
  const overview = useResource<MeetingsOverview>('/api/meetings');
  const people = useResource<MeetingPerson[]>(canManage ? '/api/meeting-series/people' : null);
  const { panel, notice, open, done } = useListPage<PanelState>();
  const state = panel.state;

  return (
    <Page title={t('meet.title')} intro={canManage ? t('meet.introManager') : t('meet.introParticipant')}>
      <Notice notice={notice.notice} />
      {canManage ? (
        <div className="mr-admin-toolbar">
          <Button variant="primary" onClick={() => open({ kind: 'create' })} aria-expanded={state?.kind === 'create'}>
            {t('meet.series.add')}
          </Button>
        </div>
      ) : null}
      {state ? (
        <SeriesForm
          key={state.kind === 'edit' ? state.series.id : 'create'}
          series={state.kind === 'edit' ? state.series : null}
          people={people.data ?? []}
          onCancel={panel.cancel}
          onDone={async (saved, created) => {
            await overview.reload();
            done(t(created ? 'meet.series.created' : 'meet.series.saved', { name: saved.name }));
          }}
        />
      ) : null}

      {canManage ? null : <MyActionsSection />}

      <Loaded resource={overview}>
        {(data) => (
          <>
            <section aria-labelledby="meet-series" className="mr-section">
              <Heading level={2} id="meet-series">
                {t('meet.series.title')}
              </Heading>
              {data.series.length === 0 ? <Paragraph>{canManage ? t('meet.series.emptyManager') : t('meet.series.empty')}</Paragraph> : null}
              {data.series.map((s) => (
                <SeriesCard key={s.id} series={s} canManage={canManage} onEdit={() => open({ kind: 'edit', series: s })} />
              ))}
            </section>
            <MeetingTable id="meet-upcoming" title={t('meet.upcoming.title')} empty={t('meet.upcoming.empty')} meetings={data.upcoming} />
            <MeetingTable id="meet-past" title={t('meet.past.title')} empty={t('meet.past.empty')} meetings={data.past} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

function SeriesCard({ series, canManage, onEdit }: { series: SeriesView; canManage: boolean; onEdit(): void }) {
  const t = useT();
  const f = useFormat();
  const headingId = `series-${series.id}`;
  return (
    <section aria-labelledby={headingId} className="mr-card mr-meeting-series">
      <Heading level={3} id={headingId}>
        {series.name}
        {series.active ? null : (
          <>
            {' '}
            <StatusBadge status="neutral">{t('meet.series.inactive')}</StatusBadge>
          </>
        )}
      </Heading>
      <DataList
        items={[
          { label: t('meet.series.cadence'), value: t(`meet.cadence.${series.cadence}`) },
          { label: t('meet.series.time'), value: t('meet.series.timeValue', { time: timeRange(series.startTime, series.durationMinutes), minutes: series.durationMinutes }) },
          { label: t('meet.series.location'), value: series.location ?? t('meet.none') },
          {
            label: t('meet.series.nextDates'),
            value: series.upcomingDates.length ? (
              <UnorderedList>
                {series.upcomingDates.map((d) => (
                  <ListItem key={d}>{f.date(d)}</ListItem>
                ))}
              </UnorderedList>
            ) : series.cadence === 'ad_hoc' ? (
              t('meet.series.adHocDates')
            ) : (
              t('meet.none')
            ),
          },
          { label: t('meet.series.participants'), value: <ParticipantList participants={series.participants} /> },
        ]}
      />
      {canManage ? (
        <div className="mr-stack">
          <div className="mr-admin-row-actions">
            <RowButton row={series.name} onClick={onEdit}>
              {t('meet.series.edit')}
            </RowButton>
          </div>
          {series.active ? <PlanForm series={series} /> : null}
        </div>
      ) : null}
    </section>
  );
}

/** Plan the next meeting of a series: by its cadence, or on a chosen date (always for ad hoc series). */
function PlanForm({ series }: { series: SeriesView }) {
  const t = useT();
  const f = useFormat();
  const navigate = useNavigate();
  const form = usePrefixedForm(`plan-${series.id}`);
  const [date, setDate] = useState('');
  const adHoc = series.cadence === 'ad_hoc';

  async function plan(value: { date?: string }) {
    // The date form always needs a date; the button without one plans by the cadence.
    const schema = value.date === undefined ? scheduleInput : scheduleInput.required();
    const planned = await form.submit(schema, value, (data) => api.post<MeetingSummary>(`/api/meeting-series/${series.id}/meetings`, data));
    if (planned) navigate(`/overleggen/${planned.id}`, { state: { notice: t('meet.plan.planned', { date: f.date(planned.date) }) } });
  }

  return (
    <form
      className="mr-stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void plan({ date });
      }}
    >
      <FormErrors title={t('app.formErrors')} errors={form.summary} message={form.message} />
      {adHoc ? null : (
        <Button variant="primary" busy={form.busy} onClick={() => void plan({})}>
          {t('meet.plan.next')}
          <span className="mr-admin-visually-hidden"> ({series.name})</span>
        </Button>
      )}
      <div className="mr-row">
        <TextField
          name={form.name('date')}
          type="date"
          label={adHoc ? t('meet.plan.date') : t('meet.plan.otherDate')}
          required={adHoc}
          optionalText={adHoc ? undefined : t('app.optional')}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          error={form.errorFor('date')}
        />
        <Button type="submit" variant={adHoc ? 'primary' : 'secondary'} busy={form.busy}>
          {t('meet.plan.onDate')}
          <span className="mr-admin-visually-hidden"> ({series.name})</span>
        </Button>
      </div>
    </form>
  );
}

function MeetingTable({ id, title, empty, meetings }: { id: string; title: string; empty: string; meetings: MeetingSummary[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <section aria-labelledby={id} className="mr-section mr-caption-hidden">
      <Heading level={2} id={id}>
        {title}
      </Heading>
      <ListTable
        items={meetings}
        empty={empty}
        caption={title}
        columns={[t('meet.col.date'), t('meet.col.series'), t('meet.col.time'), t('meet.col.location'), t('meet.col.status'), t('meet.col.items')]}
        row={(m) => (
          <Tr key={m.id}>
            <Th scope="row">
              <Link to={`/overleggen/${m.id}`}>
                {f.date(m.date)}
                <span className="mr-admin-visually-hidden"> – {m.seriesName}</span>
              </Link>
            </Th>
            <Td>{m.seriesName}</Td>
            <Td>{timeRange(m.startTime, m.durationMinutes)}</Td>
            <Td>{m.location ?? t('meet.none')}</Td>
            <Td>
              <MeetingStatusBadge status={m.status} />
            </Td>
            <Td>{m.itemCount}</Td>
          </Tr>
        )}
      />
    </section>
  );
}
