import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { chromium, type Browser } from 'playwright-core';
import { HEADERS, ManualClock, TOPICS, newEnvelope } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { TopicProbe, aLoanId, aLoanOverdue, closeTestDb, expectEventually, startGroupAtEnd, testDb, testKafka } from '@clearpath/testing';
import { createFlowMonitorApp } from '../src/flow-monitor.app';
import { flowMonitorTestConfig, quietLogger } from './flow-monitor.harness';
import { TRACED_TOPICS } from '../src/pipeline/pipeline.graph';
import { FlowSampler, type FlowSnapshot } from '../src/sampling/flow.sampler';

/**
 * flow-monitor in-process against the real Kafka and PostgreSQL, and its console in a real
 * headless Chromium. The other services need not run: their health URLs point at a closed port,
 * so they must show as unreachable without breaking anything.
 */
const kafka = testKafka('flow-monitor-it');
const run = `${process.pid}-${Date.now()}`;
const group = `flow-monitor-it-${run}`;
const artifacts = join(__dirname, 'artifacts');
const config = flowMonitorTestConfig(group, { FLOW_MONITOR_HEALTH_TIMEOUT_MS: '500' });
let app: INestApplication;
let url: string;
let sampler: FlowSampler;
let producer: Producer;
let coreBank: TopicProbe;
let browser: Browser;

beforeAll(async () => {
  await startGroupAtEnd(kafka, group, TRACED_TOPICS);
  [app, coreBank, browser] = await Promise.all([
    createFlowMonitorApp(config, { clock: new ManualClock('2026-11-29T02:00:00Z'), logger: quietLogger() }),
    TopicProbe.start(kafka, [TOPICS.coreBankLoanEvents.name]),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] }),
  ]);
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  sampler = app.get(FlowSampler);
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await Promise.all([app?.close(), coreBank?.stop(), producer?.disconnect(), browser?.close()]);
  await closeTestDb();
});

const call = async (path: string, key = 'test-ops-key', init: RequestInit = {}) => {
  const r = await fetch(`${url}${path}`, { ...init, headers: { 'x-api-key': key, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: (await r.json()) as Record<string, any> };
};
const send = (topic: string, messages: Array<{ key: string; value: string; headers?: Record<string, string> }>) => producer.send({ topic, acks: -1, messages });
const lagOf = (snapshot: FlowSnapshot, topic: string) => snapshot.monitor.topics.find((t) => t.topic === topic)?.lag;

/** A loan's way through three stages: the core-banking event, ingestion's lifecycle event, risk-scoring's verdict. */
async function publishLoanFlow(loanId: string) {
  const overdue = aLoanOverdue().forLoan(loanId).withSequence(1).build();
  const lifecycle = newEnvelope({
    eventType: 'LoanDelinquencyUpdated',
    schemaVersion: 1,
    occurredAt: new Date('2026-11-29T02:00:01Z'),
    correlationId: overdue.eventId as string,
    causationId: overdue.eventId as string,
    payload: { loanId, loanSequence: 1, daysPastDue: 17, dpdBucket: 'M1', overdueAmount: '1712.35', currency: 'CNY', activeFlags: [] },
  });
  const segmented = newEnvelope({
    eventType: 'CaseSegmented',
    schemaVersion: 1,
    occurredAt: new Date('2026-11-29T02:00:02Z'),
    correlationId: overdue.eventId as string,
    causationId: lifecycle.eventId,
    payload: { loanId, segment: 'EARLY_HIGH', treatment: 'firm-early', band: 'D', dpdBucket: 'M1', arm: 'champion', protectedCase: false },
  });
  const ids = (e: { eventId: string; eventType: string; correlationId: string; causationId: string | null }) => ({
    [HEADERS.eventId]: e.eventId,
    [HEADERS.eventType]: e.eventType,
    [HEADERS.correlationId]: e.correlationId,
    ...(e.causationId ? { [HEADERS.causationId]: e.causationId } : {}),
  });
  await send(TOPICS.coreBankLoanEvents.name, [{ key: loanId, value: JSON.stringify(overdue) }]);
  await send(TOPICS.loanLifecycle.name, [{ key: loanId, value: JSON.stringify(lifecycle), headers: ids(lifecycle) }]);
  await send(TOPICS.caseSegmented.name, [{ key: loanId, value: JSON.stringify(segmented), headers: ids(segmented) }]);
  return { overdue, lifecycle, segmented };
}

it('samples rates and lag, shows services that are down, traces a loan and builds its timeline without personal data', async () => {
  const t0 = Date.now();
  const first = await sampler.sample(new Date(t0));
  expect(first.topics.find((t) => t.name === TOPICS.coreBankLoanEvents.name)?.ratePerSec).toBeNull();
  const loanId = aLoanId('LN-FM');
  const { overdue, lifecycle, segmented } = await publishLoanFlow(loanId);
  const mine = [overdue.eventId, lifecycle.eventId, segmented.eventId];

  // Other engineers' services may run on the same topics and add their own records for this
  // loan (a running ingestion answers the core-banking event): judge only the records we wrote.
  const trace = await expectEventually(async () => {
    const { status, body } = await call(`/v1/traces/${loanId}`);
    expect(status).toBe(200);
    expect(body.events.map((e: { eventId: string }) => e.eventId)).toEqual(expect.arrayContaining(mine));
    return body;
  });
  const events = trace.events as Array<Record<string, any>>;
  const ours = events.filter((e) => mine.includes(e.eventId));
  expect(ours.map((e) => e.topic)).toEqual([TOPICS.coreBankLoanEvents.name, TOPICS.loanLifecycle.name, TOPICS.caseSegmented.name]);
  expect(events[0]).toMatchObject({ eventId: overdue.eventId, eventType: 'LoanOverdue', producer: 'core-banking', sincePreviousMs: null });
  expect(ours[1]).toMatchObject({ producer: 'ingestion', causationId: overdue.eventId });
  expect(events[ours[1].causeIndex].eventId).toBe(overdue.eventId);
  expect(ours[2]).toMatchObject({ producer: 'risk-scoring' });
  expect(events[ours[2].causeIndex].eventId).toBe(lifecycle.eventId);
  expect(ours[2].sinceCauseMs).toBe(Date.parse(ours[2].kafkaTimestamp) - Date.parse(ours[1].kafkaTimestamp));
  expect(trace.correlations).toContainEqual(
    expect.objectContaining({ correlationId: overdue.eventId, topics: expect.arrayContaining([TOPICS.coreBankLoanEvents.name, TOPICS.caseSegmented.name]) }),
  );

  const timeline = await call(`/v1/cases/${loanId}/timeline`, 'test-agent-key');
  expect(timeline.status).toBe(200);
  const entries = (timeline.body.entries as Array<Record<string, any>>).filter((e) => mine.includes(e.eventId));
  expect(entries.map((e) => e.stage)).toEqual(['core banking', 'ingestion', 'risk']);
  expect(entries[2].text).toBe('segment=EARLY_HIGH · treatment=firm-early · band=D · dpdBucket=M1 · arm=champion · protectedCase=false');
  expect(entries[0].summary).toBeNull();
  expect(JSON.stringify(timeline.body)).not.toMatch(/fullName|\+86|王/);
  const { rows } = await testDb().query(`SELECT summary FROM flow_monitor.trace_event WHERE loan_id = $1 AND topic = $2`, [
    loanId,
    TOPICS.coreBankLoanEvents.name,
  ]);
  expect(rows).toEqual([{ summary: null }]);

  // 5 s of sampler time later: at least the 1 record per topic we wrote, and the index group caught up
  const second = await expectEventually(async () => {
    const s = await sampler.sample(new Date(t0 + 5_000 + (Date.now() - t0)));
    expect(lagOf(s, TOPICS.caseSegmented.name)).toBe(0);
    return s;
  });
  const core = second.topics.find((t) => t.name === TOPICS.coreBankLoanEvents.name)!;
  expect(core.ratePerSec).toBeGreaterThan(0);
  expect(core.dlq).toMatchObject({ name: TOPICS.coreBankLoanEvents.dlq });
  expect(second.monitor).toMatchObject({ group, state: 'Stable', members: 1, verification: { declaredNotAssigned: [], assignedNotDeclared: [] } });
  expect(second.services.filter((s) => s.internal).every((s) => s.health?.status === 'unreachable')).toBe(true);
  expect(second.edges).toContainEqual(expect.objectContaining({ from: 'risk-scoring', to: TOPICS.caseSegmented.name, kind: 'produces' }));
  expect(second.edges).toContainEqual(
    expect.objectContaining({ from: TOPICS.caseSegmented.name, to: 'contact-orchestration', kind: 'consumes', group: 'contact-orchestration' }),
  );

  const flow = await call('/v1/flow');
  expect(flow.status).toBe(200);
  expect(flow.body.sampledAt).toBe(second.sampledAt);
  expect((await call('/v1/flow', 'test-agent-key')).status).toBe(403);
  expect((await call('/v1/flow', '')).status).toBe(401);
  const bad = await call('/v1/traces/not%20a%20loan');
  expect(bad.status).toBe(400);
  expect(bad.contentType).toContain('application/problem+json');
  expect(bad.body.errors[0].path).toBe('loanId');
});

it('replays a dead-lettered core-banking event from the console, audited once, and opens the loan trace', async () => {
  const loanId = aLoanId('LN-FMDLQ');
  const broken = aLoanOverdue().forLoan(loanId).withSequence(1).with('payload.customer.phone', 'call-me-maybe').buildDocument();
  const original = JSON.stringify(broken);
  await send(TOPICS.coreBankLoanEvents.dlq, [
    {
      key: loanId,
      value: original,
      headers: {
        [HEADERS.dlqReason]: 'schema-violation',
        [HEADERS.dlqErrors]: JSON.stringify([{ path: 'payload.customer.phone', message: 'must be an E.164 phone number' }]),
        [HEADERS.dlqSourceTopic]: TOPICS.coreBankLoanEvents.name,
        [HEADERS.dlqSourcePartition]: '0',
        [HEADERS.dlqSourceOffset]: '0',
        [HEADERS.dlqConsumerGroup]: 'ingestion',
        [HEADERS.dlqFailedAt]: new Date().toISOString(),
        [HEADERS.dlqAttempts]: '1',
      },
    },
  ]);
  await sampler.sample(new Date(Date.now() - 5_000)); // a baseline, so the graph shows rates
  const snapshot = await sampler.sample(new Date());
  const dlq = snapshot.topics.find((t) => t.name === TOPICS.coreBankLoanEvents.name)!.dlq!;
  expect(dlq.depth).toBeGreaterThan(0);
  expect(dlq.newest[0]).toMatchObject({ reason: 'schema-violation', sourceTopic: TOPICS.coreBankLoanEvents.name, consumerGroup: 'ingestion' });
  const offset = dlq.newest[0].offset;

  // supervisors may not read a dead-letter topic that carries personal data
  expect((await call(`/v1/dlq/${TOPICS.coreBankLoanEvents.dlq}`, 'test-supervisor-key')).status).toBe(403);

  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await page.goto(url);
    await page.fill('#api-key', 'test-ops-key');
    await page.click('#login-form button[type=submit]');
    // the graph with live numbers from the last sample
    await page.waitForSelector(`[data-rate="${TOPICS.coreBankLoanEvents.name}"]`);
    expect(await page.textContent(`[data-rate="${TOPICS.coreBankLoanEvents.name}"]`)).toMatch(/\/s · end \d+/);
    expect(await page.textContent(`[data-dlq-depth="${TOPICS.coreBankLoanEvents.name}"]`)).toMatch(/^DLQ [1-9]\d* · schema-violation/);
    expect(await page.textContent('[data-service="ingestion"][data-side="consumer"]')).toContain('unreachable');
    await page.screenshot({ path: join(artifacts, 'flow-monitor-pipeline.png'), fullPage: true });

    // the DLQ browser: correct the phone, replay, see the audit entry
    await page.click('#tabs button[data-tab="dlq"]');
    await page.selectOption('#dlq-topic', TOPICS.coreBankLoanEvents.dlq);
    await page.waitForSelector(`#dlq-records[data-topic="${TOPICS.coreBankLoanEvents.dlq}"]`);
    const row = `#dlq-records tr[data-offset="${offset}"]`;
    await page.waitForSelector(row);
    await page.click(row);
    const shown = await page.inputValue('#dlq-value');
    expect(shown).toContain('call-me-maybe');
    await page.fill('#dlq-value', shown.replace('call-me-maybe', '+8613800138000'));
    await page.fill('#replay-reason', 'phone corrected from the core-banking record');
    await page.click('#replay');
    // Core-banking records carry personal data: the replay is a request until a second person approves it.
    await page.waitForSelector('#replay-result:has-text("waits for a second person")');
    const pending = '#replays tr[data-status="pending-approval"]:has-text("phone corrected from the core-banking record")';
    await page.waitForSelector(pending);
    const requestId = (await page.getAttribute(pending, 'data-request'))!;
    expect(coreBank.forKey(loanId)).toEqual([]);
    // The operator who asked may not approve it (four-eyes); compliance may.
    await page.click(`${pending} button.approve`);
    await page.waitForSelector('#replay-result:has-text("four-eyes")');
    const approved = await call(`/v1/dlq/replay-requests/${requestId}/approve`, 'test-compliance-key', { method: 'POST' });
    expect(approved.status).toBe(202);
    await page.click('#dlq-load');
    await page.waitForSelector(`#replays tr[data-request="${requestId}"][data-status="replayed"]`);
    expect(await page.textContent(`#replays tr[data-request="${requestId}"]`)).toContain('(compliance)');

    const [replayed] = await expectEventually(() => {
      const seen = coreBank.forKey(loanId);
      expect(seen).toHaveLength(1);
      return seen;
    });
    const body = replayed.json<{ eventId: string; payload: { customer: { phone: string } } }>();
    expect(body.eventId).toBe(broken.eventId);
    expect(body.payload.customer.phone).toBe('+8613800138000');
    expect(replayed.headers['dlq-replayed-from']).toBe(`${TOPICS.coreBankLoanEvents.dlq}/0/${offset}`);
    expect(Object.keys(replayed.headers).filter((h) => h.startsWith('dlq-') && h !== 'dlq-replayed-from')).toEqual([]);

    const { rows } = await testDb().query(
      `SELECT replayed_by, role, target_topic, message_key, corrected, forced, original_sha256, replayed_sha256 FROM flow_monitor.dlq_replay WHERE dlq_topic = $1 AND dlq_offset = $2 AND message_key = $3`,
      [TOPICS.coreBankLoanEvents.dlq, offset, loanId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'compliance', target_topic: TOPICS.coreBankLoanEvents.name, message_key: loanId, corrected: true, forced: false });
    expect(rows[0].replayed_by).toBe('client:test-compliance');
    expect(rows[0].original_sha256).not.toBe(rows[0].replayed_sha256);
    await expect(testDb().query(`DELETE FROM flow_monitor.dlq_replay WHERE dlq_offset = $1`, [offset])).rejects.toThrow(/append-only/);

    // once only, unless forced
    const path = `/v1/dlq/${TOPICS.coreBankLoanEvents.dlq}/0/${offset}/replay`;
    const again = await call(path, 'test-ops-key', { method: 'POST', body: JSON.stringify({ reason: 'again' }) });
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    expect((await call(path, 'test-compliance-key', { method: 'POST', body: JSON.stringify({ reason: 'again' }) })).status).toBe(403);
    const noReason = await call(path, 'test-ops-key', { method: 'POST', body: JSON.stringify({}) });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('reason');
    const asked = await call(`${path}?force=true`, 'test-ops-key', { method: 'POST', body: JSON.stringify({ reason: 'replay the original bytes too' }) });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'approval-required' });
    const forced = await call(`/v1/dlq/replay-requests/${asked.body.audit.requestId}/approve`, 'test-compliance-key', { method: 'POST' });
    expect(forced.status).toBe(202);
    expect(forced.body.audit).toMatchObject({ forced: true, corrected: false, originalSha256: forced.body.audit.replayedSha256 });
    await expectEventually(() => expect(coreBank.forKey(loanId)).toHaveLength(2));
    expect(coreBank.forKey(loanId)[1].value.toString('utf8')).toBe(original);

    // the replayed records reach the trace index like any other record
    await page.click('#tabs button[data-tab="trace"]');
    await page.fill('#trace-loan', loanId);
    await expectEventually(
      async () => {
        await page.click('#trace-form button[type=submit]');
        // the two replays, plus whatever a running ingestion made of the corrected one
        expect(await page.locator(`#trace tbody tr[data-topic="${TOPICS.coreBankLoanEvents.name}"]`).count()).toBe(2);
      },
      { intervalMs: 250 },
    );
    expect(await page.textContent('#trace tbody tr:first-child')).toContain(TOPICS.coreBankLoanEvents.name);
    expect(await page.textContent('#trace tbody tr:first-child')).toContain('LoanOverdue');
    await page.screenshot({ path: join(artifacts, 'flow-monitor-trace.png'), fullPage: true });
  } finally {
    await page.close();
  }
});

it('masks dead-letter values for supervisors on topics without personal data, and shows them to ops', async () => {
  const loanId = aLoanId('LN-FMMASK');
  await send(TOPICS.loanLifecycle.dlq, [
    {
      key: loanId,
      value: JSON.stringify({ eventType: 'LoanDelinquencyUpdated', payload: { loanId, note: 'call +8613812348000' } }),
      headers: { [HEADERS.dlqReason]: 'schema-violation', [HEADERS.dlqSourceTopic]: TOPICS.loanLifecycle.name, [HEADERS.dlqConsumerGroup]: 'risk-scoring' },
    },
  ]);
  const find = (records: Array<{ key: string }>) => records.find((r) => r.key === loanId) as Record<string, any> | undefined;
  const supervisor = await call(`/v1/dlq/${TOPICS.loanLifecycle.dlq}?limit=20`, 'test-supervisor-key');
  expect(supervisor.status).toBe(200);
  expect(supervisor.body.masked).toBe(true);
  expect(JSON.stringify(find(supervisor.body.records as Array<{ key: string }>)?.value)).not.toContain('+8613812348000');
  const ops = await call(`/v1/dlq/${TOPICS.loanLifecycle.dlq}?limit=20`);
  expect(find(ops.body.records as Array<{ key: string }>)).toMatchObject({
    masked: false,
    reason: 'schema-violation',
    sourceTopic: TOPICS.loanLifecycle.name,
    value: { payload: { note: 'call +8613812348000' } },
  });
  expect((await call(`/v1/dlq/${TOPICS.loanLifecycle.name}`)).status).toBe(404);
  expect((await call(`/v1/dlq/${TOPICS.loanLifecycle.dlq}?limit=0`)).body.errors[0].path).toBe('limit');
});
