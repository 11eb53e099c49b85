import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IntakeIdempotency1765300000000 implements MigrationInterface {
  name = 'IntakeIdempotency1765300000000';

  async up(q: QueryRunner): Promise<void> {
    // An intake retried with the same Idempotency-Key (a double-submitted form, a client timeout)
    // answers the complaint the first one opened instead of opening a second.
    await q.query(`
      CREATE TABLE intake_keys (
        caller          text        NOT NULL,
        idempotency_key text        NOT NULL,
        complaint_id    uuid        NOT NULL REFERENCES complaints (complaint_id),
        request_sha256  text        NOT NULL,
        created_at      timestamptz NOT NULL,
        PRIMARY KEY (caller, idempotency_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake_keys`);
  }
}
