import type { HealthIndicator } from './health-indicator';

/**
 * Indicator builders. The concrete checks take a function rather than a DataSource or a Kafka
 * admin client so this lib depends on neither TypeORM nor kafkajs.
 */
export interface IndicatorOptions {
  readonly timeoutMs?: number;
}

/** Up when `ping` resolves, down with its error message when it rejects. */
export function pingIndicator(name: string, ping: () => Promise<unknown>, options: IndicatorOptions = {}): HealthIndicator {
  return {
    name,
    ...options,
    async check() {
      await ping();
      return { status: 'up' };
    },
  };
}

/** `postgresIndicator(() => dataSource.query('select 1'))` */
export function postgresIndicator(query: () => Promise<unknown>, options: IndicatorOptions = {}): HealthIndicator {
  return pingIndicator('postgres', query, options);
}

/** `kafkaIndicator(() => admin.describeCluster())`, with an admin client connected at startup. */
export function kafkaIndicator(describeCluster: () => Promise<{ readonly brokers: readonly unknown[] }>, options: IndicatorOptions = {}): HealthIndicator {
  return {
    name: 'kafka',
    ...options,
    async check() {
      const { brokers } = await describeCluster();
      return { status: brokers.length > 0 ? 'up' : 'down', details: { brokers: brokers.length } };
    },
  };
}

export interface OutboxBacklogOptions extends IndicatorOptions {
  /** Up while the number of unpublished rows is at most this. */
  readonly maxBacklog: number;
}

/**
 * Down when more outbox rows wait than the relay can be expected to hold: the relay is stuck or
 * Kafka refuses writes, and this instance should stop taking work that adds to the pile.
 */
export function outboxBacklogIndicator(countPending: () => Promise<number>, options: OutboxBacklogOptions): HealthIndicator {
  const { maxBacklog, ...rest } = options;
  return {
    name: 'outbox',
    ...rest,
    async check() {
      const backlog = await countPending();
      return { status: backlog <= maxBacklog ? 'up' : 'down', details: { backlog, maxBacklog } };
    },
  };
}
