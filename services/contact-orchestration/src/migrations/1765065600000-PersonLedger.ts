import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The person as the unit of protection and the moment of contact (COMPLIANCE.md "Who a rule
 * protects, and when it is checked"): complaints known per customer, every agent call and visit
 * recorded when it happens, tasks that lapse with their window, attempts that can be cancelled as
 * stale, and the amount an attempt was planned for.
 */
export class PersonLedger1765065600000 implements MigrationInterface {
  name = 'PersonLedger1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE open_complaints ADD COLUMN customer_id text`);
    await q.query(`UPDATE open_complaints o SET customer_id = c.customer_id FROM cases c WHERE c.loan_id = o.loan_id`);
    await q.query(`CREATE INDEX open_complaints_by_customer ON open_complaints (customer_id)`);

    // queued: handed to the agent queue, not yet dialled or visited; expired: its window closed first;
    // cancelled: superseded before it went out (stale-content).
    await q.query(`ALTER TABLE contact_attempts DROP CONSTRAINT contact_attempts_status_check`);
    await q.query(
      `ALTER TABLE contact_attempts ADD CONSTRAINT contact_attempts_status_check
         CHECK (status IN ('planned', 'deferred', 'queued', 'sent', 'delivered', 'failed', 'blocked', 'cancelled', 'expired'))`,
    );
    await q.query(`ALTER TABLE contact_attempts DROP CONSTRAINT contact_attempts_decision_kind_check`);
    await q.query(
      `ALTER TABLE contact_attempts ADD CONSTRAINT contact_attempts_decision_kind_check CHECK (decision_kind IN ('allowed', 'deferred', 'blocked', 'error', 'cancelled'))`,
    );
    await q.query(`ALTER TABLE contact_attempts ADD COLUMN planned_overdue numeric(17,2)`);
    await q.query(`DROP INDEX contact_attempts_due`);
    await q.query(`CREATE INDEX contact_attempts_due ON contact_attempts (due_at) WHERE status IN ('planned', 'deferred')`);
    await q.query(`CREATE INDEX contact_attempts_pending_by_loan ON contact_attempts (loan_id) WHERE status IN ('planned', 'deferred', 'queued')`);

    await q.query(`ALTER TABLE compliance_decisions DROP CONSTRAINT compliance_decisions_kind_check`);
    await q.query(
      `ALTER TABLE compliance_decisions ADD CONSTRAINT compliance_decisions_kind_check CHECK (kind IN ('allowed', 'deferred', 'blocked', 'error', 'cancelled'))`,
    );

    await q.query(`ALTER TABLE agent_tasks DROP CONSTRAINT agent_tasks_status_check`);
    await q.query(`ALTER TABLE agent_tasks ADD CONSTRAINT agent_tasks_status_check CHECK (status IN ('open', 'leased', 'completed', 'expired', 'cancelled'))`);
    await q.query(`ALTER TABLE agent_tasks ADD COLUMN customer_id text`);
    await q.query(`ALTER TABLE agent_tasks ADD COLUMN expires_at timestamptz`);
    await q.query(`ALTER TABLE agent_tasks ADD COLUMN not_before timestamptz`);
    await q.query(`UPDATE agent_tasks t SET customer_id = a.customer_id FROM contact_attempts a WHERE a.id = t.attempt_id`);
    // Tasks queued before tasks had a window: they lapse within the day they were queued in any zone.
    await q.query(`UPDATE agent_tasks SET expires_at = created_at + interval '14 hours'`);
    await q.query(`ALTER TABLE agent_tasks ALTER COLUMN customer_id SET NOT NULL, ALTER COLUMN expires_at SET NOT NULL`);
    await q.query(`DROP INDEX agent_tasks_next`);
    await q.query(`CREATE INDEX agent_tasks_next ON agent_tasks (queue, priority DESC, created_at) WHERE status IN ('open', 'leased')`);
    await q.query(`CREATE INDEX agent_tasks_pending_by_customer ON agent_tasks (customer_id) WHERE status IN ('open', 'leased')`);
    await q.query(`CREATE INDEX agent_tasks_expiring ON agent_tasks (expires_at) WHERE status IN ('open', 'leased')`);

    // Every call an agent started and every visit the field team started, when it started: what
    // the person's caps and spacing count (a task dialled twice is two calls).
    await q.query(`
      CREATE TABLE agent_contacts (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id      uuid,
        attempt_id   uuid        NOT NULL,
        loan_id      text        NOT NULL,
        customer_id  text        NOT NULL,
        channel      text        NOT NULL CHECK (channel IN ('VOICE', 'FIELD_VISIT')),
        agent        text        NOT NULL,
        started_at   timestamptz NOT NULL,
        outcome      text
      )`);
    await q.query(`CREATE INDEX agent_contacts_by_customer ON agent_contacts (customer_id, started_at)`);
    await q.query(`CREATE INDEX agent_contacts_by_attempt ON agent_contacts (attempt_id, started_at)`);
    // Calls handed to agents before this ledger counted when they were queued: they stay counted.
    await q.query(
      `INSERT INTO agent_contacts (task_id, attempt_id, loan_id, customer_id, channel, agent, started_at, outcome)
       SELECT t.id, a.id, a.loan_id, a.customer_id, a.channel, coalesce(t.lease_owner, 'unknown'), a.sent_at, a.outcome
       FROM contact_attempts a LEFT JOIN agent_tasks t ON t.attempt_id = a.id
       WHERE a.channel IN ('VOICE', 'FIELD_VISIT') AND a.sent_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agent_contacts`);
    await q.query(`DROP INDEX agent_tasks_expiring`);
    await q.query(`DROP INDEX agent_tasks_pending_by_customer`);
    await q.query(`DROP INDEX agent_tasks_next`);
    await q.query(`DELETE FROM agent_tasks WHERE status IN ('expired', 'cancelled')`);
    await q.query(`CREATE INDEX agent_tasks_next ON agent_tasks (queue, priority DESC, created_at) WHERE status <> 'completed'`);
    await q.query(`ALTER TABLE agent_tasks DROP COLUMN not_before, DROP COLUMN expires_at, DROP COLUMN customer_id`);
    await q.query(`ALTER TABLE agent_tasks DROP CONSTRAINT agent_tasks_status_check`);
    await q.query(`ALTER TABLE agent_tasks ADD CONSTRAINT agent_tasks_status_check CHECK (status IN ('open', 'leased', 'completed'))`);
    // compliance_decisions keeps its 'cancelled' rows and the kind that allows them: the audit trail is append-only.
    await q.query(`DROP INDEX contact_attempts_pending_by_loan`);
    await q.query(`ALTER TABLE contact_attempts DROP COLUMN planned_overdue`);
    await q.query(
      `UPDATE contact_attempts SET status = CASE status WHEN 'queued' THEN 'sent' ELSE 'blocked' END WHERE status IN ('queued', 'cancelled', 'expired')`,
    );
    await q.query(`UPDATE contact_attempts SET decision_kind = 'blocked' WHERE decision_kind = 'cancelled'`);
    await q.query(`ALTER TABLE contact_attempts DROP CONSTRAINT contact_attempts_status_check`);
    await q.query(
      `ALTER TABLE contact_attempts ADD CONSTRAINT contact_attempts_status_check CHECK (status IN ('planned', 'deferred', 'sent', 'delivered', 'failed', 'blocked'))`,
    );
    await q.query(`ALTER TABLE contact_attempts DROP CONSTRAINT contact_attempts_decision_kind_check`);
    await q.query(
      `ALTER TABLE contact_attempts ADD CONSTRAINT contact_attempts_decision_kind_check CHECK (decision_kind IN ('allowed', 'deferred', 'blocked', 'error'))`,
    );
    await q.query(`DROP INDEX open_complaints_by_customer`);
    await q.query(`ALTER TABLE open_complaints DROP COLUMN customer_id`);
  }
}
