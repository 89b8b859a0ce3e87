import { useMemo, type ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useT } from '../../i18n/i18n.js';
import { Heading, Paragraph } from '../../ui/index.js';

/**
 * Chart building blocks of the dashboard (recharts). Every chart sits in a ChartPanel with a real
 * <table> of the same numbers behind a "Toon tabel" toggle; the chart itself is one image for
 * assistive technology (its name says where the numbers are). A suppressed count is drawn as
 * nothing and labelled "< threshold", so no bar suggests a number that is not there.
 */

/** NL Design System (voorbeeld theme) colours, read from the theme's CSS custom properties. */
const TOKENS = {
  primary: ['--voorbeeld-kleuren-blauw-500', '#00568b'],
  secondary: ['--voorbeeld-kleuren-groen-400', '#157b31'],
  muted: ['--voorbeeld-kleuren-grijs-400', '#586c88'],
  accent: ['--voorbeeld-kleuren-oranje-400', '#ac501b'],
  extra: ['--voorbeeld-kleuren-violet-500', '#5115ef'],
  grid: ['--voorbeeld-kleuren-grijs-200', '#dfe3e8'],
  text: ['--voorbeeld-kleuren-grijs-700', '#001a40'],
} as const;
export type ChartColour = keyof typeof TOKENS;

/**
 * SVG presentation attributes cannot take var(), so the token values are resolved once from the
 * element that carries the theme class (#root), with the token's value as the fallback.
 */
export function useChartColours(): Record<ChartColour, string> {
  return useMemo(() => {
    const themed = typeof document === 'undefined' ? null : (document.querySelector('.voorbeeld-theme') ?? document.documentElement);
    const style = themed ? getComputedStyle(themed) : null;
    return Object.fromEntries(
      Object.entries(TOKENS).map(([name, [variable, fallback]]) => [name, style?.getPropertyValue(variable).trim() || fallback]),
    ) as Record<ChartColour, string>;
  }, []);
}

/** A chart with its title, an optional explanation, the chart, notes and the table alternative. */
export function ChartPanel({
  id,
  title,
  intro,
  chart,
  table,
  notes,
  wide,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  /** null: nothing to draw (the table or an empty message says why). */
  chart: ReactNode | null;
  table: ReactNode;
  notes?: ReactNode[];
  /** Span the whole width of the grid. */
  wide?: boolean;
}) {
  const t = useT();
  return (
    <section aria-labelledby={id} className={wide ? 'mr-dash-panel mr-dash-panel--wide' : 'mr-dash-panel'}>
      <Heading level={2} id={id}>
        {title}
      </Heading>
      {intro ? <Paragraph className="mr-dash-intro">{intro}</Paragraph> : null}
      {chart ? (
        <div className="mr-dash-chart" role="img" aria-label={t('dash.chartAlt', { title })}>
          {chart}
        </div>
      ) : null}
      {notes?.filter(Boolean).map((note, i) => (
        <Paragraph key={i} className="mr-dash-note">
          {note}
        </Paragraph>
      ))}
      <details className="mr-dash-table">
        <summary className="mr-dash-table__toggle">{t('dash.showTable')}</summary>
        {table}
      </details>
    </section>
  );
}

export interface SeriesDef {
  key: string;
  label: string;
  colour: ChartColour;
}

/** One category (a bar group) with, per series, the value to draw and the label to show. */
export interface ChartRow {
  name: string;
  values: Record<string, { value: number; label: string }>;
}

type Flat = Record<string, string | number>;
const labelKey = (key: string) => `${key}__label`;

function flatten(rows: ChartRow[]): Flat[] {
  return rows.map((row) => {
    const flat: Flat = { name: row.name };
    for (const [key, v] of Object.entries(row.values)) {
      flat[key] = v.value;
      flat[labelKey(key)] = v.label;
    }
    return flat;
  });
}

/** The tooltip shows the label ("< 5", "40%") rather than the drawn value. */
function tooltipFormatter(value: unknown, _name: unknown, item: { dataKey?: unknown; payload?: Flat }): string {
  const key = typeof item.dataKey === 'string' ? item.dataKey : '';
  const label = item.payload?.[labelKey(key)];
  return label !== undefined ? String(label) : String(value);
}

const AXIS_TICK = { fontSize: 13 };

/**
 * Bars per category. `horizontal`: categories down the side (long names: departments, partners);
 * otherwise along the bottom (periods). Each bar carries its label.
 */
export function BarsChart({
  rows,
  series,
  horizontal = false,
  height,
  domainMax,
}: {
  rows: ChartRow[];
  series: SeriesDef[];
  horizontal?: boolean;
  height?: number;
  /** Fix the value axis (e.g. 1 for shares). */
  domainMax?: number;
}) {
  const colours = useChartColours();
  const data = flatten(rows);
  const h = height ?? (horizontal ? Math.max(160, 40 + rows.length * (18 + 14 * series.length)) : 280);
  const valueAxis = { type: 'number' as const, allowDecimals: domainMax !== undefined, tick: AXIS_TICK, stroke: colours.text, ...(domainMax !== undefined ? { domain: [0, domainMax] as [number, number] } : {}) };
  const categoryAxis = { type: 'category' as const, dataKey: 'name', tick: AXIS_TICK, stroke: colours.text, interval: 0 as const };
  return (
    <ResponsiveContainer width="100%" height={h}>
      <BarChart data={data} layout={horizontal ? 'vertical' : 'horizontal'} margin={{ top: 20, right: 48, bottom: 4, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke={colours.grid} />
        {horizontal ? (
          <>
            <XAxis {...valueAxis} tickFormatter={domainMax === 1 ? (v: number) => `${Math.round(v * 100)}%` : undefined} />
            <YAxis {...categoryAxis} width={190} />
          </>
        ) : (
          <>
            <XAxis {...categoryAxis} />
            <YAxis {...valueAxis} width={40} tickFormatter={domainMax === 1 ? (v: number) => `${Math.round(v * 100)}%` : undefined} />
          </>
        )}
        <Tooltip formatter={tooltipFormatter as never} />
        {series.length > 1 ? <Legend itemSorter={null} /> : null}
        {series.map((s) => (
          // minPointSize: a 0 or a suppressed count gets a stub, so that its label ("0", "< 5") is drawn.
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={colours[s.colour]} minPointSize={2} isAnimationActive={false}>
            <LabelList dataKey={labelKey(s.key)} position={horizontal ? 'right' : 'top'} fill={colours.text} fontSize={12} />
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Lines over periods (the year-on-year comparison). A suppressed point is a gap, not a zero. */
export function LinesChart({ rows, series, height = 280 }: { rows: { name: string; values: Record<string, { value: number | null; label: string }> }[]; series: SeriesDef[]; height?: number }) {
  const colours = useChartColours();
  const data = rows.map((row) => {
    const flat: Record<string, string | number | null> = { name: row.name };
    for (const [key, v] of Object.entries(row.values)) {
      flat[key] = v.value;
      flat[labelKey(key)] = v.label;
    }
    return flat;
  });
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={{ top: 20, right: 32, bottom: 4, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke={colours.grid} />
        <XAxis dataKey="name" tick={AXIS_TICK} stroke={colours.text} interval={0} />
        <YAxis allowDecimals={false} width={40} tick={AXIS_TICK} stroke={colours.text} />
        <Tooltip formatter={tooltipFormatter as never} />
        <Legend itemSorter={null} />
        {series.map((s, i) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stroke={colours[s.colour]}
            strokeWidth={3}
            strokeDasharray={i === 0 ? undefined : '6 4'}
            dot={{ r: 4 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
