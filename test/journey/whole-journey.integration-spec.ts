import type { Producer } from 'kafkajs';
import { HEADERS, TOPICS } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { TopicProbe, aLoanClosed, aLoanOverdue, closeTestDb, expectEventually, produceRaw, testDb, testKafka } from '@clearpath/testing';
import { JourneyPlatform } from './platform.fixture';

/**
 * The whole journey on the real Kafka and PostgreSQL with every service running as its own process:
 * core-banking events in at ingestion, decisions out of contact-orchestration, plans and payments
 * through repayment-plan, complaints through complaints. Services' clocks start at 10:00 in
 * Shanghai on 1 December 2026 and run on, so the debtors' SMS window is open whenever this runs.
 */
jest.setTimeout(300_000);

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

/** A new debtor and loan, overdue in CN: unique ids, so frequency caps of other debtors do not apply. */
function aDebtor(options: { daysPastDue?: number; overdue?: string; outstanding?: string } = {}) {
  n++;
  const loanId = `LN-J-${platform.runId}-${n}`;
  const customerId = `C-J-${platform.runId}-${n}`;
  let sequence = 0;
  const overdue = aLoanOverdue()
    .forLoan(loanId)
    .withSequence(++sequence)
    .withCustomer({ customerId, phone: `+86139${String(n).padStart(8, '0')}` })
    .withDaysPastDue(options.daysPastDue ?? 17)
    .withAmounts(options.outstanding ?? '1712.35', options.overdue ?? '1712.35');
  return {
    loanId,
    customerId,
    overdue,
    next: () => ++sequence,
  };
}

const contacts = async (loanId: string) => (await platform.call('contact-orchestration', `/v1/cases/${loanId}/contacts`, 'test-supervisor-key')).body;

async function firstContact(loanId: string): Promise<{ attemptId: string; channel: string }> {
  return expectEventually(
    async () => {
      const body = await contacts(loanId);
      const sent = (body?.attempts ?? []).find((a: { status: string }) => a.status === 'sent' || a.status === 'delivered');
      expect(sent).toBeDefined();
      return { attemptId: sent.attemptId as string, channel: sent.channel as string };
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

describe('a loan that closes', () => {
  it('stops all contact: LoanClosed → contact-orchestration stops the case, nothing more is sent', async () => {
    const debtor = aDebtor();
    await platform.submit([debtor.overdue.build()]);
    await firstContact(debtor.loanId);
    await platform.submit([aLoanClosed().forLoan(debtor.loanId).withSequence(debtor.next()).build()]);
    await expectEventually(async () => expect((await contacts(debtor.loanId)).case).toMatchObject({ state: 'STOPPED', stateReason: 'closed' }), { timeoutMs: 30_000 });
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

describe('a service killed mid-stream', () => {
  it('loses nothing and applies nothing twice (counted at the end)', async () => {
    const debtors = Array.from({ length: 150 }, () => aDebtor());
    const docs = debtors.map((d) => d.overdue.build());
    for (let i = 0; i < docs.length; i += 25) {
      await producer.send({ topic: TOPICS.coreBankLoanEvents.name, acks: -1, messages: docs.slice(i, i + 25).map((d) => ({ key: String(d.loanId), value: JSON.stringify(d) })) });
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
    // Nothing twice: one verdict per loan (a record re-published after the crash carries the same event id), one case
    // in one treatment episode, one first SMS each.
    const verdictIds = new Map<string, Set<string>>();
    for (const m of segmented.where((x) => ours.has(x.key ?? ''))) verdictIds.set(m.key!, new Set([...(verdictIds.get(m.key!) ?? []), m.json<{ eventId: string }>().eventId]));
    expect([...verdictIds.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    expect(verdictIds.size).toBe(debtors.length);
    const { rows: history } = await testDb().query(
      `SELECT loan_id, count(*)::int AS n FROM ${platform.schema('risk-scoring')}.case_risk_history WHERE loan_id = ANY($1) GROUP BY loan_id HAVING count(*) <> 1`,
      [[...ours]],
    );
    expect(history).toEqual([]);
    const { rows: episodes } = await testDb().query(`SELECT count(*)::int AS n FROM ${co}.cases WHERE loan_id = ANY($1) AND treatment_episode <> 1`, [[...ours]]);
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

