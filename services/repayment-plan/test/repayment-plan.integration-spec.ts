import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { ManualClock } from '@clearpath/contracts';
import { type Role, signToken } from '@clearpath/auth';
import { createIdempotentProducer } from '@clearpath/messaging';
import { TopicProbe, aLoanId, closeTestDb, expectEventually, startGroupAtEnd, testDb, testKafka, testStack } from '@clearpath/testing';
import { createRepaymentPlanApp, loadRepaymentPlanConfig } from '../src/repayment-plan.app';
import { RepaymentScheduler } from '../src/sweep/repayment.scheduler';
import { delinquency, newAttemptId, payment, promiseOutcome, quiet, segmented, send, testEnv, topics } from './repayment-harness';

/**
 * repayment-plan on the real Kafka and PostgreSQL, in process with a ManualClock: cases from
 * loan-lifecycle and case-segmented, offers, promises from contact outcomes, plans through the API,
 * payments applied exactly once, and the sweep breaking what was not paid.
 */
const kafka = testKafka('repayment-plan-it');
const run = `${process.pid}-${Date.now()}`;
const group = `repayment-plan-it-${run}`;
const clock = new ManualClock('2026-11-29T02:00:00Z');
let app: INestApplication;
let url: string;
let probe: TopicProbe;
let producer: Producer;

beforeAll(async () => {
  const config = loadRepaymentPlanConfig(testEnv(group));
  await startGroupAtEnd(kafka, group, [topics.lifecycle, topics.segmented, topics.outcomes]);
  [app, probe] = await Promise.all([createRepaymentPlanApp(config, { clock, logger: quiet() }), TopicProbe.start(kafka, [topics.plans])]);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await Promise.all([app?.close(), probe?.stop(), producer?.disconnect()]);
  await closeTestDb();
});

// Offers and due dates count from the case's "today": every test starts on 29 November, whatever the one before did to the clock.
beforeEach(() => clock.set('2026-11-29T02:00:00Z'));

const api = async (path: string, init: { method?: string; body?: unknown; key?: string; token?: string } = {}) => {
  const r = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token !== undefined ? { authorization: `Bearer ${init.token}` } : { 'x-api-key': init.key ?? 'test-agent-key' }),
      'content-type': 'application/json',
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: (await r.json()) as Record<string, any> };
};
/** A person of their own: the API keys are one principal per role, tokens carry a subject. */
const tokenOf = (sub: string, role: Role) => signToken({ sub, role, aud: 'repayment-plan', ttlSeconds: 3_600 }, testStack.tokenSecret, clock);
const eventsFor = (loanId: string, type?: string) =>
  probe
    .forKey(loanId)
    .map((m) => m.json<{ eventType: string; eventId: string; payload: Record<string, any> }>())
    .filter((e) => type === undefined || e.eventType === type);

async function openCase(loanId: string, overdue: string, segment = 'EARLY_PLAN'): Promise<Record<string, any>> {
  await send(producer, topics.lifecycle, delinquency(loanId, { overdue }));
  await send(producer, topics.segmented, segmented(loanId, segment));
  return expectEventually(async () => {
    const r = await api(`/v1/cases/${loanId}/offers`);
    expect(r.status).toBe(200);
    expect(r.body.segment).toBe(segment);
    return r.body;
  });
}

it('offers for a delinquent, segmented case; a promise to pay from a contact outcome is kept by a payment', async () => {
  const loanId = aLoanId('LN-RP');
  const offers = await openCase(loanId, '1712.35');
  expect(offers).toMatchObject({ overdueAmount: '1712.35', currency: 'CNY', today: '2026-11-29', policyVersion: '2026.11.1/early' });
  const six = offers.offers.find((o: any) => o.offerId === 'INSTALMENT-6');
  expect(six.totalPayable).toBe('1712.35');
  expect(six.schedule.map((i: any) => i.amount)).toEqual(['285.39', '285.39', '285.39', '285.39', '285.39', '285.40']);

  const attemptId = newAttemptId();
  const outcome = promiseOutcome(loanId, attemptId, '500.00', '2026-12-05');
  await send(producer, topics.outcomes, outcome);
  await send(producer, topics.outcomes, { ...outcome, eventId: newAttemptId() }); // the same attempt recorded twice: one promise
  await expectEventually(() => expect(eventsFor(loanId, 'PromiseStatusChanged').map((e) => e.payload.status)).toEqual(['open']));

  await send(producer, topics.lifecycle, payment(loanId, 2, '500.00', `PAY-${loanId}-1`));
  const kept = await expectEventually(() => {
    const seen = eventsFor(loanId, 'PromiseStatusChanged');
    expect(seen.map((e) => e.payload.status)).toEqual(['open', 'kept']);
    return seen[1];
  });
  expect(kept.payload).toMatchObject({
    sourceAttemptId: attemptId,
    amount: '500.00',
    paidAmount: '500.00',
    previousStatus: 'open',
    promisedDate: '2026-12-05',
  });
  const { body } = await api(`/v1/cases/${loanId}/plans`);
  expect(body).toMatchObject({ status: 'open', overdueAmount: '1212.35' });
  expect(body.promises).toHaveLength(1);
  expect(body.allocations.map((a: any) => [a.target, a.amount])).toEqual([
    ['arrears', '500.00'],
    ['promise', '500.00'],
  ]);
});

it('a plan created through the API is paid off exactly once per reference, completes and resolves the case', async () => {
  const loanId = aLoanId('LN-RP');
  await openCase(loanId, '900.00');
  const created = await api('/v1/plans', { method: 'POST', body: { loanId, offerId: 'INSTALMENT-3' } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'active', totalPayable: '900.00', instalmentCount: 3, nextDueDate: '2026-12-02' });
  expect(created.body.schedule.map((i: any) => i.dueDate)).toEqual(['2026-12-02', '2027-01-02', '2027-02-02']);
  const planId = created.body.planId as string;
  // A second plan while one is active is a conflict.
  const again = await api('/v1/plans', { method: 'POST', body: { loanId, offerId: 'INSTALMENT-2' } });
  expect(again.status).toBe(409);
  expect(again.contentType).toContain('application/problem+json');

  const first = payment(loanId, 2, '300.00', `PAY-${loanId}-A`);
  await send(producer, topics.lifecycle, first);
  await send(producer, topics.lifecycle, first); // redelivered: the inbox skips it
  await send(producer, topics.lifecycle, payment(loanId, 3, '300.00', `PAY-${loanId}-A`)); // same reference, new event: not counted twice
  await send(producer, topics.lifecycle, payment(loanId, 4, '450.00', `PAY-${loanId}-B`)); // pays #2 and half of #3 early
  await expectEventually(async () => expect((await api(`/v1/plans/${planId}`)).body.paidAmount).toBe('750.00'));
  const part = (await api(`/v1/plans/${planId}`)).body;
  expect(part.schedule.map((i: any) => [i.paid, i.status])).toEqual([
    ['300.00', 'paid'],
    ['300.00', 'paid'],
    ['150.00', 'part-paid'],
  ]);

  await send(producer, topics.lifecycle, payment(loanId, 5, '200.00', `PAY-${loanId}-C`)); // 50.00 over
  const resolved = await expectEventually(() => {
    const seen = eventsFor(loanId, 'CaseResolved');
    expect(seen).toHaveLength(1);
    return seen[0];
  });
  expect(resolved.payload).toMatchObject({ reason: 'PLAN_COMPLETED', planId });
  expect(eventsFor(loanId, 'PlanStatusChanged').map((e) => `${e.payload.previousStatus}→${e.payload.status}`)).toEqual([
    'null→proposed',
    'proposed→active',
    'active→completed',
  ]);
  const { body } = await api(`/v1/cases/${loanId}/plans`);
  expect(body).toMatchObject({ status: 'resolved', resolvedReason: 'PLAN_COMPLETED', overdueAmount: '0.00' });
  expect(body.plans[0]).toMatchObject({ status: 'completed', paidAmount: '900.00' });
  expect(body.allocations.filter((a: any) => a.target === 'unallocated').map((a: any) => a.amount)).toEqual(['50.00']);
  const { rows } = await testDb().query(`SELECT count(*)::int AS n FROM repayment_plan.payments WHERE loan_id = $1`, [loanId]);
  expect(rows[0].n).toBe(3);
  // A finished plan cannot be cancelled.
  const cancel = await api(`/v1/plans/${planId}/cancel`, { method: 'POST' });
  expect(cancel.status).toBe(409);
  expect(cancel.body.detail).toMatch(/a completed plan cannot be cancelled/);
});

it('the sweep breaks an instalment unpaid past its grace period (tick with the moved clock), and only then', async () => {
  const loanId = aLoanId('LN-RP');
  await openCase(loanId, '600.00');
  const created = await api('/v1/plans', { method: 'POST', body: { loanId, offerId: 'INSTALMENT-2' } });
  const planId = created.body.planId as string;
  await send(producer, topics.outcomes, promiseOutcome(loanId, newAttemptId(), '100.00', '2026-12-01'));
  await expectEventually(() => expect(eventsFor(loanId, 'PromiseStatusChanged')).toHaveLength(1));
  const scheduler = app.get(RepaymentScheduler);
  // First instalment due 2026-12-02, grace 3 days (CN): still fine on the 5th in Shanghai.
  await scheduler.tick(new Date('2026-12-05T15:00:00Z'));
  expect((await api(`/v1/plans/${planId}`)).body.status).toBe('active');
  clock.set('2026-12-05T16:30:00Z'); // 2026-12-06 00:30 in Shanghai
  await scheduler.tick(clock.now());
  expect((await api(`/v1/plans/${planId}`)).body).toMatchObject({ status: 'broken', missedInstalment: 1 });
  const broken = await expectEventually(() => {
    const seen = eventsFor(loanId, 'PlanStatusChanged').filter((e) => e.payload.status === 'broken');
    expect(seen).toHaveLength(1);
    return seen[0];
  });
  expect(broken.payload).toMatchObject({
    planId,
    previousStatus: 'active',
    missedInstalment: 1,
    nextDueDate: null,
    totalPayable: '600.00',
    paidAmount: '0.00',
  });
  // The promise dated 12-01 (grace to 12-04) is broken by the same tick.
  await expectEventually(() => expect(eventsFor(loanId, 'PromiseStatusChanged').map((e) => e.payload.status)).toEqual(['open', 'broken']));
  // A second tick finds nothing more.
  expect((await scheduler.tick(clock.now())).plansBroken).toBe(0);
});

it('settlement above the approval threshold waits for a supervisor; roles are checked', async () => {
  const loanId = aLoanId('LN-RP');
  await openCase(loanId, '3000.00', 'SEVERE');
  const created = await api('/v1/plans', { method: 'POST', body: { loanId, offerId: 'SETTLEMENT', discountPercent: 30 } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ kind: 'SETTLEMENT', status: 'pending-approval', discountPercent: 30, totalPayable: '8995.28' });
  const byAgent = await api(`/v1/plans/${created.body.planId}/approve`, { method: 'POST' });
  expect(byAgent.status).toBe(403);
  const approved = await api(`/v1/plans/${created.body.planId}/approve`, { method: 'POST', key: 'test-supervisor-key' });
  expect(approved.body).toMatchObject({ status: 'active', approvedBy: expect.stringMatching(/^supervisor:/) });
  expect((await api(`/v1/plans/${created.body.planId}/approve`, { method: 'POST', key: 'test-supervisor-key' })).status).toBe(409);
  const tooMuch = await api('/v1/plans', { method: 'POST', body: { loanId: aLoanId('LN-RP'), offerId: 'SETTLEMENT' } });
  expect(tooMuch.status).toBe(404);
  const bad = await api('/v1/plans', { method: 'POST', body: { loanId, offerId: 'nope' } });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].path).toBe('offerId');
});

it('separation of duties: the creator never approves a settlement (four-eyes), agents never cancel an active plan', async () => {
  const alice = tokenOf('supervisor-alice', 'supervisor');
  const bob = tokenOf('supervisor-bob', 'supervisor');
  const loanId = aLoanId('LN-RP');
  await openCase(loanId, '3000.00', 'SEVERE');
  const created = await api('/v1/plans', { method: 'POST', body: { loanId, offerId: 'SETTLEMENT', discountPercent: 30 }, token: alice });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'pending-approval', createdBy: 'supervisor:supervisor-alice' });
  const planId = created.body.planId as string;

  const own = await api(`/v1/plans/${planId}/approve`, { method: 'POST', token: alice });
  expect(own.status).toBe(409);
  expect(own.contentType).toContain('application/problem+json');
  expect(own.body).toMatchObject({
    type: 'urn:clearpath:separation-of-duties:four-eyes',
    rule: 'four-eyes',
    detail: expect.stringMatching(/^four-eyes: the creator may not approve/),
  });
  expect((await api(`/v1/plans/${planId}`)).body).toMatchObject({ status: 'pending-approval', approvedBy: null });
  const approved = await api(`/v1/plans/${planId}/approve`, { method: 'POST', token: bob });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ status: 'active', createdBy: 'supervisor:supervisor-alice', approvedBy: 'supervisor:supervisor-bob' });

  // The debtor is paying it now: an agent may not cancel it, a supervisor may.
  const byAgent = await api(`/v1/plans/${planId}/cancel`, { method: 'POST' });
  expect(byAgent.status).toBe(403);
  expect(byAgent.contentType).toContain('application/problem+json');
  expect(byAgent.body).toMatchObject({ type: 'urn:clearpath:separation-of-duties:agent-cancel-active', rule: 'agent-cancel-active' });
  expect((await api(`/v1/plans/${planId}`)).body.status).toBe('active');
  // Who cancelled it is kept, as who created and approved it are.
  expect((await api(`/v1/plans/${planId}/cancel`, { method: 'POST', token: alice })).body).toMatchObject({
    status: 'cancelled',
    cancelledBy: 'supervisor:supervisor-alice',
  });

  // One still waiting for approval is the agent's to withdraw.
  const pending = await api('/v1/plans', { method: 'POST', body: { loanId, offerId: 'SETTLEMENT', discountPercent: 30 } });
  expect(pending.body).toMatchObject({ status: 'pending-approval', createdBy: 'agent:client:test-agent', cancelledBy: null });
  const withdrawn = await api(`/v1/plans/${pending.body.planId}/cancel`, { method: 'POST' });
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toMatchObject({ status: 'cancelled', cancelledBy: 'agent:client:test-agent' });
  expect((await testDb().query(`SELECT cancelled_by FROM repayment_plan.plans WHERE plan_id = $1`, [pending.body.planId])).rows).toEqual([
    { cancelled_by: 'agent:client:test-agent' },
  ]);
  await expectEventually(() =>
    expect(eventsFor(loanId, 'PlanStatusChanged').map((e) => `${e.payload.previousStatus}→${e.payload.status}`)).toEqual([
      'null→proposed',
      'proposed→pending-approval',
      'pending-approval→active',
      'active→cancelled',
      'null→proposed',
      'proposed→pending-approval',
      'pending-approval→cancelled',
    ]),
  );
});

it('sums up cases, plans, promises and payments for operators', async () => {
  // An approved settlement of its own: a row the summary must show.
  const loanId = aLoanId('LN-RP');
  await openCase(loanId, '3000.00', 'SEVERE');
  const settlement = await api('/v1/plans', { method: 'POST', body: { loanId, offerId: 'SETTLEMENT', discountPercent: 30 } });
  expect((await api(`/v1/plans/${settlement.body.planId}/approve`, { method: 'POST', key: 'test-supervisor-key' })).body).toMatchObject({ status: 'active' });
  const summary = await api('/v1/summary', { key: 'test-ops-key' });
  expect(summary.status).toBe(200);
  const db = testDb();
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM repayment_plan.plans) AS plans, (SELECT count(*)::int FROM repayment_plan.promises) AS promises`,
  );
  expect(summary.body.plans.reduce((n: number, p: { plans: number }) => n + p.plans, 0)).toBe(rows[0].plans);
  expect(summary.body.promises.reduce((n: number, p: { promises: number }) => n + p.promises, 0)).toBe(rows[0].promises);
  expect(summary.body.plans).toContainEqual({ kind: 'SETTLEMENT', status: 'active', plans: expect.any(Number) });
  expect((await api('/v1/summary')).status).toBe(403);
});
