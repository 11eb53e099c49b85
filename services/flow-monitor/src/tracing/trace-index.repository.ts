import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TraceEntry } from './trace-entry';

interface TraceRow {
  topic: string;
  partition: number;
  offset: string;
  loan_id: string;
  event_id: string | null;
  event_type: string | null;
  correlation_id: string | null;
  causation_id: string | null;
  producer: string | null;
  occurred_at: Date | null;
  kafka_timestamp: Date;
  summary: TraceEntry['summary'];
}

/** The trace index: set-based writes, one loan's rows read back in one query. */
@Injectable()
export class TraceIndexRepository {
  /**
   * Writes the entries in one statement, keyed by topic/partition/offset. A redelivered record
   * writes the same row again (idempotent). A different record at a known position — the topic was
   * recreated, or the cluster rebuilt, while this index kept its rows — replaces the stale row
   * instead of being dropped. Returns how many rows were written.
   */
  async insert(manager: EntityManager, entries: readonly TraceEntry[], now: Date): Promise<number> {
    if (entries.length === 0) return 0;
    const rows: Array<{ n: number }> = await manager.query(
      `WITH inserted AS (
         INSERT INTO trace_event (topic, partition, "offset", loan_id, event_id, event_type, correlation_id, causation_id, producer, occurred_at, kafka_timestamp, summary, indexed_at)
         SELECT topic, partition, "offset", loan_id, event_id, event_type, correlation_id, causation_id, producer, occurred_at, kafka_timestamp, summary, $2
         FROM json_to_recordset($1::json) AS r(topic text, partition integer, "offset" bigint, loan_id text, event_id text, event_type text,
              correlation_id text, causation_id text, producer text, occurred_at timestamptz, kafka_timestamp timestamptz, summary jsonb)
         ON CONFLICT (topic, partition, "offset") DO UPDATE SET loan_id = EXCLUDED.loan_id, event_id = EXCLUDED.event_id, event_type = EXCLUDED.event_type,
           correlation_id = EXCLUDED.correlation_id, causation_id = EXCLUDED.causation_id, producer = EXCLUDED.producer, occurred_at = EXCLUDED.occurred_at,
           kafka_timestamp = EXCLUDED.kafka_timestamp, summary = EXCLUDED.summary, indexed_at = EXCLUDED.indexed_at
         WHERE trace_event.kafka_timestamp IS DISTINCT FROM EXCLUDED.kafka_timestamp OR trace_event.event_id IS DISTINCT FROM EXCLUDED.event_id
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [
        JSON.stringify(
          entries.map((e) => ({
            topic: e.topic,
            partition: e.partition,
            offset: e.offset,
            loan_id: e.loanId,
            event_id: e.eventId,
            event_type: e.eventType,
            correlation_id: e.correlationId,
            causation_id: e.causationId,
            producer: e.producer,
            occurred_at: e.occurredAt,
            kafka_timestamp: e.kafkaTimestamp,
            summary: e.summary,
          })),
        ),
        now,
      ],
    );
    return rows[0].n;
  }

  async forLoan(manager: EntityManager, loanId: string, limit: number): Promise<TraceEntry[]> {
    const rows: TraceRow[] = await manager.query(
      `SELECT topic, partition, "offset"::text AS "offset", loan_id, event_id, event_type, correlation_id, causation_id, producer, occurred_at, kafka_timestamp, summary
       FROM trace_event WHERE loan_id = $1 ORDER BY kafka_timestamp, topic, partition, "offset" LIMIT $2`,
      [loanId, limit],
    );
    return rows.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      loanId: r.loan_id,
      eventId: r.event_id,
      eventType: r.event_type,
      correlationId: r.correlation_id,
      causationId: r.causation_id,
      producer: r.producer,
      occurredAt: r.occurred_at ? new Date(r.occurred_at).toISOString() : null,
      kafkaTimestamp: new Date(r.kafka_timestamp).toISOString(),
      summary: r.summary,
    }));
  }
}
