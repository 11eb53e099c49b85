import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Producer } from 'kafkajs';
import { HEADERS, TOPICS, type Jurisdiction } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { createServiceDataSource, migrateUp } from '@clearpath/persistence';
import {
  type AnyLoanEventBuilder,
  aCaseSegmented,
  aCustomerContactDetails,
  aLoanDelinquencyUpdated,
  closeTestDb,
  expectEventually,
  spawnServiceForCrash,
  startGroupAtEnd,
  testDb,
  testKafka,
  testStack,
} from '@clearpath/testing';
import { CONTACT_ORCHESTRATION_MIGRATIONS } from '../src/migrations';

/**
 * The built service, SIGKILLed inside a dispatch transaction right after the provider hand-off and
 * before the commit. Nothing may be recorded as sent then; after a restart every due attempt must
 * reach the provider exactly once, with its decision in the audit table. The child process runs on
 * the real clock, so the debtors' time zone is chosen at test time to be inside SMS hours.
 */
const S = 'contact_orchestration_crash';
const kafka = testKafka('contact-orchestration-crash-it');
const run = `${process.pid}-${Date.now()}`;
const groupId = `contact-orchestration-crash-${run}`;
const N = 3;
let producer: Producer;

/** Together these cover every UTC hour with a local time between 10:00 and 19:00 (SMS hours are 09–20 everywhere). */
const ZONES: ReadonlyArray<{ timezone: string; jurisdiction: Jurisdiction; phone: string }> = [
  { timezone: 'Europe/London', jurisdiction: 'GB', phone: '+447700900123' },
  { timezone: 'Asia/Shanghai', jurisdiction: 'CN', phone: '+8613800138000' },
  { timezone: 'America/New_York', jurisdiction: 'US', phone: '+12025550123' },
  { timezone: 'America/Los_Angeles', jurisdiction: 'US', phone: '+12025550123' },
  { timezone: 'Pacific/Honolulu', jurisdiction: 'US', phone: '+12025550123' },
];

function localHour(timezone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: 'numeric', hourCycle: 'h23' }).format(at));
}

/** A zone where it is now between 10:00 and 19:00: well inside the SMS window for the test's few minutes. */
function aZoneInSmsHours(now: Date) {
  const zone = ZONES.find((z) => {
    const h = localHour(z.timezone, now);
    return h >= 10 && h < 19;
  });
  if (zone === undefined) throw new Error(`no test time zone is within 10:00–19:00 at ${now.toISOString()}`);
  return zone;
}

function startService(fault: 'none' | 'kill-during-dispatch', scheduler = true): ChildProcess {
  return spawnServiceForCrash(
    'contact-orchestration',
    { schema: S, consumerGroup: groupId },
    {
      CONTACT_PROVIDER_WEBHOOK_SECRET: 'test-webhook-secret-0123456789',
      CONTACT_ORCHESTRATION_SCHEDULER_ENABLED: scheduler ? 'true' : 'false',
      CONTACT_ORCHESTRATION_SCHEDULER_POLL_MS: '200',
      CONTACT_ORCHESTRATION_LOCAL_RECEIPT_DELAY_MS: '600000',
      CONTACT_ORCHESTRATION_FAULT: fault,
    },
  );
}

async function publishCase(i: number, zone: ReturnType<typeof aZoneInSmsHours>): Promise<string> {
  const loanId = `LN-COX-${run}-${i}`;
  const customerId = `C-COX-${run}-${i}`;
  const { jurisdiction, timezone } = zone;
  // The child process runs on the real clock: so do its cases.
  const about = <B extends AnyLoanEventBuilder>(builder: B): B => builder.forCase({ loanId, customerId }).occurredAt(new Date());
  const contacts = about(aCustomerContactDetails())
    .inJurisdiction(jurisdiction, timezone)
    .withName('Alex Example')
    .withPhone(zone.phone)
    .withEmail('alex@example.com')
    .withAddress({ city: 'Springfield', line1: '1 Main Street' })
    .build();
  const delinquency = about(aLoanDelinquencyUpdated()).inJurisdiction(jurisdiction, timezone).dueOn('2026-11-14').build();
  const segmented = about(aCaseSegmented()).inJurisdiction(jurisdiction).build();
  const send = (topic: string, key: string, value: { eventId: string; eventType: string }) =>
    producer.send({
      topic,
      acks: -1,
      messages: [{ key, value: JSON.stringify(value), headers: { [HEADERS.eventId]: value.eventId, [HEADERS.eventType]: value.eventType } }],
    });
  await send(TOPICS.customerContacts.name, customerId, contacts);
  await send(TOPICS.loanLifecycle.name, loanId, delinquency);
  await send(TOPICS.caseSegmented.name, loanId, segmented);
  return loanId;
}

beforeAll(async () => {
  await testDb().query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
  const dataSource = createServiceDataSource({ url: testStack.databaseUrl, schema: S, migrations: CONTACT_ORCHESTRATION_MIGRATIONS, poolSize: 1 });
  await migrateUp(dataSource, { service: 'contact-orchestration' });
  await dataSource.destroy();
  await startGroupAtEnd(kafka, groupId, [TOPICS.caseSegmented.name, TOPICS.loanLifecycle.name, TOPICS.customerContacts.name]);
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await closeTestDb();
});

it('loses nothing and sends nothing twice when killed between the provider hand-off and the commit', async () => {
  const zone = aZoneInSmsHours(new Date());
  const loanIds: string[] = [];
  for (let i = 1; i <= N; i++) loanIds.push(await publishCase(i, zone));

  // Ingest first, scheduler off: an attempt dispatched before its debtor's contact details arrive
  // would wait five minutes (by design), so every case is complete before the first dispatch.
  const ingesting = startService('none', false);
  const ingested = once(ingesting, 'exit');
  try {
    await expectEventually(
      async () => {
        const { rows } = await testDb().query(
          `SELECT count(*)::int AS n FROM ${S}.cases c JOIN ${S}.contact_details d USING (customer_id)
           WHERE c.loan_id = ANY($1::text[]) AND c.treatment_id IS NOT NULL AND c.due_date IS NOT NULL`,
          [loanIds],
        );
        expect(rows[0].n).toBe(N);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  } finally {
    ingesting.kill('SIGTERM');
    await ingested;
  }
  expect((await testDb().query(`SELECT count(*)::int AS n FROM ${S}.contact_attempts`)).rows[0].n).toBe(0);

  const crashing = startService('kill-during-dispatch');
  const [code, signal] = await once(crashing, 'exit');
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });

  // The hand-off died with its transaction: nothing is recorded as sent, and nothing was allowed.
  const count = async (sql: string) => (await testDb().query(sql, [loanIds])).rows[0].n as number;
  expect(
    await count(
      `SELECT count(*)::int AS n FROM ${S}.provider_messages p JOIN ${S}.contact_attempts a ON a.id = p.attempt_id WHERE a.loan_id = ANY($1::text[])`,
    ),
  ).toBe(0);
  expect(await count(`SELECT count(*)::int AS n FROM ${S}.contact_attempts WHERE loan_id = ANY($1::text[]) AND (status = 'sent' OR sent_at IS NOT NULL)`)).toBe(
    0,
  );
  expect(await count(`SELECT count(*)::int AS n FROM ${S}.compliance_decisions WHERE loan_id = ANY($1::text[]) AND kind = 'allowed'`)).toBe(0);

  const restarted = startService('none');
  const exited = once(restarted, 'exit');
  try {
    await expectEventually(
      async () => {
        const { rows } = await testDb().query(`SELECT loan_id, status FROM ${S}.contact_attempts WHERE loan_id = ANY($1::text[]) AND step_id = 'sms-1'`, [
          loanIds,
        ]);
        expect(rows.map((r) => r.loan_id).sort()).toEqual([...loanIds].sort());
        for (const r of rows) expect(r.status).toBe('sent');
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    const { rows } = await testDb().query(
      `SELECT a.id, a.provider_message_id,
         (SELECT count(*)::int FROM ${S}.provider_messages p WHERE p.attempt_id = a.id) AS messages,
         (SELECT count(*)::int FROM ${S}.compliance_decisions d WHERE d.attempt_id = a.id AND d.kind = 'allowed') AS allowed,
         (SELECT array_agg(DISTINCT d.kind) FROM ${S}.compliance_decisions d WHERE d.attempt_id = a.id) AS kinds
       FROM ${S}.contact_attempts a WHERE a.loan_id = ANY($1::text[])`,
      [loanIds],
    );
    expect(rows).toHaveLength(N);
    for (const r of rows) expect(r).toMatchObject({ provider_message_id: `local-${r.id}`, messages: 1, allowed: 1, kinds: ['allowed'] });
    expect(
      await count(
        `SELECT count(*)::int AS n FROM ${S}.provider_messages p JOIN ${S}.contact_attempts a ON a.id = p.attempt_id WHERE a.loan_id = ANY($1::text[])`,
      ),
    ).toBe(N);
  } finally {
    restarted.kill('SIGTERM');
    await exited;
  }
}, 180_000);
