import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { HEADERS, ManualClock, TOPICS } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { createLogger } from '@clearpath/observability';
import {
  type ServiceProcess,
  TopicProbe,
  aContactOutcomeRecorded,
  aCustomerFlagged,
  aLoanDelinquencyUpdated,
  aLoanOverdue,
  aPlanStatusChanged,
  closeTestDb,
  expectEventually,
  groupCaughtUp,
  startGroupAtEnd,
  startServiceProcess,
  testDb,
  testKafka,
  testServiceEnv,
} from '@clearpath/testing';
import { createRiskScoringApp, loadRiskScoringConfig } from '../src/risk-scoring.app';

/**
 * The pipeline's first two stages on the real Kafka and PostgreSQL: a core-banking LoanOverdue
 * enters ingestion, its LoanDelinquencyUpdated reaches risk-scoring, which publishes a
 * case-segmented event and answers for the case on its API.
 */
const kafka = testKafka('risk-scoring-it');
const run = `${process.pid}-${Date.now()}`;
const quiet = () => createLogger({ service: 'test', level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) });
// Its master keys are for the ingestion it starts: risk-scoring holds no personal data and reads no key.
const env = testServiceEnv('risk-scoring');
let ingestion: ServiceProcess;
let risk: INestApplication;
let riskUrl: string;
let ingestionUrl: string;
let segmented: TopicProbe;
let dlq: TopicProbe;
let producer: Producer;
const riskGroup = `risk-scoring-it-${run}`;

beforeAll(async () => {
  const ingestionGroup = `ingestion-rs-${run}`;
  const riskConfig = loadRiskScoringConfig({ ...env, RISK_SCORING_CONSUMER_GROUP: riskGroup });
  await startGroupAtEnd(kafka, ingestionGroup, [TOPICS.coreBankLoanEvents.name]);
  await startGroupAtEnd(kafka, riskConfig.consumerGroup, [TOPICS.loanLifecycle.name, TOPICS.contactOutcomes.name, TOPICS.repaymentPlans.name]);
  const clock = new ManualClock('2026-11-29T02:00:00Z');
  [ingestion, risk, segmented, dlq] = await Promise.all([
    // ingestion runs as its own process, as in production (services never import each other)
    startServiceProcess('ingestion', { ...env, INGESTION_CONSUMER_GROUP: ingestionGroup }),
    createRiskScoringApp(riskConfig, { clock, logger: quiet() }),
    TopicProbe.start(kafka, [TOPICS.caseSegmented.name]),
    TopicProbe.start(kafka, [TOPICS.loanLifecycle.dlq]),
  ]);
  await risk.startAllMicroservices();
  await risk.listen(0, '127.0.0.1');
  ingestionUrl = ingestion.url;
  riskUrl = (await risk.getUrl()).replace('[::1]', '127.0.0.1');
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await Promise.all([ingestion?.stop(), risk?.close(), segmented?.stop(), dlq?.stop(), producer?.disconnect()]);
  await closeTestDb();
});

const submit = (docs: Array<Record<string, unknown>>) =>
  fetch(`${ingestionUrl}/v1/loan-events`, {
    method: 'POST',
    headers: { 'x-api-key': 'test-core-banking-key', 'content-type': 'application/json' },
    body: JSON.stringify({ events: docs }),
  });
const getJson = async (url: string, key = 'test-ops-key', init: RequestInit = {}) => {
  const r = await fetch(url, { ...init, headers: { 'x-api-key': key, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: (await r.json()) as Record<string, any> };
};

it('turns a core-banking LoanOverdue into a case-segmented event with reasons, and answers for the case', async () => {
  const overdue = aLoanOverdue()
    .withSequence(1)
    .withHistory([
      { month: '2026-10', repaymentStatus: 3, billAmount: '19400.00', paidAmount: '0.00' },
      { month: '2026-09', repaymentStatus: 2, billAmount: '19000.00', paidAmount: '0.00' },
      { month: '2026-08', repaymentStatus: 1, billAmount: '18000.00', paidAmount: '200.00' },
    ]);
  expect((await submit([overdue.build()])).status).toBe(202);
  const [record] = await expectEventually(() => {
    const seen = segmented.forKey(overdue.loanId);
    expect(seen).toHaveLength(1);
    return seen;
  });
  const event = record.json<{ eventType: string; payload: Record<string, any> }>();
  expect(event.eventType).toBe('CaseSegmented');
  expect(event.payload).toMatchObject({
    loanId: overdue.loanId,
    dpdBucket: 'M1',
    modelVersion: 'pd-model.v1',
    policyVersion: expect.stringMatching(/^2026\.12\.1\//),
  });
  expect(Number(event.payload.probabilityOfDefault)).toBeGreaterThan(0.3);
  expect(event.payload.reasons.length).toBeGreaterThan(0);
  expect(event.payload.reasons[0].text['zh-CN']).toBeTruthy();
  expect(record.value.toString()).not.toContain('王小明');

  const { status, body } = await getJson(`${riskUrl}/v1/cases/${overdue.loanId}/risk`);
  expect(status).toBe(200);
  expect(body.verdict).toMatchObject({ treatment: event.payload.treatment, arm: event.payload.arm, band: event.payload.band });
  expect(body.features).toMatchObject({ daysPastDue: 17, utilisation: 0.6425 });
  expect(body.history).toHaveLength(1);
});

it('publishes again only when the verdict changes, and protects a flagged customer', async () => {
  const first = aLoanOverdue().withSequence(1).withDaysPastDue(10);
  const loanId = first.loanId;
  await submit([first.build()]);
  await expectEventually(() => expect(segmented.forKey(loanId)).toHaveLength(1));
  // The next nightly roll moves DPD inside M1 with the same history: same verdict, nothing published.
  await submit([aLoanOverdue().forLoan(loanId).withSequence(2).withDaysPastDue(11).build()]);
  await expectEventually(async () => {
    const { body } = await getJson(`${riskUrl}/v1/cases/${loanId}/risk`);
    expect(body.features.daysPastDue).toBe(11);
  });
  expect(segmented.forKey(loanId)).toHaveLength(1);
  // A vulnerability flag forces the gentlest treatment.
  await submit([aCustomerFlagged().forLoan(loanId).withSequence(3).withFlag('VULNERABLE').build()]);
  const records = await expectEventually(() => {
    const seen = segmented.forKey(loanId);
    expect(seen).toHaveLength(2);
    return seen;
  });
  expect(records[1].json<{ payload: Record<string, unknown> }>().payload).toMatchObject({
    treatment: 'gentle-protected',
    protectedCase: true,
    segment: 'PROTECTED',
  });
  const { body } = await getJson(`${riskUrl}/v1/cases/${loanId}/risk`);
  expect(body.history.map((h: { treatment: string }) => h.treatment)[0]).toBe('gentle-protected');
});

it('counts a broken plan from repayment-plan and moves the case to a firmer treatment', async () => {
  const overdue = aLoanOverdue().withSequence(1).withDaysPastDue(5);
  const loanId = overdue.loanId;
  await submit([overdue.build()]);
  const [first] = await expectEventually(() => {
    const seen = segmented.forKey(loanId);
    expect(seen).toHaveLength(1);
    return seen;
  });
  const before = first.json<{ payload: { segment: string; customerId: string } }>().payload;
  expect(before.segment).not.toBe('BROKEN_PROMISE');
  const broken = aPlanStatusChanged().forLoan(loanId).forCustomer(before.customerId).withStatus('broken', 'active').build();
  await producer.send({
    topic: TOPICS.repaymentPlans.name,
    acks: -1,
    messages: [{ key: loanId, value: JSON.stringify(broken), headers: { [HEADERS.eventId]: broken.eventId } }],
  });
  const records = await expectEventually(() => {
    const seen = segmented.forKey(loanId);
    expect(seen).toHaveLength(2);
    return seen;
  });
  expect(records[1].json<{ causationId: string; payload: Record<string, unknown> }>()).toMatchObject({
    causationId: broken.eventId,
    payload: { segment: 'BROKEN_PROMISE', treatment: 'firm-reminder' },
  });
  const { body } = await getJson(`${riskUrl}/v1/cases/${loanId}/risk`);
  expect(body.features.brokenPromises).toBe(1);
});

it('dead-letters a lifecycle record that breaks the schema', async () => {
  const loanId = aLoanOverdue().loanId;
  await producer.send({
    topic: TOPICS.loanLifecycle.name,
    acks: -1,
    messages: [{ key: loanId, value: JSON.stringify({ eventType: 'LoanDelinquencyUpdated', payload: { loanId } }), headers: { [HEADERS.eventId]: 'bad-1' } }],
  });
  const [dead] = await expectEventually(() => {
    const seen = dlq.forKey(loanId);
    expect(seen).toHaveLength(1);
    return seen;
  });
  expect(dead.headers[HEADERS.dlqReason]).toBe('schema-violation');
  expect(dead.headers[HEADERS.dlqConsumerGroup]).toMatch(/^risk-scoring-it-/);
  const rows = await testDb().query(`SELECT count(*)::int AS n FROM risk_scoring.case_features WHERE loan_id = $1`, [loanId]);
  expect(rows.rows[0].n).toBe(0);
});

it('applies a redelivered lifecycle record once (re-score idempotency)', async () => {
  const event = aLoanDelinquencyUpdated().withSequence(7).inJurisdiction('GB').withDaysPastDue(45).build();
  const { loanId } = event.payload;
  const message = { key: loanId, value: JSON.stringify(event), headers: { [HEADERS.eventId]: event.eventId } };
  await producer.send({ topic: TOPICS.loanLifecycle.name, acks: -1, messages: [message, message] });
  await expectEventually(() => expect(segmented.forKey(loanId)).toHaveLength(1));
  await producer.send({ topic: TOPICS.loanLifecycle.name, acks: -1, messages: [message] });
  // wait until risk-scoring has consumed (and skipped) the redelivery before judging
  await expectEventually(async () => expect(await groupCaughtUp(kafka, riskGroup, TOPICS.loanLifecycle.name)).toBe(true));
  await expectEventually(async () => {
    const { rows } = await testDb().query(`SELECT count(*)::int AS n FROM risk_scoring.inbox WHERE message_key = $1`, [event.eventId]);
    expect(rows[0].n).toBe(1);
    const history = await testDb().query(`SELECT count(*)::int AS n FROM risk_scoring.case_risk_history WHERE loan_id = $1`, [loanId]);
    expect(history.rows[0].n).toBe(1);
  });
  expect(segmented.forKey(loanId)).toHaveLength(1);
});

it('folds contact outcomes into the feature record', async () => {
  const overdue = aLoanOverdue().withSequence(1);
  await submit([overdue.build()]);
  await expectEventually(() => expect(segmented.forKey(overdue.loanId)).toHaveLength(1));
  const outcomes = [aContactOutcomeRecorded().withOutcome('no-answer'), aContactOutcomeRecorded().promising('500.00', '2026-12-05')];
  await producer.send({
    topic: TOPICS.contactOutcomes.name,
    acks: -1,
    messages: outcomes
      .map((o) => o.forLoan(overdue.loanId).occurredAt('2026-11-29T03:00:00Z').build())
      .map((e) => ({
        key: overdue.loanId,
        value: JSON.stringify(e),
        headers: { [HEADERS.eventId]: e.eventId },
      })),
  });
  await expectEventually(async () => {
    const { body } = await getJson(`${riskUrl}/v1/cases/${overdue.loanId}/risk`);
    expect(body.features).toMatchObject({ rightPartyContacts: 1, promisesToPay: 1, lastContactOutcome: { outcome: 'promise-to-pay' } });
  });
});

describe('API', () => {
  it('scores an analyst payload and refuses a bad one with problem+json naming the field', async () => {
    const ok = await getJson(`${riskUrl}/v1/score`, 'test-ops-key', {
      method: 'POST',
      body: JSON.stringify({
        currency: 'CNY',
        creditLimit: '20000.00',
        history: [{ month: '2026-10', repaymentStatus: -1, billAmount: '500.00', paidAmount: '500.00' }],
      }),
    });
    expect(ok.status).toBe(200);
    expect(Number(ok.body.probabilityOfDefault)).toBeLessThan(0.5);
    const bad = await getJson(`${riskUrl}/v1/score`, 'test-ops-key', {
      method: 'POST',
      body: JSON.stringify({ currency: 'CNY', creditLimit: 20000, history: [{ month: '2026-13' }] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['creditLimit', 'history[0].month']));
  });

  it('counts the cases per segment, treatment and arm for operators', async () => {
    const overdue = aLoanOverdue().withSequence(1);
    await submit([overdue.build()]);
    const [verdict] = await expectEventually(() => {
      const seen = segmented.forKey(overdue.loanId);
      expect(seen).toHaveLength(1);
      return seen;
    });
    const { segment, treatment, arm } = verdict.json<{ payload: { segment: string; treatment: string; arm: string } }>().payload;
    const { status, body } = await getJson(`${riskUrl}/v1/segments`);
    expect(status).toBe(200);
    expect(body.total).toBe(body.segments.reduce((n: number, r: { cases: number }) => n + r.cases, 0));
    expect(body.segments).toContainEqual(expect.objectContaining({ segment, treatment, arm }));
    expect((await getJson(`${riskUrl}/v1/segments`, 'test-agent-key')).status).toBe(403);
  });

  it('lists the model with its metrics, for the roles that may see it', async () => {
    const { status, body } = await getJson(`${riskUrl}/v1/models`);
    expect(status).toBe(200);
    expect(body.models[0]).toMatchObject({ modelVersion: 'pd-model.v1', inService: true });
    expect((await getJson(`${riskUrl}/v1/models`, 'test-agent-key')).status).toBe(403);
    expect((await getJson(`${riskUrl}/v1/models`, '')).status).toBe(401);
  });
});
