import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoanState1764374400000 implements MigrationInterface {
  name = 'LoanState1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE loans (
        loan_id             text PRIMARY KEY,
        customer_id         text,
        last_sequence       bigint      NOT NULL,
        status              text        NOT NULL CHECK (status IN ('OVERDUE', 'CURRENT', 'CLOSED')),
        currency            char(3),
        product             text,
        credit_limit        numeric(17, 2),
        outstanding_balance numeric(17, 2),
        overdue_amount      numeric(17, 2),
        days_past_due       integer     NOT NULL DEFAULT 0,
        due_date            date,
        bureau_score        integer,
        history             jsonb       NOT NULL DEFAULT '[]'::jsonb,
        customer            jsonb,
        flags               jsonb       NOT NULL DEFAULT '{}'::jsonb,
        closed_reason       text,
        closed_at           timestamptz,
        last_payment_at     timestamptz,
        last_event_id       uuid        NOT NULL,
        updated_at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX loans_customer ON loans (customer_id)`);
    await q.query(`
      CREATE TABLE loan_events (
        id           bigserial   PRIMARY KEY,
        event_id     uuid        NOT NULL UNIQUE,
        loan_id      text        NOT NULL,
        sequence     bigint      NOT NULL,
        event_type   text        NOT NULL,
        status       text        NOT NULL CHECK (status IN ('applied', 'stale', 'duplicate')),
        source       text        NOT NULL,
        channel      text        NOT NULL CHECK (channel IN ('kafka', 'http')),
        occurred_at  timestamptz NOT NULL,
        received_at  timestamptz NOT NULL,
        payload      jsonb       NOT NULL
      )`);
    await q.query(`CREATE INDEX loan_events_by_loan ON loan_events (loan_id, id)`);
    await q.query(`
      CREATE TABLE payments (
        loan_id    text           NOT NULL,
        reference  text           NOT NULL,
        event_id   uuid           NOT NULL,
        amount     numeric(17, 2) NOT NULL,
        currency   char(3)        NOT NULL,
        paid_at    timestamptz    NOT NULL,
        method     text           NOT NULL,
        PRIMARY KEY (loan_id, reference)
      )`);
    // The event log is append-only: history is evidence, never rewritten.
    await q.query(`
      CREATE FUNCTION loan_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'loan_events is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER loan_events_append_only BEFORE UPDATE OR DELETE ON loan_events
      FOR EACH ROW EXECUTE FUNCTION loan_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payments`);
    await q.query(`DROP TABLE loan_events`);
    await q.query(`DROP FUNCTION loan_events_append_only()`);
    await q.query(`DROP TABLE loans`);
  }
}
