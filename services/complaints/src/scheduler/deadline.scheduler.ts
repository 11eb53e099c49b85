import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '@clearpath/contracts';
import { writeToOutbox } from '@clearpath/messaging';
import { InjectLogger, type Logger } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, PollingLoop } from '@clearpath/platform';
import { acknowledgementDeadlineRecord, deadlineRecord } from '../complaints/complaint-events';
import type { ComplaintRecord, HistoryEntry } from '../complaints/complaint.record';
import { ComplaintRepository, type DeadlineKind } from '../complaints/complaint.repository';
import { COMPLAINTS_SETTINGS, type ComplaintsSettings } from '../config/complaints-settings';

export interface SweepReport {
  /** Final-answer deadline. */
  readonly reminders: number;
  readonly breaches: number;
  /** Acknowledgement deadline. */
  readonly acknowledgementReminders: number;
  readonly acknowledgementBreaches: number;
}

/** One of the sweep's four queues (a deadline and a kind: the rows it claims), and what it writes for each in the same transaction. */
interface Phase {
  readonly deadline: DeadlineKind;
  readonly kind: 'reminder' | 'breached';
  announce(m: EntityManager, due: readonly ComplaintRecord[], now: Date): Promise<void>;
}

/** A tick does at most this many batches per phase, so one tick never runs unbounded. */
const MAX_BATCHES_PER_TICK = 50;

const SYSTEM = { subject: 'deadline-sweep', role: 'service' } as const;

/**
 * The durable deadline sweep: all its state is on the complaint rows (reminder_at, deadline_at and
 * when each was announced, for the final answer and for the acknowledgement), so a restart loses
 * nothing and nothing is announced twice — a row is marked in the same transaction as the history
 * entry and outbox record that announce it. Breaches go first: a complaint whose deadline has
 * already passed (the service was down, the clock jumped, or it was received days before it was
 * logged) gets the breach, not a late reminder. A timer calls `tick(clock.now())`; tests call
 * `tick` themselves.
 *
 * The acknowledgement deadline's reminders and breaches go out as ComplaintAcknowledgementDeadline
 * (a type of its own: a consumer knowing only ComplaintDeadline cannot mistake one for a
 * final-answer breach).
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private loop: PollingLoop | null = null;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMPLAINTS_SETTINGS) private readonly settings: ComplaintsSettings,
    private readonly complaints: ComplaintRepository,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.schedulerEnabled) return;
    this.loop = new PollingLoop({
      name: 'complaint deadline sweep',
      pollMs: this.settings.schedulerPollMs,
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
    const breaches = await this.run(now, this.finalAnswer('breached'));
    const acknowledgementBreaches = await this.run(now, this.acknowledgement('breached'));
    const reminders = await this.run(now, this.finalAnswer('reminder'));
    const acknowledgementReminders = await this.run(now, this.acknowledgement('reminder'));
    return { reminders, breaches, acknowledgementReminders, acknowledgementBreaches };
  }

  private finalAnswer(kind: 'reminder' | 'breached'): Phase {
    return {
      deadline: 'final-answer',
      kind,
      announce: async (m, due, now) => {
        await writeToOutbox(
          m,
          due.map((c) => deadlineRecord(c, kind, now)),
        );
        await this.complaints.appendHistory(
          m,
          due.map((c) => historyEntry(c, now, kind === 'breached' ? 'deadline-breached' : 'deadline-reminder', c.deadlineAt)),
        );
      },
    };
  }

  private acknowledgement(kind: 'reminder' | 'breached'): Phase {
    return {
      deadline: 'acknowledgement',
      kind,
      announce: async (m, due, now) => {
        const announced = due.flatMap((c) => (c.acknowledgement === null ? [] : [{ c, deadlineAt: c.acknowledgement.deadlineAt }]));
        await writeToOutbox(
          m,
          announced.map(({ c, deadlineAt }) => acknowledgementDeadlineRecord(c, deadlineAt, kind, now)),
        );
        await this.complaints.appendHistory(
          m,
          announced.map(({ c, deadlineAt }) => historyEntry(c, now, kind === 'breached' ? 'acknowledgement-breached' : 'acknowledgement-reminder', deadlineAt)),
        );
      },
    };
  }

  private async run(now: Date, phase: Phase): Promise<number> {
    const { batchSize } = this.settings;
    let total = 0;
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
      const n = await this.dataSource.transaction(async (m) => {
        const due =
          phase.kind === 'breached'
            ? await this.complaints.claimBreaches(m, phase.deadline, now, batchSize)
            : await this.complaints.claimDueReminders(m, phase.deadline, now, batchSize);
        await phase.announce(m, due, now);
        return due.length;
      });
      total += n;
      if (n < batchSize) break;
    }
    if (total > 0) this.logger.info({ deadline: phase.deadline, kind: phase.kind, count: total }, 'complaint deadline sweep');
    return total;
  }
}

function historyEntry(c: ComplaintRecord, now: Date, action: string, deadlineAt: Date): HistoryEntry {
  return {
    complaintId: c.complaintId,
    at: now,
    actor: SYSTEM.subject,
    actorRole: SYSTEM.role,
    action,
    fromStatus: null,
    toStatus: c.status,
    details: { deadlineAt: deadlineAt.toISOString() },
  };
}
