import { metricValue } from './prometheus-text';

const text = [
  '# HELP clearpath_outbox_backlog Outbox rows written but not yet published.',
  '# TYPE clearpath_outbox_backlog gauge',
  'clearpath_outbox_backlog{service="ingestion"} 12',
  'clearpath_outbox_backlog_total_bogus{service="ingestion"} 99',
  'clearpath_events_dead_lettered_total{service="ingestion",topic="t",reason="schema-violation"} 2',
  'clearpath_events_dead_lettered_total{service="ingestion",topic="t",reason="invalid-json"} 3',
  'process_cpu_seconds_total 4.5',
].join('\n');

describe('prometheus text', () => {
  it('reads a gauge, and sums a counter over its label sets', () => {
    expect(metricValue(text, 'clearpath_outbox_backlog')).toBe(12);
    expect(metricValue(text, 'clearpath_events_dead_lettered_total')).toBe(5);
    expect(metricValue(text, 'process_cpu_seconds_total')).toBe(4.5);
  });

  it('is null for a metric that is not there', () => {
    expect(metricValue(text, 'clearpath_consumer_lag')).toBeNull();
    expect(metricValue('', 'clearpath_outbox_backlog')).toBeNull();
  });
});
