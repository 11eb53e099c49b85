import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clock, LoanLifecycleEventV1 } from '@clearpath/contracts';
import { CLOCK } from '@clearpath/platform';
import { applyLifecycle, type CaseUpdate } from './case-record';
import { CaseRepository } from './case.repository';
import { CaseUpdateWriter, type CaseChange } from './case-update.writer';

export type LifecycleOutcome = CaseChange;

/** The loan's lifecycle (payments, closure, flags, delinquency) applied to its case. */
@Injectable()
export class ApplyLifecycleUseCase {
  constructor(
    private readonly writer: CaseUpdateWriter,
    private readonly cases: CaseRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, events: readonly LoanLifecycleEventV1[]): Promise<LifecycleOutcome[]> {
    const now = this.clock.now();
    const outcomes = await this.writer.applyInOrder<LoanLifecycleEventV1, never>(
      m,
      events.map((e) => e.payload),
      events,
      now,
      (current, event): CaseUpdate => applyLifecycle(current, event, now),
    );
    await this.cases.wakeAttemptsAwaitingDetails(
      m,
      events.filter((e) => e.eventType === 'LoanDelinquencyUpdated').map((e) => e.payload.loanId),
      now,
    );
    return outcomes;
  }
}
