import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ContextSeries, ContextSeriesList } from '../../../shared/api/context-series.js';
import type { YearlyOverview } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { useI18n } from '../../i18n/i18n.js';
import { Heading, Paragraph } from '../../ui/index.js';
import { useChartColours } from './charts.js';
import { formatNullableCount } from './format.js';
import { Count, FigureTable } from './parts.js';

/**
 * Issue 5 point 8: regional figures (context series, e.g. zorgcoördinator registrations in the
 * province of Utrecht) beside the municipality's own signals per year. Both come from their own
 * API; the panel appears only when the context series could be read.
 */
export function RegionalFigures() {
  const { t } = useI18n();
  const series = useResource<ContextSeriesList>('/api/stats/context-series');
  const yearly = useResource<YearlyOverview>('/api/stats/yearly');
  if (!series.data) return null;
  return (
    <section aria-labelledby="dash-regional" className="mr-dash-panel mr-dash-panel--wide">
      <Heading level={2} id="dash-regional">
        {t('dash.regional.title')}
      </Heading>
      <Paragraph className="mr-dash-intro">{t('dash.regional.intro')}</Paragraph>
      {series.data.series.length === 0 ? (
        <Paragraph>{t('dash.regional.empty')}</Paragraph>
      ) : (
        series.data.series.map((s) => <SeriesFigure key={s.id} series={s} own={yearly.data} />)
      )}
    </section>
  );
}

function SeriesFigure({ series, own }: { series: ContextSeries; own: YearlyOverview | undefined }) {
  const { t, lang } = useI18n();
  const colours = useChartColours();
  const threshold = own?.threshold ?? 5;
  const ownByYear = new Map((own?.years ?? []).map((y) => [y.year, y]));
  // Every year from the first to the last of either series: a gap in the data stays visible.
  const known = [...series.points.map((p) => p.year), ...ownByYear.keys()];
  const years = known.length === 0 ? [] : Array.from({ length: Math.max(...known) - Math.min(...known) + 1 }, (_, i) => Math.min(...known) + i);
  const valueOf = new Map(series.points.map((p) => [p.year, p.value]));
  const ownLabel = t('dash.regional.own');
  const data = years.map((year) => {
    const o = ownByYear.get(year);
    return {
      name: String(year),
      regional: valueOf.get(year) ?? null,
      // A suppressed own count is not drawn (its label in the table says "< 5").
      own: o?.signals ?? null,
      ownLabel: o ? formatNullableCount(o.signals, threshold, lang) : '–',
    };
  });
  const headingId = `dash-regional-${series.id}`;
  return (
    <div className="mr-dash-series" aria-labelledby={headingId} role="group">
      <Heading level={3} id={headingId}>
        {series.name}
      </Heading>
      <Paragraph className="mr-dash-note">{t('dash.regional.source', { source: series.source, unit: series.unit })}</Paragraph>
      <div className="mr-dash-chart" role="img" aria-label={t('dash.chartAlt', { title: series.name })}>
        <ResponsiveContainer width="100%" height={300}>
          <ComposedChart data={data} margin={{ top: 20, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke={colours.grid} />
            <XAxis dataKey="name" tick={{ fontSize: 13 }} stroke={colours.text} interval={0} />
            <YAxis yAxisId="regional" orientation="left" allowDecimals={false} width={48} tick={{ fontSize: 13 }} stroke={colours.extra} />
            <YAxis yAxisId="own" orientation="right" allowDecimals={false} width={40} tick={{ fontSize: 13 }} stroke={colours.primary} />
            <Tooltip />
            <Legend itemSorter={null} />
            <Bar yAxisId="own" dataKey="own" name={ownLabel} fill={colours.primary} isAnimationActive={false} />
            <Line
              yAxisId="regional"
              dataKey="regional"
              name={`${series.name} (${series.unit})`}
              stroke={colours.extra}
              strokeWidth={3}
              dot={{ r: 4 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <Paragraph className="mr-dash-note">{t('dash.regional.axes')}</Paragraph>
      <details className="mr-dash-table">
        <summary className="mr-dash-table__toggle">{t('dash.showTable')}</summary>
        <FigureTable
          caption={t('dash.regional.caption', { name: series.name })}
          head={t('dash.col.year')}
          columns={[`${series.name} (${series.unit})`, ownLabel]}
          rows={years.map((year) => {
            const o = ownByYear.get(year);
            const regional = valueOf.get(year);
            return {
              key: String(year),
              header: year,
              cells: [
                regional === undefined ? '–' : regional.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB'),
                o ? <Count count={{ value: o.signals, suppressed: o.signals === null }} threshold={threshold} /> : '–',
              ],
            };
          })}
        />
      </details>
    </div>
  );
}
