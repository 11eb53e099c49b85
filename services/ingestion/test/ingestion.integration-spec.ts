import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { HEADERS, TOPICS } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import {
  CONTRACT_RULE_CASES,
  TopicProbe,
  aCustomerFlagged,
  aLoanOverdue,
  aPaymentReceived,
  closeTestDb,
  expectEventually,
  testDb,
  testKafka,
} from '@clearpath/testing';
import { get, post, startIngestion, type RunningIngestion } from './ingestion.harness';

const kafka = testKafka('ingestion-it');
let ingestion: RunningIngestion;
let producer: Producer;
let lifecycle: TopicProbe;
let contacts: TopicProbe;
let dlq: TopicProbe;

beforeAll(async () => {
  [ingestion, lifecycle, contacts, dlq] = await Promise.all([
    startIngestion(),
    TopicProbe.start(kafka, [TOPICS.loanLifecycle.name]),
    TopicProbe.start(kafka, [TOPICS.customerContacts.name]),
    TopicProbe.start(kafka, [TOPICS.coreBankLoanEventsDlq.name]),
  ]);
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await ingestion?.stop();
  await Promise.all([lifecycle?.stop(), contacts?.stop(), dlq?.stop(), producer?.disconnect()]);
  await closeTestDb();
});

const eventsUrl = () => `${ingestion.url}/v1/loan-events`;
const publish = (docs: Array<Record<string, unknown>>) =>
  producer.send({ topic: TOPICS.coreBankLoanEvents.name, acks: -1, messages: docs.map((d) => ({ key: String(d.loanId), value: JSON.stringify(d) })) });
const loanEvents = (loanId: string) =>
  testDb().query(`SELECT event_id, sequence, status, channel FROM ingestion.loan_events WHERE loan_id = $1 ORDER BY id`, [loanId]);
const loanRow = (loanId: string) =>
  testDb()
    .query(`SELECT * FROM ingestion.loans WHERE loan_id = $1`, [loanId])
    .then((r) => r.rows[0]);

describe('HTTP: POST /v1/loan-events', () => {
  it('answers 401 problem+json without credentials and 403 for a role that may not submit, another service included', async () => {
    const event = aLoanOverdue().build();
    const anonymous = await post(eventsUrl(), event, '');
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toContain('application/problem+json');
    for (const key of ['test-agent-key', 'test-service-key']) {
      const refused = await post(eventsUrl(), event, key);
      expect({ key, status: refused.status }).toEqual({ key, status: 403 });
      expect(refused.contentType).toContain('application/problem+json');
    }
  });

  it('answers 400 problem+json for a body that is not JSON, not an event, or over 1,000 events', async () => {
    const notJson = await post(eventsUrl(), '{"eventId": ', 'test-core-banking-key', true);
    expect(notJson.status).toBe(400);
    expect(notJson.contentType).toContain('application/problem+json');
    expect(notJson.body.detail).toMatch(/not valid JSON/);
    expect((await post(eventsUrl(), { hello: 'world' })).status).toBe(400);
    expect((await post(eventsUrl(), { events: [] })).status).toBe(400);
    const tooMany = await post(eventsUrl(), { events: Array.from({ length: 1001 }, () => aLoanOverdue().build()) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([{ path: 'events', message: 'must hold 1 to 1000 events' }]);
  });

  describe('rejects each contract rule with the field path, and keeps the good neighbour', () => {
    let results: Array<{ eventId: string | null; status: string; errors?: Array<{ path: string }> }>;
    const good = aLoanOverdue();
    beforeAll(async () => {
      const response = await post(eventsUrl(), { events: [good.build(), ...CONTRACT_RULE_CASES.map((c) => c.document())] });
      expect(response.status).toBe(202);
      results = response.body.results;
    });
    it('accepts the good event', () => expect(results[0]).toEqual({ eventId: good.eventId, status: 'accepted' }));
    it.each(CONTRACT_RULE_CASES.map((c, i) => [c.rule, c, i + 1] as const))('%s', (_rule, c, index) => {
      expect(results[index].status).toBe('rejected');
      expect(results[index].errors!.map((e) => e.path)).toContain(c.path);
    });
  });

  it('answers a repeated eventId as duplicate and applies it once', async () => {
    const event = aLoanOverdue().build();
    expect((await post(eventsUrl(), event)).body.results).toEqual([{ eventId: event.eventId, status: 'accepted' }]);
    expect((await post(eventsUrl(), event)).body.results).toEqual([{ eventId: event.eventId, status: 'duplicate' }]);
    expect((await post(eventsUrl(), { events: [event, event] })).body.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect((await loanEvents(String(event.loanId))).rows).toHaveLength(1);
  });

  it('applies a payment reference once, even under a new eventId', async () => {
    const overdue = aLoanOverdue().withSequence(1);
    const payment = aPaymentReceived().forLoan(overdue.loanId).withSequence(2).withAmount('12.35');
    const again = aPaymentReceived().forLoan(overdue.loanId).withSequence(3).withAmount('12.35').withReference(payment.build().payload.reference);
    const { body } = await post(eventsUrl(), { events: [overdue.build(), payment.build(), again.build()] });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted', 'duplicate']);
    expect(await loanRow(overdue.loanId)).toMatchObject({ overdue_amount: '1700.00', outstanding_balance: '12838.05' });
  });

  it('keeps out-of-order and stale events in the log without applying them over newer state', async () => {
    const newer = aLoanOverdue().withSequence(10).withDaysPastDue(40);
    const older = aLoanOverdue().forLoan(newer.loanId).withSequence(9).withDaysPastDue(39);
    const same = aLoanOverdue().forLoan(newer.loanId).withSequence(10).withDaysPastDue(99);
    const { body } = await post(eventsUrl(), { events: [newer.build(), older.build(), same.build()] });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'stale', 'stale']);
    expect(await loanRow(newer.loanId)).toMatchObject({ days_past_due: 40, last_sequence: '10' });
    expect((await loanEvents(newer.loanId)).rows.map((r) => [Number(r.sequence), r.status])).toEqual([
      [10, 'applied'],
      [9, 'stale'],
      [10, 'stale'],
    ]);
  });

  it('takes a 1,000-event batch with bad events mixed in, answering in order', async () => {
    const docs = Array.from({ length: 1000 }, (_, i) =>
      i % 10 === 7 ? aLoanOverdue().with('payload.daysPastDue', 'many').buildDocument() : aLoanOverdue().withSequence(i).build(),
    );
    const { status, body } = await post(eventsUrl(), { events: docs });
    expect(status).toBe(202);
    expect(body.results).toHaveLength(1000);
    body.results.forEach((r: { eventId: string; status: string; errors?: Array<{ path: string }> }, i: number) => {
      expect(r.eventId).toBe(docs[i].eventId);
      if (i % 10 === 7) expect(r.errors?.[0].path).toBe('payload.daysPastDue');
      else expect(r.status).toBe('accepted');
    });
    const { rows } = await testDb().query(`SELECT count(*)::int AS n FROM ingestion.loan_events WHERE event_id = ANY($1::uuid[])`, [
      docs.map((d) => d.eventId),
    ]);
    expect(rows[0].n).toBe(900);
  });
});

describe('HTTP: GET /v1/loans', () => {
  const overdue = aLoanOverdue().withCustomer({ fullName: 'Ann O\u2019Neil', phone: '+447700900123' });
  beforeAll(async () => {
    await post(eventsUrl(), { events: [overdue.build(), aCustomerFlagged().forLoan(overdue.loanId).withSequence(2).withFlag('VULNERABLE').build()] });
  });

  it('masks personal data for an agent and shows it to a supervisor', async () => {
    const asAgent = await get(`${ingestion.url}/v1/loans/${overdue.loanId}`, 'test-agent-key');
    expect(asAgent.status).toBe(200);
    expect(asAgent.body).toMatchObject({ loanId: overdue.loanId, status: 'OVERDUE', activeFlags: ['VULNERABLE'], lastSequence: 2 });
    expect(JSON.stringify(asAgent.body)).not.toContain('+447700900123');
    expect(JSON.stringify(asAgent.body)).not.toContain('Neil');
    const asSupervisor = await get(`${ingestion.url}/v1/loans/${overdue.loanId}`, 'test-supervisor-key');
    expect(asSupervisor.body.customer.phone).toBe('+447700900123');
  });

  it('is not for the core-banking feed, which may only publish', async () => {
    expect((await get(`${ingestion.url}/v1/loans/${overdue.loanId}`, 'test-core-banking-key')).status).toBe(403);
    expect((await get(`${ingestion.url}/v1/loans/${overdue.loanId}/events`, 'test-core-banking-key')).status).toBe(403);
  });

  it('pages the event log', async () => {
    const first = await get(`${ingestion.url}/v1/loans/${overdue.loanId}/events?limit=1`, 'test-ops-key');
    expect(first.body.items.map((i: { sequence: number; status: string }) => [i.sequence, i.status])).toEqual([[1, 'applied']]);
    // Posted over HTTP with the core-banking client's key: the log names the client, never the key.
    expect(first.body.items[0]).toMatchObject({ channel: 'http', submittedBy: 'client:core-banking' });
    const second = await get(`${ingestion.url}/v1/loans/${overdue.loanId}/events?limit=1&after=${first.body.next.after}`, 'test-ops-key');
    expect(second.body.items[0]).toMatchObject({ sequence: 2, eventType: 'CustomerFlagged' });
  });

  it('answers 404 problem+json for an unknown loan', async () => {
    const missing = await get(`${ingestion.url}/v1/loans/NO-SUCH-LOAN`);
    expect(missing.status).toBe(404);
    expect(missing.contentType).toContain('application/problem+json');
  });
});

describe('Kafka: corebank.loan-events.v1', () => {
  it('applies events, publishes internal events once, and keeps personal data off the lifecycle topic', async () => {
    const overdue = aLoanOverdue().withSequence(1);
    const payment = aPaymentReceived().forLoan(overdue.loanId).withSequence(2);
    await publish([overdue.build(), payment.build(), overdue.build() /* redelivered by the bank */]);
    const records = await expectEventually(() => {
      const seen = lifecycle.forKey(overdue.loanId);
      expect(seen.map((m) => m.headers[HEADERS.eventType])).toEqual(['LoanDelinquencyUpdated', 'LoanPaymentReceived']);
      return seen;
    });
    expect(records[0].json()).toMatchObject({ causationId: overdue.eventId, payload: { dpdBucket: 'M1', daysPastDue: 17, firstOverdue: true } });
    for (const record of records) {
      expect(record.value.toString()).not.toContain('王小明');
      expect(record.value.toString()).not.toContain('+8613800138000');
    }
    await expectEventually(() => expect(contacts.where((m) => m.json<{ payload: { loanId: string } }>().payload.loanId === overdue.loanId)).toHaveLength(1));
    expect((await loanEvents(overdue.loanId)).rows.map((r) => r.channel)).toEqual(['kafka', 'kafka']);
  });

  it('dead-letters malformed JSON and contract violations with their bytes and reason, and carries on', async () => {
    const loanId = aLoanOverdue().loanId;
    const garbage = `{"eventId": "${randomUUID()}", oops`;
    const invalid = aLoanOverdue().forLoan(loanId).withSequence(1).with('payload.customer.phone', '12345').buildDocument();
    const after = aLoanOverdue().forLoan(loanId).withSequence(2);
    await producer.send({
      topic: TOPICS.coreBankLoanEvents.name,
      acks: -1,
      messages: [
        { key: loanId, value: garbage },
        { key: loanId, value: JSON.stringify(invalid) },
        { key: loanId, value: JSON.stringify(after.build()) },
      ],
    });
    const dead = await expectEventually(() => {
      const records = dlq.forKey(loanId);
      expect(records).toHaveLength(2);
      return records;
    });
    expect(dead[0].value.toString()).toBe(garbage);
    expect(dead[0].headers[HEADERS.dlqReason]).toBe('invalid-json');
    expect(dead[0].headers[HEADERS.dlqSourceTopic]).toBe(TOPICS.coreBankLoanEvents.name);
    expect(dead[1].value.toString()).toBe(JSON.stringify(invalid));
    expect(dead[1].headers[HEADERS.dlqReason]).toBe('contract-violation');
    expect(JSON.parse(dead[1].headers[HEADERS.dlqErrors])).toEqual([{ path: 'payload.customer.phone', message: expect.any(String) }]);
    await expectEventually(async () => expect(await loanRow(loanId)).toMatchObject({ last_sequence: '2' }));

    // Sent again (a record without an event id is known by its offset, so only the two with ids
    // can come again): the dead letter is recognised by its inbox row, the applied event by the
    // event log (the inbox keeps no row of its own for it). A later event on the same partition
    // shows the copies were read.
    const sentinel = aLoanOverdue().forLoan(loanId).withSequence(3);
    await producer.send({
      topic: TOPICS.coreBankLoanEvents.name,
      acks: -1,
      messages: [JSON.stringify(invalid), JSON.stringify(after.build()), JSON.stringify(sentinel.build())].map((value) => ({ key: loanId, value })),
    });
    await expectEventually(async () => expect(await loanRow(loanId)).toMatchObject({ last_sequence: '3' }));
    expect(dlq.forKey(loanId)).toHaveLength(2);
    const inbox = await testDb().query(`SELECT message_key, status FROM ingestion.inbox WHERE message_key = ANY($1::text[]) ORDER BY status`, [
      [invalid.eventId, after.eventId, sentinel.eventId],
    ]);
    expect(inbox.rows).toEqual([{ message_key: invalid.eventId, status: 'dead-lettered' }]);
  });

  it('takes a 1,000-event burst with bad events mixed in: good ones applied once, bad ones dead-lettered', async () => {
    const docs = Array.from({ length: 1000 }, (_, i) =>
      i % 50 === 3 ? aLoanOverdue().with('payload.currency', 'NOPE').buildDocument() : aLoanOverdue().withSequence(1).build(),
    );
    await publish(docs);
    const ids = docs.map((d) => d.eventId);
    await expectEventually(
      async () => {
        const { rows } = await testDb().query(`SELECT count(*)::int AS n FROM ingestion.loan_events WHERE event_id = ANY($1::uuid[])`, [ids]);
        expect(rows[0].n).toBe(980);
      },
      { timeoutMs: 60_000 },
    );
    const badLoans = new Set(docs.filter((_, i) => i % 50 === 3).map((d) => String(d.loanId)));
    await expectEventually(() => expect(dlq.where((m) => badLoans.has(m.key ?? ''))).toHaveLength(20));
    await expectEventually(() =>
      expect(lifecycle.where((m) => m.headers[HEADERS.causationId] !== undefined && ids.includes(m.headers[HEADERS.causationId]))).toHaveLength(980),
    );
  });
});

describe('logs', () => {
  it('never contain a test debtor’s phone number or name', () => {
    expect(ingestion.logLines.length).toBeGreaterThan(0);
    const all = ingestion.logLines.join('\n');
    for (const secret of ['+8613800138000', '8613800138000', '王小明', '+447700900123', 'O\u2019Neil']) expect(all).not.toContain(secret);
  });
});
