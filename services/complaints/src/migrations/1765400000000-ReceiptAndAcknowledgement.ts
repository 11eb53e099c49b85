import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReceiptAndAcknowledgement1765400000000 implements MigrationInterface {
  name = 'ReceiptAndAcknowledgement1765400000000';

  async up(q: QueryRunner): Promise<void> {
    // received_at is now when the complaint was received (as intake is told), logged_at when it was
    // typed in. Until now they were the same instant, so existing rows were logged when received.
    await q.query(`ALTER TABLE complaints ADD COLUMN logged_at timestamptz`);
    await q.query(`UPDATE complaints SET logged_at = received_at`);
    await q.query(`ALTER TABLE complaints ALTER COLUMN logged_at SET NOT NULL`);

    // When the complaint was acknowledged; for existing rows the history already says.
    await q.query(`ALTER TABLE complaints ADD COLUMN acknowledged_at timestamptz`);
    await q.query(`
      UPDATE complaints c SET acknowledged_at = h.at
      FROM (SELECT complaint_id, min(at) AS at FROM complaint_history WHERE action = 'acknowledged' GROUP BY complaint_id) h
      WHERE c.complaint_id = h.complaint_id`);

    // The acknowledgement deadline, swept like the final answer's. Null on complaints received
    // before the rule existed: giving them one now would put retroactive breaches in the
    // append-only history for a rule that did not apply when they came in.
    await q.query(`
      ALTER TABLE complaints
        ADD COLUMN ack_deadline_date    date,
        ADD COLUMN ack_deadline_at      timestamptz,
        ADD COLUMN ack_reminder_at      timestamptz,
        ADD COLUMN ack_reminder_sent_at timestamptz,
        ADD COLUMN ack_breached_at      timestamptz,
        ADD CONSTRAINT complaints_ack_deadline_whole CHECK (
          (ack_deadline_at IS NULL) = (ack_deadline_date IS NULL) AND (ack_deadline_at IS NULL) = (ack_reminder_at IS NULL))`);
    // The sweep's two acknowledgement queries: complaints still awaiting acknowledgement whose reminder or deadline has come.
    await q.query(
      `CREATE INDEX complaints_ack_reminder_due ON complaints (ack_reminder_at) WHERE status = 'received' AND ack_reminder_sent_at IS NULL AND ack_breached_at IS NULL`,
    );
    await q.query(`CREATE INDEX complaints_ack_breach_due ON complaints (ack_deadline_at) WHERE status = 'received' AND ack_breached_at IS NULL`);

    // The earliest day an event showed the loan existed: intake refuses a receipt time before it.
    await q.query(`ALTER TABLE loans ADD COLUMN known_since date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE loans DROP COLUMN known_since`);
    await q.query(`DROP INDEX complaints_ack_breach_due`);
    await q.query(`DROP INDEX complaints_ack_reminder_due`);
    await q.query(`
      ALTER TABLE complaints
        DROP CONSTRAINT complaints_ack_deadline_whole,
        DROP COLUMN ack_breached_at,
        DROP COLUMN ack_reminder_sent_at,
        DROP COLUMN ack_reminder_at,
        DROP COLUMN ack_deadline_at,
        DROP COLUMN ack_deadline_date,
        DROP COLUMN acknowledged_at,
        DROP COLUMN logged_at`);
  }
}
