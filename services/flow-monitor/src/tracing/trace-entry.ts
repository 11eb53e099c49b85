import { HEADERS, ownValue } from '@clearpath/contracts';
import { producerOf, topicSpec } from '../pipeline/pipeline.graph';

/** A Kafka record as the trace indexer sees it. */
export interface ObservedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Kafka record timestamp, epoch ms as a string (as kafkajs gives it). */
  readonly timestamp: string;
}

/** One row of the trace index: where a record is and which event it is — never its payload. */
export interface TraceEntry {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly loanId: string;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly producer: string | null;
  readonly occurredAt: string | null;
  readonly kafkaTimestamp: string;
  /** A few non-personal fields for the case timeline; null on topics that carry personal data. */
  readonly summary: Readonly<Record<string, SummaryValue>> | null;
}

export type SummaryValue = string | number | boolean | null | readonly string[];

/**
 * Which fields of each event type the case timeline shows. An allow-list, so a field added to an
 * event later (or personal data slipped into one) is not indexed until someone decides it should be.
 */
const SUMMARY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  LoanDelinquencyUpdated: ['daysPastDue', 'dpdBucket', 'overdueAmount', 'currency', 'activeFlags'],
  LoanPaymentReceived: ['amount', 'currency', 'method'],
  LoanClosed: ['reason'],
  CustomerFlagUpdated: ['flag', 'active'],
  CaseSegmented: ['segment', 'treatment', 'band', 'dpdBucket', 'arm', 'protectedCase'],
  ContactOutcomeRecorded: ['channel', 'outcome'],
  ContactAttemptRecorded: ['stage', 'channel', 'ruleIds', 'treatmentId', 'templateId', 'outcome'],
  PlanStatusChanged: ['kind', 'status', 'previousStatus', 'instalmentCount'],
  PromiseStatusChanged: ['status', 'previousStatus', 'promisedDate'],
  CaseResolved: ['reason'],
  ComplaintStatusChanged: ['category', 'severity', 'status', 'previousStatus', 'contactSuspension', 'outcome'],
  ComplaintDeadline: ['kind', 'deadlineAt'],
  ComplaintAcknowledgementDeadline: ['kind', 'deadlineAt'],
};

const MAX_ID = 200;

/**
 * What the index keeps of one record. Records that are not JSON, or not an envelope, are still
 * indexed with what can be read (the key is the loan id on every traced topic), so a trace shows
 * that something arrived even when it could not be understood. Null only when nothing names a loan.
 */
export function traceEntryOf(record: ObservedRecord): TraceEntry | null {
  const body = parseObject(record.value);
  const payload = body && isObject(body.payload) ? body.payload : null;
  const loanId = shortString(record.key) ?? shortString(body?.loanId) ?? shortString(payload?.loanId);
  if (loanId === null) return null;
  const eventId = shortString(record.headers[HEADERS.eventId]) ?? shortString(body?.eventId);
  const eventType = shortString(record.headers[HEADERS.eventType]) ?? shortString(body?.eventType);
  const personal = topicSpec(record.topic)?.containsPersonalData ?? true;
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    loanId,
    eventId,
    eventType,
    // The core-banking contract has no correlation id: ingestion uses the event id as one.
    correlationId: shortString(record.headers[HEADERS.correlationId]) ?? shortString(body?.correlationId) ?? eventId,
    causationId: shortString(record.headers[HEADERS.causationId]) ?? shortString(body?.causationId),
    producer: producerOf(record.topic),
    occurredAt: isoOrNull(body?.occurredAt),
    kafkaTimestamp: new Date(Number(record.timestamp)).toISOString(),
    summary: personal || eventType === null || payload === null ? null : summaryOf(eventType, payload),
  };
}

export function summaryOf(eventType: string, payload: Record<string, unknown>): Record<string, SummaryValue> | null {
  // The event type is the record's own string: `constructor` or `__proto__` names no allow-list.
  const fields = ownValue(SUMMARY_FIELDS, eventType);
  if (!fields) return null;
  const out: Record<string, SummaryValue> = {};
  for (const field of fields) {
    const value = payload[field];
    if (value === null || typeof value === 'boolean' || typeof value === 'number') out[field] = value;
    else if (typeof value === 'string') out[field] = value.slice(0, 100);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[field] = value.slice(0, 20).map((v: string) => v.slice(0, 100));
  }
  return out;
}

/**
 * `segment=EARLY_HIGH · treatment=firm-early`: the summary as one short line, fields in the
 * allow-list's order (PostgreSQL's jsonb does not keep the order they were written in).
 */
export function summaryText(eventType: string | null, summary: Readonly<Record<string, SummaryValue>> | null): string {
  if (!summary) return '';
  const order = ownValue(SUMMARY_FIELDS, eventType ?? '') ?? [];
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.entries(summary)
    .sort(([a], [b]) => rank(a) - rank(b))
    .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' · ');
}

function parseObject(value: Buffer | null): Record<string, unknown> | null {
  if (!value || value.length === 0) return null;
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shortString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID ? value : null;
}

function isoOrNull(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
