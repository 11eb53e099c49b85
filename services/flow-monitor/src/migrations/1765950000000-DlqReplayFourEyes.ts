import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropAppendOnly, makeAppendOnly } from '@clearpath/persistence';

export class DlqReplayFourEyes1765950000000 implements MigrationInterface {
  name = 'DlqReplayFourEyes1765950000000';

  async up(q: QueryRunner): Promise<void> {
    // A replay of a record that carries personal data is asked for by one person and approved by
    // another: the request keeps exactly what will be published (key, value bytes, headers) so the
    // approver sees and approves those bytes, not whatever the dead-letter topic holds by then.
    // Append-only like dlq_replay: a request is never edited; it is pending until a replay row
    // names it.
    await q.query(`
      CREATE TABLE dlq_replay_request (
        id                bigserial   PRIMARY KEY,
        requested_at      timestamptz NOT NULL,
        requested_by      text        NOT NULL,
        requested_role    text        NOT NULL,
        dlq_topic         text        NOT NULL,
        dlq_partition     integer     NOT NULL,
        dlq_offset        bigint      NOT NULL,
        target_topic      text        NOT NULL,
        message_key       text,
        replayed_value    bytea       NOT NULL,
        replayed_headers  jsonb       NOT NULL,
        source_partition  integer,
        source_offset     bigint,
        dlq_reason        text,
        original_sha256   text        NOT NULL,
        replayed_sha256   text        NOT NULL,
        corrected         boolean     NOT NULL,
        forced            boolean     NOT NULL,
        reason            text        NOT NULL
      )`);
    await q.query(`CREATE INDEX dlq_replay_request_by_record ON dlq_replay_request (dlq_topic, dlq_partition, dlq_offset)`);
    await makeAppendOnly(q, 'dlq_replay_request');
    // Every replay now keeps the bytes it published, not only their hash, and the request it
    // carried out (null: a one-person replay of a topic without personal data, or one from before).
    // No foreign key: its check would lock the request row, which an append-only table refuses.
    await q.query(`ALTER TABLE dlq_replay ADD COLUMN request_id bigint, ADD COLUMN replayed_value bytea, ADD COLUMN replayed_headers jsonb`);
    await q.query(`CREATE UNIQUE INDEX dlq_replay_once_per_request ON dlq_replay (request_id) WHERE request_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dlq_replay_once_per_request`);
    await q.query(`ALTER TABLE dlq_replay DROP COLUMN replayed_headers, DROP COLUMN replayed_value, DROP COLUMN request_id`);
    await q.query(`DROP TABLE dlq_replay_request`);
    await dropAppendOnly(q, 'dlq_replay_request');
  }
}
