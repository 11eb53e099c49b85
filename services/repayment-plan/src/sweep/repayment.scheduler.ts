import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { type Clock, type PlanKind } from '@clearpath/contracts';
import { type OutboxRecord, writeToOutbox } from '@clearpath/messaging';
import { InjectLogger, type Logger } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, PollingLoop } from '@clearpath/platform';
import { REPAYMENT_CONTEXT, type RepaymentContext } from '../config/repayment-context';
import { PROMISE_COLUMNS, promiseOf, type PromiseRow } from '../ledger/ledger.repository';
import { type PlanFacts, planStatusChanged, promiseStatusChanged } from '../events/repayment-events';

export interface SweepReport {
  readonly plansBroken: number;
  readonly promisesBroken: number;
}

/** A tick does at most this many batches per kind, so one tick never runs unbounded. */
const MAX_BATCHES_PER_TICK = 200;

/**
 * The durable sweep: all its state is in PostgreSQL (each active plan's `break_after`, each open
 * promise's), so a restart loses nothing. A timer calls `tick(clock.now())`; tests call it
 * themselves. Each batch claims rows with FOR UPDATE SKIP LOCKED, so instances share the work, and
 * breaks them with one UPDATE; the events go to the outbox in the same transaction.
 *
 * "Past the grace period" is in the debtor's calendar: break_after < today in the row's time zone.
 * The index on break_after is used with a bound no zone can exceed (UTC date + 1), and the exact
 * per-zone comparison filters what it finds.
 */
@Injectable()
export class RepaymentScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private loop: PollingLoop | null = null;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPAYMENT_CONTEXT) private readonly context: RepaymentContext,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.context.settings.sweepEnabled) return;
    this.loop = new PollingLoop({
      name: 'repayment sweep',
      pollMs: this.context.settings.sweepPollMs,
      clock: this.clock,
      logger: this.logger,
      pass: async (now) => (await this.tick(now), false),
    });
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  async tick(now: Date): Promise<SweepReport> {
    const batch = this.context.settings.sweepBatchSize;
    let plansBroken = 0;
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
      const n = await this.dataSource.transaction((m) => this.breakPlans(m, now, batch));
      plansBroken += n;
      if (n < batch) break;
    }
    let promisesBroken = 0;
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
      const n = await this.dataSource.transaction((m) => this.breakPromises(m, now, batch));
      promisesBroken += n;
      if (n < batch) break;
    }
    return { plansBroken, promisesBroken };
  }

  private async breakPlans(m: EntityManager, now: Date, limit: number): Promise<number> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows]: [BrokenPlanRow[], number] = await m.query(
      `WITH due AS (
         SELECT plan_id FROM plans
         WHERE status = 'active' AND break_after < ($1::timestamptz AT TIME ZONE 'UTC')::date + 1
           AND break_after < ($1::timestamptz AT TIME ZONE timezone)::date
         ORDER BY break_after LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE plans p SET status = 'broken', missed_seq = p.next_seq, updated_at = $1
       FROM due WHERE p.plan_id = due.plan_id
       RETURNING p.plan_id, p.loan_id, p.customer_id, p.kind, p.currency, p.total_minor, p.paid_minor, p.instalment_count,
                 p.policy_version, p.next_seq, p.next_due_date::text`,
      [now, limit],
    );
    const outbox: OutboxRecord[] = rows.map((r) => planStatusChanged(brokenPlan(r), 'active', now, { correlationId: `sweep:${r.plan_id}`, causationId: null }));
    await writeToOutbox(m, outbox);
    return rows.length;
  }

  private async breakPromises(m: EntityManager, now: Date, limit: number): Promise<number> {
    const [rows]: [PromiseRow[], number] = await m.query(
      `WITH due AS (
         SELECT promise_id AS due_id FROM promises
         WHERE status = 'open' AND break_after < ($1::timestamptz AT TIME ZONE 'UTC')::date + 1
           AND break_after < ($1::timestamptz AT TIME ZONE timezone)::date
         ORDER BY break_after LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE promises p SET status = 'broken', updated_at = $1
       FROM due WHERE p.promise_id = due.due_id
       RETURNING ${PROMISE_COLUMNS}`,
      [now, limit],
    );
    const outbox = rows.map((r) => promiseStatusChanged(promiseOf(r), 'open', now, { correlationId: `sweep:${r.promise_id}`, causationId: null }));
    await writeToOutbox(m, outbox);
    return rows.length;
  }
}

interface BrokenPlanRow {
  plan_id: string;
  loan_id: string;
  customer_id: string;
  kind: PlanKind;
  currency: string;
  total_minor: string;
  paid_minor: string;
  instalment_count: number;
  policy_version: string;
  next_seq: number | null;
  next_due_date: string | null;
}

function brokenPlan(r: BrokenPlanRow): PlanFacts {
  return {
    planId: r.plan_id,
    loanId: r.loan_id,
    customerId: r.customer_id,
    kind: r.kind,
    status: 'broken',
    currency: r.currency,
    totalMinor: BigInt(r.total_minor),
    paidMinor: BigInt(r.paid_minor),
    instalmentCount: r.instalment_count,
    nextDueDate: r.next_due_date,
    missedSeq: r.next_seq,
    policyVersion: r.policy_version,
  };
}
