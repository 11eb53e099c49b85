import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  readonly service: string;
  /** Node process metrics (CPU, memory, event loop lag, GC); default on. */
  readonly collectDefaultMetrics?: boolean;
}

/**
 * The platform's metrics, one registry per app. A registry of its own (not prom-client's global
 * one) keeps tests and several apps in one process from colliding; services add their own metrics
 * with `registers: [metrics.registry]`.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly eventsIn: Counter<'topic'>;
  readonly eventsApplied: Counter<'topic'>;
  readonly eventsSkipped: Counter<'topic' | 'reason'>;
  readonly eventsDeadLettered: Counter<'topic' | 'reason'>;
  readonly outboxBacklog: Gauge;
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(options: MetricsOptions) {
    this.registry.setDefaultLabels({ service: options.service });
    // prom-client samples event-loop delay every 10 ms by default: ~100 wake-ups/s on an idle service.
    if (options.collectDefaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 200 });
    const registers = [this.registry];

    this.eventsIn = new Counter({
      name: 'clearpath_events_in_total',
      help: 'Events received from Kafka, before validation and deduplication.',
      labelNames: ['topic'],
      registers,
    });
    this.eventsApplied = new Counter({
      name: 'clearpath_events_applied_total',
      help: 'Events whose effect was applied (first delivery).',
      labelNames: ['topic'],
      registers,
    });
    this.eventsSkipped = new Counter({
      name: 'clearpath_events_skipped_total',
      help: 'Events received but not applied, e.g. reason="duplicate" for a redelivery found in the inbox.',
      labelNames: ['topic', 'reason'],
      registers,
    });
    this.eventsDeadLettered = new Counter({
      name: 'clearpath_events_dead_lettered_total',
      help: "Events sent to the topic's .dlq after validation failed or retries ran out.",
      labelNames: ['topic', 'reason'],
      registers,
    });
    this.outboxBacklog = new Gauge({
      name: 'clearpath_outbox_backlog',
      help: 'Outbox rows written but not yet published.',
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'clearpath_consumer_lag',
      help: "Messages between the consumer group's committed offset and the partition's high watermark.",
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.httpRequestDuration = new Histogram({
      name: 'clearpath_http_request_duration_seconds',
      help: 'HTTP request duration by route template (not raw path, to bound cardinality).',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }
}
