import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import { HEADERS, ManualClock, TOPICS, newEnvelope } from '@clearpath/contracts';
import { type Role, signToken } from '@clearpath/auth';
import { createIdempotentProducer } from '@clearpath/messaging';
import {
  TopicProbe,
  aLoanId,
  aLoanOverdue,
  closeTestDb,
  expectEventually,
  startGroupAtEnd,
  testDb,
  testKafka,
  testServiceDatabaseUrl,
  testStack,
} from '@clearpath/testing';
import { createFlowMonitorApp } from '../src/flow-monitor.app';
import { flowMonitorTestConfig, quietLogger } from './flow-monitor.harness';
import { TRACED_TOPICS } from '../src/pipeline/pipeline.graph';

/**
 * Replaying dead letters, separation of duties: on a topic with personal data a replay is one
 * person's request and another person's approval, and every replay keeps the bytes it published.
 * A request another person rejects, its requester withdraws, or nobody approves within the request
 * TTL is never approved. flow-monitor in-process against the real Kafka and PostgreSQL (the stack's `flow_monitor`
 * schema, shared: every query names this run's records); no browser.
 */
const kafka = testKafka('flow-monitor-duties-it');
const run = `${process.pid}-${Date.now()}`;
const group = `flow-monitor-duties-it-${run}`;
const config = flowMonitorTestConfig(group);
const START = '2026-11-29T02:00:00Z';
const clock = new ManualClock(START);
const HOUR = 3_600_000;
let app: INestApplication;
let url: string;
let producer: Producer;
let coreBank: TopicProbe;
let lifecycle: TopicProbe;

beforeAll(async () => {
  await startGroupAtEnd(kafka, group, TRACED_TOPICS);
  [app, coreBank, lifecycle] = await Promise.all([
    createFlowMonitorApp(config, { clock, logger: quietLogger() }),
    TopicProbe.start(kafka, [TOPICS.coreBankLoanEvents.name]),
    TopicProbe.start(kafka, [TOPICS.loanLifecycle.name]),
  ]);
  await app.listen(0, '127.0.0.1');
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  // The test database outlives runs and the replay tables are append-only: a request this run left
  // waiting would stay first in every later run's console list. Its requester withdraws it.
  if (app !== undefined) {
    const { rows } = await testDb().query<{ id: string }>(
      `SELECT r.id::text AS id FROM flow_monitor.dlq_replay_request r
       WHERE r.requested_by = $1
         AND NOT EXISTS (SELECT 1 FROM flow_monitor.dlq_replay p WHERE p.request_id = r.id)
         AND NOT EXISTS (SELECT 1 FROM flow_monitor.dlq_replay_request_closure c WHERE c.request_id = r.id)`,
      [`ops-olga-${run}`],
    );
    for (const { id } of rows) await call(`/v1/dlq/replay-requests/${id}/reject`, olga, { method: 'POST', body: { reason: 'test run over: withdrawn' } });
  }
  await Promise.all([app?.close(), coreBank?.stop(), lifecycle?.stop(), producer?.disconnect()]);
  await closeTestDb();
});

/**
 * People of their own: the API keys are one principal per role, tokens carry a subject. Each call
 * mints its token at the clock's time: a test moves the clock a day on, past any token's life.
 */
const person = (sub: string, role: Role): Record<string, string> => ({
  get authorization() {
    return `Bearer ${signToken({ sub, role, aud: 'flow-monitor', ttlSeconds: 3_600 }, testStack.tokenSecret, clock)}`;
  },
});
const olga = person(`ops-olga-${run}`, 'ops');
const oscar = person(`ops-oscar-${run}`, 'ops');
const carla = person(`compliance-carla-${run}`, 'compliance');

const call = async (path: string, who: Record<string, string>, init: { method?: string; body?: unknown } = {}) => {
  const r = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...who, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: (await r.json()) as Record<string, any> };
};

/** Writes a record to a dead-letter topic as a consumer would, and answers where it landed. */
async function deadLetter(dlq: string, source: string, key: string, value: string): Promise<string> {
  const [written] = await producer.send({
    topic: dlq,
    acks: -1,
    messages: [
      {
        key,
        value,
        headers: {
          [HEADERS.eventId]: 'e-dead',
          [HEADERS.dlqReason]: 'schema-violation',
          [HEADERS.dlqSourceTopic]: source,
          [HEADERS.dlqSourcePartition]: '0',
          [HEADERS.dlqSourceOffset]: '0',
          [HEADERS.dlqConsumerGroup]: 'ingestion',
          [HEADERS.dlqFailedAt]: new Date().toISOString(),
        },
      },
    ],
  });
  return written!.baseOffset!;
}

it('replays a record with personal data only when a second person approves the exact bytes asked for', async () => {
  const loanId = aLoanId('LN-FMSOD');
  const broken = aLoanOverdue().forLoan(loanId).withSequence(1).with('payload.customer.phone', 'call-me-maybe').buildDocument();
  const offset = await deadLetter(TOPICS.coreBankLoanEvents.dlq, TOPICS.coreBankLoanEvents.name, loanId, JSON.stringify(broken));
  const corrected = {
    ...broken,
    payload: {
      ...(broken.payload as Record<string, unknown>),
      customer: { ...((broken.payload as Record<string, any>).customer as object), phone: '+8613800138000' },
    },
  };
  const path = `/v1/dlq/${TOPICS.coreBankLoanEvents.dlq}/0/${offset}/replay`;

  // The reason is required; the first call is a request, nothing is published.
  expect((await call(path, olga, { method: 'POST', body: { value: corrected } })).body.errors[0].path).toBe('reason');
  const asked = await call(path, olga, { method: 'POST', body: { reason: 'phone corrected from the core-banking record', value: corrected } });
  expect(asked.status).toBe(202);
  expect(asked.body).toMatchObject({
    status: 'approval-required',
    audit: {
      status: 'pending-approval',
      id: null,
      requestedBy: `ops-olga-${run}`,
      requestedRole: 'ops',
      approvedBy: null,
      replayedAt: null,
      reason: 'phone corrected from the core-banking record',
      corrected: true,
      messageKey: loanId,
    },
  });
  const requestId = asked.body.audit.requestId as string;
  expect(requestId).toMatch(/^\d+$/);
  expect((await call(path, olga, { method: 'POST', body: { reason: 'once more' } })).status).toBe(409); // one request waits already

  // The approver sees exactly what approving publishes.
  const shown = await call(`/v1/dlq/replay-requests/${requestId}`, carla);
  expect(shown.status).toBe(200);
  expect(shown.body).toMatchObject({
    requestId,
    status: 'pending-approval',
    key: loanId,
    valueFormat: 'json',
    value: { payload: { customer: { phone: '+8613800138000' } } },
  });
  expect(shown.body.headers).toMatchObject({ [HEADERS.eventId]: broken.eventId, [HEADERS.dlqReplayedFrom]: `${TOPICS.coreBankLoanEvents.dlq}/0/${offset}` });
  expect(Object.keys(shown.body.headers).filter((h) => h.startsWith('dlq-'))).toEqual([HEADERS.dlqReplayedFrom]);
  const pending = await call(`/v1/dlq/replays?topic=${TOPICS.coreBankLoanEvents.dlq}&status=pending-approval&limit=500`, carla);
  expect(pending.body.replays).toContainEqual(
    expect.objectContaining({ requestId, status: 'pending-approval', requestedBy: `ops-olga-${run}`, approvedBy: null }),
  );

  // Not by the person who asked, not by a role that may not approve.
  const own = await call(`/v1/dlq/replay-requests/${requestId}/approve`, olga, { method: 'POST' });
  expect(own.status).toBe(409);
  expect(own.contentType).toContain('application/problem+json');
  expect(own.body).toMatchObject({
    type: 'urn:clearpath:separation-of-duties:four-eyes',
    rule: 'four-eyes',
    detail: expect.stringMatching(/^four-eyes: the creator may not approve/),
  });
  expect((await call(`/v1/dlq/replay-requests/${requestId}/approve`, { 'x-api-key': 'test-supervisor-key' }, { method: 'POST' })).status).toBe(403);
  // By this run's key too: the test database outlives brokers, and a fresh broker's offsets start again at 0.
  expect(
    (
      await testDb().query(`SELECT count(*)::int AS n FROM flow_monitor.dlq_replay WHERE dlq_topic = $1 AND dlq_offset = $2 AND message_key = $3`, [
        TOPICS.coreBankLoanEvents.dlq,
        offset,
        loanId,
      ])
    ).rows[0].n,
  ).toBe(0);
  expect(coreBank.forKey(loanId)).toEqual([]);

  const approved = await call(`/v1/dlq/replay-requests/${requestId}/approve`, carla, { method: 'POST' });
  expect(approved.status).toBe(202);
  expect(approved.body).toMatchObject({
    status: 'replay-queued',
    audit: {
      status: 'replayed',
      requestId,
      requestedBy: `ops-olga-${run}`,
      requestedRole: 'ops',
      approvedBy: `compliance-carla-${run}`,
      approvedRole: 'compliance',
      replayedBy: `compliance-carla-${run}`,
      forced: false,
    },
  });
  const [replayed] = await expectEventually(() => {
    const seen = coreBank.forKey(loanId);
    expect(seen).toHaveLength(1);
    return seen;
  });
  expect(replayed.value.toString('utf8')).toBe(JSON.stringify(corrected));
  expect(replayed.headers[HEADERS.dlqReplayedFrom]).toBe(`${TOPICS.coreBankLoanEvents.dlq}/0/${offset}`);
  expect((await call(`/v1/dlq/replay-requests/${requestId}/approve`, oscar, { method: 'POST' })).status).toBe(409); // once

  // Kept: the bytes, the headers, who asked, who approved, why.
  const { rows } = await testDb().query(
    `SELECT p.replayed_by, p.role, p.reason, p.message_key, p.replayed_value, p.replayed_headers, r.requested_by, r.requested_role, r.replayed_value AS requested_value
     FROM flow_monitor.dlq_replay p JOIN flow_monitor.dlq_replay_request r ON r.id = p.request_id WHERE p.request_id = $1`,
    [requestId],
  );
  expect(rows).toEqual([
    {
      replayed_by: `compliance-carla-${run}`,
      role: 'compliance',
      reason: 'phone corrected from the core-banking record',
      message_key: loanId,
      replayed_value: Buffer.from(JSON.stringify(corrected)),
      replayed_headers: shown.body.headers,
      requested_by: `ops-olga-${run}`,
      requested_role: 'ops',
      requested_value: Buffer.from(JSON.stringify(corrected)),
    },
  ]);
  await expect(testDb().query(`UPDATE flow_monitor.dlq_replay_request SET requested_by = 'someone else' WHERE id = $1`, [requestId])).rejects.toThrow(
    /append-only/,
  );
  const listed = await call(`/v1/dlq/replays?topic=${TOPICS.coreBankLoanEvents.dlq}&limit=500`, olga);
  expect(listed.body.replays).toContainEqual(
    expect.objectContaining({
      requestId,
      status: 'replayed',
      requestedBy: `ops-olga-${run}`,
      approvedBy: `compliance-carla-${run}`,
      reason: 'phone corrected from the core-banking record',
    }),
  );

  // Again only with force, and again two people (this time two operators).
  expect((await call(path, olga, { method: 'POST', body: { reason: 'again' } })).status).toBe(409);
  const forced = await call(`${path}?force=true`, olga, { method: 'POST', body: { reason: 'the original bytes too' } });
  expect(forced.body).toMatchObject({ status: 'approval-required', audit: { status: 'pending-approval', forced: true, corrected: false } });
  const second = await call(`/v1/dlq/replay-requests/${forced.body.audit.requestId}/approve`, oscar, { method: 'POST' });
  expect(second.body).toMatchObject({ status: 'replay-queued', audit: { approvedBy: `ops-oscar-${run}`, approvedRole: 'ops', forced: true } });
  await expectEventually(() => expect(coreBank.forKey(loanId)).toHaveLength(2));
  expect(coreBank.forKey(loanId)[1]!.value.toString('utf8')).toBe(JSON.stringify(broken));
  expect((await call('/v1/dlq/replay-requests/not-a-request', carla)).status).toBe(404);
});

it('replays a record without personal data in one step, keeping its bytes and who did it', async () => {
  const loanId = aLoanId('LN-FMSOD1');
  const closed = newEnvelope({
    eventType: 'LoanClosed',
    schemaVersion: 1,
    occurredAt: new Date('2026-11-29T02:00:00Z'),
    correlationId: `it-${loanId}`,
    causationId: null,
    payload: { loanId, loanSequence: 9, customerId: `C-${loanId}`, reason: 'PAID_OFF', closedAt: '2026-11-29T02:00:00Z' },
  });
  const original = JSON.stringify(closed);
  const offset = await deadLetter(TOPICS.loanLifecycle.dlq, TOPICS.loanLifecycle.name, loanId, original);
  const replay = await call(`/v1/dlq/${TOPICS.loanLifecycle.dlq}/0/${offset}/replay`, olga, { method: 'POST', body: { reason: 'consumer fixed' } });
  expect(replay.status).toBe(202);
  expect(replay.body).toMatchObject({
    status: 'replay-queued',
    audit: {
      status: 'replayed',
      requestId: null,
      requestedBy: `ops-olga-${run}`,
      requestedRole: 'ops',
      approvedBy: null,
      replayedBy: `ops-olga-${run}`,
      reason: 'consumer fixed',
      corrected: false,
    },
  });
  await expectEventually(() => expect(lifecycle.forKey(loanId).map((m) => m.value.toString('utf8'))).toEqual([original]));
  const { rows } = await testDb().query(`SELECT request_id, replayed_value, replayed_headers FROM flow_monitor.dlq_replay WHERE id = $1`, [
    replay.body.audit.id,
  ]);
  expect(rows).toEqual([
    {
      request_id: null,
      replayed_value: Buffer.from(original),
      replayed_headers: { [HEADERS.eventId]: 'e-dead', [HEADERS.dlqReplayedFrom]: `${TOPICS.loanLifecycle.dlq}/0/${offset}` },
    },
  ]);
  expect((await call(`/v1/dlq/replays?status=nope`, olga)).body.errors[0].path).toBe('status');
});

/** A core-banking record (personal data) dead-lettered, and olga's request to replay it: nothing published yet. */
async function aWaitingRequest(prefix: string): Promise<{ requestId: string; requestedAt: string; loanId: string; path: string }> {
  const loanId = aLoanId(prefix);
  const offset = await deadLetter(
    TOPICS.coreBankLoanEvents.dlq,
    TOPICS.coreBankLoanEvents.name,
    loanId,
    JSON.stringify(aLoanOverdue().forLoan(loanId).build()),
  );
  const path = `/v1/dlq/${TOPICS.coreBankLoanEvents.dlq}/0/${offset}/replay`;
  const asked = await call(path, olga, { method: 'POST', body: { reason: 'consumer fixed, please replay' } });
  expect(asked.body).toMatchObject({ status: 'approval-required', audit: { status: 'pending-approval', requestedBy: `ops-olga-${run}` } });
  return { requestId: asked.body.audit.requestId as string, requestedAt: asked.body.audit.requestedAt as string, loanId, path };
}

/** Rejects or withdraws a request; `null` sends no reason. */
const reject = (requestId: string, who: Record<string, string>, reason: string | null = 'the corrected value does not match core banking') =>
  call(`/v1/dlq/replay-requests/${requestId}/reject`, who, { method: 'POST', body: reason === null ? {} : { reason } });
const approve = (requestId: string, who: Record<string, string>) => call(`/v1/dlq/replay-requests/${requestId}/approve`, who, { method: 'POST' });
const listed = async (status: string) =>
  ((await call(`/v1/dlq/replays?topic=${TOPICS.coreBankLoanEvents.dlq}&status=${status}&limit=500`, carla)).body.replays as Array<Record<string, unknown>>).map(
    (e) => e.requestId,
  );

/** A 409 problem+json refusing under a separation-of-duties rule. */
function expectRefusal(response: Awaited<ReturnType<typeof call>>, rule: string, detail: unknown = expect.any(String)): void {
  expect({ status: response.status, problem: response.contentType.includes('application/problem+json') }).toEqual({ status: 409, problem: true });
  expect(response.body).toMatchObject({ type: `urn:clearpath:separation-of-duties:${rule}`, rule, detail });
}

/** Nothing of the request reached the pipeline: no replay row names it (the outbox row would be written with it) and its key never arrived. */
async function expectNothingPublished(requestId: string, loanId: string): Promise<void> {
  expect((await testDb().query(`SELECT count(*)::int AS n FROM flow_monitor.dlq_replay WHERE request_id = $1`, [requestId])).rows[0].n).toBe(0);
  expect(coreBank.forKey(loanId)).toEqual([]);
}

it('a request another person rejected is never approved, nor closed again, and no longer waits', async () => {
  const { requestId, loanId, path } = await aWaitingRequest('LN-FMREJ');

  // A reason of 3..500 characters, a request id, and only ops or compliance.
  expect((await reject(requestId, carla, null)).body.errors[0].path).toBe('reason');
  expect((await reject(requestId, carla, ' no ')).body.errors[0].path).toBe('reason');
  expect((await reject(requestId, carla, 'x'.repeat(501))).status).toBe(400);
  expect((await reject('not-a-request', carla)).body.errors[0].path).toBe('id');
  expect((await reject('999999999999999', carla)).status).toBe(404);
  expect((await reject(requestId, { 'x-api-key': 'test-supervisor-key' })).status).toBe(403);

  const rejected = await reject(requestId, carla);
  expect(rejected.status).toBe(200);
  expect(rejected.body).toMatchObject({
    status: 'rejected',
    audit: {
      status: 'rejected',
      requestId,
      id: null,
      requestedBy: `ops-olga-${run}`,
      approvedBy: null,
      expiresAt: null,
      closedBy: `compliance-carla-${run}`,
      closedRole: 'compliance',
      closedAt: clock.now().toISOString(),
      closedReason: 'the corrected value does not match core banking',
    },
  });

  // Not approved by anyone, the requester included; not rejected or withdrawn a second time.
  for (const who of [oscar, olga]) {
    expectRefusal(
      await approve(requestId, who),
      'replay-request-closed',
      `replay-request-closed: replay request #${requestId} was rejected by compliance-carla-${run} (compliance) at ${clock.now().toISOString()}; it can no longer be approved.`,
    );
  }
  for (const who of [oscar, olga, carla]) expectRefusal(await reject(requestId, who, 'closing it once more'), 'replay-request-closed');
  await expectNothingPublished(requestId, loanId);

  // Shown with who, when and why; listed as rejected, not as waiting.
  expect((await call(`/v1/dlq/replay-requests/${requestId}`, oscar)).body).toMatchObject({
    requestId,
    status: 'rejected',
    closedBy: `compliance-carla-${run}`,
    closedReason: 'the corrected value does not match core banking',
    key: loanId,
  });
  expect(await listed('rejected')).toContain(requestId);
  expect(await listed('pending-approval')).not.toContain(requestId);
  const { rows } = await testDb().query(`SELECT outcome, closed_by, closed_role, reason FROM flow_monitor.dlq_replay_request_closure WHERE request_id = $1`, [
    requestId,
  ]);
  expect(rows).toEqual([
    { outcome: 'rejected', closed_by: `compliance-carla-${run}`, closed_role: 'compliance', reason: 'the corrected value does not match core banking' },
  ]);

  // The record may be asked for again: a new request, which another operator rejects too.
  const again = await call(path, olga, { method: 'POST', body: { reason: 'asked again after the rejection' } });
  expect(again.body).toMatchObject({ status: 'approval-required', audit: { status: 'pending-approval' } });
  expect(again.body.audit.requestId).not.toBe(requestId);
  expect((await reject(again.body.audit.requestId as string, oscar, 'still wrong')).body).toMatchObject({
    status: 'rejected',
    audit: { closedBy: `ops-oscar-${run}`, closedRole: 'ops' },
  });
});

it('the requester closing their own request withdraws it: they cannot pass as the second person who said no', async () => {
  const { requestId, loanId } = await aWaitingRequest('LN-FMWDR');
  const withdrawn = await reject(requestId, olga, 'asked for the wrong record');
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toMatchObject({
    status: 'withdrawn',
    audit: { status: 'withdrawn', closedBy: `ops-olga-${run}`, closedRole: 'ops', closedReason: 'asked for the wrong record' },
  });

  expectRefusal(await approve(requestId, carla), 'replay-request-closed', expect.stringContaining(`was withdrawn by its requester ops-olga-${run}`));
  expectRefusal(await reject(requestId, carla), 'replay-request-closed');
  await expectNothingPublished(requestId, loanId);
  expect(await listed('withdrawn')).toContain(requestId);
  expect(await listed('rejected')).not.toContain(requestId);
});

it('an approved request can no longer be rejected or withdrawn', async () => {
  const { requestId, loanId } = await aWaitingRequest('LN-FMAPR');
  expect((await approve(requestId, oscar)).status).toBe(202);
  await expectEventually(() => expect(coreBank.forKey(loanId)).toHaveLength(1));
  for (const who of [carla, olga]) {
    const refused = await reject(requestId, who);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/already approved and replayed .*; it can no longer be rejected or withdrawn/);
  }
  expect((await testDb().query(`SELECT count(*)::int AS n FROM flow_monitor.dlq_replay_request_closure WHERE request_id = $1`, [requestId])).rows[0].n).toBe(0);
});

it('the closures are append-only: the runtime role may not change or remove one, and the trigger refuses whoever bypasses that', async () => {
  const { requestId } = await aWaitingRequest('LN-FMAPP');
  expect((await reject(requestId, carla)).status).toBe(200);
  const runtime = new Client({ connectionString: testServiceDatabaseUrl('flow-monitor') });
  await runtime.connect();
  try {
    expect((await runtime.query(`SELECT outcome FROM flow_monitor.dlq_replay_request_closure WHERE request_id = $1`, [requestId])).rows).toEqual([
      { outcome: 'rejected' },
    ]);
    await expect(runtime.query(`UPDATE flow_monitor.dlq_replay_request_closure SET outcome = 'withdrawn' WHERE request_id = $1`, [requestId])).rejects.toThrow(
      /permission denied for table dlq_replay_request_closure/,
    );
    await expect(runtime.query(`DELETE FROM flow_monitor.dlq_replay_request_closure WHERE request_id = $1`, [requestId])).rejects.toThrow(
      /permission denied for table dlq_replay_request_closure/,
    );
    await expect(runtime.query(`TRUNCATE flow_monitor.dlq_replay_request_closure`)).rejects.toThrow(/permission denied for table dlq_replay_request_closure/);
  } finally {
    await runtime.end();
  }
  await expect(testDb().query(`DELETE FROM flow_monitor.dlq_replay_request_closure WHERE request_id = $1`, [requestId])).rejects.toThrow(/append-only/);
});

it('a request nobody approved within the TTL expires: never approved, listed as expired, and the record may be asked for again', async () => {
  expect(config.monitor.replayRequestTtlHours).toBe(24); // FLOW_MONITOR_REPLAY_REQUEST_TTL_HOURS is not set here: the default
  const ttl = config.monitor.replayRequestTtlHours * HOUR;
  const { requestId, requestedAt, loanId, path } = await aWaitingRequest('LN-FMEXP');
  const expiresAt = new Date(new Date(requestedAt).getTime() + ttl).toISOString();
  try {
    clock.advance(ttl - 60_000);
    expect((await call(`/v1/dlq/replay-requests/${requestId}`, carla)).body).toMatchObject({ status: 'pending-approval', expiresAt });
    expect(await listed('pending-approval')).toContain(requestId);

    clock.advance(60_000);
    expectRefusal(
      await approve(requestId, carla),
      'replay-request-expired',
      expect.stringContaining(`replay request #${requestId} was made at ${requestedAt} and expired at ${expiresAt} (after 24 h)`),
    );
    expectRefusal(await reject(requestId, olga), 'replay-request-expired');
    await expectNothingPublished(requestId, loanId);
    expect((await call(`/v1/dlq/replay-requests/${requestId}`, carla)).body).toMatchObject({ status: 'expired', expiresAt, closedAt: null, closedBy: null });
    expect(await listed('expired')).toContain(requestId);
    expect(await listed('pending-approval')).not.toContain(requestId);

    // No longer waiting: asking again makes a fresh request (withdrawn here, so it waits for nobody).
    const again = await call(path, olga, { method: 'POST', body: { reason: 'asked again a day later' } });
    expect(again.body).toMatchObject({ status: 'approval-required', audit: { status: 'pending-approval', requestedAt: clock.now().toISOString() } });
    expect((await reject(again.body.audit.requestId as string, olga, 'not needed after all')).body).toMatchObject({ status: 'withdrawn' });
  } finally {
    clock.set(START);
  }
});
