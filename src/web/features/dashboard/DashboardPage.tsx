import { useSearchParams } from 'react-router';
import { LEAD_TIME_STEPS, type DashboardView } from '../../../shared/api/dashboard.js';
import type { Role } from '../../../shared/domain.js';
import { useResource } from '../../api/use-resource.js';
import { Page } from '../../app/Page.js';
import { useUser } from '../../app/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { Alert, Button, Heading, Paragraph } from '../../ui/index.js';
import { POLICY_READERS } from '../policy/common.js';
import { BarsChart, ChartPanel, LinesChart, type ChartRow } from './charts.js';
import { ExportLinks } from './ExportLinks.js';
import { Filters, type FilterErrors } from './Filters.js';
import { apiSearch, filterFieldOf, filtersFromSearch, firstDayOf, lastDayOf, searchFromFilters, withQuery, type FilterOptions } from './filters.js';
import { chartValue, formatBucket, formatCount, formatDays, formatPeriod, formatShare, type CountValue } from './format.js';
import { Count, FigureTable } from './parts.js';
import { InterventionsPanel, TrainingReachPanel } from './PolicyPanels.js';
import { RegionalFigures } from './RegionalFigures.js';
import './dashboard.css';

/** Who sees exact counts and may choose month ranges and several forms (signal.read_all). */
const EXACT_ROLES: readonly Role[] = ['coordinator', 'deputy_coordinator'];

/**
 * Issue 5 point 1: the monitoring dashboard. The filters live in the URL; every chart has the
 * same numbers in a table; suppressed counts read "< threshold" everywhere.
 */
export function DashboardPage() {
  const { t, fieldMessage } = useI18n();
  const user = useUser();
  const exact = EXACT_ROLES.includes(user.role);
  const options: FilterOptions = { currentYear: new Date().getFullYear(), exact };
  const [params, setParams] = useSearchParams();
  const filters = filtersFromSearch(params, options);
  const view = useResource<DashboardView>(withQuery('/api/stats/dashboard', apiSearch(filters, options)));

  const errors: FilterErrors = {};
  const badRequest = view.error?.status === 400 ? view.error : undefined;
  for (const f of badRequest?.fields ?? []) {
    const field = filterFieldOf(f.path, exact);
    if (field && !errors[field]) errors[field] = fieldMessage(f);
  }

  return (
    <Page title={t('dash.title')} intro={t(exact ? 'dash.intro.exact' : 'dash.intro.protected')}>
      <Filters
        key={params.toString()}
        filters={filters}
        exact={exact}
        currentYear={options.currentYear}
        errors={errors}
        busy={view.loading}
        onApply={(next) => setParams(searchFromFilters(next, options))}
      />
      {badRequest ? (
        <Alert type="error">{badRequest.message}</Alert>
      ) : view.error ? (
        <>
          <Alert type="error">{view.error.message}</Alert>
          <Button onClick={() => void view.reload()}>{t('app.retry')}</Button>
        </>
      ) : !view.data ? (
        <Paragraph role="status">{t('app.loading')}</Paragraph>
      ) : (
        <>
          {view.loading ? (
            <Paragraph role="status" className="mr-dash-note">
              {t('dash.updating')}
            </Paragraph>
          ) : null}
          <Figures view={view.data} role={user.role} />
          <ExportLinks filters={filters} signalRows={user.role === 'coordinator'} threshold={view.data.threshold} />
        </>
      )}
      {view.data && !view.error ? <Suppression view={view.data} /> : null}
    </Page>
  );
}

function Suppression({ view }: { view: DashboardView }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="dash-suppression" className="mr-section">
      <Heading level={2} id="dash-suppression">
        {t('dash.suppression.title', { threshold: view.threshold })}
      </Heading>
      <Paragraph>{t('dash.suppression.text', { threshold: view.threshold })}</Paragraph>
      <Paragraph>{t(view.exact ? 'dash.suppression.exact' : 'dash.suppression.protected', { threshold: view.threshold })}</Paragraph>
    </section>
  );
}

/** All figures of one answer. */
function Figures({ view, role }: { view: DashboardView; role: Role }) {
  const { t, lang } = useI18n();
  const th = view.threshold;
  const count = (c: CountValue) => ({ value: chartValue(c), label: formatCount(c, th, lang) });
  const anySuppressed = (cs: CountValue[]) => cs.some((c) => c.value === null && c.suppressed);
  const suppressedNote = (cs: CountValue[]) => (anySuppressed(cs) ? t('dash.suppressedNote', { threshold: th }) : null);
  const cell = (c: CountValue) => <Count count={c} threshold={th} />;
  const periodLabel = formatPeriod(view.period, lang);
  const previousLabel = formatPeriod(view.yearOnYear.previous, lang);
  const bucket = (label: string) => formatBucket(label, view.granularity, lang);
  const granularity = t(`dash.granularity.${view.granularity}`).toLowerCase();
  const formsLabel = view.forms.length === 5 ? t('dash.filters.allForms').toLowerCase() : view.forms.map((f) => t(`form.${f}`)).join(', ');
  const noSignals = view.totals.signals.value === 0;
  const periodFrom = firstDayOf(view.period.from);
  const periodTo = lastDayOf(view.period.to);
  const today = new Date().toISOString().slice(0, 10);

  const seriesCounts = view.series.flatMap((b) => [b.signals, b.referred]);
  const partnerRows = view.partners.filter((p) => p.signals.value !== 0);
  const leadRows = LEAD_TIME_STEPS.map((step) => view.leadTimes.find((l) => l.step === step)).filter((l) => l !== undefined);
  const departmentName = (name: string | null) => name ?? t('dash.noDepartment');
  const sourceName = (s: string | null) => (s === null ? t('dash.notRecorded') : t(`source.${s}` as 'source.desk'));
  const partnerName = (p: DashboardView['partners'][number]) => (p.kind === 'internal_role' ? t('dash.partners.internal', { name: p.name }) : p.name);

  return (
    <>
      <Paragraph className="mr-dash-scope">{t('dash.scope', { period: periodLabel, granularity, forms: formsLabel })}</Paragraph>
      <section aria-labelledby="dash-totals" className="mr-dash-totals">
        <Heading level={2} id="dash-totals" className="mr-visually-hidden">
          {t('dash.totals.title')}
        </Heading>
        <dl className="mr-dash-kpis">
          {[
            { label: t('dash.totals.signals'), value: cell(view.totals.signals) },
            { label: t('dash.totals.referred'), value: cell(view.totals.referred) },
            { label: t('dash.totals.referredShare'), value: formatShare(view.totals.referredShare.value, lang) },
            { label: t('dash.totals.open'), value: cell(view.openWork.total) },
            { label: t('dash.totals.overdue'), value: cell(view.openWork.overdueReferrals) },
          ].map((k) => (
            <div key={k.label} className="mr-dash-kpi">
              <dt className="mr-dash-kpi__label">{k.label}</dt>
              <dd className="mr-dash-kpi__value">{k.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {noSignals ? <Alert type="info">{t('dash.empty', { period: periodLabel })}</Alert> : null}

      <div className="mr-dash-grid">
        <ChartPanel
          id="dash-series"
          wide
          title={t('dash.series.title', { granularity })}
          intro={t('dash.series.intro')}
          chart={
            noSignals ? null : (
              <BarsChart
                series={[
                  { key: 'signals', label: t('dash.col.signals'), colour: 'primary' },
                  { key: 'referred', label: t('dash.col.referred'), colour: 'secondary' },
                ]}
                rows={view.series.map((b) => ({ name: bucket(b.label), values: { signals: count(b.signals), referred: count(b.referred) } }))}
              />
            )
          }
          notes={[suppressedNote(seriesCounts)]}
          table={
            <FigureTable
              caption={t('dash.series.caption', { granularity, period: periodLabel })}
              head={t('dash.col.period')}
              columns={[t('dash.col.signals'), t('dash.col.referred')]}
              rows={view.series.map((b) => ({ key: b.label, header: bucket(b.label), cells: [cell(b.signals), cell(b.referred)] }))}
              foot={{ header: t('dash.col.total'), cells: [cell(view.totals.signals), cell(view.totals.referred)] }}
            />
          }
        />

        <ChartPanel
          id="dash-yoy"
          wide
          title={t('dash.yoy.title')}
          intro={t('dash.yoy.intro', { period: periodLabel, previous: previousLabel })}
          chart={
            <LinesChart
              series={[
                { key: 'current', label: periodLabel, colour: 'primary' },
                { key: 'previous', label: previousLabel, colour: 'muted' },
              ]}
              rows={view.yearOnYear.series.map((b) => ({
                name: bucket(b.label),
                values: {
                  current: { value: b.current.value, label: formatCount(b.current, th, lang) },
                  previous: { value: b.previous.value, label: formatCount(b.previous, th, lang) },
                },
              }))}
            />
          }
          notes={[
            t('dash.yoy.totals', {
              current: formatCount(view.yearOnYear.signals.current, th, lang),
              previous: formatCount(view.yearOnYear.signals.previous, th, lang),
              referredCurrent: formatCount(view.yearOnYear.referred.current, th, lang),
              referredPrevious: formatCount(view.yearOnYear.referred.previous, th, lang),
            }),
            anySuppressed(view.yearOnYear.series.flatMap((b) => [b.current, b.previous])) ? t('dash.yoy.gap', { threshold: th }) : null,
          ]}
          table={
            <FigureTable
              caption={t('dash.yoy.caption', { period: periodLabel, previous: previousLabel })}
              head={t('dash.col.period')}
              columns={[t('dash.yoy.col.current', { period: periodLabel }), t('dash.yoy.col.previousBucket'), t('dash.yoy.col.previous', { period: previousLabel })]}
              rows={view.yearOnYear.series.map((b) => ({
                key: b.label,
                header: bucket(b.label),
                cells: [cell(b.current), bucket(b.previousLabel), cell(b.previous)],
              }))}
              foot={{ header: t('dash.col.total'), cells: [cell(view.yearOnYear.signals.current), '', cell(view.yearOnYear.signals.previous)] }}
            />
          }
        />

        <CategoryPanel
          id="dash-forms"
          title={t('dash.forms.title')}
          intro={t('dash.forms.intro')}
          head={t('dash.col.form')}
          items={view.byForm.map((f) => ({ key: f.form, name: t(`form.${f.form}`), count: f.signals }))}
          threshold={th}
          empty={noSignals}
        />
        <CategoryPanel
          id="dash-departments"
          title={t('dash.departments.title')}
          head={t('dash.col.department')}
          items={view.byDepartment.map((d) => ({ key: d.departmentId ?? 'none', name: departmentName(d.name), count: d.signals }))}
          threshold={th}
          empty={noSignals}
        />
        <CategoryPanel
          id="dash-sources"
          title={t('dash.sources.title')}
          head={t('dash.col.source')}
          items={view.bySourceContext.map((s) => ({ key: s.sourceContext ?? 'none', name: sourceName(s.sourceContext), count: s.signals }))}
          threshold={th}
          empty={noSignals}
        />
        <CategoryPanel
          id="dash-open"
          title={t('dash.open.title')}
          intro={t('dash.open.intro', { overdue: formatCount(view.openWork.overdueReferrals, th, lang) })}
          head={t('dash.col.state')}
          items={view.openWork.byState.map((s) => ({ key: s.state, name: t(`state.${s.state}`), count: s.signals }))}
          total={view.openWork.total}
          threshold={th}
          empty={false}
          colour="accent"
        />

        <ChartPanel
          id="dash-partners"
          wide
          title={t('dash.partners.title')}
          intro={t('dash.partners.intro')}
          chart={
            partnerRows.length === 0 ? null : (
              <BarsChart
                horizontal
                domainMax={1}
                series={[
                  { key: 'share', label: t('dash.col.share'), colour: 'primary' },
                  { key: 'feedback', label: t('dash.col.feedbackShare'), colour: 'secondary' },
                ]}
                rows={partnerRows.map(
                  (p): ChartRow => ({
                    name: partnerName(p),
                    values: {
                      share: { value: p.share.value ?? 0, label: p.share.value === null ? formatCount(p.signals, th, lang) : formatShare(p.share.value, lang) },
                      feedback: { value: p.feedbackShare.value ?? 0, label: formatShare(p.feedbackShare.value, lang) },
                    },
                  }),
                )}
              />
            )
          }
          notes={[partnerRows.length === 0 ? t('dash.partners.empty') : null, suppressedNote(view.partners.flatMap((p) => [p.signals, p.feedbackReceived])), t('dash.partners.dash')]}
          table={
            <FigureTable
              caption={t('dash.partners.caption', { period: periodLabel })}
              head={t('dash.col.partner')}
              columns={[t('dash.col.referredTo'), t('dash.col.share'), t('dash.col.feedbackReceived'), t('dash.col.feedbackShare'), t('dash.col.feedbackDays')]}
              rows={view.partners.map((p) => ({
                key: p.partnerId,
                header: partnerName(p),
                cells: [cell(p.signals), formatShare(p.share.value, lang), cell(p.feedbackReceived), formatShare(p.feedbackShare.value, lang), formatDays(p.feedbackMedianDays, lang)],
              }))}
            />
          }
        />

        <ChartPanel
          id="dash-lead"
          wide
          title={t('dash.lead.title')}
          intro={t('dash.lead.intro')}
          chart={
            leadRows.every((l) => l.medianDays === null) ? null : (
              <BarsChart
                horizontal
                series={[
                  { key: 'median', label: t('dash.col.median'), colour: 'primary' },
                  { key: 'p90', label: t('dash.col.p90'), colour: 'accent' },
                ]}
                rows={leadRows.map((l) => ({
                  name: t(`dash.step.${l.step}`),
                  values: {
                    median: { value: l.medianDays ?? 0, label: l.suppressed ? t('dash.lead.hidden') : formatDays(l.medianDays, lang) },
                    p90: { value: l.p90Days ?? 0, label: l.suppressed ? '' : formatDays(l.p90Days, lang) },
                  },
                }))}
              />
            )
          }
          notes={[
            leadRows.some((l) => l.suppressed) ? t('dash.lead.suppressed', { threshold: th }) : null,
            leadRows.every((l) => l.medianDays === null) && !leadRows.some((l) => l.suppressed) ? t('dash.lead.empty') : null,
          ]}
          table={
            <FigureTable
              caption={t('dash.lead.caption', { period: periodLabel })}
              head={t('dash.col.step')}
              columns={[...(view.exact ? [t('dash.col.n')] : []), t('dash.col.median'), t('dash.col.p90')]}
              rows={leadRows.map((l) => ({
                key: l.step,
                header: t(`dash.step.${l.step}`),
                cells: [
                  ...(view.exact ? [l.n ?? '–'] : []),
                  l.suppressed ? t('dash.lead.hidden') : formatDays(l.medianDays, lang),
                  l.suppressed ? t('dash.lead.hidden') : formatDays(l.p90Days, lang),
                ],
              }))}
            />
          }
        />

        {(POLICY_READERS as readonly Role[]).includes(role) ? (
          <>
            <InterventionsPanel from={periodFrom} to={periodTo} />
            <TrainingReachPanel asOf={periodTo < today ? periodTo : null} />
          </>
        ) : null}
        <RegionalFigures />
      </div>
    </>
  );
}

/** Signals per category (form, department, source, state): bars down the side and the table. */
function CategoryPanel({
  id,
  title,
  intro,
  head,
  items,
  total,
  threshold,
  empty,
  colour = 'primary',
}: {
  id: string;
  title: string;
  intro?: string;
  head: string;
  items: { key: string; name: string; count: CountValue }[];
  total?: CountValue;
  threshold: number;
  empty: boolean;
  colour?: 'primary' | 'accent';
}) {
  const { t, lang } = useI18n();
  const suppressed = items.some((i) => i.count.value === null && i.count.suppressed);
  return (
    <ChartPanel
      id={id}
      title={title}
      intro={intro}
      chart={
        empty || items.length === 0 ? null : (
          <BarsChart
            horizontal
            series={[{ key: 'signals', label: t('dash.col.signals'), colour }]}
            rows={items.map((i) => ({ name: i.name, values: { signals: { value: chartValue(i.count), label: formatCount(i.count, threshold, lang) } } }))}
          />
        )
      }
      notes={[suppressed ? t('dash.suppressedNote', { threshold }) : null]}
      table={
        <FigureTable
          caption={title}
          head={head}
          columns={[t('dash.col.signals')]}
          rows={items.map((i) => ({ key: i.key, header: i.name, cells: [<Count count={i.count} threshold={threshold} />] }))}
          foot={total ? { header: t('dash.col.total'), cells: [<Count count={total} threshold={threshold} />] } : undefined}
        />
      }
    />
  );
}
