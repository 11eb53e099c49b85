import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropAppendOnly, makeAppendOnly } from '@clearpath/persistence';

/**
 * Compliance states with a lifecycle (issue 12): what the debtor told us (inbound replies and
 * calls, opt-outs of a person, inconvenient times and places), disputes that close, breathing
 * spaces that end, and the US validation workflow of each debt.
 */
export class ComplianceStates1765152000000 implements MigrationInterface {
  name = 'ComplianceStates1765152000000';

  async up(q: QueryRunner): Promise<void> {
    // A person's opt-out of a channel (a STOP reply, an opt-out outcome): holds over all their loans.
    await q.query(`
      CREATE TABLE person_opt_outs (
        customer_id  text        NOT NULL,
        channel      text        NOT NULL,
        source       text        NOT NULL,
        opted_out_at timestamptz NOT NULL,
        PRIMARY KEY (customer_id, channel)
      )`);
    await q.query(`INSERT INTO person_opt_outs (customer_id, channel, source, opted_out_at)
      SELECT DISTINCT ON (customer_id, ch) customer_id, ch, 'outcome', updated_at FROM cases, unnest(opted_out_channels) AS ch ORDER BY customer_id, ch, updated_at`);

    // Replies and inbound calls: a STOP opts out, a call is a conversation and a recorded request.
    await q.query(`
      CREATE TABLE inbound_contacts (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id          text        NOT NULL,
        loan_id              text,
        channel              text        NOT NULL,
        kind                 text        NOT NULL CHECK (kind IN ('message', 'call')),
        -- the keyword understood (stop, help) or null; the text itself is personal data and is not kept
        keyword              text,
        provider_message_id  text UNIQUE,
        recorded_by          text        NOT NULL,
        received_at          timestamptz NOT NULL,
        created_at           timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX inbound_contacts_by_customer ON inbound_contacts (customer_id, received_at)`);

    await q.query(`
      CREATE TABLE disputes (
        id                        uuid PRIMARY KEY,
        loan_id                   text        NOT NULL,
        customer_id               text        NOT NULL,
        status                    text        NOT NULL CHECK (status IN ('open', 'verification-sent', 'closed')),
        within_validation_period  boolean     NOT NULL,
        opened_at                 timestamptz NOT NULL,
        updated_at                timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX disputes_one_open_per_loan ON disputes (loan_id) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE dispute_history (
        id          bigserial PRIMARY KEY,
        dispute_id  uuid        NOT NULL,
        status      text        NOT NULL,
        by_subject  text        NOT NULL,
        by_role     text        NOT NULL,
        note        text,
        at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX dispute_history_by_dispute ON dispute_history (dispute_id, id)`);
    await makeAppendOnly(q, 'dispute_history');
    // Disputes recorded before they had a lifecycle: open ones become open disputes.
    await q.query(`INSERT INTO disputes (id, loan_id, customer_id, status, within_validation_period, opened_at, updated_at)
      SELECT gen_random_uuid(), loan_id, customer_id, 'open', false, updated_at, updated_at FROM cases WHERE dispute_open`);

    await q.query(`
      CREATE TABLE breathing_spaces (
        id                       uuid PRIMARY KEY,
        customer_id              text        NOT NULL,
        type                     text        NOT NULL CHECK (type IN ('standard', 'mental-health-crisis')),
        started_at               timestamptz NOT NULL,
        -- standard: the start of the 61st local day; crisis: 30 days after the end of treatment is reported (null until then)
        ends_at                  timestamptz,
        treatment_ended_at       timestamptz,
        ended_early_at           timestamptz,
        ended_early_reason       text,
        recorded_by              text        NOT NULL,
        created_at               timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX breathing_spaces_by_customer ON breathing_spaces (customer_id)`);

    await q.query(`
      CREATE TABLE inconvenient_times (
        id            uuid PRIMARY KEY,
        customer_id   text        NOT NULL,
        kind          text        NOT NULL CHECK (kind IN ('time', 'place')),
        from_time     text,
        to_time       text,
        weekdays      integer[],
        channels      text[],
        place         text CHECK (place IN ('home', 'work')),
        recorded_by   text        NOT NULL,
        recorded_at   timestamptz NOT NULL,
        withdrawn_at  timestamptz
      )`);
    await q.query(`CREATE INDEX inconvenient_times_by_customer ON inconvenient_times (customer_id) WHERE withdrawn_at IS NULL`);

    // US validation workflow per debt.
    await q.query(
      `ALTER TABLE cases ADD COLUMN initial_contact_at timestamptz, ADD COLUMN validation_notice_sent_at timestamptz, ADD COLUMN validation_period_ends_at timestamptz`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN initial_contact_at, DROP COLUMN validation_notice_sent_at, DROP COLUMN validation_period_ends_at`);
    await q.query(`DROP TABLE inconvenient_times`);
    await q.query(`DROP TABLE breathing_spaces`);
    await q.query(`DROP TABLE dispute_history`);
    await dropAppendOnly(q, 'dispute_history');
    await q.query(`DROP TABLE disputes`);
    await q.query(`DROP TABLE inbound_contacts`);
    await q.query(`DROP TABLE person_opt_outs`);
  }
}
