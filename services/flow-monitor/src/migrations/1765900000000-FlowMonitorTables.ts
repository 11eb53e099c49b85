import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropAppendOnly, makeAppendOnly } from '@clearpath/persistence';

export class FlowMonitorTables1765900000000 implements MigrationInterface {
  name = 'FlowMonitorTables1765900000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per record seen on a traced topic; the primary key is the record's place in Kafka,
    // so a redelivered record is a no-op (the index is its own inbox). No payloads: ids, type,
    // times and, on topics without personal data, an allow-listed summary for the timeline.
    await q.query(`
      CREATE TABLE trace_event (
        topic            text        NOT NULL,
        partition        integer     NOT NULL,
        "offset"         bigint      NOT NULL,
        loan_id          text        NOT NULL,
        event_id         text,
        event_type       text,
        correlation_id   text,
        causation_id     text,
        producer         text,
        occurred_at      timestamptz,
        kafka_timestamp  timestamptz NOT NULL,
        summary          jsonb,
        indexed_at       timestamptz NOT NULL,
        PRIMARY KEY (topic, partition, "offset")
      )`);
    await q.query(`CREATE INDEX trace_event_by_loan ON trace_event (loan_id, kafka_timestamp)`);
    // Every replay of a dead-letter record: who, when, which record, the hashes of what was there
    // and what was sent, and why. Append-only (the trigger refuses changes), kept as audit trail.
    await q.query(`
      CREATE TABLE dlq_replay (
        id                bigserial   PRIMARY KEY,
        replayed_at       timestamptz NOT NULL,
        replayed_by       text        NOT NULL,
        role              text        NOT NULL,
        dlq_topic         text        NOT NULL,
        dlq_partition     integer     NOT NULL,
        dlq_offset        bigint      NOT NULL,
        target_topic      text        NOT NULL,
        message_key       text,
        source_partition  integer,
        source_offset     bigint,
        dlq_reason        text,
        original_sha256   text        NOT NULL,
        replayed_sha256   text        NOT NULL,
        corrected         boolean     NOT NULL,
        forced            boolean     NOT NULL,
        reason            text        NOT NULL
      )`);
    await q.query(`CREATE INDEX dlq_replay_by_record ON dlq_replay (dlq_topic, dlq_partition, dlq_offset)`);
    await makeAppendOnly(q, 'dlq_replay');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dlq_replay`);
    await dropAppendOnly(q, 'dlq_replay');
    await q.query(`DROP TABLE trace_event`);
  }
}
