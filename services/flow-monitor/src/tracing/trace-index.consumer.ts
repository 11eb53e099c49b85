import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { type Clock, PRODUCTION_TOPICS } from '@clearpath/contracts';
import { decodeHeaders } from '@clearpath/messaging';
import { InjectLogger, type Logger } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, RUNTIME_CONFIG, type RuntimeConfig } from '@clearpath/platform';
import { KAFKA_CLIENT } from '../flow-monitor.tokens';
import { TRACED_TOPICS } from '../pipeline/pipeline.graph';
import { traceEntryOf, type TraceEntry } from './trace-entry';
import { TraceIndexRepository } from './trace-index.repository';

const CHUNK = 500;

/**
 * Indexes every record of the traced topics (group `flow-monitor`). Not the platform's inbox
 * transport, on purpose: flow-monitor only observes, so it must never dead-letter (the transport
 * would send a malformed core-banking record to ingestion's dead-letter topic a second time), and
 * it must index a replayed record even though it carries the event id of one already seen (the
 * transport's inbox is keyed by event id). Idempotency is the index's primary key instead:
 * topic/partition/offset, inserted with ON CONFLICT DO NOTHING in one transaction per chunk,
 * offsets resolved only after the commit. A failing chunk throws; kafkajs retries it with backoff.
 */
@Injectable()
export class TraceIndexConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: Consumer | null = null;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly index: TraceIndexRepository,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.config.consumerGroup,
      sessionTimeout: this.config.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(this.config.sessionTimeoutMs / 5)),
      maxWaitTimeInMs: 500,
      maxBytesPerPartition: 1024 * 1024,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    const topics = this.config.topicNamespace ?? PRODUCTION_TOPICS;
    for (const topic of TRACED_TOPICS) await consumer.subscribe({ topic: topics.physical(topic), fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      // two cores shared with the pipeline: one partition at a time is plenty for an index
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }

  private async onBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (let start = 0; start < batch.messages.length; start += CHUNK) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + CHUNK);
      const entries = chunk
        .map((m) =>
          traceEntryOf({
            topic: (this.config.topicNamespace ?? PRODUCTION_TOPICS).logical(batch.topic),
            partition: batch.partition,
            offset: m.offset,
            key: m.key ? m.key.toString('utf8') : null,
            value: m.value,
            headers: decodeHeaders(m.headers as Record<string, unknown>),
            timestamp: m.timestamp,
          }),
        )
        .filter((e): e is TraceEntry => e !== null);
      try {
        await this.dataSource.transaction((manager) => this.index.insert(manager, entries, this.clock.now()));
      } catch (error) {
        this.logger.warn(
          { err: error, topic: batch.topic, partition: batch.partition, records: chunk.length },
          'trace index write failed; the batch will be retried',
        );
        throw error;
      }
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }
}
