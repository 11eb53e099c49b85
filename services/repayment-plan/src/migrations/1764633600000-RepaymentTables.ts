import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RepaymentTables1764633600000 implements MigrationInterface {
  name = 'RepaymentTables1764633600000';

  async up(q: QueryRunner): Promise<void> {
    // One row per delinquent loan, from loan-lifecycle events. Money in integer minor units.
    await q.query(`
      CREATE TABLE cases (
        loan_id            text PRIMARY KEY,
        customer_id        text        NOT NULL,
        loan_sequence      bigint      NOT NULL,
        jurisdiction       text        NOT NULL,
        timezone           text        NOT NULL,
        locale             text        NOT NULL,
        currency           text        NOT NULL,
        outstanding_minor  bigint      NOT NULL,
        overdue_minor      bigint      NOT NULL,
        days_past_due      integer     NOT NULL,
        due_date           date        NOT NULL,
        status             text        NOT NULL CHECK (status IN ('open', 'resolved')),
        resolved_reason    text,
        resolved_at        timestamptz,
        last_extension_on  date,
        updated_at         timestamptz NOT NULL
      )`);
    // Kept apart from cases: a CaseSegmented may arrive before the loan's first delinquency event.
    await q.query(`
      CREATE TABLE case_segments (
        loan_id        text PRIMARY KEY,
        segment        text        NOT NULL,
        loan_sequence  bigint      NOT NULL,
        updated_at     timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE plans (
        plan_id            uuid PRIMARY KEY,
        loan_id            text        NOT NULL,
        customer_id        text        NOT NULL,
        kind               text        NOT NULL CHECK (kind IN ('INSTALMENT', 'EXTENSION', 'SETTLEMENT')),
        status             text        NOT NULL CHECK (status IN ('proposed', 'pending-approval', 'active', 'completed', 'broken', 'cancelled')),
        offer_id           text        NOT NULL,
        currency           text        NOT NULL,
        timezone           text        NOT NULL,
        total_minor        bigint      NOT NULL CHECK (total_minor > 0),
        paid_minor         bigint      NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
        instalment_count   integer     NOT NULL CHECK (instalment_count BETWEEN 1 AND 24),
        discount_percent   integer,
        policy_version     text        NOT NULL,
        grace_days         integer     NOT NULL,
        -- the oldest unpaid instalment, and the last day of its grace (debtor's calendar)
        next_seq           integer,
        next_due_date      date,
        break_after        date,
        missed_seq         integer,
        created_by         text        NOT NULL,
        approved_by        text,
        created_at         timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX plans_by_loan ON plans (loan_id, created_at)`);
    await q.query(`CREATE UNIQUE INDEX plans_one_open_per_loan ON plans (loan_id) WHERE status IN ('proposed', 'pending-approval', 'active')`);
    // The sweep's index: active plans by the end of their grace.
    await q.query(`CREATE INDEX plans_sweep ON plans (break_after) WHERE status = 'active'`);
    await q.query(`
      CREATE TABLE instalments (
        plan_id       uuid    NOT NULL REFERENCES plans (plan_id),
        seq           integer NOT NULL,
        due_date      date    NOT NULL,
        amount_minor  bigint  NOT NULL CHECK (amount_minor > 0),
        paid_minor    bigint  NOT NULL DEFAULT 0 CHECK (paid_minor >= 0 AND paid_minor <= amount_minor),
        PRIMARY KEY (plan_id, seq)
      )`);
    await q.query(`
      CREATE TABLE promises (
        promise_id         uuid PRIMARY KEY,
        loan_id            text        NOT NULL,
        customer_id        text        NOT NULL,
        source_attempt_id  uuid UNIQUE,
        amount_minor       bigint      NOT NULL CHECK (amount_minor > 0),
        paid_minor         bigint      NOT NULL DEFAULT 0,
        currency           text        NOT NULL,
        promised_date      date        NOT NULL,
        break_after        date        NOT NULL,
        timezone           text        NOT NULL,
        status             text        NOT NULL CHECK (status IN ('open', 'kept', 'broken', 'cancelled')),
        created_by         text        NOT NULL,
        created_at         timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX promises_by_loan ON promises (loan_id, created_at)`);
    await q.query(`CREATE INDEX promises_sweep ON promises (break_after) WHERE status = 'open'`);
    // A payment reference counts once per loan, whatever the redeliveries.
    await q.query(`
      CREATE TABLE payments (
        loan_id            text        NOT NULL,
        reference          text        NOT NULL,
        event_id           uuid        NOT NULL,
        amount_minor       bigint      NOT NULL,
        currency           text        NOT NULL,
        paid_at            text        NOT NULL,
        method             text        NOT NULL,
        plan_id            uuid,
        unallocated_minor  bigint      NOT NULL,
        received_at        timestamptz NOT NULL,
        PRIMARY KEY (loan_id, reference)
      )`);
    // Where each payment went: instalments (oldest first), arrears without a plan, promises
    // (credited for tracking: a promise is a commitment, not a second pot), or unallocated excess.
    await q.query(`
      CREATE TABLE allocations (
        id                 bigserial PRIMARY KEY,
        loan_id            text        NOT NULL,
        payment_reference  text        NOT NULL,
        target             text        NOT NULL CHECK (target IN ('instalment', 'arrears', 'promise', 'unallocated')),
        plan_id            uuid,
        seq                integer,
        promise_id         uuid,
        amount_minor       bigint      NOT NULL CHECK (amount_minor >= 0),
        allocated_at       timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX allocations_by_loan ON allocations (loan_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE allocations`);
    await q.query(`DROP TABLE payments`);
    await q.query(`DROP TABLE promises`);
    await q.query(`DROP TABLE instalments`);
    await q.query(`DROP TABLE plans`);
    await q.query(`DROP TABLE case_segments`);
    await q.query(`DROP TABLE cases`);
  }
}
