import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropAppendOnly, makeAppendOnly } from '@clearpath/persistence';

export class DlqReplayRequestClosure1766000000000 implements MigrationInterface {
  name = 'DlqReplayRequestClosure1766000000000';

  async up(q: QueryRunner): Promise<void> {
    // A replay request ended by a person before anyone approved it: rejected by another person, or
    // withdrawn by its requester; who, in which role, when and why. At most one per request (the
    // primary key), and append-only like the request itself: a closure is never undone, the record
    // is asked for again instead. No foreign key, for the reason dlq_replay.request_id has none.
    // (A request that expired has no row: expiry follows from requested_at and the TTL.)
    await q.query(`
      CREATE TABLE dlq_replay_request_closure (
        request_id   bigint      PRIMARY KEY,
        outcome      text        NOT NULL CHECK (outcome IN ('rejected', 'withdrawn')),
        closed_at    timestamptz NOT NULL,
        closed_by    text        NOT NULL,
        closed_role  text        NOT NULL,
        reason       text        NOT NULL
      )`);
    await makeAppendOnly(q, 'dlq_replay_request_closure');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dlq_replay_request_closure`);
    await dropAppendOnly(q, 'dlq_replay_request_closure');
  }
}
