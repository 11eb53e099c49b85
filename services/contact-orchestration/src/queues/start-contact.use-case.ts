import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { writeToOutbox } from '@clearpath/messaging';
import type { PersonalDataVault, SubjectKeys } from '@clearpath/persistence';
import { DATA_SOURCE, PERSONAL_DATA_VAULT } from '@clearpath/platform';
import { attemptRecorded } from '../audit/contact-attempt.events';
import type { Decision } from '../compliance/contact-guard.types';
import { STALE_CONTENT } from '../compliance/stale-content.rule';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { openText } from '../personal-data/sealed-text';
import { AttemptCancellation } from '../scheduler/attempt-cancellation';
import { sha256 } from '../compliance/content-hash';
import { MomentOfContact, type Judgement, type PendingAttempt } from '../scheduler/moment-of-contact';
import type { QueueName } from './agent-queue.provider';

/** What the agent (or the field team) is handed when the guard lets the call or visit happen now. */
export interface StartedContact {
  readonly taskId: string;
  readonly attemptId: string;
  readonly loanId: string;
  readonly channel: QueueName;
  /** The number to dial, or the address to visit. */
  readonly recipient: string;
  /** Rendered at this instant from the case's current facts. */
  readonly script: string;
  readonly requirements: unknown;
  readonly ruleIds: string[];
  readonly startedAt: string;
}

export type Refusal = {
  readonly decision: Decision['kind'] | 'error' | 'waiting';
  readonly ruleIds: string[];
  readonly until?: string;
  readonly taskStatus: string;
  readonly detail: string;
};

export type StartResult =
  | { readonly kind: 'started'; readonly contact: StartedContact }
  | { readonly kind: 'refused'; readonly refusal: Refusal }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'wrong-queue'; readonly queue: QueueName }
  | { readonly kind: 'closed'; readonly status: string }
  | { readonly kind: 'not-held' };

interface TaskRow extends PendingAttempt {
  task_id: string;
  status: string;
  queue: QueueName;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  expires_at: Date;
  requirements: unknown;
  /** Sealed for the debtor (the provider's record). */
  recipient: string;
  dialled: boolean;
}

const TASK_SQL = `SELECT t.id AS task_id, t.status, t.queue, t.lease_owner, t.lease_expires_at, t.expires_at, t.requirements,
    a.id, a.loan_id, a.customer_id, a.treatment_id, a.channel, a.template_id, a.template_version, a.step_id, a.third_party_id,
    to_char(a.planned_overdue, 'FM999999999999990.00') AS planned_overdue, p.recipient,
    EXISTS (SELECT 1 FROM agent_contacts c WHERE c.task_id = t.id) AS dialled
  FROM agent_tasks t JOIN contact_attempts a ON a.id = t.attempt_id JOIN provider_messages p ON p.attempt_id = t.attempt_id`;

/**
 * Calls and field visits happen when a person makes them, so the guard rules then: an agent's dial
 * and the start of a visit go through here, under the person's lock, with the full guard at that
 * instant (hours in the debtor's zone, flags, caps, vulnerable windows, complaints, spacing) and the
 * script rendered from the case's facts of that instant. A dial that goes ahead is recorded as a
 * contact of that instant (every dial counts: a lapsed lease re-taken and dialled again is two
 * calls, a task dialled once is one); one that may not is refused with the guard's rule ids, and
 * the task waits for its next permitted moment, lapses with its window, or is cancelled.
 */
@Injectable()
export class StartContactUseCase {
  constructor(
    private readonly moment: MomentOfContact,
    private readonly cancellation: AttemptCancellation,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  async start(taskId: string, queue: QueueName, agent: string, now: Date): Promise<StartResult> {
    return this.dataSource.transaction(async (m) => {
      const rows: TaskRow[] = await m.query(`${TASK_SQL} WHERE t.id = $1 FOR UPDATE OF t`, [taskId]);
      const task = rows[0];
      if (task === undefined) return { kind: 'not-found' };
      if (task.queue !== queue) return { kind: 'wrong-queue', queue: task.queue };
      if (task.status !== 'open' && task.status !== 'leased') return { kind: 'closed', status: task.status };
      const held = task.status === 'leased' && task.lease_owner === agent && task.lease_expires_at !== null && task.lease_expires_at.getTime() > now.getTime();
      if (!held) return { kind: 'not-held' };

      // One decision about a person at a time, whoever makes it: two agents never dial one person at once.
      await this.moment.lockPersons(m, [task.customer_id]);
      const { judged, recipient, keys } = await this.judge(m, task, now);
      const refusal = await this.settle(m, task, judged, now, 'start');
      if (refusal !== null) return { kind: 'refused', refusal };
      if (judged.kind !== 'decided' || !judged.rendered.ok || recipient === null) throw new Error('unreachable: an allowed contact without a rendered script');

      await m.query(`INSERT INTO agent_contacts (task_id, attempt_id, loan_id, customer_id, channel, agent, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        task.task_id,
        task.id,
        task.loan_id,
        task.customer_id,
        task.channel,
        agent,
        now,
      ]);
      await m.query(
        `UPDATE contact_attempts SET status = CASE WHEN status = 'queued' THEN 'sent' ELSE status END, sent_at = coalesce(sent_at, $2), updated_at = $2 WHERE id = $1`,
        [task.id, now],
      );
      // The script as said, sealed like the rest of the record.
      await m.query(`UPDATE provider_messages SET body = coalesce($2, body), updated_at = $3 WHERE attempt_id = $1`, [
        task.id,
        keys.seal(task.customer_id, judged.rendered.body),
        now,
      ]);
      await m.query(
        `UPDATE cases SET last_contact_at = $2, plan_dirty = true, updated_at = $2,
           initial_contact_at = CASE WHEN jurisdiction = 'US' THEN coalesce(initial_contact_at, $2) ELSE initial_contact_at END
         WHERE loan_id = $1`,
        [task.loan_id, now],
      );
      await writeToOutbox(m, [attemptRecorded(refOf(task), 'sent', { ruleIds: judged.decision.ruleIds, agentId: agent }, now)]);
      return {
        kind: 'started',
        contact: {
          taskId: task.task_id,
          attemptId: task.id,
          loanId: task.loan_id,
          channel: task.queue,
          recipient,
          script: judged.rendered.body,
          requirements: task.requirements,
          ruleIds: judged.decision.ruleIds,
          startedAt: now.toISOString(),
        },
      };
    });
  }

  /**
   * Leases the best task the guard would let an agent make now. Candidates the guard refuses are
   * settled on the way (they wait for their moment, lapse, or are cancelled), each in its own
   * transaction; a person another agent holds a live lease on is skipped.
   */
  async leaseNext(queue: QueueName, owner: string, now: Date, leaseMs: number): Promise<LeasedTask | null> {
    for (let i = 0; i < MAX_CANDIDATES; i++) {
      const outcome = await this.dataSource.transaction(async (m): Promise<'none' | 'skipped' | LeasedTask> => {
        const rows: TaskRow[] = await m.query(
          `WITH next AS (
             SELECT t.id FROM agent_tasks t
             WHERE t.queue = $1 AND (t.status = 'open' OR (t.status = 'leased' AND t.lease_expires_at <= $2))
               AND t.expires_at > $2 AND (t.not_before IS NULL OR t.not_before <= $2)
               AND NOT EXISTS (SELECT 1 FROM agent_tasks o WHERE o.customer_id = t.customer_id AND o.id <> t.id AND o.status = 'leased' AND o.lease_expires_at > $2)
             ORDER BY t.priority DESC, t.created_at, t.id
             LIMIT 1 FOR UPDATE OF t SKIP LOCKED)
           ${TASK_SQL} JOIN next ON next.id = t.id`,
          [queue, now],
        );
        const task = rows[0];
        if (task === undefined) return 'none';
        const { judged, recipient } = await this.judge(m, task, now);
        if ((await this.settle(m, task, judged, now, 'lease')) !== null || recipient === null) return 'skipped';
        const [leased]: [Array<{ priority: string; lease_expires_at: Date }>, number] = await m.query(
          `UPDATE agent_tasks SET status = 'leased', lease_owner = $2, lease_expires_at = $3, leases = leases + 1, not_before = NULL
           WHERE id = $1 RETURNING priority::text AS priority, lease_expires_at`,
          [task.task_id, owner, new Date(now.getTime() + leaseMs)],
        );
        return {
          taskId: task.task_id,
          attemptId: task.id,
          loanId: task.loan_id,
          queue: task.queue,
          expectedRecovery: leased[0].priority,
          leaseExpiresAt: leased[0].lease_expires_at.toISOString(),
          expiresAt: task.expires_at.toISOString(),
          requirements: task.requirements,
          script: judged.kind === 'decided' && judged.rendered.ok ? judged.rendered.body : '',
          recipient,
        };
      });
      if (outcome === 'none') return null;
      if (outcome !== 'skipped') return outcome;
    }
    return null;
  }

  /**
   * The guard at this instant, and the number or address the task was queued with. One that does
   * not open (the debtor erased since) leaves nobody to call: the task waits like one whose
   * details are missing, and is never handed out.
   */
  private async judge(m: EntityManager, task: TaskRow, now: Date): Promise<{ judged: Judgement; recipient: string | null; keys: SubjectKeys }> {
    // For sealing too: the script said at the dial is kept sealed.
    const keys = await this.vault.forSealing([task.customer_id]);
    const recipient = openText(keys, task.customer_id, task.recipient).value;
    if (recipient === null) return { judged: { kind: 'waiting' }, recipient, keys };
    const facts = await this.moment.facts(m, [task], now, { queuedWork: false });
    return { judged: this.moment.judge(task, facts, now), recipient, keys };
  }

  /**
   * Applies a refusal to the task and the audit trail; null when the contact may go ahead.
   */
  private async settle(m: EntityManager, task: TaskRow, judged: Judgement, now: Date, at: 'start' | 'lease'): Promise<Refusal | null> {
    const lapse = async (ruleIds: string[], reason: string): Promise<string> => {
      if (task.dialled) await m.query(`UPDATE agent_tasks SET status = 'expired', completed_at = $2 WHERE id = $1`, [task.task_id, now]);
      else await this.cancellation.cancel(m, [{ attemptId: task.id, status: 'expired', ruleIds, reason }], now);
      return 'expired';
    };
    const putBack = async (until: Date): Promise<string> => {
      await m.query(`UPDATE agent_tasks SET status = 'open', lease_owner = NULL, lease_expires_at = NULL, not_before = $2 WHERE id = $1`, [
        task.task_id,
        until,
      ]);
      return 'open';
    };
    if (judged.kind === 'waiting') {
      return {
        decision: 'waiting',
        ruleIds: [],
        taskStatus: await putBack(new Date(now.getTime() + 30_000)),
        detail: 'The debtor’s contact or loan details are missing: the call cannot be judged yet.',
      };
    }
    if (judged.kind === 'stale') {
      if (task.dialled) await m.query(`UPDATE agent_tasks SET status = 'cancelled', completed_at = $2 WHERE id = $1`, [task.task_id, now]);
      else await this.cancellation.cancel(m, [{ attemptId: task.id, status: 'cancelled', ruleIds: [STALE_CONTENT], reason: judged.reason }], now);
      return {
        decision: 'blocked',
        ruleIds: [STALE_CONTENT],
        taskStatus: 'cancelled',
        detail: `The case changed since this task was queued (${judged.reason}).`,
      };
    }
    const audit = [
      task.id,
      task.loan_id,
      task.customer_id,
      task.channel,
      this.policy.profileId(judged.where.jurisdiction),
      task.template_id,
      task.template_version,
      now,
    ];
    if (judged.kind === 'error') {
      await m.query(
        `INSERT INTO compliance_decisions (attempt_id, loan_id, customer_id, channel, kind, rule_ids, until, profile_id, template_id, template_version, content_sha256, detail, decided_at)
         VALUES ($1, $2, $3, $4, 'error', '{}', NULL, $5, $6, $7, NULL, $9, $8)`,
        [...audit, judged.message],
      );
      return {
        decision: 'error',
        ruleIds: [],
        taskStatus: await putBack(new Date(now.getTime() + 30_000)),
        detail: 'The guard could not judge this contact; it is refused.',
      };
    }
    const { decision } = judged;
    // A lease only looks: what it finds allowed or deferred is decided again at the dial; a block is final.
    if (at === 'start' || decision.kind === 'blocked') {
      await m.query(
        `INSERT INTO compliance_decisions (attempt_id, loan_id, customer_id, channel, kind, rule_ids, until, profile_id, template_id, template_version, content_sha256, detail, decided_at)
         VALUES ($1, $2, $3, $4, $9, $10, $11, $5, $6, $7, $12, $13, $8)`,
        [
          ...audit,
          decision.kind,
          decision.ruleIds,
          decision.kind === 'deferred' ? decision.until : null,
          judged.text === undefined ? null : sha256(judged.text),
          task.channel === 'VOICE' ? 'dial' : 'visit',
        ],
      );
    }
    if (decision.kind === 'allowed') return null;
    if (decision.kind === 'deferred') {
      const until = decision.until.toISOString();
      // Its window closes before the next permitted moment: the task lapses rather than wait for another day.
      const taskStatus =
        decision.until.getTime() >= task.expires_at.getTime()
          ? await lapse(decision.ruleIds, `task-expired: not permitted again before its window closed (${decision.ruleIds.join(', ')})`)
          : await putBack(decision.until);
      return {
        decision: 'deferred',
        ruleIds: decision.ruleIds,
        until,
        taskStatus,
        detail: `Not permitted now (${decision.ruleIds.join(', ')}); the earliest permitted moment is ${until}.`,
      };
    }
    await m.query(`UPDATE agent_tasks SET status = 'cancelled', completed_at = $2 WHERE id = $1`, [task.task_id, now]);
    if (!task.dialled) {
      await m.query(`UPDATE contact_attempts SET status = 'blocked', decision_kind = 'blocked', rule_ids = $2, updated_at = $3 WHERE id = $1`, [
        task.id,
        decision.ruleIds,
        now,
      ]);
      await writeToOutbox(m, [attemptRecorded(refOf(task), 'blocked', { ruleIds: decision.ruleIds }, now)]);
    }
    return { decision: 'blocked', ruleIds: decision.ruleIds, taskStatus: 'cancelled', detail: `Not permitted (${decision.ruleIds.join(', ')}).` };
  }
}

export interface LeasedTask {
  readonly taskId: string;
  readonly attemptId: string;
  readonly loanId: string;
  readonly queue: QueueName;
  readonly expectedRecovery: string;
  readonly leaseExpiresAt: string;
  /** When the task lapses: the end of the permitted time it was queued in. */
  readonly expiresAt: string;
  readonly requirements: unknown;
  /** Rendered now from the case's facts (the dial renders it again). */
  readonly script: string;
  readonly recipient: string;
}

/** Candidates refused by the guard that one lease request settles before it answers 204. */
const MAX_CANDIDATES = 25;

function refOf(task: TaskRow) {
  return {
    attemptId: task.id,
    loanId: task.loan_id,
    customerId: task.customer_id,
    channel: task.channel,
    treatmentId: task.treatment_id,
    templateId: task.template_id,
  };
}
