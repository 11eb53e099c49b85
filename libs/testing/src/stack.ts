import { Pool } from 'pg';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { createKafka, decodeHeaders, readKafkaSecurity } from '@clearpath/messaging';
import { serviceDatabaseUrl } from '@clearpath/persistence';

/** Where the running stack is (started by `npm run stack:up`); tests use their own database. */
export const testStack = {
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  /** PLAINTEXT on the dev stack; KAFKA_SECURITY_PROTOCOL and friends point the tests at a secured broker. */
  kafkaSecurity: readKafkaSecurity(process.env),
  databaseUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clearpath_test',
  /** CLEARPATH_API_KEYS of every service under test (client:role:key): one client per role, and repayment-plan's own for complaints. */
  apiKeys:
    'core-banking:core-banking:test-core-banking-key,test-service:service:test-service-key,repayment-plan:service:test-repayment-plan-key,' +
    'test-agent:agent:test-agent-key,test-ops:ops:test-ops-key,test-supervisor:supervisor:test-supervisor-key,test-compliance:compliance:test-compliance-key',
  tokenSecret: 'test-token-secret-0123456789',
  /** CLEARPATH_PII_MASTER_KEYS of the services that hold personal data (ingestion, contact-orchestration, complaints). */
  piiMasterKeys: `test-1:${Buffer.alloc(32, 't').toString('base64')}`,
  /** CLEARPATH_SELF_SERVICE_SECRET of every service under test (contact-orchestration signs links, repayment-plan checks them). */
  selfServiceSecret: 'test-self-service-secret-0123456789',
};

/**
 * What a service under test connects with: its own runtime role on the test database (the roles and
 * their grants come with the schema's migrations). testStack.databaseUrl stays the admin URL, for
 * migrations and for the tests' own assertions.
 */
export function testServiceDatabaseUrl(service: string): string {
  return serviceDatabaseUrl(testStack.databaseUrl, service);
}

/** A service's prefix in environment variables: `contact-orchestration` → `CONTACT_ORCHESTRATION`. */
export function envPrefixOf(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}

/**
 * What every service under test is started with: the test database's admin URL (the migrations'),
 * the brokers, and the test stack's secrets. A service ignores the secrets it does not read (only
 * the services that hold personal data read the master keys; only contact-orchestration and
 * repayment-plan the self-service secret).
 */
export function testStackEnv(): Record<string, string> {
  return {
    DATABASE_URL: testStack.databaseUrl,
    KAFKA_BROKERS: testStack.brokers.join(','),
    CLEARPATH_API_KEYS: testStack.apiKeys,
    CLEARPATH_TOKEN_SECRET: testStack.tokenSecret,
    CLEARPATH_PII_MASTER_KEYS: testStack.piiMasterKeys,
    CLEARPATH_SELF_SERVICE_SECRET: testStack.selfServiceSecret,
  };
}

/**
 * One service's test environment: testStackEnv, the service's own runtime role on the test
 * database (`<SERVICE>_DATABASE_URL`), and its schema and consumer group when given. A spec adds
 * the settings of its own after it.
 */
export function testServiceEnv(service: string, options: { readonly schema?: string; readonly consumerGroup?: string } = {}): Record<string, string> {
  const prefix = envPrefixOf(service);
  return {
    ...testStackEnv(),
    [`${prefix}_DATABASE_URL`]: testServiceDatabaseUrl(service),
    ...(options.schema === undefined ? {} : { [`${prefix}_DB_SCHEMA`]: options.schema }),
    ...(options.consumerGroup === undefined ? {} : { [`${prefix}_CONSUMER_GROUP`]: options.consumerGroup }),
  };
}

export function testKafka(clientId = 'clearpath-test'): Kafka {
  return createKafka({ brokers: testStack.brokers, clientId, security: testStack.kafkaSecurity });
}

let pool: Pool | null = null;
export function testDb(): Pool {
  pool ??= new Pool({ connectionString: testStack.databaseUrl, max: 4 });
  return pool;
}
export async function closeTestDb(): Promise<void> {
  await pool?.end();
  pool = null;
}

export interface ProbedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
  json<T = Record<string, unknown>>(): T;
}

/**
 * Reads what is published to topics from the moment it is created, so a test sees only records
 * produced after it started (topics are shared and long-lived).
 */
export class TopicProbe {
  readonly messages: ProbedMessage[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topics: string[]): Promise<TopicProbe> {
    const admin = kafka.admin();
    await admin.connect();
    const starts = await Promise.all(topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })));
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: `probe-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
    const probe = new TopicProbe(consumer);
    await consumer.connect();
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: false });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value ?? Buffer.alloc(0);
        probe.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value,
          headers: decodeHeaders(message.headers as Record<string, unknown>),
          json: <T>() => JSON.parse(value.toString('utf8')) as T,
        });
      },
    });
    await joined;
    for (const { topic, offsets } of starts) {
      for (const { partition, high } of offsets) consumer.seek({ topic, partition, offset: high });
    }
    return probe;
  }

  where(predicate: (m: ProbedMessage) => boolean): ProbedMessage[] {
    return this.messages.filter(predicate);
  }

  forKey(key: string): ProbedMessage[] {
    return this.where((m) => m.key === key);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export async function produceRaw(
  producer: Producer,
  topic: string,
  messages: Array<{ key: string | null; value: string | Buffer; headers?: Record<string, string> }>,
): Promise<void> {
  await producer.send({ topic, acks: -1, messages });
}

/**
 * Commits a new consumer group's offsets at the topics' current ends, so the service under test
 * starts exactly there: it sees everything the test produces and nothing older (the topics are
 * shared with earlier runs and benchmarks). One member joins once, subscribed to every topic,
 * commits the ends of all their partitions and leaves (kafkajs' admin.setOffsets joins the group
 * once per topic, seconds each); the commit is then read back, not assumed.
 */
export async function startGroupAtEnd(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  try {
    const joined = new Promise<void>((resolveJoin) => consumer.on(consumer.events.GROUP_JOIN, () => resolveJoin()));
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: false });
    // Nothing is processed or auto-committed: only the explicit commit below counts.
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    await joined;
    const ends = await Promise.all(topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })));
    await consumer.commitOffsets(ends.flatMap(({ topic, offsets }) => offsets.map((o) => ({ topic, partition: o.partition, offset: o.high }))));
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  try {
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    const missing = committed.flatMap((t) => t.partitions.filter((p) => BigInt(p.offset) < 0n).map((p) => `${t.topic}[${p.partition}]`));
    if (missing.length > 0) throw new Error(`group ${groupId}: no committed offset on ${missing.join(', ')}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** True when the group has committed up to the end of every partition of `topic`. */
export async function groupCaughtUp(kafka: Kafka, groupId: string, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    return ends.every((end) => {
      const c = committed.partitions.find((p) => p.partition === end.partition);
      return c !== undefined && BigInt(c.offset) >= BigInt(end.high);
    });
  } finally {
    await admin.disconnect();
  }
}
