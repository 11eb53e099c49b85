import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OpenComplaints1764806400000 implements MigrationInterface {
  name = 'OpenComplaints1764806400000';

  async up(q: QueryRunner): Promise<void> {
    // The complaints open per loan, from collections.complaints.v1: what the guard's complaint-open rules read.
    await q.query(`
      CREATE TABLE open_complaints (
        complaint_id    uuid PRIMARY KEY,
        loan_id         text        NOT NULL,
        -- complaints' category and the guard's name for it (harassment, privacy, third-party-contact, other)
        category        text        NOT NULL,
        guard_category  text        NOT NULL CHECK (guard_category IN ('harassment', 'privacy', 'third-party-contact', 'other')),
        opened_at       timestamptz NOT NULL,
        changed_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX open_complaints_by_loan ON open_complaints (loan_id)`);
    // A complaint that was closed is remembered, so a late, older "open" record cannot reopen it.
    await q.query(`
      CREATE TABLE closed_complaints (
        complaint_id  uuid PRIMARY KEY,
        loan_id       text        NOT NULL,
        status        text        NOT NULL,
        closed_at     timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE closed_complaints`);
    await q.query(`DROP TABLE open_complaints`);
  }
}
