import { randomUUID } from 'node:crypto';
import { createServiceDataSource, migrateUp } from '@clearpath/persistence';
import { testKafka, testStack, TopicProbe, expectEventually } from '@clearpath/testing';
import { OutboxRelay, createIdempotentProducer, messagingTablesMigration, outboxJsonValuesMigration, writeToOutbox } from '@clearpath/messaging';

/**
 * Large records on one partition: dead letters keep their original bytes, and a burst of them
 * once sat in one send over the broker's 1 MiB batch limit — refused every round, which held up the
 * whole outbox. They go out now, all of them, in their written order.
 */
describe('outbox relay with large records', () => {
  const schema = `relay_it_${process.pid}`;
  const topic = `clearpath.test.relay-large.${process.pid}.${Date.now()}`;
  const kafka = testKafka('relay-large-test');
  const dataSource = createServiceDataSource({
    url: testStack.databaseUrl,
    schema,
    migrations: [messagingTablesMigration(1764000000000), outboxJsonValuesMigration(1764000000001)],
  });
  const producer = createIdempotentProducer(kafka);

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await migrateUp(dataSource);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await dataSource.destroy();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('publishes eight 300 kB records for one key in one round, in order', async () => {
    const probe = await TopicProbe.start(kafka, [topic]);
    try {
      const ids = Array.from({ length: 8 }, () => randomUUID());
      await dataSource.transaction((manager) =>
        writeToOutbox(
          manager,
          ids.map((id) => ({
            topic,
            key: 'LN-LARGE-1',
            value: Buffer.concat([Buffer.from(id), Buffer.alloc(300 * 1024, 0x61)]),
            headers: { 'x-test-id': id },
          })),
        ),
      );
      const relay = new OutboxRelay({ dataSource, producer, schema, databaseUrl: testStack.databaseUrl });
      expect(await relay.publishBatch()).toBe(8);
      expect(await relay.backlog()).toBe(0);
      await expectEventually(async () => expect(probe.messages.length).toBe(8), { timeoutMs: 20_000 });
      expect(probe.messages.map((m) => m.headers['x-test-id'])).toEqual(ids);
    } finally {
      await probe.stop();
    }
  });
});
