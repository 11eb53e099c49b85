import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactAttemptRecordedEventV1 } from '@clearpath/contracts';

export interface EvidenceAttempt {
  readonly attemptId: string;
  /** Named in the complaint's attemptIds. */
  readonly named: boolean;
  readonly channel: string;
  readonly agentId: string | null;
  readonly treatmentId: string;
  readonly templateId: string;
  /** Every record of the attempt in order: sent/blocked (with the guard's rule ids), delivered/failed, outcome. */
  readonly stages: ReadonlyArray<{ stage: string; ruleIds: string[]; outcome: string | null; agentId: string | null; occurredAt: string }>;
}

/** contact-orchestration's audit trail, as published on collections.contact-attempts.v1, kept per loan. */
@Injectable()
export class ContactAttemptsRepository {
  /** Inserts the records; a record seen before (same event id) is left alone. */
  async record(m: EntityManager, events: readonly ContactAttemptRecordedEventV1[]): Promise<void> {
    if (events.length === 0) return;
    await m.query(
      `INSERT INTO contact_attempt_events (event_id, attempt_id, loan_id, customer_id, channel, stage, rule_ids, treatment_id, template_id, agent_id, outcome, occurred_at)
       SELECT (e->>'eventId')::uuid, (e->'payload'->>'attemptId')::uuid, e->'payload'->>'loanId', e->'payload'->>'customerId', e->'payload'->>'channel',
         e->'payload'->>'stage', ARRAY(SELECT jsonb_array_elements_text(e->'payload'->'ruleIds')), e->'payload'->>'treatmentId', e->'payload'->>'templateId',
         e->'payload'->>'agentId', e->'payload'->>'outcome', (e->'payload'->>'occurredAt')::timestamptz
       FROM jsonb_array_elements($1::jsonb) e
       ON CONFLICT (event_id) DO NOTHING`,
      [JSON.stringify(events)],
    );
  }

  /** The loan's attempts, the named ones first, then newest first; each with its stages in order. */
  async evidence(m: EntityManager, loanId: string, named: readonly string[], limit = 200): Promise<EvidenceAttempt[]> {
    const rows: Array<{
      attempt_id: string;
      channel: string;
      stage: string;
      rule_ids: string[];
      treatment_id: string;
      template_id: string;
      agent_id: string | null;
      outcome: string | null;
      occurred_at: Date;
    }> = await m.query(
      `SELECT attempt_id::text, channel, stage, rule_ids, treatment_id, template_id, agent_id, outcome, occurred_at
         FROM contact_attempt_events WHERE loan_id = $1 ORDER BY occurred_at, event_id`,
      [loanId],
    );
    const byAttempt = new Map<string, { first: (typeof rows)[number]; stages: EvidenceAttempt['stages'][number][]; agentId: string | null; last: number }>();
    for (const r of rows) {
      let a = byAttempt.get(r.attempt_id);
      if (!a) byAttempt.set(r.attempt_id, (a = { first: r, stages: [], agentId: null, last: 0 }));
      a.stages.push({ stage: r.stage, ruleIds: r.rule_ids, outcome: r.outcome, agentId: r.agent_id, occurredAt: r.occurred_at.toISOString() });
      a.agentId = r.agent_id ?? a.agentId;
      a.last = r.occurred_at.getTime();
    }
    const namedSet = new Set(named);
    return [...byAttempt.entries()]
      .map(([attemptId, a]) => ({
        attemptId,
        named: namedSet.has(attemptId),
        channel: a.first.channel,
        agentId: a.agentId,
        treatmentId: a.first.treatment_id,
        templateId: a.first.template_id,
        stages: a.stages,
        last: a.last,
      }))
      .sort((x, y) => Number(y.named) - Number(x.named) || y.last - x.last)
      .slice(0, limit)
      .map(({ last: _last, ...attempt }) => attempt);
  }
}
