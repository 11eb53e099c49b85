import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChannelProvider, Handover, OutboundMessage } from '../channels/channel-provider';
import type { Channel } from '../compliance/channel';

export type QueueName = 'VOICE' | 'FIELD_VISIT';

export interface AgentTask {
  readonly taskId: string;
  readonly attemptId: string;
  readonly loanId: string;
  readonly queue: QueueName;
  readonly expectedRecovery: string;
  readonly leaseExpiresAt: string;
  readonly requirements: unknown;
  readonly script: string;
  readonly recipient: string;
}

/**
 * Voice calls and field visits are work for people: the "provider" puts them on a queue, and
 * agents take them one at a time, highest expected recovery first, under a lease that lapses if
 * the task is not completed in time.
 */
@Injectable()
export class AgentQueueProvider implements ChannelProvider {
  readonly name = 'agent-queue';
  readonly channels: readonly Channel[] = ['VOICE', 'FIELD_VISIT'];

  async handOver(m: EntityManager, messages: readonly OutboundMessage[], now: Date): Promise<Handover[]> {
    if (messages.length === 0) return [];
    // The script and the number to dial are what the agent is handed: kept with the provider's record.
    await m.query(
      `INSERT INTO provider_messages (provider_message_id, attempt_id, provider, channel, recipient, subject, body, status, receipt_due_at, created_at, updated_at)
       SELECT 'task-' || r."attemptId", r."attemptId"::uuid, $2, r.channel, r.recipient, r.subject, r.body, 'accepted', NULL, $3, $3
       FROM jsonb_to_recordset($1::jsonb) AS r("attemptId" text, channel text, recipient text, subject text, body text)
       ON CONFLICT (attempt_id) DO NOTHING`,
      [JSON.stringify(messages), this.name, now],
    );
    const rows: Array<{ attempt_id: string }> = await m.query(
      `INSERT INTO agent_tasks (attempt_id, loan_id, queue, priority, status, requirements, created_at)
       SELECT r."attemptId"::uuid, r."loanId", r.channel, r.priority::numeric, 'open', r.requirements, $2
       FROM jsonb_to_recordset($1::jsonb) AS r("attemptId" text, "loanId" text, channel text, priority text, requirements jsonb)
       ON CONFLICT (attempt_id) DO NOTHING
       RETURNING attempt_id`,
      [JSON.stringify(messages), now],
    );
    return rows.map((r) => ({ attemptId: r.attempt_id, providerMessageId: `task-${r.attempt_id}` }));
  }

  /**
   * Leases the best open task (or one whose lease lapsed). `SKIP LOCKED` makes two agents asking at
   * once take different tasks rather than wait for each other or get the same one.
   */
  async leaseNext(m: EntityManager, queue: QueueName, owner: string, now: Date, leaseMs: number): Promise<AgentTask | null> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows]: [TaskRow[], number] = await m.query(
      `WITH next AS (
         SELECT t.id FROM agent_tasks t JOIN contact_attempts a ON a.id = t.attempt_id JOIN cases c ON c.loan_id = t.loan_id
         WHERE t.queue = $1 AND (t.status = 'open' OR (t.status = 'leased' AND t.lease_expires_at <= $3))
           -- a case that stopped, or a debtor who disputed, since the task was queued is not called
           AND c.state = 'ACTIVE' AND NOT c.dispute_open AND NOT (t.queue = ANY(c.opted_out_channels))
           -- any open complaint stops voice and field visits (complaint-open / complaint-open-other)
           AND NOT EXISTS (SELECT 1 FROM open_complaints oc WHERE oc.loan_id = t.loan_id)
         ORDER BY t.priority DESC, t.created_at, t.id
         LIMIT 1 FOR UPDATE OF t SKIP LOCKED)
       UPDATE agent_tasks t SET status = 'leased', lease_owner = $2, lease_expires_at = $4, leases = t.leases + 1
       FROM next, provider_messages p
       WHERE t.id = next.id AND p.attempt_id = t.attempt_id
       RETURNING t.id, t.attempt_id, t.loan_id, t.queue, t.priority::text AS priority, t.lease_expires_at, t.requirements, p.body, p.recipient`,
      [queue, owner, now, new Date(now.getTime() + leaseMs)],
    );
    const r = rows[0];
    if (r === undefined) return null;
    return {
      taskId: r.id,
      attemptId: r.attempt_id,
      loanId: r.loan_id,
      queue: r.queue,
      expectedRecovery: r.priority,
      leaseExpiresAt: new Date(r.lease_expires_at).toISOString(),
      requirements: r.requirements,
      script: r.body,
      recipient: r.recipient,
    };
  }

  /** Completes a task the caller holds; answers why not otherwise. */
  async complete(m: EntityManager, taskId: string, owner: string, mayOverride: boolean, now: Date): Promise<'completed' | 'not-found' | 'not-held' | 'already-completed'> {
    const rows: Array<{ status: string; lease_owner: string | null; lease_expires_at: Date | null }> = await m.query(
      `SELECT status, lease_owner, lease_expires_at FROM agent_tasks WHERE id = $1 FOR UPDATE`,
      [taskId],
    );
    const task = rows[0];
    if (task === undefined) return 'not-found';
    if (task.status === 'completed') return 'already-completed';
    const held = task.status === 'leased' && task.lease_owner === owner && task.lease_expires_at !== null && task.lease_expires_at.getTime() > now.getTime();
    if (!held && !mayOverride) return 'not-held';
    await m.query(`UPDATE agent_tasks SET status = 'completed', completed_at = $2 WHERE id = $1`, [taskId, now]);
    return 'completed';
  }
}

interface TaskRow {
  id: string;
  attempt_id: string;
  loan_id: string;
  queue: QueueName;
  priority: string;
  lease_expires_at: Date;
  requirements: unknown;
  body: string;
  recipient: string;
}
