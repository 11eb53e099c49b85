import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '@clearpath/contracts';
import { writeToOutbox } from '@clearpath/messaging';
import { InjectLogger, type Logger } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, PollingLoop } from '@clearpath/platform';
import { deadlineRecord } from '../complaints/complaint-events';
import type { ComplaintRecord } from '../complaints/complaint.record';
import { ComplaintRepository } from '../complaints/complaint.repository';
import { COMPLAINTS_SETTINGS, type ComplaintsSettings } from '../config/complaints-settings';

export interface SweepReport {
  readonly reminders: number;
  readonly breaches: number;
}

/** A tick does at most this many batches per phase, so one tick never runs unbounded. */
const MAX_BATCHES_PER_TICK = 50;

const SYSTEM = { subject: 'deadline-sweep', role: 'system' } as const;

/**
 * The durable deadline sweep: all its state is on the complaint rows (reminder_at, deadline_at and
 * when each was announced), so a restart loses nothing and nothing is announced twice — a row is
 * marked in the same transaction as the outbox record that announces it. Breaches go first: a
 * complaint whose deadline has already passed (the service was down, or the clock jumped) gets
 * the breach, not a late reminder. A timer calls `tick(clock.now())`; tests call `tick` themselves.
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
    this.loop = new PollingLoop({ name: 'complaint deadline sweep', pollMs: this.settings.schedulerPollMs, clock: this.clock, logger: this.logger, pass: async (now) => (await this.tick(now), false) });
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  async tick(now: Date): Promise<SweepReport> {
    const breaches = await this.phase(now, 'breached', (m, limit) => this.complaints.claimBreaches(m, now, limit));
    const reminders = await this.phase(now, 'reminder', (m, limit) => this.complaints.claimDueReminders(m, now, limit));
    return { reminders, breaches };
  }

  private async phase(now: Date, kind: 'reminder' | 'breached', claim: (m: import('typeorm').EntityManager, limit: number) => Promise<ComplaintRecord[]>): Promise<number> {
    const { batchSize } = this.settings;
    let total = 0;
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
      const n = await this.dataSource.transaction(async (m) => {
        const due = await claim(m, batchSize);
        await writeToOutbox(m, due.map((c) => deadlineRecord(c, kind, now)));
        await this.complaints.appendHistory(
          m,
          due.map((c) => ({ complaintId: c.complaintId, at: now, actor: SYSTEM.subject, actorRole: SYSTEM.role, action: kind === 'breached' ? 'deadline-breached' : 'deadline-reminder', fromStatus: null, toStatus: c.status, details: { deadlineAt: c.deadlineAt.toISOString() } })),
        );
        return due.length;
      });
      total += n;
      if (n < batchSize) break;
    }
    if (total > 0) this.logger.info({ kind, count: total }, 'complaint deadline sweep');
    return total;
  }
}
