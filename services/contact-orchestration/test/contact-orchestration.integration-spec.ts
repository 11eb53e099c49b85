import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { signToken } from '@clearpath/auth';
import {
  HEADERS,
  ManualClock,
  TOPICS,
  type ComplaintCategory,
  type ComplaintEventV1,
  type LoanLifecycleEventV1,
  type RepaymentPlanEventV1,
  type Jurisdiction,
} from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { createLogger } from '@clearpath/observability';
import { type DataSource, PersonalDataVault, createServiceDataSource, migrateUp, parseMasterKeys } from '@clearpath/persistence';
import { DATA_SOURCE, PERSONAL_DATA_VAULT } from '@clearpath/platform';
import {
  JURISDICTION_DEFAULTS,
  type AnyLoanEventBuilder,
  TopicProbe,
  aCaseResolved,
  aCaseSegmented,
  aComplaintStatusChanged,
  aCustomerContactDetails,
  aCustomerErased,
  aCustomerFlagUpdated,
  aLoanClosedEvent,
  aLoanDelinquencyUpdated,
  aLoanPaymentReceived,
  aPlanStatusChanged,
  closeTestDb,
  expectEventually,
  startGroupAtEnd,
  testDb,
  testKafka,
  testServiceEnv,
  testStack,
} from '@clearpath/testing';
import { ReceiptsService } from '../src/channels/receipts.service';
import { signBody } from '../src/channels/webhook-signature';
import { createContactOrchestrationApp, loadContactOrchestrationConfig } from '../src/contact-orchestration.app';
import { CONTACT_ORCHESTRATION_MIGRATIONS } from '../src/migrations';
import { LegacyReseal } from '../src/personal-data/legacy-reseal';
import { ContactScheduler } from '../src/scheduler/contact.scheduler';
import { expectedRecovery } from '../src/queues/task-priority';

/**
 * contact-orchestration on the real Kafka and PostgreSQL, in-process with a manual clock: case
 * events come in from Kafka, the scheduler is driven with `tick(clock.now())`, never by sleeping.
 * Topics and the database are shared with other runs and benchmarks: every query filters by this
 * run's loan ids.
 */
const kafka = testKafka('contact-orchestration-it');
const run = `${process.pid}-${Date.now()}`;
const quiet = () =>
  createLogger({
    service: 'test',
    level: 'warn',
    destination: process.env.CO_IT_LOG === '1' ? process.stderr : new Writable({ write: (_c, _e, done) => done() }),
  });
const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
const env = {
  // A schema of its own, recreated per run: the scheduler works on every case in its schema, so
  // leftovers of other runs (or of a benchmark on the same topics) must not be there.
  ...testServiceEnv('contact-orchestration', { schema: 'contact_orchestration_it', consumerGroup: `contact-orchestration-it-${run}` }),
  CONTACT_PROVIDER_WEBHOOK_SECRET: WEBHOOK_SECRET,
  CONTACT_ORCHESTRATION_SCHEDULER_ENABLED: 'false',
  CONTACT_ORCHESTRATION_LOCAL_RECEIPT_DELAY_MS: '60000',
  CONTACT_ORCHESTRATION_QUEUE_LEASE_MS: '600000',
};
// 2026-12-01 10:00 in Shanghai.
const clock = new ManualClock('2026-12-01T02:00:00Z');
let app: INestApplication;
let url: string;
let scheduler: ContactScheduler;
let producer: Producer;
let outcomes: TopicProbe;
let attemptEvents: TopicProbe;
let n = 0;
const db = () => testDb();
const S = 'contact_orchestration_it';
/** Ingestion's side of the key store (it seals v2 records and erases customers), on the admin connection. */
let keyStore: DataSource;
let ingestionVault: PersonalDataVault;
/** What the service sealed for a customer, opened with the service's own vault. */
const opened = async (customerId: string, sealed: string | null) =>
  sealed === null ? null : (await app.get<PersonalDataVault>(PERSONAL_DATA_VAULT).forOpening([customerId])).open(customerId, sealed);
const SEALED = /^pd1\.[1-9][0-9]*\.[A-Za-z0-9_-]+$/;

beforeAll(async () => {
  const config = loadContactOrchestrationConfig(env);
  await testDb().query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
  const dataSource = createServiceDataSource({ url: testStack.databaseUrl, schema: S, migrations: CONTACT_ORCHESTRATION_MIGRATIONS, poolSize: 1 });
  await migrateUp(dataSource, { service: 'contact-orchestration' });
  await dataSource.destroy();
  await startGroupAtEnd(kafka, config.consumerGroup, [
    TOPICS.caseSegmented.name,
    TOPICS.loanLifecycle.name,
    TOPICS.customerContacts.name,
    TOPICS.repaymentPlans.name,
    TOPICS.complaints.name,
  ]);
  [app, outcomes, attemptEvents] = await Promise.all([
    createContactOrchestrationApp(config, { clock, logger: quiet() }),
    TopicProbe.start(kafka, [TOPICS.contactOutcomes.name]),
    TopicProbe.start(kafka, [TOPICS.contactAttempts.name]),
  ]);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  scheduler = app.get(ContactScheduler);
  producer = createIdempotentProducer(kafka);
  await producer.connect();
  keyStore = createServiceDataSource({ url: testStack.databaseUrl, schema: S, migrations: [], poolSize: 2 });
  await keyStore.initialize();
  ingestionVault = new PersonalDataVault(keyStore, parseMasterKeys(testStack.piiMasterKeys), clock);
});

afterAll(async () => {
  await Promise.all([app?.close(), outcomes?.stop(), attemptEvents?.stop(), producer?.disconnect(), keyStore?.destroy()]);
  await closeTestDb();
});

const publish = (topic: string, key: string, value: { eventId: string; eventType: string }) =>
  producer.send({
    topic,
    acks: -1,
    messages: [{ key, value: JSON.stringify(value), headers: { [HEADERS.eventId]: value.eventId, [HEADERS.eventType]: value.eventType } }],
  });

/** A provider's webhook call, signed with the webhook secret. */
const signed = (body: object) => {
  const raw = JSON.stringify(body);
  return { method: 'POST', body: raw, headers: { 'x-clearpath-signature': signBody(raw, WEBHOOK_SECRET) } };
};

/** A debtor with a case in a treatment: contact details, the loan's delinquency, risk-scoring's verdict. */
async function aCase(
  options: {
    treatment?: string;
    jurisdiction?: Jurisdiction;
    timezone?: string;
    pd?: string;
    overdue?: string;
    contactsLater?: boolean;
    customerId?: string;
    phone?: string;
  } = {},
) {
  n++;
  const loanId = `LN-CO-${run}-${n}`;
  // Another loan of a person this run already has: pass their customer id.
  const customerId = options.customerId ?? `C-CO-${run}-${n}`;
  const jurisdiction = options.jurisdiction ?? 'CN';
  const timezone = options.timezone ?? JURISDICTION_DEFAULTS[jurisdiction].timezone;
  const overdue = options.overdue ?? '1712.35';
  /** An event about this case, happening now. */
  const about = <B extends AnyLoanEventBuilder>(builder: B): B => builder.forCase({ loanId, customerId }).occurredAt(clock.now());
  const contacts = about(aCustomerContactDetails())
    .inJurisdiction(jurisdiction, timezone)
    .withPhone(options.phone ?? '+8613800138000')
    .build();
  const delinquency = about(aLoanDelinquencyUpdated()).inJurisdiction(jurisdiction, timezone).withOverdueAmount(overdue).dueOn('2026-11-14').build();
  const segmented = about(aCaseSegmented())
    .inJurisdiction(jurisdiction)
    .withProbabilityOfDefault(options.pd ?? '0.3000')
    .withTreatment(options.treatment ?? 'standard-reminder')
    .withOverdueAmount(overdue)
    .build();
  const send = publish;
  if (!options.contactsLater) await send(TOPICS.customerContacts.name, customerId, contacts);
  await send(TOPICS.loanLifecycle.name, loanId, delinquency);
  await send(TOPICS.caseSegmented.name, loanId, segmented);
  await expectEventually(
    async () => {
      const { rows } = await db().query(
        `SELECT c.treatment_id, c.loan_sequence, d.timezone FROM ${S}.cases c LEFT JOIN ${S}.contact_details d USING (customer_id) WHERE c.loan_id = $1`,
        [loanId],
      );
      expect(rows[0]).toMatchObject({
        treatment_id: options.treatment ?? 'standard-reminder',
        loan_sequence: '1',
        timezone: options.contactsLater ? null : timezone,
      });
      // The broker is shared with benchmarks: allow for a slow first fetch under load.
    },
    { timeoutMs: 60_000 },
  );
  return {
    loanId,
    customerId,
    publishLifecycle: (event: LoanLifecycleEventV1) => send(TOPICS.loanLifecycle.name, loanId, event),
    publishPlan: (event: RepaymentPlanEventV1) => send(TOPICS.repaymentPlans.name, loanId, event),
    publishComplaint: (event: ComplaintEventV1) => send(TOPICS.complaints.name, loanId, event),
    publishContacts: () => send(TOPICS.customerContacts.name, customerId, contacts),
    about,
  };
}

const attempts = async (loanId: string) =>
  (
    await db().query(
      `SELECT id, step_id, channel, status, due_at, rule_ids, decision_kind, provider_message_id FROM ${S}.contact_attempts WHERE loan_id = $1 ORDER BY created_at, step_id`,
      [loanId],
    )
  ).rows;

const call = async (path: string, key: string, init: RequestInit = {}) => {
  const r = await fetch(`${url}${path}`, {
    ...init,
    headers: { ...(key === '' ? {} : { 'x-api-key': key }), 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await r.text();
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: text === '' ? null : JSON.parse(text) };
};

describe('a case in its treatment', () => {
  /**
   * A case whose first SMS went at 10:00 Shanghai on 1 December and whose debtor then disputed (an
   * agent recorded it), ticked on to the morning after: its email-1, due a day after segmentation, is judged.
   */
  async function aDisputedCase() {
    clock.set('2026-12-01T02:00:00Z');
    const disputed = await aCase();
    await scheduler.tick(clock.now());
    const [sms] = await attempts(disputed.loanId);
    const recorded = await call(`/v1/contacts/${sms.id}/outcome`, 'test-agent-key', { method: 'POST', body: JSON.stringify({ outcome: 'dispute' }) });
    expect(recorded.status).toBe(201);
    clock.set('2026-12-02T02:30:00Z');
    await scheduler.tick(clock.now());
    return { ...disputed, sms, email: (await attempts(disputed.loanId)).find((a) => a.step_id === 'email-1') };
  }

  it('gets its first SMS at a permitted local hour, recorded exactly by the local provider, then delivered', async () => {
    clock.set('2026-12-01T02:00:00Z'); // 10:00 Shanghai
    const first = await aCase();
    await scheduler.tick(clock.now());
    const [sms] = await attempts(first.loanId);
    expect(sms).toMatchObject({ step_id: 'sms-1', channel: 'SMS', status: 'sent', decision_kind: 'allowed' });
    expect(sms.rule_ids).toEqual(expect.arrayContaining(['hours', 'sms-hours']));
    const { rows: sent } = await db().query(`SELECT recipient, subject, body, status FROM ${S}.provider_messages WHERE attempt_id = $1`, [sms.id]);
    expect(sent).toHaveLength(1);
    // Kept sealed for the debtor: the raw columns hold no plaintext; opened, exactly what was sent, to whom.
    expect(sent[0]).toMatchObject({ recipient: expect.stringMatching(SEALED), body: expect.stringMatching(SEALED), status: 'accepted' });
    expect(JSON.stringify(sent[0])).not.toMatch(/王小明|13800138000/);
    expect(await opened(first.customerId, sent[0].recipient)).toBe('+8613800138000');
    const body = await opened(first.customerId, sent[0].body);
    expect(body).toContain('王小明');
    expect(body).toContain('https://pay.clearpath.example/s/');
    // The identity the message was written from is sealed in contact_details, nothing of it in the clear.
    const {
      rows: [stored],
    } = await db().query(`SELECT identity, full_name, phone, email, address, lookups FROM ${S}.contact_details WHERE customer_id = $1`, [first.customerId]);
    expect(stored).toMatchObject({ identity: expect.stringMatching(SEALED), full_name: null, phone: null, email: null, address: null });
    expect(JSON.stringify(stored)).not.toMatch(/王小明|13800138000|wang@example|金水路/);
    // The local provider's receipt arrives at the first tick after its delay.
    clock.advance(61_000);
    await scheduler.tick(clock.now());
    expect((await attempts(first.loanId))[0].status).toBe('delivered');
    // Nothing is handed over twice, however often the scheduler runs.
    await scheduler.tick(clock.now());
    expect((await db().query(`SELECT count(*)::int AS n FROM ${S}.provider_messages WHERE attempt_id = $1`, [sms.id])).rows[0].n).toBe(1);
  });

  it('plans again at the next pass a case that changed after the running pass began', async () => {
    clock.set('2026-12-01T03:30:00Z');
    const late = await aCase();
    // A pass that began a second before the verdict arrived sees its first step as not yet due.
    await scheduler.tick(new Date('2026-12-01T03:29:59Z'));
    expect(await attempts(late.loanId)).toHaveLength(0);
    expect((await db().query(`SELECT plan_dirty FROM ${S}.cases WHERE loan_id = $1`, [late.loanId])).rows[0].plan_dirty).toBe(true);
    await scheduler.tick(clock.now());
    expect((await attempts(late.loanId))[0]).toMatchObject({ step_id: 'sms-1', status: 'sent' });
  });

  it('puts back an attempt whose debtor details are missing, and decides it as soon as they arrive', async () => {
    clock.set('2026-12-01T03:00:00Z'); // 11:00 Shanghai
    const early = await aCase({ contactsLater: true });
    await scheduler.tick(clock.now());
    const [waiting] = await attempts(early.loanId);
    expect(waiting).toMatchObject({ step_id: 'sms-1', status: 'planned', decision_kind: null });
    expect(waiting.due_at.toISOString()).toBe('2026-12-01T03:00:30.000Z');
    await early.publishContacts();
    await expectEventually(async () => expect((await attempts(early.loanId))[0].due_at.toISOString()).toBe('2026-12-01T03:00:00.000Z'));
    await scheduler.tick(clock.now());
    expect((await attempts(early.loanId))[0]).toMatchObject({ status: 'sent', decision_kind: 'allowed' });
  });

  it('blocks the next attempt with flag-dispute once the debtor disputes, and publishes the outcome without personal data', async () => {
    const disputed = await aDisputedCase();
    const { sms, email } = disputed;
    const [message] = await expectEventually(() => {
      const seen = outcomes.forKey(disputed.loanId);
      expect(seen).toHaveLength(1);
      return seen;
    });
    expect(message.json<{ eventType: string; payload: Record<string, unknown> }>()).toMatchObject({
      eventType: 'ContactOutcomeRecorded',
      payload: { loanId: disputed.loanId, attemptId: sms.id, channel: 'SMS', outcome: 'dispute', recordedByRole: 'agent' },
    });
    expect(message.value.toString()).not.toMatch(/王小明|\+8613800138000|wang@example/);
    // The collector who recorded it is on contact-attempts, for complaints' scorecards.
    await expectEventually(() =>
      expect(attemptEvents.forKey(disputed.loanId).map((m) => m.json<{ payload: Record<string, unknown> }>().payload)).toContainEqual(
        expect.objectContaining({ attemptId: sms.id, stage: 'outcome', outcome: 'dispute', agentId: expect.any(String) }),
      ),
    );
    expect(email).toMatchObject({ status: 'blocked', decision_kind: 'blocked' });
    expect(email!.rule_ids).toContain('flag-dispute');
    expect((await db().query(`SELECT count(*)::int AS n FROM ${S}.provider_messages WHERE attempt_id = $1`, [email!.id])).rows[0].n).toBe(0);
  });

  it('stops a case when the loan closes (closed)', async () => {
    const closing = await aCase();
    await closing.publishLifecycle(closing.about(aLoanClosedEvent()).build());
    await expectEventually(async () => {
      const { rows } = await db().query(`SELECT state, state_reason FROM ${S}.cases WHERE loan_id = $1`, [closing.loanId]);
      expect(rows[0]).toEqual({ state: 'STOPPED', state_reason: 'closed' });
    });
    await scheduler.tick(clock.now());
    // Nothing is planned for a stopped case.
    expect(await attempts(closing.loanId)).toHaveLength(0);
    const { body } = await call(`/v1/cases/${closing.loanId}/contacts`, 'test-supervisor-key');
    expect(body.case).toMatchObject({ state: 'STOPPED', stateReason: 'closed' });
  });

  it('keeps every decision with its rule ids in an append-only audit table, without the message text', async () => {
    const { loanId } = await aDisputedCase();
    const { rows } = await db().query(
      `SELECT d.kind, d.rule_ids, d.content_sha256, d.template_id, d.profile_id FROM ${S}.compliance_decisions d WHERE d.loan_id = $1 ORDER BY d.id`,
      [loanId],
    );
    expect(rows.map((r) => r.kind)).toEqual(['allowed', 'blocked']);
    for (const r of rows) {
      expect(r.rule_ids.length).toBeGreaterThan(0);
      expect(r.content_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(r.template_id).toMatch(/^standard-/);
    }
    const decided = (await db().query(`SELECT count(*)::int AS n FROM ${S}.contact_attempts WHERE loan_id = $1 AND decision_kind IS NOT NULL`, [loanId]))
      .rows[0].n;
    expect(rows).toHaveLength(decided);
    await expect(db().query(`UPDATE ${S}.compliance_decisions SET kind = 'allowed' WHERE loan_id = $1`, [loanId])).rejects.toThrow(/append-only/);
    await expect(db().query(`DELETE FROM ${S}.compliance_decisions WHERE loan_id = $1`, [loanId])).rejects.toThrow(/append-only/);
  });

  it('defers an SMS due at 23:00 local into the first two hours of the next window (spread, not all at 09:00), then sends it then', async () => {
    clock.set('2026-12-01T15:00:00Z'); // 23:00 Shanghai
    const late = await aCase();
    await scheduler.tick(clock.now());
    const [sms] = await attempts(late.loanId);
    expect(sms).toMatchObject({ step_id: 'sms-1', status: 'deferred', decision_kind: 'deferred' });
    const due: Date = sms.due_at;
    // 09:00–11:00 Shanghai: SMS hours open at 09:00; the deferral lands at a stable minute of the spread.
    expect(due.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-12-02T01:00:00Z'));
    expect(due.getTime()).toBeLessThan(Date.parse('2026-12-02T03:00:00Z'));
    expect(due.getTime() % 60_000).toBe(0);
    expect(sms.rule_ids).toEqual(expect.arrayContaining(['sms-hours']));
    clock.set(new Date(due.getTime() - 1000));
    await scheduler.tick(clock.now());
    expect((await attempts(late.loanId))[0].status).toBe('deferred');
    clock.set(due);
    await scheduler.tick(clock.now());
    expect((await attempts(late.loanId))[0].status).toBe('sent');
    const { body } = await call(`/v1/cases/${late.loanId}/contacts`, 'test-agent-key');
    expect(body.attempts[0].decisions.map((d: { kind: string }) => d.kind)).toEqual(['deferred', 'allowed']);
    expect(body.attempts[0].decisions[0]).toMatchObject({ until: due.toISOString(), profileId: 'CN@shipped' });
  });
});

/** complaints' status event for a loan, as the complaints service publishes it. */
function complaintEvent(
  c: Awaited<ReturnType<typeof aCase>>,
  complaintId: string,
  category: ComplaintCategory,
  status: 'received' | 'resolved',
): ComplaintEventV1 {
  return c
    .about(aComplaintStatusChanged())
    .forComplaint(complaintId)
    .withCategory(category)
    .withStatus(status, status === 'received' ? null : 'investigating')
    .build();
}

describe('complaints and repayment plans', () => {
  it('stops every collection contact of a loan with an open harassment complaint, and resumes once it is resolved', async () => {
    clock.set('2026-12-06T02:00:00Z'); // 10:00 Shanghai
    const complained = await aCase();
    const complaintId = randomUUID();
    await complained.publishComplaint(complaintEvent(complained, complaintId, 'HARASSMENT', 'received'));
    await expectEventually(async () =>
      expect((await db().query(`SELECT guard_category FROM ${S}.open_complaints WHERE loan_id = $1`, [complained.loanId])).rows).toEqual([
        { guard_category: 'harassment' },
      ]),
    );
    expect((await call(`/v1/cases/${complained.loanId}/contacts`, 'test-supervisor-key')).body.case.openComplaints).toEqual([
      { complaintId, category: 'HARASSMENT', guardRule: 'complaint-open', openedAt: clock.now().toISOString() },
    ]);
    await scheduler.tick(clock.now());
    const [sms] = await attempts(complained.loanId);
    expect(sms).toMatchObject({ step_id: 'sms-1', status: 'blocked', decision_kind: 'blocked' });
    expect(sms.rule_ids).toContain('complaint-open');

    await complained.publishComplaint(complaintEvent(complained, complaintId, 'HARASSMENT', 'resolved'));
    await expectEventually(async () =>
      expect((await db().query(`SELECT count(*)::int AS n FROM ${S}.open_complaints WHERE loan_id = $1`, [complained.loanId])).rows[0].n).toBe(0),
    );
    // A replayed, older "open" record does not reopen a resolved complaint.
    await complained.publishComplaint(complaintEvent(complained, complaintId, 'HARASSMENT', 'received'));
    clock.set('2026-12-07T02:30:00Z');
    await expectEventually(async () =>
      expect((await db().query(`SELECT count(*)::int AS n FROM ${S}.inbox WHERE topic = $1`, [TOPICS.complaints.name])).rows[0].n).toBeGreaterThanOrEqual(3),
    );
    await scheduler.tick(clock.now());
    const email = (await attempts(complained.loanId)).find((a) => a.step_id === 'email-1');
    expect(email).toMatchObject({ status: 'sent', decision_kind: 'allowed' });
  });

  it('limits an open complaint of another category to no voice, and publishes sent, delivered and blocked attempts without personal data', async () => {
    clock.set('2026-12-08T02:00:00Z');
    const complained = await aCase({ treatment: 'firm-reminder' });
    await complained.publishComplaint(complaintEvent(complained, randomUUID(), 'WRONG_AMOUNT', 'received'));
    await expectEventually(async () =>
      expect((await db().query(`SELECT guard_category FROM ${S}.open_complaints WHERE loan_id = $1`, [complained.loanId])).rows).toEqual([
        { guard_category: 'other' },
      ]),
    );
    await scheduler.tick(clock.now()); // day 0: SMS goes
    clock.set('2026-12-09T02:30:00Z');
    await scheduler.tick(clock.now()); // day 1: voice-1 is stopped
    const byStep = new Map((await attempts(complained.loanId)).map((a) => [a.step_id, a]));
    expect(byStep.get('sms-1')).toMatchObject({ status: 'delivered' });
    expect(byStep.get('voice-1')).toMatchObject({ status: 'blocked' });
    expect(byStep.get('voice-1')!.rule_ids).toContain('complaint-open-other');

    const published = await expectEventually(() => {
      const seen = attemptEvents.forKey(complained.loanId).map((m) => m.json<{ payload: Record<string, unknown> }>().payload);
      expect(seen.map((p) => `${p.channel}:${p.stage}`).sort()).toEqual(['SMS:delivered', 'SMS:sent', 'VOICE:blocked']);
      return seen;
    });
    expect(published.find((p) => p.stage === 'blocked')).toMatchObject({
      attemptId: byStep.get('voice-1')!.id,
      ruleIds: expect.arrayContaining(['complaint-open-other']),
      agentId: null,
      treatmentId: 'firm-reminder',
    });
    for (const m of attemptEvents.forKey(complained.loanId)) expect(m.value.toString()).not.toMatch(/王小明|\+8613800138000|wang@example/);
  });

  it('pauses collection steps while a plan is active, resumes when it breaks, and stops everything once the case is resolved', async () => {
    clock.set('2026-12-10T02:00:00Z');
    const planned = await aCase();
    const planId = randomUUID();
    const plan = (status: 'active' | 'broken', previousStatus: 'proposed' | 'active'): RepaymentPlanEventV1 =>
      planned.about(aPlanStatusChanged()).forPlan(planId).withStatus(status, previousStatus).build();
    const caseRow = async () =>
      (await db().query(`SELECT state, state_reason, last_promise_broken_at FROM ${S}.cases WHERE loan_id = $1`, [planned.loanId])).rows[0];
    await planned.publishPlan(plan('active', 'proposed'));
    await expectEventually(async () => expect(await caseRow()).toMatchObject({ state: 'PAUSED', state_reason: 'plan-active' }));
    await scheduler.tick(clock.now());
    expect(await attempts(planned.loanId)).toHaveLength(0);

    clock.set('2026-12-11T02:00:00Z');
    await planned.publishPlan(plan('broken', 'active'));
    await expectEventually(async () =>
      expect(await caseRow()).toMatchObject({ state: 'ACTIVE', state_reason: null, last_promise_broken_at: new Date('2026-12-11T02:00:00Z') }),
    );
    await scheduler.tick(clock.now());
    expect((await attempts(planned.loanId)).length).toBeGreaterThan(0);

    await planned.publishPlan(planned.about(aCaseResolved()).build());
    await expectEventually(async () => expect(await caseRow()).toMatchObject({ state: 'STOPPED', state_reason: 'resolved' }));
    const before = (await attempts(planned.loanId)).length;
    clock.set('2026-12-14T02:30:00Z');
    await scheduler.tick(clock.now());
    const after = await attempts(planned.loanId);
    expect(after).toHaveLength(before);
    expect(after.filter((a) => a.status === 'sent' && a.due_at >= new Date('2026-12-12T00:00:00Z'))).toHaveLength(0);
  });
});

describe('provider receipts', () => {
  it('refuses a bad signature with 401 and applies a signed receipt once', async () => {
    clock.set('2026-12-03T02:00:00Z');
    const c = await aCase();
    await scheduler.tick(clock.now());
    const [sms] = await attempts(c.loanId);
    const body = JSON.stringify({ providerMessageId: sms.provider_message_id, status: 'delivered' });
    const post = (signature: string) => call('/v1/providers/sms/receipts', '', { method: 'POST', body, headers: { 'x-clearpath-signature': signature } });

    const forged = await post(signBody(body, 'not-the-secret-0123456789'));
    expect(forged.status).toBe(401);
    expect(forged.contentType).toContain('application/problem+json');
    expect((await attempts(c.loanId))[0].status).toBe('sent');

    const first = await post(signBody(body, WEBHOOK_SECRET));
    expect(first).toMatchObject({ status: 200, body: { result: 'applied' } });
    const again = await post(signBody(body, WEBHOOK_SECRET));
    expect(again).toMatchObject({ status: 200, body: { result: 'duplicate' } });
    expect((await attempts(c.loanId))[0].status).toBe('delivered');
    expect(
      (await db().query(`SELECT count(*)::int AS n FROM ${S}.provider_receipts WHERE provider_message_id = $1`, [sms.provider_message_id])).rows[0].n,
    ).toBe(1);
  });

  it('applies a batch in order: a message moves once, by its first receipt; repeats and strangers are told apart', async () => {
    clock.set('2026-12-03T02:00:00Z');
    const [c1, c2] = [await aCase(), await aCase()];
    await scheduler.tick(clock.now());
    const [one] = await attempts(c1.loanId);
    const [two] = await attempts(c2.loanId);
    const receipts = app.get(ReceiptsService);
    const results = await app.get<DataSource>(DATA_SOURCE).transaction((m) =>
      receipts.apply(
        m,
        [
          { providerMessageId: one.provider_message_id, channel: 'SMS', status: 'failed' },
          { providerMessageId: two.provider_message_id, channel: 'SMS', status: 'delivered' },
          { providerMessageId: one.provider_message_id, channel: 'SMS', status: 'delivered' },
          { providerMessageId: two.provider_message_id, channel: 'SMS', status: 'delivered' },
          { providerMessageId: 'no-such-message', channel: 'SMS', status: 'delivered' },
          { providerMessageId: two.provider_message_id, channel: 'EMAIL', status: 'failed' },
        ],
        clock.now(),
      ),
    );
    expect(results).toEqual(['applied', 'applied', 'applied', 'duplicate', 'unknown-message', 'unknown-message']);
    // The first receipt moved each message; the later 'delivered' of the failed one is kept, not applied over it.
    expect((await attempts(c1.loanId))[0].status).toBe('failed');
    expect((await attempts(c2.loanId))[0].status).toBe('delivered');
  });
});

describe('agent work queues', () => {
  it('hands two agents asking at once two different voice tasks, best expected recovery first, and re-offers a lapsed lease', async () => {
    clock.set('2026-12-04T02:00:00Z');
    // Tasks an earlier, interrupted run of this spec left open would compete with this run's.
    await db().query(`UPDATE ${S}.agent_tasks SET status = 'completed' WHERE status <> 'completed' AND loan_id LIKE 'LN-CO-%' AND loan_id NOT LIKE $1`, [
      `LN-CO-${run}-%`,
    ]);
    // Amounts that grow with every run put these tasks ahead of anything left by earlier runs.
    const overdue = `${1_000_000_000_000 + (Math.floor(Date.now() / 1000) % 1_000_000_000)}.00`;
    const likely = await aCase({ treatment: 'firm-reminder', pd: '0.1000', overdue });
    const unlikely = await aCase({ treatment: 'firm-reminder', pd: '0.9000', overdue });
    await scheduler.tick(clock.now()); // day 0: SMS
    clock.set('2026-12-05T02:30:00Z');
    await scheduler.tick(clock.now()); // day 1: voice-1 goes to the queue (made, and counted, when dialled)
    for (const c of [likely, unlikely]) expect((await attempts(c.loanId)).find((a) => a.step_id === 'voice-1')).toMatchObject({ status: 'queued' });

    const [a, b] = await Promise.all([call('/v1/queues/voice/next', 'test-agent-key'), call('/v1/queues/voice/next', 'test-supervisor-key')]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.taskId).not.toBe(b.body.taskId);
    const ours = [a.body, b.body].filter((t) => t.loanId === likely.loanId || t.loanId === unlikely.loanId);
    expect(ours.map((t) => t.loanId).sort()).toEqual([likely.loanId, unlikely.loanId].sort());
    const best = [a.body, b.body].sort((x, y) => Number(y.expectedRecovery) - Number(x.expectedRecovery))[0];
    expect(best).toMatchObject({ loanId: likely.loanId, expectedRecovery: expectedRecovery('0.1000', overdue) });
    expect(best.script).toContain('王小明');

    // The agent completes one; the other lease lapses and the task is offered again.
    const held = a.body.loanId === likely.loanId ? a : b;
    const lapsed = held === a ? b : a;
    const done = await call(`/v1/queues/tasks/${held.body.taskId}/complete`, held === a ? 'test-agent-key' : 'test-supervisor-key', { method: 'POST' });
    expect(done.status).toBe(200);
    const completedBy = async (taskId: string) => (await db().query(`SELECT completed_by FROM ${S}.agent_tasks WHERE id = $1`, [taskId])).rows[0].completed_by;
    expect(await completedBy(held.body.taskId)).toBe(held === a ? 'client:test-agent' : 'client:test-supervisor');
    clock.advance(600_001);
    const again = await call('/v1/queues/voice/next', 'test-agent-key');
    expect(again.status).toBe(200);
    expect(again.body.taskId).toBe(lapsed.body.taskId);
    expect((await call(`/v1/queues/tasks/${again.body.taskId}/complete`, 'test-agent-key', { method: 'POST' })).status).toBe(200);
    // Only the holder may complete a task.
    expect((await call(`/v1/queues/tasks/${again.body.taskId}/complete`, 'test-agent-key', { method: 'POST' })).body).toMatchObject({ alreadyCompleted: true });
  });
});

describe('API', () => {
  const checkBody = (at: string) => ({
    proposal: { channel: 'SMS', purpose: 'collection', recipient: 'debtor' },
    context: {
      jurisdiction: 'CN',
      timezone: 'Asia/Shanghai',
      activeFlags: [],
      loanClosed: false,
      caseResolved: false,
      openComplaints: [],
      disputeOpen: false,
      optedOutChannels: [],
      debtorUnreachable: false,
      attempts: [],
    },
    at,
  });

  it('answers a compliance dry run with the decision and rule ids, and names bad fields', async () => {
    const late = await call('/v1/compliance/check', 'test-compliance-key', { method: 'POST', body: JSON.stringify(checkBody('2026-12-01T23:00:00+08:00')) });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ decision: 'deferred', until: '2026-12-02T01:00:00.000Z', ruleIds: expect.arrayContaining(['sms-hours']) });
    const disputed = checkBody('2026-12-01T10:00:00+08:00');
    disputed.context.disputeOpen = true;
    const blocked = await call('/v1/compliance/check', 'test-agent-key', { method: 'POST', body: JSON.stringify(disputed) });
    expect(blocked.body).toMatchObject({ decision: 'blocked', ruleIds: ['flag-dispute'] });
    const bad = await call('/v1/compliance/check', 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({ ...checkBody('yesterday'), context: { ...checkBody('x').context, timezone: 'Mars/Olympus' } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['at', 'context.timezone']));
  });

  it('answers a content dry run for template authors with the rules and where they fired, names bad fields, and checks the role', async () => {
    // An evasion: a zero-width joiner inside 老赖. The offsets point into the text as sent.
    const text = '王先生，你这个老\u200d赖，今天不还就等着瞧。回复TD退订短信。';
    const result = await call('/v1/compliance/content-check', 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({ text, locale: 'zh-CN', channel: 'SMS', jurisdiction: 'CN' }),
    });
    expect(result.status).toBe(200);
    expect(result.body.blocked).toBe(true);
    expect(result.body.ruleIds).toEqual(expect.arrayContaining(['content-abuse']));
    const abuse = result.body.matches.find((x: { ruleId: string }) => x.ruleId === 'content-abuse');
    expect(text.slice(abuse.start, abuse.end)).toBe(abuse.excerpt);
    expect(abuse.excerpt).toContain('老');
    const fine = await call('/v1/compliance/content-check', 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({
        text: '王先生您好，您的还款已逾期，请尽快还款。谨防诈骗，切勿向个人账户转账。回复TD退订短信。',
        locale: 'zh-CN',
        channel: 'SMS',
        jurisdiction: 'CN',
      }),
    });
    expect(fine.body).toEqual({ blocked: false, ruleIds: [], matches: [] });
    const bad = await call('/v1/compliance/content-check', 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({ text: '', locale: 'fr-FR', channel: 'SMS', jurisdiction: 'CN' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['locale', 'text']);
    expect(
      (
        await call('/v1/compliance/content-check', 'test-ops-key', {
          method: 'POST',
          body: JSON.stringify({ text: 'hi', locale: 'en-US', channel: 'SMS', jurisdiction: 'US' }),
        })
      ).status,
    ).toBe(403);
    expect((await call('/v1/compliance/content-check', '', { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('sums up cases, attempts and guard decisions by rule id for operators', async () => {
    // A case of its own whose SMS an open harassment complaint blocks: a decision the summary must show.
    clock.set('2026-12-06T02:00:00Z'); // 10:00 Shanghai
    const complained = await aCase();
    await complained.publishComplaint(complaintEvent(complained, randomUUID(), 'HARASSMENT', 'received'));
    await expectEventually(async () =>
      expect((await db().query(`SELECT 1 FROM ${S}.open_complaints WHERE loan_id = $1`, [complained.loanId])).rows).toHaveLength(1),
    );
    await scheduler.tick(clock.now());
    const { status, body } = await call('/v1/compliance/summary', 'test-ops-key');
    expect(status).toBe(200);
    const count = (rows: Array<Record<string, unknown>>, key: string) => rows.reduce((n, r) => n + Number(r[key]), 0);
    const { rows } = await db().query(`SELECT (SELECT count(*)::int FROM ${S}.contact_attempts) AS attempts, (SELECT count(*)::int FROM ${S}.cases) AS cases`);
    expect(count(body.attempts, 'attempts')).toBe(rows[0].attempts);
    expect(count(body.cases, 'cases')).toBe(rows[0].cases);
    expect(body.decisions).toContainEqual(expect.objectContaining({ kind: 'blocked', ruleId: 'complaint-open' }));
    expect((await call('/v1/compliance/summary', 'test-agent-key')).status).toBe(403);
  });

  it('lists the profiles in force with stop rules reduced to id, source and effect', async () => {
    const { status, body } = await call('/v1/compliance/profiles', 'test-compliance-key');
    expect(status).toBe(200);
    expect(Object.keys(body.profiles).sort()).toEqual(['CN', 'GB', 'US']);
    expect(body.stopRules.find((r: { ruleId: string }) => r.ruleId === 'flag-dispute')).toEqual({
      ruleId: 'flag-dispute',
      source: expect.any(String),
      effect: expect.any(String),
    });
  });

  it('answers 401 and 403 as problem+json', async () => {
    const anonymous = await call('/v1/compliance/profiles', '');
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toContain('application/problem+json');
    const forbidden = await call('/v1/queues/voice/next', 'test-compliance-key');
    expect(forbidden.status).toBe(403);
    expect(forbidden.contentType).toContain('application/problem+json');
    const outcome = await call('/v1/contacts/00000000-0000-4000-8000-000000000000/outcome', 'test-ops-key', { method: 'POST', body: '{"outcome":"refused"}' });
    expect(outcome.status).toBe(403);
  });
});

describe('a debtor flagged DO_NOT_CONTACT', () => {
  it('gets nothing more after the flag arrives: every later attempt is blocked with flag-do-not-contact and audited', async () => {
    const start = new Date('2026-12-08T02:00:00Z'); // 10:00 Shanghai
    clock.set(start);
    const c = await aCase();
    await scheduler.tick(clock.now());
    const [sms] = await attempts(c.loanId);
    expect(sms).toMatchObject({ step_id: 'sms-1', status: 'sent' });

    await c.publishLifecycle(c.about(aCustomerFlagUpdated()).withFlag('DO_NOT_CONTACT').build());
    await expectEventually(async () => {
      const { rows } = await db().query(`SELECT active_flags FROM ${S}.cases WHERE loan_id = $1`, [c.loanId]);
      expect(rows[0].active_flags).toEqual(['DO_NOT_CONTACT']);
    });

    // Ten days of ticks at permitted local hours: the treatment's later steps come due, none is sent.
    for (let day = 0; day <= 10; day++) {
      for (const hourUtc of [2, 8]) {
        clock.set(new Date(start.getTime() + day * 86_400_000 + (hourUtc - 2) * 3_600_000 + 60_000));
        await scheduler.tick(clock.now());
      }
    }
    const all = await attempts(c.loanId);
    const later = all.filter((a) => a.id !== sms.id);
    expect(later.map((a) => a.step_id)).toEqual(expect.arrayContaining(['email-1', 'voice-1', 'im-1']));
    for (const a of later) {
      expect(a).toMatchObject({ status: 'blocked', decision_kind: 'blocked', provider_message_id: null });
      expect(a.rule_ids).toContain('flag-do-not-contact');
    }
    const { rows: sent } = await db().query(
      `SELECT attempt_id FROM ${S}.provider_messages WHERE attempt_id IN (SELECT id FROM ${S}.contact_attempts WHERE loan_id = $1)`,
      [c.loanId],
    );
    expect(sent).toEqual([{ attempt_id: sms.id }]);
    expect((await db().query(`SELECT count(*)::int AS n FROM ${S}.agent_tasks WHERE loan_id = $1`, [c.loanId])).rows[0].n).toBe(0);
    const { rows: decisions } = await db().query(`SELECT attempt_id, kind, rule_ids FROM ${S}.compliance_decisions WHERE loan_id = $1 ORDER BY id`, [c.loanId]);
    expect(decisions.filter((d) => d.kind !== 'blocked').map((d) => d.attempt_id)).toEqual([sms.id]);
    expect(
      decisions
        .filter((d) => d.kind === 'blocked')
        .map((d) => d.attempt_id)
        .sort(),
    ).toEqual(later.map((a) => a.id).sort());
    for (const d of decisions.filter((x) => x.kind === 'blocked')) expect(d.rule_ids).toContain('flag-do-not-contact');
  });
});

describe('the person, at the moment of contact (issue 11)', () => {
  const payment = (c: Awaited<ReturnType<typeof aCase>>, sequence: number, overdueAmount: string): LoanLifecycleEventV1 =>
    c.about(aLoanPaymentReceived()).withSequence(sequence).withAmount('1712.35').paidAt(clock.now()).withBalances('11138.05', overdueAmount).build();
  const stages = (loanId: string, attemptId: string) =>
    attemptEvents
      .forKey(loanId)
      .map((m) => m.json<{ payload: { attemptId: string; stage: string } }>().payload)
      .filter((p) => p.attemptId === attemptId)
      .map((p) => p.stage);
  const sentOrQueued = async (customerId: string) =>
    (
      await db().query(`SELECT loan_id, channel, sent_at, status FROM ${S}.contact_attempts WHERE customer_id = $1 AND sent_at IS NOT NULL ORDER BY sent_at`, [
        customerId,
      ])
    ).rows;
  const taskOf = async (loanId: string, step: string) =>
    (
      await db().query(
        `SELECT t.id, t.status, t.expires_at FROM ${S}.agent_tasks t JOIN ${S}.contact_attempts a ON a.id = t.attempt_id WHERE a.loan_id = $1 AND a.step_id = $2`,
        [loanId, step],
      )
    ).rows[0];
  const leaseTask = async (taskId: string, key: string, headers: Record<string, string> = {}) => {
    // Other runs' tasks may rank higher: lease until this one comes (each lease holds one task per agent call).
    for (let i = 0; i < 20; i++) {
      const r = await call('/v1/queues/voice/next', key, { headers });
      if (r.status !== 200) return r;
      if (r.body.taskId === taskId) return r;
    }
    throw new Error(`task ${taskId} was never offered`);
  };

  it('refuses a call queued at 20:59 Shanghai and dialled at 22:05 with 409 naming hours, and the task lapses with its window', async () => {
    clock.set('2026-12-15T02:00:00Z'); // 10:00 Shanghai: day 0, SMS
    await db().query(`UPDATE ${S}.agent_tasks SET status = 'completed' WHERE status IN ('open', 'leased')`);
    const c = await aCase({ treatment: 'firm-reminder', overdue: '987654321.00' });
    await scheduler.tick(clock.now());
    clock.set('2026-12-16T12:59:00Z'); // 20:59 Shanghai, day 1: voice-1 queued
    await scheduler.tick(clock.now());
    const task = await taskOf(c.loanId, 'voice-1');
    expect(task).toMatchObject({ status: 'open', expires_at: new Date('2026-12-16T14:00:00Z') }); // 22:00 Shanghai
    clock.set('2026-12-16T13:58:00Z'); // 21:58: leased (its window still open)
    expect((await leaseTask(task.id, 'test-agent-key')).status).toBe(200);
    clock.set('2026-12-16T14:05:00Z'); // 22:05: the agent dials
    const dial = await call(`/v1/queues/tasks/${task.id}/dial`, 'test-agent-key', { method: 'POST' });
    expect(dial.status).toBe(409);
    expect(dial.contentType).toContain('application/problem+json');
    expect(dial.body).toMatchObject({ decision: 'deferred', taskStatus: 'expired' });
    expect(dial.body.ruleIds).toContain('hours');
    expect(await taskOf(c.loanId, 'voice-1')).toMatchObject({ status: 'expired' });
    const voice = (await attempts(c.loanId)).find((a) => a.step_id === 'voice-1');
    expect(voice).toMatchObject({ status: 'expired', decision_kind: 'cancelled' });
    expect(voice.rule_ids).toContain('hours');
    expect((await db().query(`SELECT count(*)::int AS n FROM ${S}.agent_contacts WHERE loan_id = $1`, [c.loanId])).rows[0].n).toBe(0);
    // Unknown task: 404; not a voice task's verb: visit on a voice task is a conflict.
    expect((await call(`/v1/queues/tasks/${randomUUID()}/dial`, 'test-agent-key', { method: 'POST' })).status).toBe(404);
    expect((await call(`/v1/queues/tasks/${task.id}/visit`, 'test-agent-key', { method: 'POST' })).status).toBe(409);
  });

  it('counts a call once when its lease lapses and is re-taken, and the dial hands over number and script', async () => {
    clock.set('2026-12-17T02:00:00Z');
    await db().query(`UPDATE ${S}.agent_tasks SET status = 'completed' WHERE status IN ('open', 'leased')`);
    const c = await aCase({ treatment: 'firm-reminder', overdue: '987654322.00' });
    await scheduler.tick(clock.now());
    clock.set('2026-12-18T02:00:00Z'); // 10:00 day 1
    await scheduler.tick(clock.now());
    const task = await taskOf(c.loanId, 'voice-1');
    // Agent A leases and lets the lease lapse without dialling; agent B re-takes it and dials.
    expect((await leaseTask(task.id, 'test-agent-key')).status).toBe(200);
    clock.advance(600_001);
    const b = await leaseTask(task.id, 'test-supervisor-key');
    expect(b.status).toBe(200);
    expect((await call(`/v1/queues/tasks/${task.id}/dial`, 'test-agent-key', { method: 'POST' })).status).toBe(409); // A no longer holds it
    const dial = await call(`/v1/queues/tasks/${task.id}/dial`, 'test-supervisor-key', { method: 'POST' });
    expect(dial.status).toBe(200);
    expect(dial.body).toMatchObject({ taskId: task.id, loanId: c.loanId, channel: 'VOICE', recipient: '+8613800138000', startedAt: clock.now().toISOString() });
    expect(dial.body.script).toContain('王小明');
    // B's lease lapses too: the task is not offered again within the spacing, and nothing counts twice.
    clock.advance(600_001);
    const again = await call('/v1/queues/voice/next', 'test-agent-key');
    expect(again.status === 204 || again.body.taskId !== task.id).toBe(true);
    const made = (await db().query(`SELECT agent, started_at FROM ${S}.agent_contacts WHERE loan_id = $1`, [c.loanId])).rows;
    expect(made).toEqual([{ agent: expect.any(String), started_at: new Date(dial.body.startedAt) }]);
    expect((await attempts(c.loanId)).find((a) => a.step_id === 'voice-1')).toMatchObject({ status: 'sent' });
    await expectEventually(() => expect(stages(c.loanId, dial.body.attemptId)).toEqual(['sent']));
    // The outcome needs the call: recorded now, counted on the dial.
    expect(
      (await call(`/v1/contacts/${dial.body.attemptId}/outcome`, 'test-supervisor-key', { method: 'POST', body: JSON.stringify({ outcome: 'no-answer' }) }))
        .status,
    ).toBe(201);
  });

  it('takes a call’s outcome only from the agent who dialled it, once per call, and an SMS outcome once per attempt', async () => {
    clock.set('2026-12-19T02:00:00Z'); // 10:00 Shanghai: day 0
    await db().query(`UPDATE ${S}.agent_tasks SET status = 'completed' WHERE status IN ('open', 'leased')`);
    const c = await aCase({ treatment: 'firm-reminder', overdue: '987654323.00' });
    await scheduler.tick(clock.now());
    clock.set('2026-12-20T02:00:00Z'); // 10:00 day 1: voice-1 queued
    await scheduler.tick(clock.now());
    const task = await taskOf(c.loanId, 'voice-1');
    // Two agents of their own (the API keys are one principal per role).
    const bearer = (sub: string, role: 'agent' | 'supervisor') => ({
      authorization: `Bearer ${signToken({ sub, role, aud: 'contact-orchestration', ttlSeconds: 3_600 }, testStack.tokenSecret, clock)}`,
    });
    const [anna, ben] = [bearer('agent-anna', 'agent'), bearer('agent-ben', 'agent')];
    expect((await leaseTask(task.id, '', anna)).status).toBe(200);
    const dial = await call(`/v1/queues/tasks/${task.id}/dial`, '', { method: 'POST', headers: anna });
    expect(dial.status).toBe(200);
    const outcome = (headers: Record<string, string>, key = '', attemptId: string = dial.body.attemptId, body: object = { outcome: 'no-answer' }) =>
      call(`/v1/contacts/${attemptId}/outcome`, key, { method: 'POST', headers, body: JSON.stringify(body) });

    // Nobody records it for her: not another agent, not a supervisor, not a service.
    const byBen = await outcome(ben);
    expect(byBen.status).toBe(403);
    expect(byBen.contentType).toContain('application/problem+json');
    expect(byBen.body).toMatchObject({ type: 'urn:clearpath:separation-of-duties:outcome-by-dialler', rule: 'outcome-by-dialler' });
    for (const key of ['test-supervisor-key', 'test-service-key', 'test-agent-key'])
      expect({ key, status: (await outcome({}, key)).status }).toEqual({ key, status: 403 });
    expect((await outcome(bearer('supervisor-sam', 'supervisor'))).status).toBe(403);
    // She does, once.
    expect((await outcome(anna)).status).toBe(201);
    const second = await outcome(anna, '', dial.body.attemptId, { outcome: 'promise-to-pay', amount: '100.00', date: '2026-12-28' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: 'urn:clearpath:separation-of-duties:one-outcome-per-contact', rule: 'one-outcome-per-contact' });
    const recorded = await db().query(`SELECT outcome, recorded_by, recorded_role FROM ${S}.contact_outcomes WHERE attempt_id = $1`, [dial.body.attemptId]);
    expect(recorded.rows).toEqual([{ outcome: 'no-answer', recorded_by: 'agent-anna', recorded_role: 'agent' }]);
    expect((await db().query(`SELECT agent, outcome FROM ${S}.agent_contacts WHERE attempt_id = $1`, [dial.body.attemptId])).rows).toEqual([
      { agent: 'agent-anna', outcome: 'no-answer' },
    ]);
    expect((await db().query(`SELECT open_promise FROM ${S}.cases WHERE loan_id = $1`, [c.loanId])).rows[0].open_promise).toBe(false);

    // An SMS: the dialer integration (a service) records as today, and the attempt then has its outcome, kept as the client's.
    const sms = (await attempts(c.loanId)).find((a) => a.channel === 'SMS');
    expect(sms).toBeDefined();
    expect((await outcome({}, 'test-service-key', sms.id, { outcome: 'refused' })).status).toBe(201);
    expect((await db().query(`SELECT recorded_by, recorded_role FROM ${S}.contact_outcomes WHERE attempt_id = $1`, [sms.id])).rows).toEqual([
      { recorded_by: 'client:test-service', recorded_role: 'service' },
    ]);
    const again = await outcome({}, 'test-agent-key', sms.id, { outcome: 'dispute' });
    expect(again.status).toBe(409);
    expect(again.body.rule).toBe('one-outcome-per-contact');
    expect((await db().query(`SELECT count(*)::int AS n FROM ${S}.contact_outcomes WHERE attempt_id = $1`, [sms.id])).rows[0].n).toBe(1);
    expect((await db().query(`SELECT dispute_open FROM ${S}.cases WHERE loan_id = $1`, [c.loanId])).rows[0].dispute_open).toBe(false);
  });

  it('holds a STOP on loan A for SMS on loan B of the same customer, and spaces the person’s messages an hour apart', async () => {
    clock.set('2026-12-20T02:00:00Z'); // 10:00 Shanghai
    const a = await aCase();
    const b = await aCase({ customerId: a.customerId });
    await scheduler.tick(clock.now());
    const [smsA] = await attempts(a.loanId);
    const [smsB] = await attempts(b.loanId);
    expect(smsA).toMatchObject({ status: 'sent' });
    expect(smsB).toMatchObject({ status: 'deferred' });
    expect(smsB.rule_ids).toContain('spacing');
    expect(smsB.due_at.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-12-20T03:00:00Z'));
    expect(
      (await call(`/v1/contacts/${smsA.id}/outcome`, 'test-agent-key', { method: 'POST', body: JSON.stringify({ outcome: 'opt-out', channel: 'SMS' }) }))
        .status,
    ).toBe(201);
    clock.set(smsB.due_at);
    await scheduler.tick(clock.now());
    const [after] = await attempts(b.loanId);
    expect(after).toMatchObject({ status: 'blocked' });
    expect(after.rule_ids).toContain('channel-opt-out');
    // A new loan of the person starts protected.
    const c = await aCase({ customerId: a.customerId });
    await scheduler.tick(clock.now());
    const [smsC] = await attempts(c.loanId);
    expect(smsC.rule_ids).toContain('channel-opt-out');
  });

  it('stops contact on all the customer’s loans after a harassment complaint on one', async () => {
    clock.set('2026-12-22T02:00:00Z');
    const a = await aCase();
    const b = await aCase({ customerId: a.customerId });
    await a.publishComplaint(complaintEvent(a, randomUUID(), 'HARASSMENT', 'received'));
    await expectEventually(async () =>
      expect((await db().query(`SELECT customer_id FROM ${S}.open_complaints WHERE loan_id = $1`, [a.loanId])).rows).toEqual([{ customer_id: a.customerId }]),
    );
    await scheduler.tick(clock.now());
    for (const loan of [a, b]) {
      const [sms] = await attempts(loan.loanId);
      expect(sms).toMatchObject({ status: 'blocked' });
      expect(sms.rule_ids).toContain('complaint-open');
    }
  });

  it('cancels the 09:00 SMS of a debtor who pays in full at 08:30 (stale-content), with the reason in the audit trail', async () => {
    clock.set('2026-12-24T15:00:00Z'); // 23:00 Shanghai
    const c = await aCase();
    await scheduler.tick(clock.now());
    const [sms] = await attempts(c.loanId);
    expect(sms).toMatchObject({ status: 'deferred' });
    clock.set('2026-12-25T00:30:00Z'); // 08:30
    await c.publishLifecycle(payment(c, 2, '0.00'));
    await expectEventually(async () =>
      expect((await attempts(c.loanId))[0]).toMatchObject({ status: 'cancelled', decision_kind: 'cancelled', rule_ids: ['stale-content'] }),
    );
    clock.set(sms.due_at);
    await scheduler.tick(clock.now());
    expect((await attempts(c.loanId)).filter((a) => a.status === 'sent')).toHaveLength(0);
    const { rows } = await db().query(`SELECT kind, rule_ids, detail FROM ${S}.compliance_decisions WHERE attempt_id = $1 ORDER BY id`, [sms.id]);
    expect(rows.map((r) => r.kind)).toEqual(['deferred', 'cancelled']);
    expect(rows[1]).toMatchObject({ rule_ids: ['stale-content'], detail: 'case-paused:cured' });
    await expectEventually(() => expect(stages(c.loanId, sms.id)).toEqual(['blocked']));
  });

  it('never exceeds the CN caps for a person with six loans, whatever one batch dispatches', async () => {
    clock.set('2026-12-27T02:00:00Z'); // 10:00 Shanghai
    const first = await aCase();
    for (let i = 0; i < 5; i++) await aCase({ customerId: first.customerId });
    // Every 20 minutes over the local day, each tick a batch holding the six loans' attempts.
    for (let t = Date.parse('2026-12-27T02:00:00Z'); t <= Date.parse('2026-12-27T14:00:00Z'); t += 20 * 60_000) {
      clock.set(new Date(t));
      await scheduler.tick(clock.now());
    }
    const sent = (await sentOrQueued(first.customerId)).filter((r) => r.sent_at.getTime() < Date.parse('2026-12-27T16:00:00Z'));
    const sms = sent.filter((r) => r.channel === 'SMS');
    expect(sms.length).toBeGreaterThan(0);
    expect(sms.length).toBeLessThanOrEqual(2);
    expect(sent.filter((r) => ['SMS', 'IM', 'EMAIL', 'LETTER'].includes(r.channel)).length).toBeLessThanOrEqual(4);
    for (let i = 1; i < sent.length; i++) expect(sent[i].sent_at.getTime() - sent[i - 1].sent_at.getTime()).toBeGreaterThanOrEqual(3_600_000);
  });
});

describe('compliance states with a lifecycle, and the US workflow (issue 12)', () => {
  it('turns a STOP reply to loan A’s SMS into an opt-out of SMS on every loan of the person, within one dispatch', async () => {
    clock.set('2027-03-01T02:00:00Z'); // 10:00 Shanghai
    const phone = `+86139${String(process.pid).padStart(5, '0').slice(-5)}${String(n).padStart(3, '0')}`;
    const a = await aCase({ phone });
    const b = await aCase({ customerId: a.customerId, phone });
    await scheduler.tick(clock.now());
    const [smsB] = await attempts(b.loanId);
    expect(smsB).toMatchObject({ status: 'deferred' });
    // Unsigned and unauthenticated: refused.
    expect((await call('/v1/contacts/inbound', '', { method: 'POST', body: JSON.stringify({ channel: 'SMS', from: phone, text: 'TD' }) })).status).toBe(401);
    const providerMessageId = `in-${run}-${n}`;
    const reply = await call('/v1/contacts/inbound', '', signed({ channel: 'SMS', from: phone, text: '退订', providerMessageId }));
    expect(reply).toMatchObject({ status: 200, body: { customerId: a.customerId, keyword: 'stop', optedOut: 'SMS', duplicate: false } });
    // The provider redelivers it: nothing twice.
    expect((await call('/v1/contacts/inbound', '', signed({ channel: 'SMS', from: phone, text: '退订', providerMessageId }))).body).toMatchObject({
      duplicate: true,
    });
    clock.set(smsB.due_at);
    await scheduler.tick(clock.now());
    const [after] = await attempts(b.loanId);
    expect(after).toMatchObject({ status: 'blocked' });
    expect(after.rule_ids).toContain('channel-opt-out');
    // HELP is answered; an agent may record a reply for a person it knows by loan.
    const help = await call('/v1/contacts/inbound', 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({ channel: 'SMS', loanId: a.loanId, text: 'HELP' }),
    });
    expect(help.body).toMatchObject({ keyword: 'help', optedOut: null });
    expect(help.body.reply).toContain('退订');
    const { body } = await call(`/v1/customers/${a.customerId}/protections`, 'test-compliance-key');
    expect(body.optedOutChannels).toEqual([expect.objectContaining({ channel: 'SMS', source: 'inbound:sms' })]);
  });

  it('starts the 7-day no-call period with an inbound call (US)', async () => {
    clock.set('2027-03-08T15:00:00Z'); // 10:00 New York
    await db().query(`UPDATE ${S}.agent_tasks SET status = 'completed' WHERE status IN ('open', 'leased')`);
    const c = await aCase({ treatment: 'firm-reminder', jurisdiction: 'US', timezone: 'America/New_York' });
    await scheduler.tick(clock.now());
    const recorded = await call('/v1/contacts/inbound', 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({ channel: 'VOICE', kind: 'call', loanId: c.loanId }),
    });
    expect(recorded).toMatchObject({ status: 200, body: { customerId: c.customerId, keyword: null } });
    clock.set('2027-03-09T15:30:00Z'); // day 1: voice-1 is due, but the debtor talked to us yesterday
    await scheduler.tick(clock.now());
    const voice = (await attempts(c.loanId)).find((a) => a.step_id === 'voice-1');
    expect(voice).toMatchObject({ status: 'deferred' });
    expect(voice.rule_ids).toContain('call-after-conversation');
    expect(voice.due_at.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-03-15T12:00:00Z')); // 7 local days: 15 March 08:00 New York
  });

  it('pauses collection for a dispute made within the validation period, and resumes it when verification is sent', async () => {
    clock.set('2027-03-15T15:00:00Z'); // 10:00 New York
    const c = await aCase({ jurisdiction: 'US', timezone: 'America/New_York' });
    await scheduler.tick(clock.now());
    // The first SMS is the initial communication; the validation notice follows it (planned at the
    // next pass, by e-mail, spaced an hour).
    expect((await attempts(c.loanId)).map((a) => a.step_id)).toEqual(['sms-1']);
    await scheduler.tick(clock.now());
    const first = await attempts(c.loanId);
    expect(first.find((a) => a.step_id === 'sms-1')).toMatchObject({ status: 'sent' });
    const notice = first.find((a) => a.step_id === 'validation-notice');
    expect(notice).toMatchObject({ channel: 'EMAIL', status: 'deferred' });
    clock.set(notice.due_at);
    await scheduler.tick(clock.now());
    expect((await attempts(c.loanId)).find((a) => a.step_id === 'validation-notice')).toMatchObject({ status: 'sent' });
    const {
      rows: [caseRow],
    } = await db().query(`SELECT initial_contact_at, validation_notice_sent_at, validation_period_ends_at FROM ${S}.cases WHERE loan_id = $1`, [c.loanId]);
    expect(caseRow.validation_notice_sent_at).toEqual(clock.now());
    expect(caseRow.validation_period_ends_at).toEqual(new Date('2027-04-20T04:00:00Z')); // start of the 36th local day (New York, EDT)
    const bodyOf = async (attemptId: string) =>
      opened(c.customerId, (await db().query(`SELECT body FROM ${S}.provider_messages WHERE attempt_id = $1`, [attemptId])).rows[0].body);
    const sent = await bodyOf(notice.id);
    expect(sent).toContain('We are a debt collector');
    // The initial communication carried the fuller disclosure; the notice, sent after it, the short one.
    const initial = await bodyOf(first.find((a) => a.step_id === 'sms-1').id);
    expect(initial).toContain('attempting to collect a debt');
    expect(sent).not.toContain('attempting to collect a debt');
    expect(sent).toContain('April 19, 2027');

    const disputed = await call(`/v1/cases/${c.loanId}/disputes`, 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({ note: 'debtor says the amount is wrong' }),
    });
    expect(disputed).toMatchObject({
      status: 201,
      body: { status: 'open', withinValidationPeriod: true, history: [{ status: 'open', note: 'debtor says the amount is wrong' }] },
    });
    // The note is free text about the debtor: sealed in the append-only history.
    const { rows: notes } = await db().query(`SELECT note FROM ${S}.dispute_history WHERE dispute_id = $1`, [disputed.body.disputeId]);
    expect(notes).toEqual([{ note: expect.stringMatching(SEALED) }]);
    clock.set('2027-03-16T15:00:00Z');
    await scheduler.tick(clock.now());
    const email = (await attempts(c.loanId)).find((a) => a.step_id === 'email-1');
    expect(email).toMatchObject({ status: 'blocked' });
    expect(email.rule_ids).toContain('flag-dispute');
    // An agent may not send verification; compliance may; closing twice is a conflict.
    expect((await call(`/v1/disputes/${disputed.body.disputeId}/verification-sent`, 'test-agent-key', { method: 'POST', body: '{}' })).status).toBe(403);
    const verified = await call(`/v1/disputes/${disputed.body.disputeId}/verification-sent`, 'test-compliance-key', {
      method: 'POST',
      body: JSON.stringify({ note: 'statement and contract sent' }),
    });
    expect(verified.body).toMatchObject({ status: 'verification-sent' });
    expect(verified.body.history.map((h: { status: string }) => h.status)).toEqual(['open', 'verification-sent']);
    clock.set('2027-03-19T15:00:00Z');
    await scheduler.tick(clock.now());
    const later = (await attempts(c.loanId)).filter((a) => a.step_id !== 'sms-1' && a.step_id !== 'email-1' && !a.step_id.startsWith('validation-notice'));
    expect(later.length).toBeGreaterThan(0);
    for (const a of later) expect(a.rule_ids).not.toContain('flag-dispute');
    expect((await call(`/v1/disputes/${disputed.body.disputeId}/close`, 'test-compliance-key', { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await call(`/v1/disputes/${disputed.body.disputeId}/close`, 'test-compliance-key', { method: 'POST', body: '{}' })).status).toBe(409);
  });

  it('ends a standard breathing space at the start of its 61st day in the debtor’s zone', async () => {
    clock.set('2027-03-22T10:00:00Z'); // 10:00 London (GMT)
    const c = await aCase({ jurisdiction: 'GB', timezone: 'Europe/London' });
    const started = await call(`/v1/customers/${c.customerId}/breathing-space`, 'test-compliance-key', {
      method: 'POST',
      body: JSON.stringify({ type: 'standard', startedAt: '2027-03-22T09:00:00Z' }),
    });
    expect(started.status).toBe(201);
    expect(started.body.endsAt).toBe('2027-05-20T23:00:00.000Z'); // 21 May 00:00 BST
    await scheduler.tick(clock.now());
    const [sms] = await attempts(c.loanId);
    expect(sms).toMatchObject({ status: 'blocked' });
    expect(sms.rule_ids).toContain('flag-breathing-space');
    // A loan with an SMS step due after the end: decided on the day the space ended.
    clock.set('2027-05-20T22:59:00Z');
    const during = await aCase({ customerId: c.customerId, jurisdiction: 'GB', timezone: 'Europe/London' });
    await scheduler.tick(clock.now());
    expect((await attempts(during.loanId))[0].rule_ids).toContain('flag-breathing-space');
    clock.set('2027-05-21T09:30:00Z'); // 10:30 BST on 21 May
    const after = await aCase({ customerId: c.customerId, jurisdiction: 'GB', timezone: 'Europe/London' });
    await scheduler.tick(clock.now());
    const [ok] = await attempts(after.loanId);
    expect(ok.rule_ids).not.toContain('flag-breathing-space');
    expect(['sent', 'deferred']).toContain(ok.status);
  });

  it('keeps who started, reported the end of treatment of and ended a crisis breathing space', async () => {
    clock.set('2027-04-01T10:00:00Z');
    const c = await aCase({ jurisdiction: 'GB', timezone: 'Europe/London' });
    const started = await call(`/v1/customers/${c.customerId}/breathing-space`, 'test-compliance-key', {
      method: 'POST',
      body: JSON.stringify({ type: 'mental-health-crisis', startedAt: '2027-04-01T09:00:00Z' }),
    });
    expect(started.status).toBe(201);
    const id = started.body.breathingSpaceId;
    const treatment = await call(`/v1/breathing-spaces/${id}/treatment-ended`, 'test-supervisor-key', {
      method: 'POST',
      body: JSON.stringify({ endedAt: '2027-04-10T09:00:00Z' }),
    });
    expect(treatment.status).toBe(200);
    const ended = await call(`/v1/breathing-spaces/${id}/end`, 'test-service-key', {
      method: 'POST',
      body: JSON.stringify({ reason: 'cancelled by the debt adviser' }),
    });
    expect(ended.status).toBe(200);
    // Ending it again changes nothing, its author included.
    expect((await call(`/v1/breathing-spaces/${id}/end`, 'test-compliance-key', { method: 'POST', body: JSON.stringify({ reason: 'again' }) })).status).toBe(
      200,
    );
    expect(
      (await db().query(`SELECT recorded_by, treatment_ended_by, ended_early_by, ended_early_reason FROM ${S}.breathing_spaces WHERE id = $1`, [id])).rows,
    ).toEqual([
      {
        recorded_by: 'client:test-compliance',
        treatment_ended_by: 'client:test-supervisor',
        ended_early_by: 'client:test-service',
        ended_early_reason: expect.stringMatching(SEALED),
      },
    ]);
    // The reason is sealed for the debtor at rest, and shown opened.
    expect(ended.body.endedEarlyReason).toBe('cancelled by the debt adviser');
  });

  it('asks a third party the debtor named how to reach them only once the debtor is unreachable, once, never naming the debt', async () => {
    clock.set('2027-04-05T02:00:00Z'); // 10:00 Shanghai
    const a = await aCase();
    const b = await aCase({ customerId: a.customerId });
    const tpPhone = `+86137${String(process.pid).padStart(5, '0').slice(-5)}${String(n).padStart(3, '0')}`;
    const added = await call(`/v1/customers/${a.customerId}/third-parties`, 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({ name: '李四', phone: tpPhone, relationship: 'friend' }),
    });
    expect(added.status).toBe(201);
    const locates = async () =>
      (
        await db().query(
          `SELECT a.id, a.status, p.recipient, p.body FROM ${S}.contact_attempts a LEFT JOIN ${S}.provider_messages p ON p.attempt_id = a.id WHERE a.third_party_id = $1 ORDER BY a.created_at`,
          [added.body.id],
        )
      ).rows;
    await scheduler.tick(clock.now());
    // The debtor is reachable so far: nobody else is asked.
    expect(await locates()).toEqual([]);
    const [smsA] = await attempts(a.loanId);
    expect(
      (await call(`/v1/contacts/${smsA.id}/outcome`, 'test-agent-key', { method: 'POST', body: JSON.stringify({ outcome: 'wrong-number' }) })).status,
    ).toBe(201);
    const [smsB] = await attempts(b.loanId);
    clock.set(smsB.due_at);
    await scheduler.tick(clock.now());
    expect(
      (await call(`/v1/contacts/${smsB.id}/outcome`, 'test-agent-key', { method: 'POST', body: JSON.stringify({ outcome: 'wrong-number' }) })).status,
    ).toBe(201);
    // Two wrong numbers in a row: the third party is asked, by SMS to their number, with no word of a debt.
    clock.advance(60_000);
    await scheduler.tick(clock.now());
    const [first] = await locates();
    expect(first).toMatchObject({ status: 'sent', recipient: expect.stringMatching(SEALED) });
    expect(await opened(a.customerId, first.recipient)).toBe(tpPhone);
    const text = await opened(a.customerId, first.body);
    expect(text).toContain('王小明');
    expect(text).not.toMatch(/欠款|逾期|债务|还款|催收|贷款|1,712\.35|1712\.35/);
    // Their name and number are sealed for the debtor who named them.
    const {
      rows: [named],
    } = await db().query(`SELECT name, phone FROM ${S}.third_parties WHERE id = $1`, [added.body.id]);
    expect(named).toEqual({ name: expect.stringMatching(SEALED), phone: expect.stringMatching(SEALED) });
    expect(await opened(a.customerId, named.name)).toBe('李四');
    // Once only, however often the scheduler plans.
    clock.advance(3_600_000);
    await scheduler.tick(clock.now());
    expect(await locates()).toHaveLength(1);
    // They asked to be contacted again: one more.
    expect((await call(`/v1/third-parties/${added.body.id}/more-requested`, 'test-agent-key', { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await db().query(`SELECT more_requested_by, more_requested_at FROM ${S}.third_parties WHERE id = $1`, [added.body.id])).rows).toEqual([
      { more_requested_by: 'client:test-agent', more_requested_at: clock.now() },
    ]);
    await scheduler.tick(clock.now());
    expect((await locates()).map((l) => (l.status === 'delivered' ? 'sent' : l.status))).toEqual(['sent', 'sent']);
    // A STOP from the third party withdraws them for good.
    expect((await call('/v1/contacts/inbound', '', signed({ channel: 'SMS', from: tpPhone, text: 'TD' }))).body).toMatchObject({
      keyword: 'stop',
      thirdParty: true,
    });
    expect((await call(`/v1/third-parties/${added.body.id}/more-requested`, 'test-agent-key', { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('defers contact on a holiday to the next permitted day, and honours a stated inconvenient time', async () => {
    clock.set('2027-02-05T02:00:00Z'); // 10:00 Shanghai on Spring Festival eve
    const festive = await aCase();
    await scheduler.tick(clock.now());
    const [sms] = await attempts(festive.loanId);
    expect(sms).toMatchObject({ status: 'deferred' });
    expect(sms.rule_ids).toContain('holiday');
    expect(sms.due_at.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-02-09T01:00:00Z')); // 9 February 09:00 Shanghai

    clock.set('2027-03-29T02:00:00Z'); // a Monday, 10:00 Shanghai
    const worker = await aCase({ contactsLater: true });
    const stated = await call(`/v1/customers/${worker.customerId}/inconvenient-times`, 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({ kind: 'time', from: '09:00', to: '12:30', weekdays: [1, 2, 3, 4, 5] }),
    });
    expect(stated.status).toBe(201);
    expect(
      (
        await call(`/v1/customers/${worker.customerId}/inconvenient-times`, 'test-agent-key', {
          method: 'POST',
          body: JSON.stringify({ kind: 'time', from: '25:00', to: '12:30' }),
        })
      ).body.errors[0].path,
    ).toBe('from');
    await worker.publishContacts();
    await expectEventually(async () =>
      expect((await db().query(`SELECT 1 FROM ${S}.contact_details WHERE customer_id = $1`, [worker.customerId])).rows).toHaveLength(1),
    );
    await scheduler.tick(clock.now());
    const [first] = await attempts(worker.loanId);
    expect(first).toMatchObject({ status: 'deferred' });
    expect(first.rule_ids).toContain('inconvenient-time');
    expect(first.due_at.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-03-29T04:30:00Z')); // 12:30 Shanghai

    // The debtor takes it back; who recorded that is kept beside who recorded the time.
    expect((await call(`/v1/inconvenient-times/${stated.body.id}/withdraw`, 'test-compliance-key', { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await db().query(`SELECT recorded_by, withdrawn_by FROM ${S}.inconvenient_times WHERE id = $1`, [stated.body.id])).rows).toEqual([
      { recorded_by: 'client:test-agent', withdrawn_by: 'client:test-compliance' },
    ]);
  });
});

describe('personal data sealed at rest and erasable (issue 14)', () => {
  const phoneOf = (prefix: string) => `+86${prefix}${String(process.pid).padStart(5, '0').slice(-5)}${String(n).padStart(3, '0')}`;
  const attemptOf = async (loanId: string, step: string) => (await attempts(loanId)).find((a) => a.step_id === step);

  it('keeps a version 2 record’s sealed identity as it came, and sends to the number inside it', async () => {
    clock.set('2027-07-06T02:00:00Z'); // a Tuesday, 10:00 Shanghai
    const c = await aCase({ contactsLater: true });
    const phone = phoneOf('135');
    // Ingestion seals the identity under the customer's key before it publishes.
    const v2 = c
      .about(aCustomerContactDetails())
      .withName('赵六')
      .withPhone(phone)
      .withEmail(null)
      .withAddress(null)
      .buildSealed(await ingestionVault.forSealing([c.customerId]));
    const { identity } = v2.payload;
    await publish(TOPICS.customerContacts.name, c.customerId, v2);
    await expectEventually(async () =>
      expect((await db().query(`SELECT identity, full_name, phone FROM ${S}.contact_details WHERE customer_id = $1`, [c.customerId])).rows).toEqual([
        { identity, full_name: null, phone: null },
      ]),
    );
    await scheduler.tick(clock.now());
    const sms = await attemptOf(c.loanId, 'sms-1');
    expect(sms).toMatchObject({ status: 'sent' });
    const {
      rows: [message],
    } = await db().query(`SELECT recipient, body FROM ${S}.provider_messages WHERE attempt_id = $1`, [sms.id]);
    expect(await opened(c.customerId, message.recipient)).toBe(phone);
    expect(await opened(c.customerId, message.body)).toContain('赵六');
    // A reply from that number finds the debtor through the blind index.
    expect((await call('/v1/contacts/inbound', '', signed({ channel: 'SMS', from: phone, text: 'HELP' }))).body).toMatchObject({
      customerId: c.customerId,
      keyword: 'help',
    });
  });

  it('seals at startup what an older release stored in plaintext, leaving none, and finds those debtors by their number after', async () => {
    clock.set('2027-07-06T03:00:00Z');
    const c = await aCase({ contactsLater: true });
    const [phone, tpPhone] = [phoneOf('134'), phoneOf('133')];
    // Rows as the release before sealing wrote them.
    await db().query(
      `INSERT INTO ${S}.contact_details (customer_id, full_name, phone, email, address, timezone, locale, jurisdiction, updated_at)
       VALUES ($1, '钱七', $2, 'qian@example.com', '{"city": "郑州市"}', 'Asia/Shanghai', 'zh-CN', 'CN', $3)`,
      [c.customerId, phone, clock.now()],
    );
    const {
      rows: [tp],
    } = await db().query(
      `INSERT INTO ${S}.third_parties (id, customer_id, name, phone, relationship, recorded_by, recorded_at) VALUES (gen_random_uuid(), $1, '孙八', $2, 'friend', 'test', $3) RETURNING id`,
      [c.customerId, tpPhone, clock.now()],
    );
    const {
      rows: [attempt],
    } = await db().query(
      `INSERT INTO ${S}.contact_attempts (loan_id, customer_id, treatment_id, treatment_version, treatment_episode, step_id, channel, template_id, status, due_at, created_at, updated_at)
       VALUES ($1, $2, 'standard-reminder', 1, 0, 'legacy-sms', 'SMS', 'standard-sms', 'sent', $3, $3, $3) RETURNING id`,
      [c.loanId, c.customerId, clock.now()],
    );
    await db().query(
      `INSERT INTO ${S}.provider_messages (provider_message_id, attempt_id, provider, channel, recipient, body, status, created_at, updated_at) VALUES ($1, $2, 'local', 'SMS', $3, '钱七您好', 'delivered', $4, $4)`,
      [`legacy-${attempt.id}`, attempt.id, phone, clock.now()],
    );
    const {
      rows: [space],
    } = await db().query(
      `INSERT INTO ${S}.breathing_spaces (id, customer_id, type, started_at, ended_early_at, ended_early_reason, recorded_by, created_at) VALUES (gen_random_uuid(), $1, 'standard', $2, $2, '钱七 moved abroad', 'test', $2) RETURNING id`,
      [c.customerId, clock.now()],
    );

    const reseal = app.get(LegacyReseal);
    const done = await reseal.run();
    expect(done).toMatchObject({
      contact_details: expect.any(Number),
      third_parties: expect.any(Number),
      provider_messages: expect.any(Number),
      breathing_spaces: expect.any(Number),
    });
    for (const table of Object.keys(done)) expect(done[table]).toBeGreaterThanOrEqual(1);
    // Nothing in the clear anywhere any more, and a second run finds nothing to do.
    const {
      rows: [left],
    } = await db().query(
      `SELECT (SELECT count(*)::int FROM ${S}.contact_details WHERE identity IS NULL OR full_name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL OR address IS NOT NULL) AS details,
         (SELECT count(*)::int FROM ${S}.third_parties WHERE phone_lookup IS NULL OR name !~ '^pd1[.]' OR phone !~ '^pd1[.]') AS third_parties,
         (SELECT count(*)::int FROM ${S}.provider_messages WHERE recipient !~ '^pd1[.]' OR body !~ '^pd1[.]' OR subject !~ '^pd1[.]') AS messages,
         (SELECT count(*)::int FROM ${S}.breathing_spaces WHERE ended_early_reason !~ '^pd1[.]') AS reasons`,
    );
    expect(left).toEqual({ details: 0, third_parties: 0, messages: 0, reasons: 0 });
    expect(await reseal.run()).toEqual({ contact_details: 0, third_parties: 0, provider_messages: 0, breathing_spaces: 0 });

    const {
      rows: [details],
    } = await db().query(`SELECT identity FROM ${S}.contact_details WHERE customer_id = $1`, [c.customerId]);
    expect(JSON.parse((await opened(c.customerId, details.identity))!)).toEqual({
      fullName: '钱七',
      phone,
      email: 'qian@example.com',
      address: { city: '郑州市' },
    });
    expect(await opened(c.customerId, (await db().query(`SELECT name FROM ${S}.third_parties WHERE id = $1`, [tp.id])).rows[0].name)).toBe('孙八');
    expect(await opened(c.customerId, (await db().query(`SELECT body FROM ${S}.provider_messages WHERE attempt_id = $1`, [attempt.id])).rows[0].body)).toBe(
      '钱七您好',
    );
    expect((await call(`/v1/customers/${c.customerId}/protections`, 'test-compliance-key')).body.breathingSpaces).toEqual([
      expect.objectContaining({ breathingSpaceId: space.id, endedEarlyReason: '钱七 moved abroad' }),
    ]);
    // The debtor and the third party are still found by the numbers they reply from.
    expect((await call('/v1/contacts/inbound', '', signed({ channel: 'SMS', from: phone, text: 'HELP' }))).body).toMatchObject({ customerId: c.customerId });
    expect((await call('/v1/contacts/inbound', '', signed({ channel: 'SMS', from: tpPhone, text: 'TD' }))).body).toMatchObject({ thirdParty: true });
  });

  it('contacts nobody whose key is gone, and drops their details, third parties and pending contact when CustomerErased arrives', async () => {
    clock.set('2027-07-13T02:00:00Z'); // a Tuesday, 10:00 Shanghai: day 0, SMS
    await db().query(`UPDATE ${S}.agent_tasks SET status = 'completed' WHERE status IN ('open', 'leased')`);
    const phone = phoneOf('132');
    const a = await aCase({ treatment: 'firm-reminder', overdue: '987654330.00', phone });
    await scheduler.tick(clock.now());
    expect(await attemptOf(a.loanId, 'sms-1')).toMatchObject({ status: 'sent' });
    expect(
      (
        await call(`/v1/customers/${a.customerId}/third-parties`, 'test-agent-key', {
          method: 'POST',
          body: JSON.stringify({ name: '周九', phone: phoneOf('131'), relationship: 'sister' }),
        })
      ).status,
    ).toBe(201);
    clock.set('2027-07-14T02:00:00Z'); // day 1: a's voice-1 queued for agents
    await scheduler.tick(clock.now());
    const voice = await attemptOf(a.loanId, 'voice-1');
    expect(voice).toMatchObject({ status: 'queued' });
    const [task] = (await db().query(`SELECT id FROM ${S}.agent_tasks WHERE attempt_id = $1`, [voice.id])).rows;
    // b's first SMS is due now, not yet dispatched.
    const b = await aCase();
    const messages = async (loanId: string) =>
      (await db().query(`SELECT p.body FROM ${S}.provider_messages p JOIN ${S}.contact_attempts x ON x.id = p.attempt_id WHERE x.loan_id = $1`, [loanId])).rows;
    expect(await messages(a.loanId)).toHaveLength(2);

    // Ingestion erases both: their keys are destroyed, then CustomerErased goes out.
    for (const c of [a, b]) await ingestionVault.erase(c.customerId, 'compliance:officer-1', 'PIPL art. 47 request');
    // Before the records arrive, once this instance's cached keys have expired, nothing reaches
    // them: no agent is handed a's call, and b's SMS waits for details that no longer open.
    clock.advance(61_000);
    const next = await call('/v1/queues/voice/next', 'test-agent-key');
    expect(next.status === 204 || next.body.taskId !== task.id).toBe(true);
    await scheduler.tick(clock.now());
    expect(await attemptOf(b.loanId, 'sms-1')).toMatchObject({ status: 'planned', decision_kind: null, provider_message_id: null });
    expect(await messages(b.loanId)).toHaveLength(0);

    const erasure = (c: typeof a) => aCustomerErased().forCustomer(c.customerId).ofLoans(c.loanId).occurredAt(clock.now()).build();
    for (const c of [a, b]) await publish(TOPICS.customerContacts.name, c.customerId, erasure(c));
    const stopped = async (c: typeof a) => (await db().query(`SELECT state, state_reason FROM ${S}.cases WHERE loan_id = $1`, [c.loanId])).rows;
    await expectEventually(async () => {
      for (const c of [a, b]) expect(await stopped(c)).toEqual([{ state: 'STOPPED', state_reason: 'customer-erased' }]);
    });
    const count = async (table: string, c: typeof a) =>
      (await db().query(`SELECT count(*)::int AS n FROM ${S}.${table} WHERE customer_id = $1`, [c.customerId])).rows[0].n;
    for (const c of [a, b])
      expect({ details: await count('contact_details', c), thirdParties: await count('third_parties', c) }).toEqual({ details: 0, thirdParties: 0 });
    const cancelled = { status: 'cancelled', decision_kind: 'cancelled', rule_ids: ['customer-erased'] };
    expect(await attemptOf(a.loanId, 'voice-1')).toMatchObject(cancelled);
    expect(await attemptOf(b.loanId, 'sms-1')).toMatchObject(cancelled);
    expect((await db().query(`SELECT status FROM ${S}.agent_tasks WHERE id = $1`, [task.id])).rows).toEqual([{ status: 'cancelled' }]);

    // Days later nothing is planned or sent, what was sent no longer opens, and a reply from their number finds nobody.
    clock.set('2027-07-20T02:00:00Z');
    await scheduler.tick(clock.now());
    expect((await attempts(a.loanId)).map((x) => x.step_id).sort()).toEqual(['sms-1', 'voice-1']);
    expect((await attempts(b.loanId)).map((x) => x.step_id)).toEqual(['sms-1']);
    const kept = await messages(a.loanId);
    expect(kept).toHaveLength(2);
    for (const m of kept) expect(await opened(a.customerId, m.body)).toBeUndefined();
    expect(await messages(b.loanId)).toHaveLength(0);
    expect((await call('/v1/contacts/inbound', '', signed({ channel: 'SMS', from: phone, text: 'HELP' }))).status).toBe(404);

    // An older details record (of the day a's case began) replayed after the erasure keeps nothing.
    const replayed = a.about(aCustomerContactDetails()).withPhone(phone).withEmail(null).withAddress(null).occurredAt('2027-07-13T02:00:00Z').build();
    await publish(TOPICS.customerContacts.name, a.customerId, replayed);
    await expectEventually(async () =>
      expect((await db().query(`SELECT status FROM ${S}.inbox WHERE message_key = $1`, [replayed.eventId])).rows).toEqual([{ status: 'skipped' }]),
    );
    expect(await count('contact_details', a)).toBe(0);
  });
});

describe('two instances on the same database', () => {
  const instances: INestApplication[] = [];

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.close()));
  });

  it('share the due attempts without sending any twice', async () => {
    // Two more instances (scheduler only: no consumers), with small batches so the work is split.
    const config = loadContactOrchestrationConfig({ ...env, CONTACT_ORCHESTRATION_BATCH_SIZE: '5', OUTBOX_RELAY_ENABLED: 'false' });
    for (let i = 0; i < 2; i++) {
      const instance = await createContactOrchestrationApp(config, { clock, logger: quiet() });
      instances.push(instance);
      await instance.init();
    }
    const [a, b] = instances.map((i) => i.get(ContactScheduler));
    clock.set('2026-12-20T02:00:00Z'); // 10:00 Shanghai
    // Whatever earlier cases have due now goes first, so the two instances see only these cases.
    await scheduler.tick(clock.now());

    const N = 30;
    const cases = await Promise.all(Array.from({ length: N }, () => aCase()));
    const loanIds = cases.map((c) => c.loanId);
    const sentBy = { a: 0, b: 0 };
    for (let round = 0; round < 3; round++) {
      const [ra, rb] = await Promise.all([a!.tick(clock.now()), b!.tick(clock.now())]);
      sentBy.a += ra.dispatched.sent;
      sentBy.b += rb.dispatched.sent;
    }

    const { rows } = await db().query(
      `SELECT a.id, a.status, a.provider_message_id,
         (SELECT count(*)::int FROM ${S}.provider_messages p WHERE p.attempt_id = a.id) AS messages,
         (SELECT count(*)::int FROM ${S}.compliance_decisions d WHERE d.attempt_id = a.id) AS decisions
       FROM ${S}.contact_attempts a WHERE a.loan_id = ANY($1::text[])`,
      [loanIds],
    );
    // One attempt (sms-1) per case, each decided once and at the provider exactly once.
    expect(rows).toHaveLength(N);
    for (const r of rows) expect(r).toMatchObject({ status: 'sent', provider_message_id: `local-${r.id}`, messages: 1, decisions: 1 });
    const { rows: perLoan } = await db().query(
      `SELECT p.attempt_id FROM ${S}.provider_messages p JOIN ${S}.contact_attempts a ON a.id = p.attempt_id WHERE a.loan_id = ANY($1::text[])`,
      [loanIds],
    );
    expect(new Set(perLoan.map((p) => p.attempt_id)).size).toBe(N);
    expect(perLoan).toHaveLength(N);
    // Both did part of the work, and together exactly the due attempts.
    expect(sentBy.a + sentBy.b).toBe(N);
    expect(sentBy.a).toBeGreaterThan(0);
    expect(sentBy.b).toBeGreaterThan(0);
  });
});
