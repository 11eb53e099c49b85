import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Producer } from 'kafkajs';
import { signSelfServiceToken } from '@clearpath/auth';
import { HEADERS, TOPICS, systemClock } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import {
  TopicProbe,
  aLoanClosed,
  aLoanOverdue,
  aPaymentReceived,
  closeTestDb,
  expectEventually,
  produceRaw,
  testDb,
  testKafka,
  testStack,
} from '@clearpath/testing';
import { JourneyPlatform } from './platform.fixture';

/**
 * The whole journey on the real Kafka and PostgreSQL with every service running as its own process:
 * core-banking events in at ingestion, decisions out of contact-orchestration, plans and payments
 * through repayment-plan, complaints through complaints. Services' clocks start at 10:00 in
 * Shanghai on 1 December 2026 and run on, so the debtors' SMS window is open whenever this runs.
 */
jest.setTimeout(300_000);

const run = promisify(execFile);

const kafka = testKafka('journey');
let platform: JourneyPlatform;
let producer: Producer;
let segmented: TopicProbe;
let attemptsTopic: TopicProbe;
let coreDlq: TopicProbe;
let n = 0;

beforeAll(async () => {
  [platform, segmented, attemptsTopic, coreDlq] = await Promise.all([
    JourneyPlatform.start('2026-12-01T02:00:00Z'),
    TopicProbe.start(kafka, [TOPICS.caseSegmented.name]),
    TopicProbe.start(kafka, [TOPICS.contactAttempts.name]),
    TopicProbe.start(kafka, [TOPICS.coreBankLoanEvents.dlq]),
  ]);
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await Promise.all([platform?.stop(), segmented?.stop(), attemptsTopic?.stop(), coreDlq?.stop(), producer?.disconnect()]);
  await closeTestDb();
});

interface LoanOptions {
  daysPastDue?: number;
  overdue?: string;
  outstanding?: string;
}

/**
 * A new debtor and loan, overdue in CN: unique ids, so frequency caps of other debtors do not apply.
 * `anotherLoan` gives the same person one more loan (its own loan id and sequence).
 */
function aDebtor(options: LoanOptions = {}) {
  n++;
  const customerId = `C-J-${platform.runId}-${n}`;
  const phone = `+86139${String(n).padStart(8, '0')}`;
  let loans = 0;
  const aLoan = (loan: LoanOptions) => {
    loans++;
    const loanId = loans === 1 ? `LN-J-${platform.runId}-${n}` : `LN-J-${platform.runId}-${n}-${loans}`;
    let sequence = 0;
    const overdue = aLoanOverdue()
      .forLoan(loanId)
      .withSequence(++sequence)
      .withCustomer({ customerId, phone })
      .withDaysPastDue(loan.daysPastDue ?? 17)
      .withAmounts(loan.outstanding ?? '1712.35', loan.overdue ?? '1712.35');
    return {
      loanId,
      customerId,
      phone,
      overdue,
      next: () => ++sequence,
    };
  };
  return { ...aLoan(options), anotherLoan: (loan: LoanOptions = {}) => aLoan(loan) };
}

const contacts = async (loanId: string) => (await platform.call('contact-orchestration', `/v1/cases/${loanId}/contacts`, 'test-supervisor-key')).body;

async function firstContact(loanId: string): Promise<{ attemptId: string; channel: string; sentAt: string }> {
  return expectEventually(
    async () => {
      const body = await contacts(loanId);
      const sent = (body?.attempts ?? []).find((a: { status: string }) => a.status === 'sent' || a.status === 'delivered');
      expect(sent).toBeDefined();
      return { attemptId: sent.attemptId as string, channel: sent.channel as string, sentAt: sent.sentAt as string };
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

/** The first attempt on the loan's timeline that is not in `seen`, once the guard has judged it. */
async function nextJudged(loanId: string, seen: ReadonlySet<string>): Promise<{ attemptId: string; status: string; decision: string; ruleIds: string[] }> {
  return expectEventually(
    async () => {
      const fresh = ((await contacts(loanId)).attempts as Array<{ attemptId: string; decision: string | null }>).find(
        (a) => !seen.has(a.attemptId) && a.decision !== null,
      );
      expect(fresh).toBeDefined();
      return fresh as { attemptId: string; status: string; decision: string; ruleIds: string[] };
    },
    { timeoutMs: 30_000 },
  );
}

const attemptIds = async (loanId: string): Promise<Set<string>> =>
  new Set(((await contacts(loanId)).attempts as Array<{ attemptId: string }>).map((a) => a.attemptId));

/** A harassment complaint an agent files by phone about `attemptId`, as complaints' API takes it. */
const fileHarassment = (debtor: { loanId: string; customerId: string }, attemptId: string, text: string, locale: string) =>
  platform.call('complaints', '/v1/complaints', 'test-agent-key', {
    method: 'POST',
    body: JSON.stringify({
      loanId: debtor.loanId,
      customerId: debtor.customerId,
      source: 'AGENT_PHONE',
      channel: 'PHONE',
      category: 'HARASSMENT',
      text,
      locale,
      attemptIds: [attemptId],
    }),
  });

/** The whole test database as `pg_dump` writes it: every schema, the key store included. */
async function pgDump(): Promise<string> {
  const { stdout } = await run('pg_dump', ['--no-owner', '--data-only', testStack.databaseUrl], { maxBuffer: 512 * 1024 * 1024 });
  return stdout;
}

/** Which of `secrets` appear in `text`, as written or JSON-escaped. */
const secretsIn = (text: string, secrets: readonly string[]): string[] =>
  secrets.filter((secret) => text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1)));

describe('the journey of a case that ends well', () => {
  it('overdue → segmented → contacted → promise to pay → plan → payments → resolved, and contact stops', async () => {
    const debtor = aDebtor({ overdue: '1200.00', outstanding: '1200.00' });
    await platform.submit([debtor.overdue.build()]);
    const risk = await expectEventually(async () => {
      const r = await platform.call('risk-scoring', `/v1/cases/${debtor.loanId}/risk`, 'test-ops-key');
      expect(r.status).toBe(200);
      return r.body;
    });
    expect(risk.verdict.treatment).toBeTruthy();
    const contact = await firstContact(debtor.loanId);

    // The debtor answers and promises to pay half by 4 December; repayment-plan tracks the promise.
    const promised = await platform.call('contact-orchestration', `/v1/contacts/${contact.attemptId}/outcome`, 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({ outcome: 'promise-to-pay', amount: '600.00', date: '2026-12-04' }),
    });
    expect(promised.status).toBe(201);
    const plans = async () => (await platform.call('repayment-plan', `/v1/cases/${debtor.loanId}/plans`, 'test-agent-key')).body;
    await expectEventually(async () =>
      expect((await plans()).promises).toEqual([expect.objectContaining({ status: 'open', amount: '600.00', sourceAttemptId: contact.attemptId })]),
    );

    // Then takes an instalment plan instead: collection steps pause while it is kept.
    const offers = await platform.call('repayment-plan', `/v1/cases/${debtor.loanId}/offers`, 'test-agent-key');
    expect(offers.status).toBe(200);
    const instalments = (offers.body.offers as Array<{ offerId: string; kind: string; instalmentCount: number }>)
      .filter((o) => o.kind === 'INSTALMENT')
      .sort((a, b) => a.instalmentCount - b.instalmentCount)[0]!;
    const plan = await platform.call('repayment-plan', '/v1/plans', 'test-agent-key', {
      method: 'POST',
      body: JSON.stringify({ loanId: debtor.loanId, offerId: instalments.offerId }),
    });
    expect(plan.status).toBe(201);
    expect(plan.body).toMatchObject({ kind: 'INSTALMENT', status: 'active' });
    const schedule = plan.body.schedule as Array<{ seq: number; amount: string }>;
    expect(schedule.reduce((cents, i) => cents + Math.round(Number(i.amount) * 100), 0)).toBe(Math.round(Number(plan.body.totalPayable) * 100));
    await expectEventually(async () => expect((await contacts(debtor.loanId)).case).toMatchObject({ state: 'PAUSED', stateReason: 'plan-active' }), {
      timeoutMs: 30_000,
    });

    // Payments arrive from core banking, one per instalment; the same reference twice counts once.
    for (const instalment of schedule) {
      const paid = aPaymentReceived()
        .forLoan(debtor.loanId)
        .withSequence(debtor.next())
        .forCustomer(debtor.customerId)
        .withAmount(instalment.amount)
        .withReference(`PAY-${debtor.loanId}-${instalment.seq}`);
      await platform.submit([paid.build()]);
      if (instalment.seq === 1) {
        const again = aPaymentReceived()
          .forLoan(debtor.loanId)
          .withSequence(debtor.next())
          .forCustomer(debtor.customerId)
          .withAmount(instalment.amount)
          .withReference(`PAY-${debtor.loanId}-1`)
          .build();
        await platform.call('ingestion', '/v1/loan-events', 'test-core-banking-key', { method: 'POST', body: JSON.stringify({ events: [again] }) });
      }
    }
    await expectEventually(
      async () => {
        const now = await plans();
        expect(now).toMatchObject({ status: 'resolved' });
        expect(now.plans[0]).toMatchObject({ status: 'completed', paidAmount: plan.body.totalPayable });
      },
      { timeoutMs: 60_000 },
    );
    // Resolved: contact stops everywhere.
    await expectEventually(async () => expect((await contacts(debtor.loanId)).case).toMatchObject({ state: 'STOPPED', stateReason: 'resolved' }), {
      timeoutMs: 30_000,
    });
  });
});

describe('a harassment complaint', () => {
  it('stops contact with the person within seconds, on every channel and every loan of theirs, until it is resolved; then contact may resume', async () => {
    const debtor = aDebtor({ daysPastDue: 5 });
    await platform.submit([debtor.overdue.build()]);
    const contact = await firstContact(debtor.loanId);
    const filedAt = Date.now();
    const filed = await fileHarassment(debtor, contact.attemptId, '催收员一天打十几个电话，还骂我是老赖，威胁要告诉我的家人。', 'zh-CN');
    expect(filed.status).toBe(201);
    const complaintId = filed.body.complaintId as string;
    await expectEventually(
      async () => expect((await contacts(debtor.loanId)).case.openComplaints).toEqual([expect.objectContaining({ complaintId, guardRule: 'complaint-open' })]),
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    const stoppedWithinMs = Date.now() - filedAt;

    // The next day's roll moves the loan to M3: a firmer treatment starts at once — and is stopped by the complaint.
    const firstTreatment = (await contacts(debtor.loanId)).case.treatmentId as string;
    await platform.submit([
      aLoanOverdue()
        .forLoan(debtor.loanId)
        .withSequence(debtor.next())
        .withCustomer({ customerId: debtor.customerId, phone: '+8613900000000' })
        .withDaysPastDue(65)
        .withAmounts('1712.35', '1712.35')
        .build(),
    ]);
    const blocked = await expectEventually(
      async () => {
        const now = await contacts(debtor.loanId);
        expect(now.case.treatmentId).not.toBe(firstTreatment);
        const stopped = now.attempts.filter(
          (a: { treatment: { id: string }; status: string }) => a.treatment.id === now.case.treatmentId && a.status === 'blocked',
        );
        expect(stopped.length).toBeGreaterThan(0);
        return stopped;
      },
      { timeoutMs: 30_000 },
    );
    expect(blocked[0].ruleIds).toContain('complaint-open');

    // The same debtor's second loan, further overdue, reaches contact-orchestration only now: the complaint
    // on the first loan protects the person, so it stops contact on this loan as well.
    const second = debtor.anotherLoan({ daysPastDue: 65 });
    await platform.submit([second.overdue.build()]);
    const blockedOnSecond = await expectEventually(
      async () => {
        const stopped = ((await contacts(second.loanId))?.attempts ?? []).filter((a: { status: string }) => a.status === 'blocked');
        expect(stopped.length).toBeGreaterThan(0);
        return stopped;
      },
      { timeoutMs: 30_000 },
    );
    expect(blockedOnSecond[0]).toMatchObject({ decision: 'blocked', ruleIds: expect.arrayContaining(['complaint-open']) });
    const sentSince = (await contacts(debtor.loanId)).attempts.filter((a: { sentAt: string | null }) => a.sentAt !== null && a.sentAt > contact.sentAt);
    expect(sentSince).toEqual([]);
    expect((await contacts(second.loanId)).attempts.filter((a: { sentAt: string | null }) => a.sentAt !== null)).toEqual([]);

    // Investigated and upheld: contact-orchestration lifts the stop.
    for (const status of ['acknowledged', 'investigating']) {
      expect(
        (await platform.call('complaints', `/v1/complaints/${complaintId}/status`, 'test-compliance-key', { method: 'POST', body: JSON.stringify({ status }) }))
          .status,
      ).toBe(200);
    }
    const resolved = await platform.call('complaints', `/v1/complaints/${complaintId}/resolve`, 'test-compliance-key', {
      method: 'POST',
      body: JSON.stringify({ outcome: 'UPHELD', remedies: ['APOLOGY', 'COLLECTOR_RETRAINING'] }),
    });
    expect(resolved.status).toBe(200);
    await expectEventually(async () => expect((await contacts(debtor.loanId)).case.openComplaints).toEqual([]), { timeoutMs: 10_000 });

    // The debtor pays most of the arrears on both loans; the rolls back to M1 start gentler treatments, which may
    // contact again on either loan. Spacing keeps an hour between two contacts to one person, so the first message
    // may still wait for its moment: nothing stops it any more.
    const [seenOnFirst, seenOnSecond] = await Promise.all([attemptIds(debtor.loanId), attemptIds(second.loanId)]);
    await platform.submit([
      aLoanOverdue()
        .forLoan(debtor.loanId)
        .withSequence(debtor.next())
        .withCustomer({ customerId: debtor.customerId, phone: '+8613900000000' })
        .withDaysPastDue(3)
        .withAmounts('300.00', '300.00')
        .build(),
      aLoanOverdue()
        .forLoan(second.loanId)
        .withSequence(second.next())
        .withCustomer({ customerId: debtor.customerId, phone: '+8613900000000' })
        .withDaysPastDue(3)
        .withAmounts('250.00', '250.00')
        .build(),
    ]);
    for (const resumed of [await nextJudged(debtor.loanId, seenOnFirst), await nextJudged(second.loanId, seenOnSecond)]) {
      expect(['allowed', 'deferred']).toContain(resumed.decision);
      expect(resumed.ruleIds).not.toContain('complaint-open');
    }
    console.log(`journey: harassment complaint → contact stopped in ${stoppedWithinMs} ms`);
  });
});

describe("a debtor's complaint from the self-service page", () => {
  it('reaches complaints once, however often the form is sent, and stops contact', async () => {
    const debtor = aDebtor();
    await platform.submit([debtor.overdue.build()]);
    await expectEventually(async () => expect((await platform.call('repayment-plan', `/v1/cases/${debtor.loanId}/offers`, 'test-agent-key')).status).toBe(200));
    const token = signSelfServiceToken(
      { loanId: debtor.loanId, customerId: debtor.customerId, ttlSeconds: 14 * 86_400 },
      testStack.selfServiceSecret,
      systemClock,
    );
    const form = new URLSearchParams({ text: '你们的催收员给我单位打电话，告诉了我的同事我欠钱。', lang: 'zh-CN' }).toString();
    for (let i = 0; i < 2; i++) {
      const posted = await fetch(`${platform.url('repayment-plan')}/s/${token}/complaints`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      expect(posted.status).toBe(303);
      expect(posted.headers.get('location')).toContain('done=');
    }
    const listed = await platform.call('complaints', `/v1/complaints?loanId=${encodeURIComponent(debtor.loanId)}`, 'test-compliance-key');
    expect(listed.body.complaints).toEqual([expect.objectContaining({ loanId: debtor.loanId, source: 'DEBTOR_SELF_SERVICE' })]);
    // Taken in by repayment-plan with its own key: the history names that client.
    const taken = await platform.call('complaints', `/v1/complaints/${listed.body.complaints[0].complaintId}`, 'test-compliance-key');
    expect(taken.body.history[0]).toMatchObject({ action: 'received', actor: 'client:repayment-plan', actorRole: 'service' });
    await expectEventually(async () => expect((await contacts(debtor.loanId)).case.openComplaints).toHaveLength(1), { timeoutMs: 10_000 });
  });
});

describe('a loan that closes', () => {
  it('stops all contact: LoanClosed → contact-orchestration stops the case, nothing more is sent', async () => {
    const debtor = aDebtor();
    await platform.submit([debtor.overdue.build()]);
    await firstContact(debtor.loanId);
    await platform.submit([aLoanClosed().forLoan(debtor.loanId).withSequence(debtor.next()).build()]);
    await expectEventually(async () => expect((await contacts(debtor.loanId)).case).toMatchObject({ state: 'STOPPED', stateReason: 'closed' }), {
      timeoutMs: 30_000,
    });
    // Whatever was still planned is now judged under `closed`: the guard's view of the case says so.
    const planned = (await contacts(debtor.loanId)).attempts.filter((a: { status: string }) => a.status === 'planned' || a.status === 'deferred');
    for (const a of planned) expect(a.sentAt).toBeNull();
  });
});

describe('a poison message', () => {
  it('goes to the DLQ with its reason, and the same partition keeps flowing', async () => {
    const debtor = aDebtor();
    await produceRaw(producer, TOPICS.coreBankLoanEvents.name, [{ key: debtor.loanId, value: '{"eventId": "not json' }]);
    const valid = debtor.overdue.build();
    await producer.send({ topic: TOPICS.coreBankLoanEvents.name, acks: -1, messages: [{ key: debtor.loanId, value: JSON.stringify(valid) }] });
    const [dead] = await expectEventually(() => {
      const seen = coreDlq.forKey(debtor.loanId);
      expect(seen).toHaveLength(1);
      return seen;
    });
    expect(dead.headers[HEADERS.dlqReason]).toBeTruthy();
    // The valid event behind it on the same key went all the way to a contact decision.
    await firstContact(debtor.loanId);
  });
});

describe('a record refused, corrected and replayed by an operator', () => {
  it('is applied by the consumer that dead-lettered it, under the same event id, and flows on', async () => {
    const debtor = aDebtor();
    const bad = debtor.overdue.with('payload.overdueAmount', '-5.00').buildDocument();
    await producer.send({ topic: TOPICS.coreBankLoanEvents.name, acks: -1, messages: [{ key: debtor.loanId, value: JSON.stringify(bad) }] });
    const [dead] = await expectEventually(() => {
      const seen = coreDlq.forKey(debtor.loanId);
      expect(seen).toHaveLength(1);
      return seen;
    });
    expect(dead.headers[HEADERS.dlqErrors]).toContain('payload.overdueAmount');
    const corrected = { ...bad, payload: { ...(bad.payload as Record<string, unknown>), overdueAmount: '1712.35' } };
    const replay = await platform.call('flow-monitor', `/v1/dlq/${TOPICS.coreBankLoanEvents.dlq}/${dead.partition}/${dead.offset}/replay`, 'test-ops-key', {
      method: 'POST',
      body: JSON.stringify({ reason: 'overdue amount corrected in core banking', value: corrected }),
    });
    // Core-banking records carry personal data: the operator's replay is a request until a second person approves it.
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ status: 'approval-required', audit: { status: 'pending-approval' } });
    const approved = await platform.call('flow-monitor', `/v1/dlq/replay-requests/${replay.body.audit.requestId}/approve`, 'test-compliance-key', {
      method: 'POST',
    });
    expect(approved.status).toBe(202);
    await firstContact(debtor.loanId);
    const loan = await platform.call('ingestion', `/v1/loans/${debtor.loanId}`, 'test-ops-key');
    expect(loan.body).toMatchObject({ overdueAmount: '1712.35' });
  });
});

describe('a customer erased once their loans are closed (PIPL art. 47, GDPR art. 17)', () => {
  it('keeps the identity sealed everywhere, refuses erasure while a loan is open, then leaves no plaintext in a pg_dump or on any topic', async () => {
    // Every platform topic but the inbound one, which core banking owns and writes in plaintext.
    const platformTopics = Object.values(TOPICS)
      .map((t) => t.name)
      .filter((name) => name !== TOPICS.coreBankLoanEvents.name && name !== TOPICS.coreBankLoanEvents.dlq);
    const everything = await TopicProbe.start(kafka, platformTopics);
    try {
      const debtor = aDebtor({ daysPastDue: 5 });
      const person = { fullName: `Erasure Probe ${platform.runId}`, email: `erasure.${platform.runId}@example.com` };
      await platform.submit([
        aLoanOverdue()
          .forLoan(debtor.loanId)
          .withSequence(debtor.next())
          .withCustomer({ customerId: debtor.customerId, phone: debtor.phone, ...person })
          .withDaysPastDue(5)
          .withAmounts('900.00', '900.00')
          .build(),
      ]);
      const contact = await firstContact(debtor.loanId);
      const filed = await fileHarassment(debtor, contact.attemptId, `${person.fullName} (${person.email}) says the collector called after 10 pm.`, 'en-GB');
      expect(filed.status).toBe(201);
      const secrets = [person.fullName, person.email, debtor.phone];

      // At rest, sealed already: the stores hold no plaintext of the person while they are served
      // (their ids are there: the dump does cover their rows).
      const before = await pgDump();
      expect(before).toContain(debtor.loanId);
      expect(secretsIn(before, secrets)).toEqual([]);
      const shown = await platform.call('ingestion', `/v1/loans/${debtor.loanId}`, 'test-supervisor-key');
      expect(shown.body.customer).toMatchObject({ fullName: person.fullName, email: person.email });

      const erase = () =>
        platform.call('ingestion', `/v1/customers/${debtor.customerId}/erasure`, 'test-compliance-key', {
          method: 'POST',
          body: JSON.stringify({ reason: 'Debtor request DSR-1 after settlement' }),
        });
      const early = await erase();
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ type: 'urn:clearpath:erasure:open-loans', loanIds: [debtor.loanId] });
      expect(
        (
          await platform.call('ingestion', `/v1/customers/${debtor.customerId}/erasure`, 'test-agent-key', {
            method: 'POST',
            body: JSON.stringify({ reason: 'not mine to ask' }),
          })
        ).status,
      ).toBe(403);

      await platform.submit([aLoanClosed().forLoan(debtor.loanId).withSequence(debtor.next()).build()]);
      await expectEventually(async () => expect((await platform.call('ingestion', `/v1/loans/${debtor.loanId}`, 'test-ops-key')).body.status).toBe('CLOSED'));
      const erased = await erase();
      expect(erased.status).toBe(200);
      expect(erased.body).toMatchObject({ customerId: debtor.customerId, alreadyErased: false, loanIds: [debtor.loanId] });
      expect((await erase()).body).toMatchObject({ alreadyErased: true, erasedAt: erased.body.erasedAt });

      // The identity is gone from every service; the collection history stays.
      expect((await platform.call('ingestion', `/v1/loans/${debtor.loanId}`, 'test-supervisor-key')).body.customer).toMatchObject({
        erased: true,
        fullName: '',
        customerId: debtor.customerId,
      });
      await expectEventually(async () => {
        const complaint = await platform.call('complaints', `/v1/complaints/${filed.body.complaintId}`, 'test-compliance-key');
        expect(complaint.body).toMatchObject({ text: null, erased: true });
      });
      expect((await contacts(debtor.loanId)).attempts.length).toBeGreaterThan(0);
      const erasedRecord = await expectEventually(() => {
        const record = everything.messages.find(
          (m) => m.topic === TOPICS.customerContacts.name && m.key === debtor.customerId && m.json().eventType === 'CustomerErased',
        );
        expect(record).toBeDefined();
        return record!;
      });
      expect(erasedRecord.json()).toMatchObject({ payload: { customerId: debtor.customerId, loanIds: [debtor.loanId] } });
      const keys = await testDb().query(`SELECT count(*)::int AS n FROM privacy.subject_keys WHERE customer_id = $1`, [debtor.customerId]);
      expect(keys.rows[0].n).toBe(0);

      expect(secretsIn(await pgDump(), secrets)).toEqual([]);
      const onTopics = everything.messages.filter(
        (m) => secretsIn(`${m.key ?? ''} ${m.value.toString('utf8')} ${JSON.stringify(m.headers)}`, secrets).length > 0,
      );
      expect(onTopics.map((m) => `${m.topic}@${m.offset}`)).toEqual([]);
      expect(everything.messages.filter((m) => m.topic === TOPICS.customerContacts.name && m.key === debtor.customerId).length).toBeGreaterThanOrEqual(2);
    } finally {
      await everything.stop();
    }
  });
});

describe('a service killed mid-stream', () => {
  it('loses nothing and applies nothing twice (counted at the end)', async () => {
    const debtors = Array.from({ length: 150 }, () => aDebtor());
    const docs = debtors.map((d) => d.overdue.build());
    for (let i = 0; i < docs.length; i += 25) {
      await producer.send({
        topic: TOPICS.coreBankLoanEvents.name,
        acks: -1,
        messages: docs.slice(i, i + 25).map((d) => ({ key: String(d.loanId), value: JSON.stringify(d) })),
      });
    }
    const ours = new Set(debtors.map((d) => d.loanId));
    // Kill risk-scoring once some, not all, of the cases were scored: work in flight is lost with the process.
    await expectEventually(() => expect(segmented.where((m) => ours.has(m.key ?? '')).length).toBeGreaterThan(10), { timeoutMs: 60_000, intervalMs: 50 });
    await platform.kill('risk-scoring');
    await platform.startService('risk-scoring');

    // Nothing lost: every case reached contact-orchestration with a treatment.
    const co = platform.schema('contact-orchestration');
    await expectEventually(
      async () => {
        const { rows } = await testDb().query(`SELECT count(*)::int AS n FROM ${co}.cases WHERE loan_id = ANY($1) AND treatment_id IS NOT NULL`, [[...ours]]);
        expect(rows[0].n).toBe(debtors.length);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    // Nothing twice: one verdict per loan (a record re-published after the crash carries the same event id; this counts
    // every CaseSegmented on the shared topic for these loans, so no other risk-scoring may run beside this test), one case
    // in one treatment episode, one first SMS each.
    const verdictIds = new Map<string, Set<string>>();
    for (const m of segmented.where((x) => ours.has(x.key ?? '')))
      verdictIds.set(m.key!, new Set([...(verdictIds.get(m.key!) ?? []), m.json<{ eventId: string }>().eventId]));
    expect([...verdictIds.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    expect(verdictIds.size).toBe(debtors.length);
    const { rows: history } = await testDb().query(
      `SELECT loan_id, count(*)::int AS n FROM ${platform.schema('risk-scoring')}.case_risk_history WHERE loan_id = ANY($1) GROUP BY loan_id HAVING count(*) <> 1`,
      [[...ours]],
    );
    expect(history).toEqual([]);
    const { rows: episodes } = await testDb().query(`SELECT count(*)::int AS n FROM ${co}.cases WHERE loan_id = ANY($1) AND treatment_episode <> 1`, [
      [...ours],
    ]);
    expect(episodes[0].n).toBe(0);
    await expectEventually(
      async () => {
        const { rows } = await testDb().query(
          `SELECT loan_id, count(*)::int AS n FROM ${co}.contact_attempts WHERE loan_id = ANY($1) AND step_id = 'sms-1' GROUP BY loan_id`,
          [[...ours]],
        );
        expect(rows).toHaveLength(debtors.length);
        expect(rows.filter((r) => r.n !== 1)).toEqual([]);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  });
});
