import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { type FieldError, HEADERS, PRODUCTION_TOPICS, type TopicNamespace } from '@clearpath/contracts';
import { decodeHeaders, type MessagingLogger, silentLogger } from '../kafka/kafka.factory';
import { writeToOutbox } from '../outbox/outbox.writer';
import type { BatchHandler, ConsumerObserver, InboundMessage, MessageOutcome } from './inbox.types';

export interface InboxConsumerOptions {
  readonly kafka: Kafka;
  readonly dataSource: DataSource;
  /** Used for DLQ records only when the database itself cannot take them. */
  readonly producer: Producer;
  readonly groupId: string;
  /** topic → its dead-letter topic, both logical names (the registry's). */
  readonly topics: ReadonlyArray<{ readonly topic: string; readonly dlq: string }>;
  /**
   * Where the topics are on the broker (CLEARPATH_TOPIC_NAMESPACE); the production names when
   * absent. Subscriptions and direct dead-letter sends use physical names; handlers, the inbox
   * table, metrics and outbox rows see logical ones.
   */
  readonly namespace?: TopicNamespace;
  readonly handler: BatchHandler;
  /**
   * For a handler that already keeps a durable record, keyed like the inbox, of every record it
   * applied or skipped (ingestion's event log): answers which of these keys it holds. Records
   * found there are redeliveries, so the inbox writes no row for them — one insert less per
   * record — and keeps rows only for what it dead-lettered. Absent: a row per record, claimed
   * before the handler runs.
   */
  readonly recordedByHandler?: (manager: EntityManager, keys: readonly string[]) => Promise<ReadonlySet<string>>;
  /** Records per database transaction. */
  readonly chunkSize?: number;
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
  readonly partitionsConsumedConcurrently?: number;
  readonly fromBeginning?: boolean;
  /** How long the group waits for a silent member before taking its partitions away. */
  readonly sessionTimeoutMs?: number;
  readonly logger?: MessagingLogger;
  readonly observer?: ConsumerObserver;
  /** Test hook: runs after a chunk's transaction committed, before its offset is resolved. */
  readonly afterCommit?: (messages: readonly InboundMessage[]) => void;
}

class PoisonError extends Error {}

/**
 * Consumes topics in batches and applies each chunk in one PostgreSQL transaction together with
 * its inbox rows, so a redelivered record is skipped rather than applied twice. A failing chunk
 * is retried with backoff, then split record by record; a record that still fails goes to the
 * dead-letter topic with its original bytes and the error in headers, and the partition moves on.
 * This replaces @nestjs/microservices' Kafka server, which takes one message at a time and blocks
 * a partition on a thrown error (nestjs/nest#14664).
 */
export class InboxConsumer {
  private consumer: Consumer | null = null;
  private readonly logger: MessagingLogger;
  private readonly dlqOf: Map<string, string>;
  private readonly chunkSize: number;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly namespace: TopicNamespace;
  private stopping = false;

  constructor(private readonly options: InboxConsumerOptions) {
    this.logger = options.logger ?? silentLogger;
    this.dlqOf = new Map(options.topics.map((t) => [t.topic, t.dlq]));
    this.chunkSize = options.chunkSize ?? 500;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.backoffBaseMs = options.backoffBaseMs ?? 100;
    this.namespace = options.namespace ?? PRODUCTION_TOPICS;
  }

  async start(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 15_000,
      heartbeatInterval: Math.max(500, Math.floor((this.options.sessionTimeoutMs ?? 15_000) / 5)),
      maxWaitTimeInMs: 500,
      // bounds memory: six partitions' fetches are held at once
      maxBytesPerPartition: 1024 * 1024,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    for (const { topic } of this.options.topics) {
      await consumer.subscribe({ topic: this.namespace.physical(topic), fromBeginning: this.options.fromBeginning ?? true });
    }
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Stops fetching, lets the batch in hand finish, commits its offsets and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = null;
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const { partition } = batch;
    const topic = this.namespace.logical(batch.topic);
    this.options.observer?.received?.(topic, batch.messages.length);
    for (let start = 0; start < batch.messages.length; start += this.chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + this.chunkSize).map((m) => this.toInbound(topic, partition, m));
      await this.processChunk(chunk, heartbeat);
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
    const lastOffset = batch.lastOffset();
    this.options.observer?.lag?.(topic, partition, Math.max(0, Number(batch.highWatermark) - Number(lastOffset) - 1));
  }

  private async processChunk(chunk: InboundMessage[], heartbeat: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.applyInTransaction(chunk);
        return;
      } catch (error) {
        if (attempt >= this.maxAttempts || this.stopping) {
          if (chunk.length === 1) return this.deadLetterAfterFailure(chunk[0], error as Error, attempt, heartbeat);
          this.logger.warn({ err: error, records: chunk.length }, 'chunk keeps failing; applying record by record');
          for (const message of chunk) await this.processChunk([message], heartbeat);
          return;
        }
        this.logger.warn({ err: error, attempt, records: chunk.length }, 'chunk failed; retrying with backoff');
        await this.backoff(attempt, heartbeat);
      }
    }
  }

  private async applyInTransaction(chunk: InboundMessage[]): Promise<void> {
    const counts = { applied: 0, skipped: new Map<string, number>(), deadLettered: [] as string[] };
    await this.options.dataSource.transaction(async (manager) => {
      const fresh = await this.claimInbox(manager, chunk);
      const ready: InboundMessage[] = [];
      const deadLetters: Array<{ message: InboundMessage; outcome: Extract<MessageOutcome, { status: 'dead-letter' }> }> = [];
      for (const message of chunk) {
        if (!fresh.has(message.messageKey)) {
          counts.skipped.set('redelivered', (counts.skipped.get('redelivered') ?? 0) + 1);
          continue;
        }
        fresh.delete(message.messageKey); // a second copy in the same chunk is a redelivery too
        if (message.body === undefined) {
          deadLetters.push({ message, outcome: { status: 'dead-letter', reason: 'invalid-json' } });
        } else ready.push(message);
      }
      const outcomes = ready.length > 0 ? await this.options.handler(ready, manager) : [];
      if (outcomes.length !== ready.length) throw new PoisonError(`handler returned ${outcomes.length} outcomes for ${ready.length} records`);
      ready.forEach((message, i) => {
        const outcome = outcomes[i];
        if (outcome.status === 'applied') counts.applied++;
        else if (outcome.status === 'skipped') counts.skipped.set(outcome.reason, (counts.skipped.get(outcome.reason) ?? 0) + 1);
        else deadLetters.push({ message, outcome });
      });
      if (deadLetters.length > 0 && this.options.recordedByHandler !== undefined) {
        // No row was claimed: the dead letters' rows are written now, and a record another
        // instance dead-lettered meanwhile (a rebalance) is not sent to the DLQ twice.
        const claimed = await this.insertDeadLettered(manager, deadLetters);
        const mine = deadLetters.filter((d) => claimed.has(d.message.messageKey));
        await writeToOutbox(
          manager,
          mine.map(({ message, outcome }) => this.dlqRecord(message, outcome.reason, undefined, 1, outcome.errors)),
        );
      } else if (deadLetters.length > 0) {
        await writeToOutbox(
          manager,
          deadLetters.map(({ message, outcome }) => this.dlqRecord(message, outcome.reason, undefined, 1, outcome.errors)),
        );
        await manager.query(
          `UPDATE inbox SET status = 'dead-lettered', detail = d.reason
           FROM unnest($2::text[], $3::text[]) AS d(message_key, reason)
           WHERE inbox.consumer = $1 AND inbox.message_key = d.message_key`,
          [this.options.groupId, deadLetters.map((d) => d.message.messageKey), deadLetters.map((d) => d.outcome.reason)],
        );
      }
      const skippedByHandler = outcomes.map((o, i) => (o.status === 'skipped' ? ready[i].messageKey : null)).filter((k): k is string => k !== null);
      if (skippedByHandler.length > 0 && this.options.recordedByHandler === undefined) {
        await manager.query(`UPDATE inbox SET status = 'skipped' WHERE consumer = $1 AND message_key = ANY($2::text[])`, [
          this.options.groupId,
          skippedByHandler,
        ]);
      }
      counts.deadLettered = deadLetters.map((d) => d.outcome.reason);
      for (const { message, outcome } of deadLetters) {
        this.logger.warn(
          {
            correlationId: message.correlationId,
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            reason: outcome.reason,
            errors: outcome.errors,
          },
          'record dead-lettered',
        );
      }
    });
    this.options.afterCommit?.(chunk);
    const topic = chunk[0].topic;
    if (counts.applied > 0) this.options.observer?.applied?.(topic, counts.applied);
    for (const [reason, n] of counts.skipped) this.options.observer?.skipped?.(topic, reason, n);
    for (const reason of counts.deadLettered) this.options.observer?.deadLettered?.(topic, reason);
  }

  /** Inserts the chunk's inbox rows; returns the keys that were new (not seen before). */
  private async claimInbox(manager: EntityManager, chunk: InboundMessage[]): Promise<Set<string>> {
    if (this.options.recordedByHandler !== undefined) return this.unseen(manager, chunk, this.options.recordedByHandler);
    const rows: Array<{ message_key: string }> = await manager.query(
      `INSERT INTO inbox (consumer, message_key, topic, partition, "offset", status)
       SELECT $1, k, $2, $3, o, 'applied' FROM unnest($4::text[], $5::bigint[]) AS m(k, o)
       ON CONFLICT DO NOTHING
       RETURNING message_key`,
      [this.options.groupId, chunk[0].topic, chunk[0].partition, chunk.map((m) => m.messageKey), chunk.map((m) => m.offset)],
    );
    const fresh = new Set(rows.map((r) => r.message_key));
    // A record an operator replayed from the DLQ (flow-monitor marks it) keeps its event id, which
    // this consumer dead-lettered before: claim it again, once. A plain redelivery stays skipped.
    const replayed = chunk.filter((m) => !fresh.has(m.messageKey) && m.headers[HEADERS.dlqReplayedFrom] !== undefined).map((m) => m.messageKey);
    if (replayed.length > 0) {
      const [again]: [Array<{ message_key: string }>, number] = await manager.query(
        `UPDATE inbox SET status = 'applied', detail = NULL WHERE consumer = $1 AND message_key = ANY($2::text[]) AND status = 'dead-lettered' RETURNING message_key`,
        [this.options.groupId, replayed],
      );
      for (const r of again) fresh.add(r.message_key);
    }
    return fresh;
  }

  /**
   * The keys of the chunk that neither the handler's own record nor the inbox (its dead letters)
   * holds. A record an operator replayed from the DLQ loses its dead-lettered row and is taken again.
   */
  private async unseen(
    manager: EntityManager,
    chunk: InboundMessage[],
    recordedByHandler: NonNullable<InboxConsumerOptions['recordedByHandler']>,
  ): Promise<Set<string>> {
    const keys = [...new Set(chunk.map((m) => m.messageKey))];
    const recorded = await recordedByHandler(manager, keys);
    const rows: Array<{ message_key: string }> = await manager.query(`SELECT message_key FROM inbox WHERE consumer = $1 AND message_key = ANY($2::text[])`, [
      this.options.groupId,
      keys,
    ]);
    const deadLettered = new Set(rows.map((r) => r.message_key));
    const replayed = chunk
      .filter((m) => deadLettered.has(m.messageKey) && !recorded.has(m.messageKey) && m.headers[HEADERS.dlqReplayedFrom] !== undefined)
      .map((m) => m.messageKey);
    if (replayed.length > 0) {
      const [again]: [Array<{ message_key: string }>, number] = await manager.query(
        `DELETE FROM inbox WHERE consumer = $1 AND message_key = ANY($2::text[]) AND status = 'dead-lettered' RETURNING message_key`,
        [this.options.groupId, replayed],
      );
      for (const r of again) deadLettered.delete(r.message_key);
    }
    return new Set(keys.filter((k) => !recorded.has(k) && !deadLettered.has(k)));
  }

  /** Inbox rows for dead letters (handler-recorded mode); returns the keys this transaction wrote. */
  private async insertDeadLettered(
    manager: EntityManager,
    deadLetters: ReadonlyArray<{ message: InboundMessage; outcome: { reason: string } }>,
  ): Promise<Set<string>> {
    const rows: Array<{ message_key: string }> = await manager.query(
      `INSERT INTO inbox (consumer, message_key, topic, partition, "offset", status, detail)
       SELECT $1, k, $2, $3, o, 'dead-lettered', r FROM unnest($4::text[], $5::bigint[], $6::text[]) AS d(k, o, r)
       ON CONFLICT DO NOTHING
       RETURNING message_key`,
      [
        this.options.groupId,
        deadLetters[0]!.message.topic,
        deadLetters[0]!.message.partition,
        deadLetters.map((d) => d.message.messageKey),
        deadLetters.map((d) => d.message.offset),
        deadLetters.map((d) => d.outcome.reason),
      ],
    );
    return new Set(rows.map((r) => r.message_key));
  }

  private async deadLetterAfterFailure(message: InboundMessage, error: Error, attempts: number, heartbeat: () => Promise<void>): Promise<void> {
    const reason = 'processing-failed';
    const record = this.dlqRecord(message, reason, error.message, attempts);
    this.logger.error(
      { err: error, correlationId: message.correlationId, topic: message.topic, partition: message.partition, offset: message.offset, attempts },
      'record dead-lettered after retries',
    );
    // Prefer the outbox (atomic with the inbox row); if the database is what fails, publish
    // directly and keep trying until one of the two takes it: the record must not be lost.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.dataSource.transaction(async (manager) => {
          await manager.query(
            `INSERT INTO inbox (consumer, message_key, topic, partition, "offset", status, detail)
             VALUES ($1, $2, $3, $4, $5, 'dead-lettered', $6) ON CONFLICT DO NOTHING`,
            [this.options.groupId, message.messageKey, message.topic, message.partition, message.offset, error.message.slice(0, 1000)],
          );
          await writeToOutbox(manager, [record]);
        });
        break;
      } catch (dbError) {
        try {
          await this.options.producer.send({
            topic: this.namespace.physical(record.topic),
            acks: -1,
            messages: [{ key: record.key, value: message.raw, headers: record.headers }],
          });
          break;
        } catch (kafkaError) {
          this.logger.error({ err: kafkaError, dbError }, 'cannot dead-letter record yet; retrying');
          await this.backoff(Math.min(attempt, 8), heartbeat);
        }
      }
    }
    this.options.observer?.deadLettered?.(message.topic, reason);
  }

  private dlqRecord(message: InboundMessage, reason: string, detail: string | undefined, attempts: number, errors?: readonly FieldError[]) {
    const dlq = this.dlqOf.get(message.topic);
    if (!dlq) throw new Error(`no dead-letter topic configured for ${message.topic}`);
    const headers: Record<string, string> = {
      ...message.headers,
      [HEADERS.dlqReason]: reason,
      [HEADERS.dlqSourceTopic]: message.topic,
      [HEADERS.dlqSourcePartition]: String(message.partition),
      [HEADERS.dlqSourceOffset]: message.offset,
      [HEADERS.dlqConsumerGroup]: this.options.groupId,
      [HEADERS.dlqFailedAt]: new Date().toISOString(),
      [HEADERS.dlqAttempts]: String(attempts),
      [HEADERS.correlationId]: message.correlationId,
    };
    if (detail !== undefined) headers[HEADERS.dlqError] = detail.slice(0, 4_000);
    if (errors !== undefined) headers[HEADERS.dlqErrors] = JSON.stringify(errors).slice(0, 16_000);
    return { topic: dlq, key: message.key, value: message.raw, headers };
  }

  private toInbound(topic: string, partition: number, message: KafkaMessage): InboundMessage {
    const raw = message.value ?? Buffer.alloc(0);
    const headers = decodeHeaders(message.headers as Record<string, unknown>);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = undefined;
    }
    const bodyId = typeof body === 'object' && body !== null ? (body as { eventId?: unknown }).eventId : undefined;
    const eventId = headers[HEADERS.eventId] ?? (typeof bodyId === 'string' && bodyId.length <= 200 ? bodyId : undefined);
    const bodyCorrelation = typeof body === 'object' && body !== null ? (body as { correlationId?: unknown }).correlationId : undefined;
    return {
      topic,
      partition,
      offset: message.offset,
      key: message.key ? message.key.toString('utf8') : null,
      raw,
      body,
      headers,
      messageKey: eventId ?? `${topic}/${partition}/${message.offset}`,
      correlationId:
        headers[HEADERS.correlationId] ?? (typeof bodyCorrelation === 'string' ? bodyCorrelation : (eventId ?? `${topic}/${partition}/${message.offset}`)),
    };
  }

  private async backoff(attempt: number, heartbeat: () => Promise<void>): Promise<void> {
    const delay = Math.min(10_000, this.backoffBaseMs * 2 ** (attempt - 1));
    const until = Date.now() + delay;
    // Heartbeat while waiting so a long backoff does not cost us the partition.
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, Math.min(1_000, until - Date.now())));
      await heartbeat().catch(() => undefined);
    }
  }
}
