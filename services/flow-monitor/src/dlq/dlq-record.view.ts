import { createHash } from 'node:crypto';
import { HEADERS } from '@clearpath/contracts';
import { maskPersonalData } from '@clearpath/observability';

/** A record read back from a dead-letter topic, bytes as they are. */
export interface DlqRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** Kafka timestamp, epoch ms as a string. */
  readonly timestamp: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly value: Buffer;
}

/** Why a record was dead-lettered, from the headers the messaging lib's DLQ writer sets. */
export interface DlqReason {
  readonly offset: string;
  readonly reason: string | null;
  readonly error: string | null;
  readonly sourceTopic: string | null;
  readonly sourcePartition: number | null;
  readonly sourceOffset: string | null;
  readonly consumerGroup: string | null;
  readonly failedAt: string | null;
}

export interface DlqRecordView extends DlqReason {
  readonly topic: string;
  readonly partition: number;
  readonly key: string | null;
  readonly timestamp: string;
  readonly attempts: number | null;
  /** Field errors of a schema violation, when the consumer gave them. */
  readonly errors: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** The value as JSON when it is JSON, else as text. */
  readonly value: unknown;
  readonly valueFormat: 'json' | 'text';
  /** sha256 of the original bytes: what a replay's audit row names. */
  readonly sha256: string;
  /** True when personal data in the value and headers was masked for this caller. */
  readonly masked: boolean;
}

export function dlqReasonOf(record: DlqRecord): DlqReason {
  const h = record.headers;
  const partition = h[HEADERS.dlqSourcePartition];
  return {
    offset: record.offset,
    reason: h[HEADERS.dlqReason] ?? null,
    error: h[HEADERS.dlqError] ?? null,
    sourceTopic: h[HEADERS.dlqSourceTopic] ?? null,
    sourcePartition: partition !== undefined && /^\d+$/.test(partition) ? Number(partition) : null,
    sourceOffset: h[HEADERS.dlqSourceOffset] ?? null,
    consumerGroup: h[HEADERS.dlqConsumerGroup] ?? null,
    failedAt: h[HEADERS.dlqFailedAt] ?? null,
  };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A dead-letter record for the API. Who may read unmasked is decided by the caller (the
 * controller knows the role); masking covers the value and every header, because an error text or
 * a field-error list can quote the bad input ("phone +8613812348000 is not ...").
 */
export function viewDlqRecord(record: DlqRecord, options: { mask: boolean }): DlqRecordView {
  const text = record.value.toString('utf8');
  let value: unknown = text;
  let valueFormat: DlqRecordView['valueFormat'] = 'text';
  try {
    value = JSON.parse(text);
    valueFormat = 'json';
  } catch {
    // not JSON: shown as text (a malformed record is usually why it is here)
  }
  const headers = options.mask ? (maskPersonalData({ ...record.headers }) as Record<string, string>) : { ...record.headers };
  const base = dlqReasonOf({ ...record, headers });
  const attempts = headers[HEADERS.dlqAttempts];
  let errors: unknown = null;
  if (headers[HEADERS.dlqErrors] !== undefined) {
    try {
      errors = JSON.parse(headers[HEADERS.dlqErrors]);
    } catch {
      errors = headers[HEADERS.dlqErrors];
    }
  }
  return {
    ...base,
    topic: record.topic,
    partition: record.partition,
    key: record.key,
    timestamp: new Date(Number(record.timestamp)).toISOString(),
    attempts: attempts !== undefined && /^\d+$/.test(attempts) ? Number(attempts) : null,
    errors,
    headers,
    value: options.mask ? maskPersonalData(value) : value,
    valueFormat,
    sha256: sha256(record.value),
    masked: options.mask,
  };
}
