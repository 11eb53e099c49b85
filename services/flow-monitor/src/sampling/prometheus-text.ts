/**
 * The value of one metric in Prometheus text exposition, summed over its label sets
 * (`clearpath_outbox_backlog{service="ingestion"} 12`); null when the metric is absent.
 */
export function metricValue(text: string, metric: string): number | null {
  let total: number | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(metric)) continue;
    const rest = line.slice(metric.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue; // another metric sharing the prefix
    const value = Number(
      rest
        .slice(rest[0] === '{' ? rest.lastIndexOf('}') + 1 : 0)
        .trim()
        .split(/\s+/)[0],
    );
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}
