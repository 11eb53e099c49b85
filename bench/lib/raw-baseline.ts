/**
 * Raw kafkajs produce→consume throughput on this machine: the ceiling the ingestion pipeline is
 * compared against. Same client settings as the services (createKafka, the idempotent producer
 * with acks=all and one request in flight, batches of 1,000 as the outbox relay sends them), and a
 * consumer configured like the inbox consumer reading them back with eachBatch.
 */
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { createIdempotentProducer } from '@clearpath/messaging';
import { sleep } from './stats';

export interface RawBaselineResult {
  readonly topic: string;
  readonly partitions: number;
  readonly messages: number;
  readonly valueBytes: number;
  readonly batchSize: number;
  readonly produceSeconds: number;
  readonly endToEndSeconds: number;
  readonly producedPerSecond: number;
  /** Produce→consume: messages / (last consumed − first send). The headline baseline. */
  readonly messagesPerSecond: number;
  readonly consumed: number;
}

export async function runRawBaseline(
  kafka: Kafka,
  options: { topic: string; partitions: number; messages: number; valueBytes: number; batchSize: number; groupId: string; timeoutMs: number },
): Promise<RawBaselineResult> {
  const { topic, partitions, messages, valueBytes, batchSize, groupId } = options;
  const admin = kafka.admin();
  await admin.connect();
  const producer = createIdempotentProducer(kafka);
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 500,
    maxBytesPerPartition: 2 * 1024 * 1024,
    allowAutoTopicCreation: false,
  });
  try {
    await deleteTopicIfExists(admin, topic);
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });

    const values = Array.from({ length: 64 }, () => randomBytes(valueBytes));
    const batches: Array<Array<{ key: string; value: Buffer }>> = [];
    for (let i = 0; i < messages; i += batchSize) {
      batches.push(Array.from({ length: Math.min(batchSize, messages - i) }, (_, j) => ({ key: `LN-RAW-${i + j}`, value: values[(i + j) % values.length] })));
    }

    let consumed = 0;
    let lastConsumedAt = 0;
    const joined = new Promise<void>((resolveJoin) => consumer.on(consumer.events.GROUP_JOIN, () => resolveJoin()));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        consumed += batch.messages.length;
        lastConsumedAt = Date.now();
      },
    });
    await joined;
    await producer.connect();

    const started = Date.now();
    for (const batch of batches) {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: batch }] });
    }
    const produced = Date.now();
    const deadline = started + options.timeoutMs;
    while (consumed < messages && Date.now() < deadline) await sleep(20);
    const endToEndSeconds = ((consumed >= messages ? lastConsumedAt : Date.now()) - started) / 1000;
    return {
      topic,
      partitions,
      messages,
      valueBytes,
      batchSize,
      produceSeconds: (produced - started) / 1000,
      endToEndSeconds,
      producedPerSecond: messages / ((produced - started) / 1000),
      messagesPerSecond: consumed / endToEndSeconds,
      consumed,
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await deleteTopicIfExists(admin, topic).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

async function deleteTopicIfExists(admin: ReturnType<Kafka['admin']>, topic: string): Promise<void> {
  if (!(await admin.listTopics()).includes(topic)) return;
  await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
  // Deletion is asynchronous on the broker; wait until the name is free again.
  const deadline = Date.now() + 15_000;
  while ((await admin.listTopics()).includes(topic) && Date.now() < deadline) await sleep(200);
}
