import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Producer } from 'kafkajs';
import { HEADERS, TOPICS } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { TopicProbe, aLoanId, aLoanOverdue, closeTestDb, expectEventually, testDb, testKafka } from '@clearpath/testing';
import { type HostileSizes, type LabelledDocument, hostileDocument, hostileDocuments } from './hostile-documents.arbitrary';
import { post, startIngestion, type RunningIngestion } from './ingestion.harness';

/**
 * The inbound contract fuzzed against the real ingestion service, Kafka and PostgreSQL: arbitrary
 * JSON, prototype keys (`constructor`, `__proto__`, ...), deep nesting and huge strings. Over HTTP
 * nothing is ever a 5xx and every bad event is answered `rejected`; over Kafka every bad record
 * lands on the DLQ with its reason and the consumer carries on. FUZZ_SEED replays a failing run.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const HTTP_EVENTS = 200;
const KAFKA_RECORDS = 40;
/**
 * Kafka records stay small, and all of them together far under the broker's message.max.bytes
 * (1 MiB): the outbox relay publishes the dead letters it claims in one produce per partition, and
 * the broker refuses a batch over the limit as a whole, so the relay retries it for ever and the
 * shared test outbox stops for every ingestion. Still twice the longest field the contract allows.
 */
const KAFKA_SIZES: HostileSizes = { stringLength: { min: 1_000, max: 2_000 }, depth: { min: 100, max: 400 } };
const MAX_RECORD_BYTES = 16_000;
const MAX_KAFKA_BYTES = 200_000;
/** Requests no bigger than a contract-sized batch (1,000 ordinary events): within any body limit ingestion can have. */
const MAX_REQUEST_BYTES = 1_000_000;

type Json = Record<string, unknown>;
interface Result {
  eventId: unknown;
  status: string;
  errors?: Array<{ path: string; message: string }>;
}

const kafka = testKafka('ingestion-fuzz-it');
let ingestion: RunningIngestion;
let producer: Producer;
let dlq: TopicProbe;

beforeAll(async () => {
  [ingestion, dlq] = await Promise.all([startIngestion(), TopicProbe.start(kafka, [TOPICS.coreBankLoanEventsDlq.name])]);
  producer = createIdempotentProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await ingestion?.stop();
  await Promise.all([dlq?.stop(), producer?.disconnect()]);
  await closeTestDb();
});

const eventsUrl = () => `${ingestion.url}/v1/loan-events`;

/** A valid document gets ids no earlier run used, so the answer is `accepted` and not `duplicate` or `stale`. */
function freshIds(labelled: LabelledDocument): LabelledDocument {
  if (!labelled.valid) return labelled;
  const document = labelled.document as Json;
  document.eventId = randomUUID();
  document.loanId = aLoanId('LN-FUZZ');
  return labelled;
}

/** Requests of at most 1,000 events and MAX_REQUEST_BYTES. */
function packed(labelled: readonly LabelledDocument[]): LabelledDocument[][] {
  const batches: LabelledDocument[][] = [];
  let current: LabelledDocument[] = [];
  let bytes = 0;
  for (const item of labelled) {
    const size = Buffer.byteLength(JSON.stringify(item.document));
    if (current.length > 0 && (bytes + size > MAX_REQUEST_BYTES || current.length === 1_000)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function expectAnswered(labelled: LabelledDocument, result: Result): void {
  if (labelled.valid) {
    expect(result).toEqual({ eventId: (labelled.document as Json).eventId, status: 'accepted' });
    return;
  }
  expect(result.status).toBe('rejected');
  expect(result.errors!.length).toBeGreaterThan(0);
  if (labelled.path !== undefined) expect(result.errors!.map((e) => e.path)).toContain(labelled.path);
}

describe(`inbound contract fuzz (seed ${SEED})`, () => {
  it(`HTTP: ${HTTP_EVENTS} hostile events in batches are never a 5xx, each bad one rejected, each good one accepted`, async () => {
    const labelled = fc.sample(hostileDocument, { numRuns: HTTP_EVENTS, seed: SEED }).map(freshIds);
    for (const batch of packed(labelled)) {
      const response = await post(eventsUrl(), { events: batch.map((l) => l.document) });
      expect(response.status).toBe(202);
      const results = response.body.results as Result[];
      expect(results).toHaveLength(batch.length);
      batch.forEach((item, i) => expectAnswered(item, results[i]));
    }
    const accepted = labelled.filter((l) => l.valid).map((l) => (l.document as Json).eventId);
    const { rows } = await testDb().query(`SELECT count(*)::int AS n FROM ingestion.loan_events WHERE event_id = ANY($1::uuid[])`, [accepted]);
    expect(rows[0].n).toBe(accepted.length);
  });

  it('HTTP: hostile documents as the whole body are results or a 400 problem, never a 5xx', async () => {
    const labelled = fc.sample(hostileDocument, { numRuns: 30, seed: SEED + 1 }).map(freshIds);
    for (const item of labelled) {
      const response = await post(eventsUrl(), item.document);
      if (response.status === 400) {
        expect(response.contentType).toContain('application/problem+json');
        expect(item.valid).toBe(false);
        continue;
      }
      expect(response.status).toBe(202);
      const results = response.body.results as Result[];
      const events =
        typeof item.document === 'object' && item.document !== null && Object.hasOwn(item.document, 'events') ? (item.document as Json).events : null;
      // An object with its own "events" array is a batch, whatever else it holds.
      if (Array.isArray(events)) {
        expect(results).toHaveLength(events.length);
        for (const result of results) expect(result.status).toBe('rejected');
      } else {
        expect(results).toHaveLength(1);
        expectAnswered(item, results[0]);
      }
    }
  });

  it(`Kafka: ${KAFKA_RECORDS} hostile records all land on the DLQ with a reason, and the next good event is applied`, async () => {
    const loanId = aLoanId('LN-FUZZ-K');
    // The inbox keys a record by its body's eventId when that is a short string: one record per such id,
    // or the second would rightly be skipped as a redelivery.
    const inboxKeys = new Set<string>();
    const records: Array<{ labelled: LabelledDocument; value: string }> = [];
    let bytes = 0;
    for (const labelled of fc.sample(hostileDocuments(KAFKA_SIZES).invalidDocument, { numRuns: KAFKA_RECORDS * 3, seed: SEED + 2 })) {
      if (records.length === KAFKA_RECORDS) break;
      const value = JSON.stringify(labelled.document);
      const size = Buffer.byteLength(value);
      if (size > MAX_RECORD_BYTES || bytes + size > MAX_KAFKA_BYTES) continue;
      const eventId = typeof labelled.document === 'object' && labelled.document !== null ? (labelled.document as Json).eventId : undefined;
      if (typeof eventId === 'string' && eventId.length <= 200) {
        if (inboxKeys.has(eventId)) continue;
        inboxKeys.add(eventId);
      }
      bytes += size;
      records.push({ labelled, value });
    }
    expect(records).toHaveLength(KAFKA_RECORDS);
    const notJson = [`{"eventType": "constructor", "eventId": "${randomUUID()}"`, '{"__proto__": {"polluted": true}', '\u0000'.repeat(1_000)];
    const good = aLoanOverdue().forLoan(loanId).withSequence(1);

    // One at a time, in order, on the loan's partition: the good event comes after every bad one.
    for (const { value } of records) await producer.send({ topic: TOPICS.coreBankLoanEvents.name, acks: -1, messages: [{ key: loanId, value }] });
    for (const value of notJson) await producer.send({ topic: TOPICS.coreBankLoanEvents.name, acks: -1, messages: [{ key: loanId, value }] });
    await producer.send({ topic: TOPICS.coreBankLoanEvents.name, acks: -1, messages: [{ key: loanId, value: JSON.stringify(good.build()) }] });

    await expectEventually(async () => {
      const { rows } = await testDb().query(`SELECT last_sequence FROM ingestion.loans WHERE loan_id = $1`, [loanId]);
      expect(rows).toEqual([{ last_sequence: '1' }]);
    });
    // Ours only: another ingestion (a journey run) may share the broker and dead-letter them too.
    const dead = await expectEventually(() => {
      const found = dlq.where((m) => m.key === loanId && m.headers[HEADERS.dlqConsumerGroup] === ingestion.config.consumerGroup);
      expect(found).toHaveLength(records.length + notJson.length);
      return found;
    });

    const sent = new Map<string, LabelledDocument>(records.map(({ labelled, value }) => [value, labelled]));
    for (const record of dead) {
      const value = record.value.toString('utf8');
      expect(record.headers[HEADERS.dlqSourceTopic]).toBe(TOPICS.coreBankLoanEvents.name);
      if (notJson.includes(value)) {
        expect(record.headers[HEADERS.dlqReason]).toBe('invalid-json');
        continue;
      }
      const labelled = sent.get(value);
      expect(labelled).toBeDefined();
      expect(record.headers[HEADERS.dlqReason]).toBe('contract-violation');
      const errors = JSON.parse(record.headers[HEADERS.dlqErrors]) as Array<{ path: string }>;
      expect(errors.length).toBeGreaterThan(0);
      if (labelled!.path !== undefined) expect(errors.map((e) => e.path)).toContain(labelled!.path);
    }
    expect(dead.map((r) => r.value.toString('utf8')).sort()).toEqual([...records.map((r) => r.value), ...notJson].sort());
  });
});
