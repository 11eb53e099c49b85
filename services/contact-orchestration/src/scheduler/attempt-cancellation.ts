import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeToOutbox } from '@clearpath/messaging';
import { attemptRecorded } from '../audit/contact-attempt.events';
import type { Channel } from '../compliance/channel';

export interface Cancellation {
  readonly attemptId: string;
  /** `cancelled`: superseded (stale-content); `expired`: its task's window closed before the call or visit. */
  readonly status: 'cancelled' | 'expired';
  readonly ruleIds: readonly string[];
  readonly reason: string;
}

interface AttemptRow {
  id: string;
  loan_id: string;
  customer_id: string;
  treatment_id: string;
  channel: Channel;
  template_id: string;
  template_version: number | null;
}

/**
 * Takes attempts that will never go out off the books, with the reason in the audit trail: the
 * attempt's status, a `cancelled` decision in compliance_decisions, its agent task (if any) closed,
 * and a `blocked` ContactAttemptRecorded naming the rule. All in the caller's transaction.
 */
@Injectable()
export class AttemptCancellation {
  /** Every attempt of these loans still waiting to go out (planned, deferred, queued for agents) is superseded. */
  async supersedePending(m: EntityManager, reasons: ReadonlyMap<string, string>, ruleId: string, now: Date): Promise<number> {
    if (reasons.size === 0) return 0;
    const pending: Array<{ id: string; loan_id: string }> = await m.query(
      `SELECT id, loan_id FROM contact_attempts WHERE loan_id = ANY($1::text[]) AND status IN ('planned', 'deferred', 'queued') ORDER BY id FOR UPDATE`,
      [[...reasons.keys()]],
    );
    return this.cancel(
      m,
      pending.map((p) => ({ attemptId: p.id, status: 'cancelled', ruleIds: [ruleId], reason: reasons.get(p.loan_id)! })),
      now,
    );
  }

  async cancel(m: EntityManager, cancellations: readonly Cancellation[], now: Date): Promise<number> {
    if (cancellations.length === 0) return 0;
    const rows: AttemptRow[] = await m
      .query(
        `UPDATE contact_attempts a SET status = c.status, decision_kind = 'cancelled', rule_ids = ARRAY(SELECT jsonb_array_elements_text(c."ruleIds")),
         detail = c.reason, updated_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS c("attemptId" uuid, status text, "ruleIds" jsonb, reason text)
       WHERE a.id = c."attemptId" AND a.status IN ('planned', 'deferred', 'queued')
       RETURNING a.id, a.loan_id, a.customer_id, a.treatment_id, a.channel, a.template_id, a.template_version`,
        [JSON.stringify(cancellations), now],
      )
      .then((r: [AttemptRow[], number]) => r[0]);
    if (rows.length === 0) return 0;
    const byId = new Map(cancellations.map((c) => [c.attemptId, c]));
    // The attempt's task (if it was queued for agents) closes the same way.
    await m.query(
      `UPDATE agent_tasks t SET status = c.status, completed_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS c("attemptId" uuid, status text)
       WHERE t.attempt_id = c."attemptId" AND t.status IN ('open', 'leased')`,
      [JSON.stringify(rows.map((r) => ({ attemptId: r.id, status: byId.get(r.id)!.status }))), now],
    );
    await m.query(
      `INSERT INTO compliance_decisions (attempt_id, loan_id, customer_id, channel, kind, rule_ids, until, profile_id, template_id, template_version, content_sha256, detail, decided_at)
       SELECT r.id::uuid, r.loan_id, r.customer_id, r.channel, 'cancelled', ARRAY(SELECT jsonb_array_elements_text(r."ruleIds")), NULL, 'n/a', r.template_id, r.template_version, NULL, r.reason, $2
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, loan_id text, customer_id text, channel text, template_id text, template_version int, "ruleIds" jsonb, reason text)`,
      [JSON.stringify(rows.map((r) => ({ ...r, ruleIds: byId.get(r.id)!.ruleIds, reason: byId.get(r.id)!.reason }))), now],
    );
    await writeToOutbox(
      m,
      rows.map((r) =>
        attemptRecorded(
          { attemptId: r.id, loanId: r.loan_id, customerId: r.customer_id, channel: r.channel, treatmentId: r.treatment_id, templateId: r.template_id },
          'blocked',
          { ruleIds: byId.get(r.id)!.ruleIds },
          now,
        ),
      ),
    );
    return rows.length;
  }
}
