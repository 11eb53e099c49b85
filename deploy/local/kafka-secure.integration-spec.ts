import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { TOPICS } from '@clearpath/contracts';
import { createIdempotentProducer, createKafka, readKafkaSecurity } from '@clearpath/messaging';
import { clearpathAcls, diffAcls } from './kafka-acls';

/**
 * The locked-down broker of deploy/local/kafka-secure.sh (SASL_SSL on 127.0.0.1:9192, ACLs from the
 * registry): a service principal publishes its own topic and the service consuming it reads it over
 * SCRAM-SHA-512 + TLS; the broker refuses a topic of another service, a topic the principal does not
 * consume, a group not its own, and a wrong password. The test starts the broker when it is not
 * running (8 to 13 s from the cached jars; `npm test` has fetched them) and stops what it started; the
 * PLAINTEXT dev broker on 9092 is not touched.
 */
const ROOT = resolve(__dirname, '../..');
const SCRIPT = resolve(ROOT, 'deploy/local/kafka-secure.sh');
const run = promisify(execFile);

let startedHere = false;
const clients: Array<{ disconnect(): Promise<void> }> = [];

/** The KEY=VALUE lines `kafka-secure.sh env <principal>` prints. */
async function envOf(principal: string): Promise<Record<string, string>> {
  const { stdout } = await run('bash', [SCRIPT, 'env', principal], { cwd: ROOT });
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** A client of `principal`, configured exactly as a service is: through readKafkaSecurity. */
async function kafkaAs(principal: string, override: Record<string, string> = {}): Promise<Kafka> {
  const env = { ...(await envOf(principal)), ...override };
  return createKafka({
    brokers: env.KAFKA_BROKERS.split(','),
    clientId: `kafka-secure-it-${principal}`,
    security: readKafkaSecurity(env),
    tuning: { retry: { retries: 2, initialRetryTime: 100 } },
  });
}

function track<T extends { disconnect(): Promise<void> }>(client: T): T {
  clients.push(client);
  return client;
}

/** The Kafka error code behind a kafkajs error (producers wrap it in a non-retriable error's cause). */
function kafkaErrorType(error: unknown): string | undefined {
  const e = error as { type?: string; cause?: { type?: string } } | undefined;
  return e?.type ?? e?.cause?.type;
}

beforeAll(async () => {
  startedHere = spawnSync('bash', [SCRIPT, 'status'], { cwd: ROOT }).status !== 0;
  const started = Date.now();
  try {
    await run('bash', [SCRIPT, 'up'], { cwd: ROOT, timeout: 110_000 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`kafka-secure.sh up failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
  // Seen in the test output: the cost of the second broker in the suite.
  console.log(`secure broker ${startedHere ? 'started' : 'already running'}; ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.disconnect().catch(() => undefined);
  if (startedHere) await run('bash', [SCRIPT, 'down'], { cwd: ROOT, timeout: 60_000 });
}, 70_000);

it('holds exactly the ACLs generated from the topic registry', async () => {
  const admin = track((await kafkaAs('admin')).admin());
  await admin.connect();
  const { access, bindings } = clearpathAcls(process.env);
  const diff = await diffAcls(
    admin,
    bindings,
    access.map((a) => a.principal),
  );
  expect({ missing: diff.missing, extra: diff.extra.map((e) => e.describe) }).toEqual({ missing: [], extra: [] });
});

describe('as a service principal over SASL_SSL', () => {
  let ingestion: Producer;

  beforeAll(async () => {
    ingestion = track(createIdempotentProducer(await kafkaAs('ingestion')));
    await ingestion.connect();
  });

  it("publishes to its own topic, and the service consuming it reads the record with that service's group", async () => {
    const key = `LN-SECURE-${randomUUID()}`;
    const [sent] = await ingestion.send({ topic: TOPICS.loanLifecycle.name, acks: -1, messages: [{ key, value: JSON.stringify({ probe: key }) }] });
    expect(sent.errorCode).toBe(0);

    const consumer: Consumer = track((await kafkaAs('risk-scoring')).consumer({ groupId: 'risk-scoring', maxWaitTimeInMs: 100 }));
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.loanLifecycle.name, fromBeginning: true });
    const received = new Promise<string>((resolveReceived, rejectReceived) => {
      // No commit: the group's offsets (if a service ever ran here) stay as they were.
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ message, partition }) => {
            if (message.key?.toString('utf8') === key) resolveReceived(`${partition}/${message.offset}`);
          },
        })
        .catch(rejectReceived);
    });
    expect(await received).toBe(`${sent.partition}/${sent.baseOffset}`);
  });

  it("is refused another service's topic: TOPIC_AUTHORIZATION_FAILED", async () => {
    const error = await ingestion
      .send({ topic: TOPICS.repaymentPlans.name, acks: -1, messages: [{ key: 'LN-1', value: '{"forged":"payment"}' }] })
      .catch((e: unknown) => e);
    expect(kafkaErrorType(error)).toBe('TOPIC_AUTHORIZATION_FAILED');

    // The lender may publish its inbound events and nothing the platform derives from them.
    const lender = track(createIdempotentProducer(await kafkaAs('core-banking')));
    await lender.connect();
    const forged = await lender.send({ topic: TOPICS.loanLifecycle.name, acks: -1, messages: [{ key: 'LN-1', value: '{}' }] }).catch((e: unknown) => e);
    expect(kafkaErrorType(forged)).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  it('is refused a topic it does not consume (personal data) and a consumer group not its own', async () => {
    const kafka = await kafkaAs('risk-scoring');
    const reader = track(kafka.consumer({ groupId: 'risk-scoring' }));
    await reader.connect();
    const error = await reader.subscribe({ topic: TOPICS.customerContacts.name }).catch((e: unknown) => e);
    expect(kafkaErrorType(error)).toBe('TOPIC_AUTHORIZATION_FAILED');

    // The broker answers GROUP_AUTHORIZATION_FAILED to the coordinator lookup; kafkajs reports it as
    // "Failed to find group coordinator" and crashes the consumer, which never joins.
    const intruder = track(kafka.consumer({ groupId: 'ingestion', retry: { retries: 0 } }));
    await intruder.connect();
    await intruder.subscribe({ topic: TOPICS.loanLifecycle.name });
    const crashed = new Promise<Error>((resolveCrash) => intruder.on(intruder.events.CRASH, (event) => resolveCrash(event.payload.error)));
    let joined = false;
    intruder.on(intruder.events.GROUP_JOIN, () => (joined = true));
    await intruder.run({ eachMessage: async () => undefined });
    expect((await crashed).name).toBe('KafkaJSGroupCoordinatorNotFound');
    expect(joined).toBe(false);
  });
});

it('refuses a connection with a wrong password', async () => {
  const admin = (await kafkaAs('ingestion', { KAFKA_SASL_PASSWORD: 'not-the-password' })).admin();
  const error = await admin.connect().catch((e: unknown) => e);
  await admin.disconnect().catch(() => undefined);
  expect(error).toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
  expect((error as Error).message).toMatch(/SCRAM SHA512 authentication failed/);
});
