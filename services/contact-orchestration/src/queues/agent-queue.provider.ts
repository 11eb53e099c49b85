import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PersonalDataVault } from '@clearpath/persistence';
import { PERSONAL_DATA_VAULT } from '@clearpath/platform';
import type { ChannelProvider, Handover, OutboundMessage } from '../channels/channel-provider';
import { sealedForRecord } from '../channels/sealed-messages';
import { AGENT_CHANNELS, type Channel } from '../compliance/channel';

export type QueueName = 'VOICE' | 'FIELD_VISIT';

/**
 * Voice calls and field visits are work for people: the "provider" puts them on a queue (each task
 * lapses when the permitted time it was queued in closes), and agents take them one at a time,
 * highest expected recovery first, under a lease ({@link StartContactUseCase}); the call or visit
 * itself is judged again when it is made.
 */
@Injectable()
export class AgentQueueProvider implements ChannelProvider {
  readonly name = 'agent-queue';
  readonly channels: readonly Channel[] = AGENT_CHANNELS;

  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  async handOver(m: EntityManager, messages: readonly OutboundMessage[], now: Date): Promise<Handover[]> {
    const sealed = await sealedForRecord(this.vault, messages);
    if (sealed.length === 0) return [];
    // The script and the number to dial are what the agent is handed: kept (sealed) with the provider's record.
    await m.query(
      `INSERT INTO provider_messages (provider_message_id, attempt_id, provider, channel, recipient, subject, body, status, receipt_due_at, created_at, updated_at)
       SELECT 'task-' || r."attemptId", r."attemptId"::uuid, $2, r.channel, r.recipient, r.subject, r.body, 'accepted', NULL, $3, $3
       FROM jsonb_to_recordset($1::jsonb) AS r("attemptId" text, channel text, recipient text, subject text, body text)
       ON CONFLICT (attempt_id) DO NOTHING`,
      [JSON.stringify(sealed), this.name, now],
    );
    const rows: Array<{ attempt_id: string }> = await m.query(
      `INSERT INTO agent_tasks (attempt_id, loan_id, customer_id, queue, priority, status, requirements, created_at, expires_at)
       SELECT r."attemptId"::uuid, r."loanId", r."customerId", r.channel, r.priority::numeric, 'open', r.requirements, $2, r."expiresAt"
       FROM jsonb_to_recordset($1::jsonb) AS r("attemptId" text, "loanId" text, "customerId" text, channel text, priority text, requirements jsonb, "expiresAt" timestamptz)
       ON CONFLICT (attempt_id) DO NOTHING
       RETURNING attempt_id`,
      [JSON.stringify(sealed), now],
    );
    return rows.map((r) => ({ attemptId: r.attempt_id, providerMessageId: `task-${r.attempt_id}` }));
  }

  /** Completes a task the caller holds; answers why not otherwise. */
  async complete(
    m: EntityManager,
    taskId: string,
    owner: string,
    mayOverride: boolean,
    now: Date,
  ): Promise<'completed' | 'not-found' | 'not-held' | 'already-completed'> {
    const rows: Array<{ status: string; lease_owner: string | null; lease_expires_at: Date | null }> = await m.query(
      `SELECT status, lease_owner, lease_expires_at FROM agent_tasks WHERE id = $1 FOR UPDATE`,
      [taskId],
    );
    const task = rows[0];
    if (task === undefined) return 'not-found';
    if (task.status === 'completed') return 'already-completed';
    if (task.status !== 'open' && task.status !== 'leased') return 'not-held';
    const held = task.status === 'leased' && task.lease_owner === owner && task.lease_expires_at !== null && task.lease_expires_at.getTime() > now.getTime();
    if (!held && !mayOverride) return 'not-held';
    // Who completed it: its holder, or a supervisor completing it for someone else.
    await m.query(`UPDATE agent_tasks SET status = 'completed', completed_at = $2, completed_by = $3 WHERE id = $1`, [taskId, now, owner]);
    return 'completed';
  }
}
