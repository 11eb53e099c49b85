import { Client } from 'pg';
import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { PRODUCTION_TOPICS, type TopicNamespace } from '@clearpath/contracts';
import { OUTBOX_LANES } from './outbox.writer';
import { type MessagingLogger, silentLogger } from '../kafka/kafka.factory';

export interface OutboxRelayOptions {
  readonly dataSource: DataSource;
  readonly producer: Producer;
  /** Service schema; the relay LISTENs on `outbox_<schema>`. */
  readonly schema: string;
  /** Connection string for the dedicated LISTEN connection (a pooled one cannot hold LISTEN). */
  readonly databaseUrl: string;
  /** Where the rows' topics (logical names, as writers wrote them) are on the broker; the production names when absent. */
  readonly namespace?: TopicNamespace;
  readonly batchSize?: number;
  /** Safety net when a notification is missed (LISTEN connection lost). */
  readonly pollIntervalMs?: number;
  readonly logger?: MessagingLogger;
  readonly onPublished?: (count: number) => void;
  readonly onBacklog?: (backlog: number) => void;
}

export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  value_text: string | null;
  value_bytes: Buffer | null;
  headers: Record<string, string>;
}

/**
 * Publishes what services wrote to their outbox. Each round claims whole ordering lanes with
 * transaction-scoped advisory locks and their rows with FOR UPDATE SKIP LOCKED, publishes them
 * (idempotent producer, acks=all) and deletes them in the same transaction — so several relay
 * instances share the work, a crash republishes at most the last batch (consumers' inboxes absorb
 * it), and one key's records stay in order.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly logger: MessagingLogger;
  private listenClient: Client | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private wakeRequested = false;
  private readonly lockSpace: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 1_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.logger = options.logger ?? silentLogger;
    this.lockSpace = stableInt32(`outbox:${options.schema}`);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  /** Stops after draining what is already in the outbox, up to `drainTimeoutMs`. */
  async stop(drainTimeoutMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake();
    await this.loop;
    const deadline = Date.now() + drainTimeoutMs;
    try {
      while (Date.now() < deadline && (await this.publishBatch()) > 0) {
        /* keep draining */
      }
    } catch (error) {
      this.logger.error({ err: error }, 'outbox drain failed; rows stay for the next start');
    }
    await this.listenClient?.end().catch(() => undefined);
    this.listenClient = null;
  }

  /** Publishes one batch; returns how many records went out. */
  async publishBatch(): Promise<number> {
    return this.options.dataSource.transaction(async (manager) => {
      // Claim and delete in one statement; if publishing fails the transaction rolls back and the
      // rows are there again for the next round.
      const result: [OutboxRow[], number] = await manager.query(
        `WITH lanes AS (
           SELECT g AS lane FROM generate_series(0, $1::int - 1) g
           WHERE pg_try_advisory_xact_lock($2::int, g)
         ),
         claimed AS (
           SELECT o.id FROM outbox o JOIN lanes USING (lane)
           ORDER BY o.id
           LIMIT $3
           FOR UPDATE OF o SKIP LOCKED
         )
         DELETE FROM outbox o USING claimed c WHERE o.id = c.id
         RETURNING o.id, o.topic, o.message_key, o.value_json::text AS value_text, o.value_bytes, o.headers`,
        [OUTBOX_LANES, this.lockSpace, this.batchSize],
      );
      // TypeORM answers a DELETE with [rows, affected]. RETURNING promises no order: restore the
      // write order, which is each key's order.
      const rows = result[0];
      rows.sort((a, b) => Number(a.id) - Number(b.id));
      if (rows.length === 0) return 0;
      // In write order, in sends of at most SEND_BUDGET_BYTES each: the broker refuses a partition's
      // record batch over its 1 MiB limit whole, and a refused batch would come back every round and
      // hold up the whole outbox. A record over the budget goes alone.
      for (const chunk of sendChunks(rows, SEND_BUDGET_BYTES)) {
        await this.options.producer.sendBatch({ acks: -1, topicMessages: topicMessagesOf(chunk, this.options.namespace ?? PRODUCTION_TOPICS) });
      }
      this.options.onPublished?.(rows.length);
      return rows.length;
    });
  }

  async backlog(): Promise<number> {
    const [row] = await this.options.dataSource.query(`SELECT count(*)::int AS n FROM outbox`);
    return (row as { n: number }).n;
  }

  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    let lastBacklogReport = 0;
    while (this.running) {
      try {
        this.wakeRequested = false;
        const published = await this.publishBatch();
        failures = 0;
        if (Date.now() - lastBacklogReport > 5_000 && this.options.onBacklog) {
          lastBacklogReport = Date.now();
          this.options.onBacklog(await this.backlog());
        }
        if (published > 0) continue;
        if (!this.wakeRequested) await this.sleep(this.pollIntervalMs);
      } catch (error) {
        failures++;
        const delay = Math.min(30_000, 200 * 2 ** Math.min(failures, 8));
        this.logger.warn({ err: error, failures, retryInMs: delay }, 'outbox publish failed; retrying');
        await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: `${this.options.schema}-outbox-listen` });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      // Polling keeps publishing; reconnect so notifications resume.
      this.logger.warn({ err: error }, 'outbox LISTEN connection lost; reconnecting');
      this.listenClient = null;
      if (this.running) setTimeout(() => void this.listen().catch(() => undefined), 1_000);
    });
    await client.connect();
    await client.query(`LISTEN "outbox_${this.options.schema}"`);
    this.listenClient = client;
  }
}

/** What one send may carry: half the broker's default 1 MiB batch limit, leaving room for framing. */
export const SEND_BUDGET_BYTES = 512 * 1024;

/** A record's size as sent, near enough: key, value and headers. */
export function approximateBytes(row: Pick<OutboxRow, 'message_key' | 'value_text' | 'value_bytes' | 'headers'>): number {
  let bytes = 64 + (row.message_key === null ? 0 : Buffer.byteLength(row.message_key));
  bytes += row.value_text !== null ? Buffer.byteLength(row.value_text) : (row.value_bytes?.length ?? 0);
  for (const [name, value] of Object.entries(row.headers ?? {})) bytes += Buffer.byteLength(name) + Buffer.byteLength(String(value)) + 8;
  return bytes;
}

/** Rows in order, cut into runs of at most `budget` bytes (a row larger than that is a run of its own). */
export function sendChunks<R extends Pick<OutboxRow, 'message_key' | 'value_text' | 'value_bytes' | 'headers'>>(rows: readonly R[], budget: number): R[][] {
  const chunks: R[][] = [];
  let current: R[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = approximateBytes(row);
    if (current.length > 0 && bytes + size > budget) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** A send's rows grouped by their broker topic, each topic's rows in order. */
export function topicMessagesOf(
  rows: readonly OutboxRow[],
  namespace: TopicNamespace,
): Array<{ topic: string; messages: Array<{ key: string | null; value: string | Buffer; headers: Record<string, string> }> }> {
  const byTopic = new Map<string, Array<{ key: string | null; value: string | Buffer; headers: Record<string, string> }>>();
  for (const row of rows) {
    const topic = namespace.physical(row.topic);
    let messages = byTopic.get(topic);
    if (!messages) byTopic.set(topic, (messages = []));
    messages.push({ key: row.message_key, value: row.value_text ?? row.value_bytes!, headers: row.headers });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function stableInt32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
