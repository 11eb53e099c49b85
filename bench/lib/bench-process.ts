import { readFileSync } from 'node:fs';
import type { Kafka } from 'kafkajs';
import { createKafka, readKafkaSecurity, type MessagingLogger } from '@clearpath/messaging';
import { removeRunSchemas, removeRunTopics } from './bench-topics';
import { clearpathEnv } from './ingestion-child';

/**
 * What every bench sets up first: its child processes die with it (exit, ^C, TERM, HUP), a watchdog
 * ends a run that hangs, the run's topics are deleted on the way out (bench-topics.ts), and it
 * refuses to send load anywhere but this machine.
 */
export function guardBenchProcess(options: { childLabel: string; killChildrenNow: () => void; globalTimeoutMs: number }): NodeJS.Timeout {
  const { childLabel, killChildrenNow, globalTimeoutMs } = options;
  process.on('exit', killChildrenNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}; killing the ${childLabel} and exiting`);
      killChildrenNow();
      void Promise.all([removeRunTopics(10_000), removeRunSchemas(10_000)]).finally(() => process.exit(130));
    });
  }
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${globalTimeoutMs / 1000} s; giving up`);
    killChildrenNow();
    void Promise.all([removeRunTopics(10_000), removeRunSchemas(10_000)]).finally(() => process.exit(1));
  }, globalTimeoutMs);
  watchdog.unref();
  return watchdog;
}

/** The brokers to use, after checking that they and the database are on 127.0.0.1. */
export function loopbackTargets(databaseUrl: string): string[] {
  const brokers = (process.env.KAFKA_BROKERS ?? clearpathEnv().KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  if (!brokers.every((b) => b.startsWith('127.0.0.1:') || b.startsWith('localhost:')))
    throw new Error(`the bench only talks to 127.0.0.1; KAFKA_BROKERS=${brokers.join(',')}`);
  if (!/@(127\.0\.0\.1|localhost)[:/]/.test(databaseUrl)) throw new Error(`the bench only talks to 127.0.0.1; database ${databaseUrl}`);
  return brokers;
}

/** kafkajs says only its errors during a bench: its info lines would drown the figures. */
const quietKafkaLogger: MessagingLogger = {
  debug() {},
  info() {},
  warn() {},
  error: (obj, msg) => console.error(`kafkajs error: ${msg ?? ''} ${JSON.stringify(obj).slice(0, 300)}`),
};

/** The bench's own Kafka client (publishers, probes, baselines). */
export function benchKafka(brokers: string[], clientId: string): Kafka {
  return createKafka({ brokers, clientId, logger: quietKafkaLogger, security: readKafkaSecurity(process.env) });
}

/** The kafkajs version the figures were measured with. */
export const KAFKAJS_VERSION = (JSON.parse(readFileSync(require.resolve('kafkajs/package.json'), 'utf8')) as { version: string }).version;
