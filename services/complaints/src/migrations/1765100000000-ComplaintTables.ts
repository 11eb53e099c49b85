import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropAppendOnly, makeAppendOnly } from '@clearpath/persistence';

export class ComplaintTables1765100000000 implements MigrationInterface {
  name = 'ComplaintTables1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // What complaints learns about a loan from collections.loan-lifecycle.v1 (LoanDelinquencyUpdated):
    // whose it is and where the debtor lives, for deadlines and letters.
    await q.query(`
      CREATE TABLE loans (
        loan_id        text PRIMARY KEY,
        customer_id    text        NOT NULL,
        loan_sequence  bigint      NOT NULL,
        jurisdiction   text        NOT NULL CHECK (jurisdiction IN ('CN', 'US', 'GB')),
        timezone       text        NOT NULL,
        locale         text        NOT NULL CHECK (locale IN ('zh-CN', 'en-US', 'en-GB')),
        updated_at     timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE complaints (
        complaint_id      uuid PRIMARY KEY,
        loan_id           text        NOT NULL,
        customer_id       text        NOT NULL,
        source            text        NOT NULL CHECK (source IN ('DEBTOR_SELF_SERVICE', 'AGENT_PHONE', 'REGULATOR_REFERRAL', 'STAFF')),
        channel           text        NOT NULL CHECK (channel IN ('WEB', 'PHONE', 'EMAIL', 'LETTER', 'REGULATOR')),
        -- personal data: the debtor's own words; never logged, never published
        complaint_text    text        NOT NULL,
        locale            text        NOT NULL CHECK (locale IN ('zh-CN', 'en-US', 'en-GB')),
        jurisdiction      text        NOT NULL CHECK (jurisdiction IN ('CN', 'US', 'GB')),
        timezone          text        NOT NULL,
        category          text        NOT NULL,
        category_source   text        NOT NULL CHECK (category_source IN ('intake', 'classifier', 'staff')),
        severity          text        NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
        suggestion        jsonb       NOT NULL,
        status            text        NOT NULL CHECK (status IN ('received', 'acknowledged', 'investigating', 'resolved', 'closed', 'withdrawn')),
        attempt_ids       uuid[]      NOT NULL,
        received_at       timestamptz NOT NULL,
        deadline_days     integer     NOT NULL,
        deadline_date     date        NOT NULL,
        deadline_at       timestamptz NOT NULL,
        reminder_at       timestamptz NOT NULL,
        reminder_sent_at  timestamptz,
        breached_at       timestamptz,
        outcome           text CHECK (outcome IN ('UPHELD', 'PARTLY_UPHELD', 'REJECTED')),
        remedies          text[]      NOT NULL DEFAULT '{}',
        letter            jsonb,
        resolved_at       timestamptz,
        updated_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX complaints_by_loan ON complaints (loan_id, received_at)`);
    await q.query(`CREATE INDEX complaints_by_status ON complaints (status, deadline_at)`);
    await q.query(`CREATE INDEX complaints_by_attempt ON complaints USING gin (attempt_ids)`);
    // The sweep's two queries: open complaints whose reminder or deadline has come.
    await q.query(
      `CREATE INDEX complaints_reminder_due ON complaints (reminder_at) WHERE reminder_sent_at IS NULL AND breached_at IS NULL AND status IN ('received', 'acknowledged', 'investigating')`,
    );
    await q.query(
      `CREATE INDEX complaints_breach_due ON complaints (deadline_at) WHERE breached_at IS NULL AND status IN ('received', 'acknowledged', 'investigating')`,
    );

    // Everything that happened to a complaint, append-only: the regulator's audit trail.
    await q.query(`
      CREATE TABLE complaint_history (
        id            bigserial   PRIMARY KEY,
        complaint_id  uuid        NOT NULL REFERENCES complaints (complaint_id),
        at            timestamptz NOT NULL,
        actor         text        NOT NULL,
        actor_role    text        NOT NULL,
        action        text        NOT NULL,
        from_status   text,
        to_status     text,
        details       jsonb       NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX complaint_history_by_complaint ON complaint_history (complaint_id, id)`);
    await makeAppendOnly(q, 'complaint_history');

    // contact-orchestration's audit trail as published on collections.contact-attempts.v1, one row per record.
    await q.query(`
      CREATE TABLE contact_attempt_events (
        event_id      uuid PRIMARY KEY,
        attempt_id    uuid        NOT NULL,
        loan_id       text        NOT NULL,
        customer_id   text        NOT NULL,
        channel       text        NOT NULL,
        stage         text        NOT NULL,
        rule_ids      text[]      NOT NULL,
        treatment_id  text        NOT NULL,
        template_id   text        NOT NULL,
        agent_id      text,
        outcome       text,
        occurred_at   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX contact_attempt_events_by_loan ON contact_attempt_events (loan_id, occurred_at)`);
    await q.query(`CREATE INDEX contact_attempt_events_by_attempt ON contact_attempt_events (attempt_id)`);
    await q.query(`CREATE INDEX contact_attempt_events_by_agent ON contact_attempt_events (agent_id, occurred_at) WHERE agent_id IS NOT NULL`);

    // Kept promises from collections.repayment-plans.v1, credited to the collector of their source attempt.
    await q.query(`
      CREATE TABLE kept_promises (
        promise_id         uuid PRIMARY KEY,
        loan_id            text        NOT NULL,
        source_attempt_id  uuid,
        kept_at            timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX kept_promises_by_attempt ON kept_promises (source_attempt_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE kept_promises`);
    await q.query(`DROP TABLE contact_attempt_events`);
    await q.query(`DROP TABLE complaint_history`);
    await dropAppendOnly(q, 'complaint_history');
    await q.query(`DROP TABLE complaints`);
    await q.query(`DROP TABLE loans`);
  }
}
