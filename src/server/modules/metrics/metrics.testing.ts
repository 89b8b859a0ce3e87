/** Test support: the value of one series in Prometheus text, e.g. metricSample(text, 'meldroute_email_outbox_messages{state="due"}'). */
export function metricSample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
