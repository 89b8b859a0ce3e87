import { INTERVENTION_KINDS } from '../../../shared/domain.js';
import { useResource } from '../../api/use-resource.js';
import { useI18n } from '../../i18n/i18n.js';
import { Paragraph } from '../../ui/index.js';
import type { InterventionCounts, TrainingReach } from '../policy/common.js';
import { BarsChart, ChartPanel } from './charts.js';
import { formatDate } from './format.js';
import { FigureTable } from './parts.js';

/**
 * The dashboard's panels from the policy APIs (permission policy.read): interventions per kind
 * in the period, and the reach of awareness and training per department. A panel whose request
 * fails (no permission, server error) is simply not shown: the figures above do not depend on it.
 *
 * A null count from these APIs is not "fewer than the threshold": it may be a larger number hidden
 * so that a small one cannot be worked out (complementary suppression), or a period not over yet.
 * It is shown as "afgeschermd" / "nog niet bekend", like on the policy pages, never as "< 5".
 */

export function InterventionsPanel({ from, to }: { from: string; to: string }) {
  const { t, lang } = useI18n();
  const counts = useResource<InterventionCounts>(`/api/interventions/counts?${new URLSearchParams({ from, to }).toString()}`);
  const data = counts.data;
  if (!data) return null;
  const number = (n: number) => n.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB');
  const shown = (n: number | null) => (n === null ? t('policy.reach.lessThan') : number(n));
  // A kind without interventions is absent from the response (0); a protected kind is present as null.
  const byKind = INTERVENTION_KINDS.map((kind) => {
    const found = data.byKind.find((k) => k.kind === kind);
    return { kind, count: found ? found.count : 0 };
  });
  const suppressed = byKind.some((k) => k.count === null);
  const empty = data.total === 0;
  return (
    <ChartPanel
      id="dash-interventions"
      title={t('dash.interventions.title')}
      intro={t('dash.interventions.intro', { from: formatDate(data.from, lang), to: formatDate(data.to, lang) })}
      chart={
        empty ? null : (
          <BarsChart
            horizontal
            series={[{ key: 'count', label: t('dash.col.interventions'), colour: 'primary' }]}
            rows={byKind.map((k) => ({
              name: t(`policy.kind.${k.kind}`),
              values: { count: { value: k.count ?? 0, label: shown(k.count) } },
            }))}
          />
        )
      }
      notes={[empty ? t('dash.interventions.empty') : null, suppressed || data.total === null ? t('policy.reach.suppressed', { threshold: data.threshold }) : null]}
      table={
        <FigureTable
          caption={t('dash.interventions.caption', { from: formatDate(data.from, lang), to: formatDate(data.to, lang) })}
          head={t('dash.col.kind')}
          columns={[t('dash.col.interventions')]}
          rows={byKind.map((k) => ({ key: k.kind, header: t(`policy.kind.${k.kind}`), cells: [shown(k.count)] }))}
          foot={{ header: t('dash.col.total'), cells: [shown(data.total)] }}
        />
      }
    />
  );
}

export function TrainingReachPanel({ asOf }: { asOf: string | null }) {
  const { t, lang } = useI18n();
  const reach = useResource<TrainingReach>(asOf ? `/api/training/reach?asOf=${asOf}` : '/api/training/reach');
  const data = reach.data;
  if (!data) return null;
  const trained = data.departments.filter((d) => d.sessions > 0);
  const signals = (n: number | null, sessions: number, complete = true) => {
    if (sessions === 0) return t('policy.reach.notTrained');
    if (n === null) return complete ? t('policy.reach.lessThan') : t('policy.reach.notYet');
    return complete ? n.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB') : t('policy.reach.partial', { count: n });
  };
  return (
    <ChartPanel
      id="dash-training"
      wide
      title={t('dash.training.title')}
      intro={t('policy.reach.intro', { asOf: formatDate(data.asOf, lang), start: formatDate(data.windowStart, lang) })}
      chart={
        trained.length === 0 ? null : (
          <BarsChart
            horizontal
            series={[{ key: 'participants', label: t('policy.reach.col.participants'), colour: 'secondary' }]}
            rows={data.departments.map((d) => ({
              name: d.departmentName,
              values: { participants: { value: d.participants, label: d.participants.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB') } },
            }))}
          />
        )
      }
      notes={[
        trained.length === 0 ? t('dash.training.empty') : null,
        trained.some((d) => d.signalsBefore === null || (d.afterComplete && d.signalsAfter === null)) ? t('policy.reach.suppressed', { threshold: data.threshold }) : null,
        t('policy.reach.caveat'),
      ]}
      table={
        data.departments.length === 0 ? (
          <Paragraph>{t('dash.training.empty')}</Paragraph>
        ) : (
          <FigureTable
            caption={t('policy.reach.caption', { asOf: formatDate(data.asOf, lang) })}
            head={t('policy.reach.col.department')}
            columns={[t('policy.reach.col.participants'), t('policy.reach.col.sessions'), t('policy.reach.col.before'), t('policy.reach.col.after')]}
            rows={data.departments.map((d) => ({
              key: d.departmentId,
              header: d.departmentName,
              cells: [d.participants, d.sessions, signals(d.signalsBefore, d.sessions), signals(d.signalsAfter, d.sessions, d.afterComplete)],
            }))}
          />
        )
      }
    />
  );
}
