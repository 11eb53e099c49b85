import type { EntityManager } from 'typeorm';

export interface OutboxRecord {
  readonly topic: string;
  /** Partition key; one key's records are published in the order they were written. */
  readonly key: string | null;
  readonly value: Buffer | string | object;
  readonly headers?: Record<string, string>;
}

/** Ordering lanes. A relay instance holds whole lanes, so one key never races itself. */
export const OUTBOX_LANES = 16;

export function laneOf(key: string | null): number {
  if (key === null) return 0;
  // FNV-1a: cheap, stable across processes and releases (unlike any runtime hash).
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % OUTBOX_LANES;
}

function toBuffer(value: OutboxRecord['value']): Buffer {
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}

/**
 * Writes records to the outbox inside the caller's transaction: the state change and the event
 * announcing it commit together or not at all. One statement for the whole batch.
 */
export async function writeToOutbox(manager: EntityManager, records: readonly OutboxRecord[]): Promise<void> {
  if (records.length === 0) return;
  const topics: string[] = [];
  const keys: Array<string | null> = [];
  const values: Buffer[] = [];
  const headers: string[] = [];
  const lanes: number[] = [];
  for (const record of records) {
    topics.push(record.topic);
    keys.push(record.key);
    values.push(toBuffer(record.value));
    headers.push(JSON.stringify(record.headers ?? {}));
    lanes.push(laneOf(record.key));
  }
  await manager.query(
    `INSERT INTO outbox (topic, message_key, value, headers, lane)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::jsonb[], $5::smallint[])`,
    [topics, keys, values, headers, lanes],
  );
}
