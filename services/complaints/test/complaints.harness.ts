import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { HEADERS, type ComplaintEventV1, ManualClock, TOPICS, type Jurisdiction } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { createLogger } from '@clearpath/observability';
import { createServiceDataSource, migrateUp } from '@clearpath/persistence';
import { LoanDelinquencyUpdatedBuilder, TopicProbe, closeTestDb, startGroupAtEnd, testDb, testKafka, testServiceEnv, testStack } from '@clearpath/testing';
import { createComplaintsApp, loadComplaintsConfig } from '../src/complaints.app';
import { COMPLAINTS_MIGRATIONS } from '../src/migrations';
import { DeadlineScheduler } from '../src/scheduler/deadline.scheduler';

export const COMPLIANCE = 'test-compliance-key';
export const SUPERVISOR = 'test-supervisor-key';

/**
 * A LoanDelinquencyUpdated for one loan, built fluently:
 * `h.newLoan().inJurisdiction('GB').dueOn('2026-11-14').withStatementsFrom('2026-08', '2026-09')`.
 */
export class DelinquentLoanBuilder extends LoanDelinquencyUpdatedBuilder {
  /** Statement months (`YYYY-MM`) in the loan's repayment history, each paid in full. */
  withStatementsFrom(...months: string[]): this {
    return this.withHistory(months.map((month) => ({ month, repaymentStatus: 0, billAmount: '1712.35', paidAmount: '1712.35' })));
  }
}

/**
 * complaints on the real Kafka and PostgreSQL, in-process with a manual clock, in a schema of its
 * own (recreated per run: the deadline sweep works on every complaint in its schema, so each spec
 * file that counts sweep results needs its own). Loans and contact attempts go in through Kafka,
 * complaints through the API; the deadline sweep is driven with `tick(clock.now())`.
 */
export function complaintsHarness(options: { schema: string; startAt: string }) {
  const { schema } = options;
  const run = `${process.pid}-${Date.now()}`;
  const kafka = testKafka(schema.replaceAll('_', '-'));
  const clock = new ManualClock(options.startAt);
  const quiet = () => createLogger({ service: 'test', level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const env = {
    ...testServiceEnv('complaints', { schema, consumerGroup: `${schema.replaceAll('_', '-')}-${run}` }),
    COMPLAINTS_SCHEDULER_ENABLED: 'false',
  };
  let app: INestApplication | undefined;
  let url = '';
  let sweep: DeadlineScheduler | undefined;
  let producer: Producer | undefined;
  let probe: TopicProbe | undefined;
  let n = 0;

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the complaints harness is not started (${what})`);
    return value;
  };

  const harness = {
    run,
    schema,
    clock,

    async start(): Promise<void> {
      const config = loadComplaintsConfig(env);
      await testDb().query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      const dataSource = createServiceDataSource({ url: testStack.databaseUrl, schema, migrations: COMPLAINTS_MIGRATIONS, poolSize: 1 });
      await migrateUp(dataSource, { service: 'complaints' });
      await dataSource.destroy();
      await startGroupAtEnd(kafka, config.consumerGroup, [TOPICS.loanLifecycle.name, TOPICS.contactAttempts.name, TOPICS.repaymentPlans.name]);
      [app, probe] = await Promise.all([createComplaintsApp(config, { clock, logger: quiet() }), TopicProbe.start(kafka, [TOPICS.complaints.name])]);
      await app.startAllMicroservices();
      await app.listen(0, '127.0.0.1');
      url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      sweep = app.get(DeadlineScheduler);
      producer = createIdempotentProducer(kafka);
      await producer.connect();
    },

    async stop(): Promise<void> {
      await Promise.all([app?.close(), probe?.stop(), producer?.disconnect()]);
      await closeTestDb();
    },

    tick: (now: Date = clock.now()) => started(sweep, 'sweep').tick(now),

    /** The records of collections.complaints.v1 seen for one loan since the harness started. */
    published: (loanId: string) => started(probe, 'topic probe').forKey(loanId),

    events<P = Record<string, any>>(loanId: string, eventType: ComplaintEventV1['eventType']) {
      return harness
        .published(loanId)
        .map((m) => m.json<{ eventType: string; payload: P }>())
        .filter((e) => e.eventType === eventType);
    },

    statusEvents: (loanId: string) => harness.events(loanId, 'ComplaintStatusChanged'),

    send: (topic: string, key: string, value: { eventId: string; eventType: string }) =>
      started(producer, 'producer').send({
        topic,
        acks: -1,
        messages: [{ key, value: JSON.stringify(value), headers: { [HEADERS.eventId]: value.eventId, [HEADERS.eventType]: value.eventType } }],
      }),

    /** A loan with fresh ids, not yet published: due 2026-11-14, no bureau score, no statements. */
    newLoan(): DelinquentLoanBuilder {
      n++;
      return new DelinquentLoanBuilder()
        .forCase({ loanId: `LN-CP-${run}-${n}`, customerId: `C-CP-${run}-${n}` })
        .dueOn('2026-11-14')
        .withBureauScore(null)
        .withHistory([]);
    },

    /** Publishes the loan as it now stands, as a new event at the clock's time; answers its facts. */
    async publishLoan(loan: DelinquentLoanBuilder) {
      const event = loan.withEventId(randomUUID()).occurredAt(clock.now()).build();
      await harness.send(TOPICS.loanLifecycle.name, loan.loanId, event);
      return event.payload;
    },

    /** Publishes a delinquent loan in the jurisdiction (due 2026-11-14, no history). */
    aLoan: (jurisdiction: Jurisdiction = 'CN') => harness.publishLoan(harness.newLoan().inJurisdiction(jurisdiction)),

    async call(method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
      const r = await fetch(`${url}${path}`, {
        method,
        headers: { 'x-api-key': key, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: (await r.json()) as Record<string, any> };
    },
  };
  return harness;
}
