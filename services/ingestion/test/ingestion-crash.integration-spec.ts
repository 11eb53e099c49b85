import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Producer } from 'kafkajs';
import { HEADERS, TOPICS } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { createServiceDataSource, migrateUp } from '@clearpath/persistence';
import {
  TopicProbe,
  aLoanOverdue,
  closeTestDb,
  expectEventually,
  groupCaughtUp,
  spawnServiceForCrash,
  startGroupAtEnd,
  testDb,
  testKafka,
  testStack,
} from '@clearpath/testing';
import { INGESTION_MIGRATIONS } from '../src/migrations';

/**
 * The outbox's reason to exist: ingestion is SIGKILLed after its database commit and before its
 * relay publishes. After a restart the event must be published, and a downstream consumer must see
 * its effect exactly once (the relay republishes from the outbox; Kafka redelivers the
 * uncommitted input, which the inbox skips).
 */
const SCHEMA = 'ingestion_crash';
const kafka = testKafka('ingestion-crash-it');
const groupId = `ingestion-crash-${process.pid}-${Date.now()}`;
let producer: Producer;
let downstream: TopicProbe;

function startIngestionProcess(fault: 'none' | 'kill-after-commit'): ChildProcess {
  return spawnServiceForCrash('ingestion', { schema: SCHEMA, consumerGroup: groupId }, { CLEARPATH_FAULT: fault });
}

beforeAll(async () => {
  const dataSource = createServiceDataSource({ url: testStack.databaseUrl, schema: SCHEMA, migrations: INGESTION_MIGRATIONS, poolSize: 1 });
  await migrateUp(dataSource, { service: 'ingestion' });
  await dataSource.destroy();
  await startGroupAtEnd(kafka, groupId, [TOPICS.coreBankLoanEvents.name]);
  downstream = await TopicProbe.start(kafka, [TOPICS.loanLifecycle.name]);
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await Promise.all([downstream?.stop(), producer?.disconnect()]);
  await closeTestDb();
});

it('publishes after a SIGKILL between commit and publish, and downstream sees the effect exactly once', async () => {
  const event = aLoanOverdue().withSequence(1);
  const crashing = startIngestionProcess('kill-after-commit');
  const exited = once(crashing, 'exit');
  await producer.send({ topic: TOPICS.coreBankLoanEvents.name, acks: -1, messages: [{ key: event.loanId, value: JSON.stringify(event.build()) }] });
  const [code, signal] = await exited;
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });

  // The crash window is real: the state and its event are committed, nothing is published yet.
  const committed = await testDb().query(`SELECT status FROM ${SCHEMA}.loans WHERE loan_id = $1`, [event.loanId]);
  expect(committed.rows).toEqual([{ status: 'OVERDUE' }]);
  const pending = await testDb().query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE message_key = $1`, [event.loanId]);
  expect(pending.rows[0].n).toBe(1);
  expect(downstream.forKey(event.loanId)).toHaveLength(0);

  const restarted = startIngestionProcess('none');
  try {
    await expectEventually(() => expect(downstream.forKey(event.loanId)).toHaveLength(1), { timeoutMs: 60_000 });
    // Let everything settle: the outbox is empty and the input has been consumed again (and skipped).
    await expectEventually(
      async () => {
        const left = await testDb().query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox`);
        expect(left.rows[0].n).toBe(0);
        expect(await groupCaughtUp(kafka, groupId, TOPICS.coreBankLoanEvents.name)).toBe(true);
      },
      { timeoutMs: 60_000 },
    );
    const seen = downstream.forKey(event.loanId);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers[HEADERS.causationId]).toBe(event.eventId);
    const log = await testDb().query(`SELECT count(*)::int AS n FROM ${SCHEMA}.loan_events WHERE loan_id = $1`, [event.loanId]);
    expect(log.rows[0].n).toBe(1);
  } finally {
    restarted.kill('SIGTERM');
    await once(restarted, 'exit');
  }
});
