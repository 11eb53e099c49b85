import type { EntityManager } from 'typeorm';
import { HEADERS } from '@clearpath/contracts';

export interface OutboxRecord {
  readonly topic: string;
  /** Partition key; one key's records are published in the order they were written. */
  readonly key: string | null;
  readonly value: Buffer | string | object;
  readonly headers?: Record<string, string>;
}

/** An envelope's outbox record, its ids repeated in Kafka headers so infrastructure can route without parsing. */
export function eventRecord(
  topic: string,
  key: string,
  event: { eventId: string; eventType: string; schemaVersion: number; correlationId: string; causationId: string | null },
): OutboxRecord {
  const headers: Record<string, string> = {
    [HEADERS.eventId]: event.eventId,
    [HEADERS.eventType]: event.eventType,
    [HEADERS.schemaVersion]: String(event.schemaVersion),
    [HEADERS.correlationId]: event.correlationId,
  };
  if (event.causationId) headers[HEADERS.causationId] = event.causationId;
  return { topic, key, value: event, headers };
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

/**
 * Writes records to the outbox inside the caller's transaction: the state change and the event
 * announcing it commit together or not at all. JSON records go in one statement as one JSON
 * document (serialized once, parsed by PostgreSQL); records that must keep their exact bytes
 * (dead letters) go as bytea.
 */
export async function writeToOutbox(manager: EntityManager, records: readonly OutboxRecord[]): Promise<void> {
  if (records.length === 0) return;
  const json: Array<{ topic: string; message_key: string | null; value: unknown; headers: Record<string, string>; lane: number }> = [];
  const bytes: OutboxRecord[] = [];
  for (const record of records) {
    if (Buffer.isBuffer(record.value)) bytes.push(record);
    else
      json.push({
        topic: record.topic,
        message_key: record.key,
        // A string is already JSON text; json_to_recordset takes it as a JSON string otherwise.
        value: typeof record.value === 'string' ? JSON.parse(record.value) : record.value,
        headers: record.headers ?? {},
        lane: laneOf(record.key),
      });
  }
  if (json.length > 0) {
    await manager.query(
      `INSERT INTO outbox (topic, message_key, value_json, headers, lane)
       SELECT topic, message_key, value, headers, lane
       FROM json_to_recordset($1::json) AS r(topic text, message_key text, value json, headers jsonb, lane smallint)`,
      [JSON.stringify(json)],
    );
  }
  if (bytes.length > 0) {
    await manager.query(
      `INSERT INTO outbox (topic, message_key, value_bytes, headers, lane)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::jsonb[], $5::smallint[])`,
      [
        bytes.map((r) => r.topic),
        bytes.map((r) => r.key),
        bytes.map((r) => r.value as Buffer),
        bytes.map((r) => JSON.stringify(r.headers ?? {})),
        bytes.map((r) => laneOf(r.key)),
      ],
    );
  }
}
