import { HEADERS, topicNamespace } from '@clearpath/contracts';
import { createServiceDataSource, migrateUp } from '@clearpath/persistence';
import { testKafka, testStack, TopicProbe, expectEventually } from '@clearpath/testing';
import {
  InboxConsumer,
  OutboxRelay,
  createIdempotentProducer,
  messagingTablesMigration,
  outboxJsonValuesMigration,
  writeToOutbox,
  type InboundMessage,
} from '@clearpath/messaging';

/**
 * A run in a topic namespace (a benchmark's): the consumer reads the namespace's topic and hands
 * its handler the logical name; what the handler writes to the outbox with a logical name, and a
 * dead letter, reach the namespace's topics — and the inbox table keeps the logical name.
 */
describe('messaging in a topic namespace', () => {
  const run = `${process.pid}-${Date.now().toString(36)}`;
  const namespace = topicNamespace(`it-${run}.`);
  const logical = { input: 'clearpath.test.ns-in.v1', dlq: 'clearpath.test.ns-in.dlq.v1', output: 'clearpath.test.ns-out.v1' };
  const physical = Object.values(logical).map((t) => namespace.physical(t));
  const schema = `ns_it_${process.pid}`;
  const kafka = testKafka('topic-namespace-test');
  const dataSource = createServiceDataSource({
    url: testStack.databaseUrl,
    schema,
    migrations: [messagingTablesMigration(1764000000000), outboxJsonValuesMigration(1764000000001)],
  });
  const producer = createIdempotentProducer(kafka);
  const received: InboundMessage[] = [];
  let consumer: InboxConsumer | null = null;

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await migrateUp(dataSource);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: physical.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
    await admin.disconnect();
    await producer.connect();
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer.disconnect();
    await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dataSource.destroy();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: physical }).catch(() => undefined);
    await admin.disconnect();
  });

  it('consumes, publishes and dead-letters on the namespace’s topics while code sees logical names', async () => {
    const probe = await TopicProbe.start(kafka, [namespace.physical(logical.output), namespace.physical(logical.dlq)]);
    try {
      consumer = new InboxConsumer({
        kafka,
        dataSource,
        producer,
        groupId: `ns-it-${run}`,
        namespace,
        topics: [{ topic: logical.input, dlq: logical.dlq }],
        handler: async (messages, manager) => {
          received.push(...messages);
          await writeToOutbox(
            manager,
            messages.map((m) => ({ topic: logical.output, key: m.key, value: { echo: m.body } })),
          );
          return messages.map(() => ({ status: 'applied' as const }));
        },
      });
      await consumer.start();
      await producer.send({
        topic: namespace.physical(logical.input),
        acks: -1,
        messages: [
          { key: 'LN-NS-1', value: JSON.stringify({ eventId: `ns-${run}-1`, n: 1 }) },
          { key: 'LN-NS-2', value: 'not json' },
        ],
      });
      await expectEventually(async () => expect(await dataSource.query(`SELECT count(*)::int AS n FROM outbox`)).toEqual([{ n: 2 }]), { timeoutMs: 30_000 });

      const relay = new OutboxRelay({ dataSource, producer, schema, databaseUrl: testStack.databaseUrl, namespace });
      expect(await relay.publishBatch()).toBe(2);
      await expectEventually(async () => expect(probe.messages).toHaveLength(2), { timeoutMs: 20_000 });

      expect(received.map((m) => m.topic)).toEqual([logical.input]);
      expect(probe.forKey('LN-NS-1').map((m) => ({ topic: m.topic, value: m.json() }))).toEqual([
        { topic: namespace.physical(logical.output), value: { echo: { eventId: `ns-${run}-1`, n: 1 } } },
      ]);
      expect(probe.forKey('LN-NS-2').map((m) => ({ topic: m.topic, source: m.headers[HEADERS.dlqSourceTopic] }))).toEqual([
        { topic: namespace.physical(logical.dlq), source: logical.input },
      ]);
      expect(await dataSource.query(`SELECT DISTINCT topic FROM inbox`)).toEqual([{ topic: logical.input }]);
    } finally {
      await probe.stop();
    }
  });
});
