import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { HEADERS, type ComplaintEventV1, type LoanLifecycleEventV1, ManualClock, TOPICS, newEnvelope } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { createLogger } from '@clearpath/observability';
import { createServiceDataSource, migrateUp } from '@clearpath/persistence';
import { TopicProbe, closeTestDb, startGroupAtEnd, testDb, testKafka, testServiceDatabaseUrl, testStack } from '@clearpath/testing';
import { createComplaintsApp, loadComplaintsConfig } from '../src/complaints.app';
import type { Jurisdiction } from '../src/deadlines/complaint-deadlines';
import { COMPLAINTS_MIGRATIONS } from '../src/migrations';
import { DeadlineScheduler } from '../src/scheduler/deadline.scheduler';

export const COMPLIANCE = 'test-compliance-key';
export const SUPERVISOR = 'test-supervisor-key';

const ZONES: Readonly<Record<Jurisdiction, string>> = { CN: 'Asia/Shanghai', US: 'America/New_York', GB: 'Europe/London' };
const LOCALES = { CN: 'zh-CN', US: 'en-US', GB: 'en-GB' } as const;

export interface EventMeta {
  readonly schemaVersion: 1;
  readonly occurredAt: Date;
  readonly correlationId: string;
  readonly causationId: null;
}

/**
 * A LoanDelinquencyUpdated for one loan, built fluently:
 * `h.newLoan().in('GB').dueOn('2026-11-14').withStatementsFrom('2026-08', '2026-09')`.
 */
export class DelinquentLoanBuilder {
  private jurisdiction: Jurisdiction = 'CN';
  private sequence = 1;
  private dueDate = '2026-11-14';
  private months: string[] = [];

  constructor(
    readonly loanId: string,
    readonly customerId: string,
  ) {}

  in(jurisdiction: Jurisdiction): this {
    this.jurisdiction = jurisdiction;
    return this;
  }

  atSequence(sequence: number): this {
    this.sequence = sequence;
    return this;
  }

  dueOn(date: string): this {
    this.dueDate = date;
    return this;
  }

  /** Statement months (`YYYY-MM`) in the loan's repayment history. */
  withStatementsFrom(...months: string[]): this {
    this.months = months;
    return this;
  }

  get facts() {
    return { loanId: this.loanId, customerId: this.customerId, jurisdiction: this.jurisdiction, timezone: ZONES[this.jurisdiction], locale: LOCALES[this.jurisdiction] };
  }

  event(meta: EventMeta): LoanLifecycleEventV1 {
    return newEnvelope({
      ...meta,
      eventType: 'LoanDelinquencyUpdated',
      payload: {
        ...this.facts, loanSequence: this.sequence, product: 'INSTALLMENT_LOAN', currency: 'CNY', creditLimit: '20000.00', outstandingBalance: '12850.40',
        overdueAmount: '1712.35', daysPastDue: 17, dpdBucket: 'M1', dueDate: this.dueDate, bureauScore: null, firstOverdue: true, activeFlags: [],
        history: this.months.map((month) => ({ month, repaymentStatus: 0, billAmount: '1712.35', paidAmount: '1712.35' })),
      },
    });
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
    DATABASE_URL: testStack.databaseUrl,
    COMPLAINTS_DATABASE_URL: testServiceDatabaseUrl('complaints'),
    KAFKA_BROKERS: testStack.brokers.join(','),
    CLEARPATH_API_KEYS: testStack.apiKeys,
    CLEARPATH_TOKEN_SECRET: testStack.tokenSecret,
    CLEARPATH_PII_MASTER_KEYS: testStack.piiMasterKeys,
    COMPLAINTS_CONSUMER_GROUP: `${schema.replaceAll('_', '-')}-${run}`,
    COMPLAINTS_DB_SCHEMA: schema,
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

    meta: (loanId: string): EventMeta => ({ schemaVersion: 1, occurredAt: clock.now(), correlationId: `it-${loanId}`, causationId: null }),

    send: (topic: string, key: string, value: { eventId: string; eventType: string }) =>
      started(producer, 'producer').send({ topic, acks: -1, messages: [{ key, value: JSON.stringify(value), headers: { [HEADERS.eventId]: value.eventId, [HEADERS.eventType]: value.eventType } }] }),

    /** A loan with fresh ids, not yet published. */
    newLoan(): DelinquentLoanBuilder {
      n++;
      return new DelinquentLoanBuilder(`LN-CP-${run}-${n}`, `C-CP-${run}-${n}`);
    },

    async publishLoan(loan: DelinquentLoanBuilder) {
      await harness.send(TOPICS.loanLifecycle.name, loan.loanId, loan.event(harness.meta(loan.loanId)));
      return loan.facts;
    },

    /** Publishes a delinquent loan in the jurisdiction (due 2026-11-14, no history). */
    aLoan: (jurisdiction: Jurisdiction = 'CN') => harness.publishLoan(harness.newLoan().in(jurisdiction)),

    async call(method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
      const r = await fetch(`${url}${path}`, { method, headers: { 'x-api-key': key, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: (await r.json()) as Record<string, any> };
    },
  };
  return harness;
}
