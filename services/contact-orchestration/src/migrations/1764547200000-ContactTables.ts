import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropAppendOnly, makeAppendOnly } from '@clearpath/persistence';

export class ContactTables1764547200000 implements MigrationInterface {
  name = 'ContactTables1764547200000';

  async up(q: QueryRunner): Promise<void> {
    // One row per loan in collection: what the treatment planner and the guard need to know.
    await q.query(`
      CREATE TABLE cases (
        loan_id                 text PRIMARY KEY,
        customer_id             text        NOT NULL,
        -- highest loan-lifecycle sequence applied, and highest case-segmented sequence applied
        loan_sequence           bigint      NOT NULL DEFAULT -1,
        segmented_sequence      bigint      NOT NULL DEFAULT -1,
        treatment_id            text,
        treatment_version       integer,
        treatment_tone          text,
        -- bumped on every change of treatment, so a case that re-enters a treatment runs its steps again
        treatment_episode       integer     NOT NULL DEFAULT 0,
        segmented_at            timestamptz,
        state                   text        NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'PAUSED', 'STOPPED')),
        state_reason            text,
        days_past_due           integer     NOT NULL DEFAULT 0,
        dpd_bucket              text,
        overdue_amount          numeric(17,2) NOT NULL DEFAULT 0,
        currency                text,
        jurisdiction            text,
        due_date                date,
        timezone                text,
        locale                  text,
        probability_of_default  numeric(5,4),
        protected_case          boolean     NOT NULL DEFAULT false,
        active_flags            text[]      NOT NULL DEFAULT '{}',
        opted_out_channels      text[]      NOT NULL DEFAULT '{}',
        dispute_open            boolean     NOT NULL DEFAULT false,
        hardship                boolean     NOT NULL DEFAULT false,
        open_promise            boolean     NOT NULL DEFAULT false,
        promise_amount          numeric(17,2),
        promise_date            date,
        steps_done              text[]      NOT NULL DEFAULT '{}',
        last_contact_at         timestamptz,
        last_payment_at         timestamptz,
        last_promise_broken_at  timestamptz,
        -- planning: a changed case is planned at the next tick, an unchanged one every planning interval
        plan_dirty              boolean     NOT NULL DEFAULT true,
        planned_at              timestamptz,
        updated_at              timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX cases_to_plan ON cases (planned_at) WHERE state = 'ACTIVE' AND treatment_id IS NOT NULL`);
    await q.query(`CREATE INDEX cases_by_customer ON cases (customer_id)`);

    // Personal data, from collections.customer-contacts.v1 only.
    await q.query(`
      CREATE TABLE contact_details (
        customer_id   text PRIMARY KEY,
        full_name     text        NOT NULL,
        phone         text        NOT NULL,
        email         text,
        address       jsonb,
        timezone      text        NOT NULL,
        locale        text        NOT NULL,
        jurisdiction  text        NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE contact_attempts (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        loan_id              text        NOT NULL,
        customer_id          text        NOT NULL,
        treatment_id         text        NOT NULL,
        treatment_version    integer     NOT NULL,
        treatment_episode    integer     NOT NULL,
        step_id              text        NOT NULL,
        channel              text        NOT NULL,
        template_id          text        NOT NULL,
        template_version     integer,
        status               text        NOT NULL CHECK (status IN ('planned', 'deferred', 'sent', 'delivered', 'failed', 'blocked')),
        due_at               timestamptz NOT NULL,
        decision_kind        text CHECK (decision_kind IN ('allowed', 'deferred', 'blocked', 'error')),
        rule_ids             text[]      NOT NULL DEFAULT '{}',
        detail               text,
        provider             text,
        provider_message_id  text UNIQUE,
        sent_at              timestamptz,
        delivered_at         timestamptz,
        outcome              text,
        outcome_at           timestamptz,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL,
        UNIQUE (loan_id, treatment_id, treatment_version, treatment_episode, step_id)
      )`);
    await q.query(`CREATE INDEX contact_attempts_due ON contact_attempts (due_at) WHERE status IN ('planned', 'deferred')`);
    await q.query(`CREATE INDEX contact_attempts_by_loan ON contact_attempts (loan_id, created_at)`);
    await q.query(`CREATE INDEX contact_attempts_history ON contact_attempts (customer_id, sent_at) WHERE sent_at IS NOT NULL`);

    // The audit trail: every guard decision, never changed, never deleted (kept >= 5 years).
    await q.query(`
      CREATE TABLE compliance_decisions (
        id                bigserial PRIMARY KEY,
        attempt_id        uuid        NOT NULL,
        loan_id           text        NOT NULL,
        customer_id       text        NOT NULL,
        channel           text        NOT NULL,
        kind              text        NOT NULL CHECK (kind IN ('allowed', 'deferred', 'blocked', 'error')),
        rule_ids          text[]      NOT NULL,
        until             timestamptz,
        profile_id        text        NOT NULL,
        template_id       text        NOT NULL,
        template_version  integer,
        -- sha256 of the rendered text the guard judged; the text itself is personal data and is not kept here
        content_sha256    text,
        detail            text,
        decided_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX compliance_decisions_by_attempt ON compliance_decisions (attempt_id, id)`);
    await q.query(`CREATE INDEX compliance_decisions_by_loan ON compliance_decisions (loan_id, id)`);
    await makeAppendOnly(q, 'compliance_decisions');

    // The local provider's record of exactly what would have been sent (personal data: recipient, text).
    await q.query(`
      CREATE TABLE provider_messages (
        provider_message_id  text PRIMARY KEY,
        -- one message per attempt: an attempt never reaches a provider twice
        attempt_id           uuid        NOT NULL UNIQUE,
        provider             text        NOT NULL,
        channel              text        NOT NULL,
        recipient            text        NOT NULL,
        subject              text,
        body                 text        NOT NULL,
        status               text        NOT NULL CHECK (status IN ('accepted', 'delivered', 'failed')),
        receipt_due_at       timestamptz,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX provider_messages_receipts_due ON provider_messages (receipt_due_at) WHERE status = 'accepted' AND receipt_due_at IS NOT NULL`);

    // Delivery receipts applied, by provider message and status: a repeated callback changes nothing.
    await q.query(`
      CREATE TABLE provider_receipts (
        provider_message_id  text        NOT NULL,
        status               text        NOT NULL,
        channel              text        NOT NULL,
        received_at          timestamptz NOT NULL,
        PRIMARY KEY (provider_message_id, status)
      )`);

    // Voice calls and field visits: tasks for people, handed out one at a time under a lease.
    await q.query(`
      CREATE TABLE agent_tasks (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        attempt_id        uuid        NOT NULL UNIQUE,
        loan_id           text        NOT NULL,
        queue             text        NOT NULL CHECK (queue IN ('VOICE', 'FIELD_VISIT')),
        -- expected recovery: (1 - probability of default) x overdue amount
        priority          numeric(20,4) NOT NULL,
        status            text        NOT NULL CHECK (status IN ('open', 'leased', 'completed')),
        lease_owner       text,
        lease_expires_at  timestamptz,
        leases            integer     NOT NULL DEFAULT 0,
        requirements      jsonb       NOT NULL DEFAULT '[]'::jsonb,
        created_at        timestamptz NOT NULL,
        completed_at      timestamptz
      )`);
    await q.query(`CREATE INDEX agent_tasks_next ON agent_tasks (queue, priority DESC, created_at) WHERE status <> 'completed'`);

    await q.query(`
      CREATE TABLE contact_outcomes (
        id            uuid PRIMARY KEY,
        attempt_id    uuid        NOT NULL,
        loan_id       text        NOT NULL,
        outcome       text        NOT NULL,
        detail        jsonb       NOT NULL DEFAULT '{}'::jsonb,
        recorded_by   text        NOT NULL,
        recorded_role text        NOT NULL,
        recorded_at   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX contact_outcomes_by_attempt ON contact_outcomes (attempt_id, recorded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE contact_outcomes`);
    await q.query(`DROP TABLE agent_tasks`);
    await q.query(`DROP TABLE provider_receipts`);
    await q.query(`DROP TABLE provider_messages`);
    await q.query(`DROP TABLE compliance_decisions`);
    await dropAppendOnly(q, 'compliance_decisions');
    await q.query(`DROP TABLE contact_attempts`);
    await q.query(`DROP TABLE contact_details`);
    await q.query(`DROP TABLE cases`);
  }
}
