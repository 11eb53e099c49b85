import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '@clearpath/contracts';
import { InjectLogger, type Logger } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, PollingLoop } from '@clearpath/platform';
import { LocalProvider } from '../channels/local.provider';
import { ReceiptsService } from '../channels/receipts.service';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { AttemptCancellation } from './attempt-cancellation';
import { DispatchAttemptsUseCase, type DispatchCounts } from './dispatch-attempts.use-case';
import { PlanStepsUseCase } from './plan-steps.use-case';

export interface TickReport {
  readonly promisesBroken: number;
  readonly planned: number;
  readonly dispatched: Omit<DispatchCounts, 'claimed'>;
  readonly tasksExpired: number;
  readonly receipts: number;
}

/** A tick does at most this many batches per phase, so one tick never runs unbounded. */
const MAX_BATCHES_PER_TICK = 50;

/**
 * The durable scheduler: all its state is in PostgreSQL (cases, attempts with their due time), so
 * a restart loses nothing. A timer calls `tick(clock.now())` every poll interval; a tick that found
 * full batches runs again at once, an idle one waits (no busy loop). Tests call `tick` themselves.
 */
@Injectable()
export class ContactScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private loop: PollingLoop | null = null;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    private readonly plan: PlanStepsUseCase,
    private readonly dispatch: DispatchAttemptsUseCase,
    private readonly local: LocalProvider,
    private readonly receipts: ReceiptsService,
    private readonly cancellation: AttemptCancellation,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.policy.settings.schedulerEnabled) return;
    const { batchSize, schedulerPollMs } = this.policy.settings;
    this.loop = new PollingLoop({
      name: 'contact scheduler tick',
      pollMs: schedulerPollMs,
      clock: this.clock,
      logger: this.logger,
      pass: async (now) => isBusy(await this.tick(now), batchSize),
    });
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  /** One pass at `now`: broken promises, planning, dispatch, local receipts. */
  async tick(now: Date): Promise<TickReport> {
    const { batchSize } = this.policy.settings;
    const promisesBroken = await this.breakPromises(now);
    // Planning and dispatch take turns, a batch each: a backlog of cases to plan (a nightly roll)
    // does not hold back the first contact decisions of the cases already planned.
    let planned = 0;
    let planning = true;
    const dispatched = { sent: 0, queued: 0, deferred: 0, blocked: 0, cancelled: 0, failed: 0, waiting: 0 };
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
      if (planning) {
        const p = await this.dataSource.transaction((m) => this.plan.execute(m, now));
        planned += p.attempts;
        planning = p.cases >= batchSize;
      }
      const r = await this.dataSource.transaction((m) => this.dispatch.execute(m, now));
      dispatched.sent += r.sent;
      dispatched.queued += r.queued;
      dispatched.deferred += r.deferred;
      dispatched.blocked += r.blocked;
      dispatched.cancelled += r.cancelled;
      dispatched.failed += r.failed;
      dispatched.waiting += r.waiting;
      if (!planning && r.claimed < batchSize) break;
    }
    const tasksExpired = await this.dataSource.transaction((m) => this.expireTasks(m, now));
    let receipts = 0;
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
      const n = await this.dataSource.transaction(async (m) => {
        const due = await this.local.dueReceipts(m, now, batchSize);
        await this.receipts.apply(
          m,
          due.map((d) => ({ ...d, status: 'delivered' as const })),
          now,
        );
        return due.length;
      });
      receipts += n;
      if (n < batchSize) break;
    }
    return { promisesBroken, planned, dispatched, tasksExpired, receipts };
  }

  /**
   * Calls and visits whose permitted time closed before they were made lapse: the attempt is
   * `expired` (with the reason in the audit trail), never made later out of its window. A task
   * already dialled just closes (its call counted when it was made).
   */
  private async expireTasks(m: EntityManager, now: Date): Promise<number> {
    const due: Array<{ attempt_id: string; dialled: boolean }> = await m.query(
      `SELECT t.attempt_id, EXISTS (SELECT 1 FROM agent_contacts c WHERE c.task_id = t.id) AS dialled FROM agent_tasks t
       WHERE t.status IN ('open', 'leased') AND t.expires_at <= $1 ORDER BY t.expires_at LIMIT $2 FOR UPDATE OF t SKIP LOCKED`,
      [now, this.policy.settings.batchSize],
    );
    if (due.length === 0) return 0;
    await m.query(`UPDATE agent_tasks SET status = 'expired', completed_at = $2 WHERE attempt_id = ANY($1::uuid[]) AND status IN ('open', 'leased')`, [
      due.filter((d) => d.dialled).map((d) => d.attempt_id),
      now,
    ]);
    await this.cancellation.cancel(
      m,
      due
        .filter((d) => !d.dialled)
        .map((d) => ({
          attemptId: d.attempt_id,
          status: 'expired',
          ruleIds: ['hours'],
          reason: 'task-expired: its permitted time closed before the call or visit was made',
        })),
      now,
    );
    return due.length;
  }

  /** A promise whose date passed (in the debtor's zone) without the payment is broken. */
  private async breakPromises(now: Date): Promise<number> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      `UPDATE cases SET open_promise = false, last_promise_broken_at = $1, plan_dirty = true, updated_at = $1
       WHERE open_promise AND promise_date IS NOT NULL AND promise_date < ($1::timestamptz AT TIME ZONE coalesce(timezone, 'UTC'))::date
       RETURNING loan_id`,
      [now],
    );
    return affected;
  }
}

function isBusy(r: TickReport, batchSize: number): boolean {
  const { sent, queued, deferred, blocked, cancelled, failed } = r.dispatched;
  return (
    r.planned >= batchSize * MAX_BATCHES_PER_TICK ||
    sent + queued + deferred + blocked + cancelled + failed >= batchSize * MAX_BATCHES_PER_TICK ||
    r.tasksExpired >= batchSize
  );
}
