import { deterministicUuid, generateSampleDay } from './sample-day.generator';

type Doc = Record<string, unknown>;

/**
 * The README's demo day: a realistic day of core-banking traffic for about 10,000 loans in CN, US
 * and GB — two daily delinquency rolls, the day's payments, closures and flags — with what a real
 * feed also carries: duplicates (the same event id sent again), a payment re-sent under a new event
 * id with the same reference, rolls that arrive out of order, and malformed messages. Deterministic
 * for a seed, so the summary's expectations can be computed and a second replay is all duplicates.
 */
export interface DemoDay {
  /** What goes to `corebank.loan-events.v1`, in send order (duplicates and swaps included). */
  readonly kafka: readonly Doc[];
  /** Raw values that are not events ingestion can accept (they must end on the DLQ). */
  readonly malformed: ReadonlyArray<{ readonly key: string; readonly value: string }>;
  /** Payments posted over HTTP (`POST /v1/loan-events`) after the Kafka part is applied. */
  readonly http: readonly Doc[];
  readonly expect: {
    readonly loans: number;
    readonly events: number;
    readonly duplicateEventIds: number;
    readonly duplicatePaymentReferences: number;
    readonly outOfOrder: number;
    readonly malformed: number;
  };
}

export function generateDemoDay(options: { loans?: number; seed?: string; day?: string } = {}): DemoDay {
  const loans = options.loans ?? 10_000;
  const seed = options.seed ?? 'clearpath-demo-day';
  const docs = generateSampleDay({ loans, seed, rollsPerLoan: 2, ...(options.day !== undefined ? { day: options.day } : {}) });
  const pick = (i: number, every: number) => i % every === 0;

  // Out of order: for every 100th loan the second roll is sent before the first, which then arrives stale.
  const byLoan = new Map<string, Doc[]>();
  for (const d of docs) byLoan.set(String(d.loanId), [...(byLoan.get(String(d.loanId)) ?? []), d]);
  const kafka: Doc[] = [];
  let outOfOrder = 0;
  let loanIndex = 0;
  const payments: Doc[] = [];
  for (const [, events] of byLoan) {
    loanIndex++;
    const rolls = events.filter((e) => e.eventType === 'LoanOverdue');
    const rest = events.filter((e) => e.eventType !== 'LoanOverdue');
    if (pick(loanIndex, 100) && rolls.length === 2) {
      kafka.push(rolls[1], rolls[0]);
      outOfOrder++;
    } else kafka.push(...rolls);
    for (const e of rest) (e.eventType === 'PaymentReceived' ? payments : kafka).push(e);
  }
  // A share of the payments arrives over HTTP, the rest on Kafka after the rolls.
  const http = payments.filter((_, i) => pick(i, 5));
  kafka.push(...payments.filter((_, i) => !pick(i, 5)));

  // Duplicates: every 50th event again, later in the feed; and every 10th Kafka payment re-sent with a new event id.
  const duplicates = kafka.filter((_, i) => pick(i, 50));
  const kafkaPayments = kafka.filter((d) => d.eventType === 'PaymentReceived');
  const rePayments = kafkaPayments
    .filter((_, i) => pick(i, 10))
    .map((d): Doc => ({ ...d, eventId: deterministicUuid(`${seed}/re-sent/${String(d.eventId)}`), sequence: Number(d.sequence) + 1 }));
  const feed: Doc[] = [...kafka, ...duplicates, ...rePayments];

  const first = feed[0]!;
  const malformed = [
    { key: String(first.loanId), value: '{"eventId": "not json' },
    {
      key: String(first.loanId),
      value: JSON.stringify({ ...first, eventId: deterministicUuid(`${seed}/bad/1`), payload: { ...(first.payload as Doc), overdueAmount: -12 } }),
    },
    { key: String(first.loanId), value: JSON.stringify({ ...first, eventId: deterministicUuid(`${seed}/bad/2`), eventType: 'LoanRestructured' }) },
    { key: String(first.loanId), value: JSON.stringify({ ...first, eventId: 'not-a-uuid' }) },
    { key: 'LN-UNKNOWN', value: JSON.stringify({ eventType: 'LoanOverdue' }) },
  ];
  return {
    kafka: feed,
    malformed,
    http,
    expect: {
      loans,
      events: docs.length,
      duplicateEventIds: duplicates.length,
      duplicatePaymentReferences: rePayments.length,
      outOfOrder,
      malformed: malformed.length,
    },
  };
}
