import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { PRODUCTION_TOPICS, type TopicNamespace } from '@clearpath/contracts';
import { decodeHeaders } from '@clearpath/messaging';
import { KAFKA_ADMIN, RUNTIME_CONFIG, type RuntimeConfig } from '@clearpath/platform';
import { KAFKA_CLIENT } from '../flow-monitor.tokens';
import type { DlqRecord } from './dlq-record.view';

const READ_TIMEOUT_MS = 15_000;

/**
 * Reads a window of a dead-letter topic straight from Kafka, on demand: the records stay where the
 * messaging lib put them (30 days' retention), so flow-monitor keeps no second copy of possibly
 * personal data. kafkajs has no partition assignment without a group, so each read joins a
 * throw-away group, seeks, reads up to the end it saw at the start, leaves and deletes the group.
 * Reads are serialised: dead-letter topics are small and one read at a time bounds the cost.
 */
@Injectable()
export class DlqReader {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig,
  ) {
    this.topics = config.topicNamespace ?? PRODUCTION_TOPICS;
  }

  /** Where the (logical) topics asked for are on the broker; records keep the logical name. */
  private readonly topics: TopicNamespace;

  /** The newest `limit` records of each partition, newest first. */
  newest(topic: string, limit: number): Promise<DlqRecord[]> {
    return this.serialised(async () => {
      const ends = await this.admin.fetchTopicOffsets(this.topics.physical(topic));
      const starts = ends.map((e) => ({ partition: e.partition, from: maxBig(BigInt(e.low), BigInt(e.high) - BigInt(limit)), to: BigInt(e.high) }));
      const records = await this.read(topic, starts);
      return records.sort((a, b) => Number(b.timestamp) - Number(a.timestamp) || compareBig(b.offset, a.offset)).slice(0, limit * Math.max(1, ends.length));
    });
  }

  /** One record, or null when it is not (or no longer) in the topic. */
  one(topic: string, partition: number, offset: bigint): Promise<DlqRecord | null> {
    return this.serialised(async () => {
      const ends = await this.admin.fetchTopicOffsets(this.topics.physical(topic));
      const end = ends.find((e) => e.partition === partition);
      if (!end || offset < BigInt(end.low) || offset >= BigInt(end.high)) return null;
      const [record] = await this.read(topic, [{ partition, from: offset, to: offset + 1n }]);
      return record ?? null;
    });
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(topic: string, windows: Array<{ partition: number; from: bigint; to: bigint }>): Promise<DlqRecord[]> {
    const wanted = windows.filter((w) => w.from < w.to);
    if (wanted.length === 0) return [];
    const groupId = `flow-monitor-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false, retry: { retries: 2 } });
    const records: DlqRecord[] = [];
    const remaining = new Map(wanted.map((w) => [w.partition, w]));
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.topics.physical(topic), fromBeginning: true });
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const w of wanted) consumer.seek({ topic: this.topics.physical(topic), partition: w.partition, offset: String(w.from) });
      });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const w = remaining.get(batch.partition);
          if (!w) return;
          for (const m of batch.messages) {
            const offset = BigInt(m.offset);
            if (offset < w.from || offset >= w.to) continue;
            records.push({
              topic,
              partition: batch.partition,
              offset: m.offset,
              key: m.key ? m.key.toString('utf8') : null,
              timestamp: m.timestamp,
              headers: decodeHeaders(m.headers as Record<string, unknown>),
              value: m.value ?? Buffer.alloc(0),
            });
          }
          // Compacted or transactional topics can skip offsets: the batch's last offset says how far the read got.
          if (BigInt(batch.lastOffset()) >= w.to - 1n) {
            remaining.delete(batch.partition);
            if (remaining.size === 0) finish();
          }
        },
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, READ_TIMEOUT_MS)))]);
      clearTimeout(timer);
      if (remaining.size > 0) throw new Error(`reading ${topic} timed out`);
      return records;
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await this.admin.deleteGroups([groupId]).catch(() => undefined);
    }
  }
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function compareBig(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
