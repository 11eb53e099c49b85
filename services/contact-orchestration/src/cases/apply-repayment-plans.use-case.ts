import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Clock, RepaymentPlanEventV1 } from '@clearpath/contracts';
import { CLOCK } from '@clearpath/platform';
import { applyRepaymentPlan, type CaseUpdate } from './case-record';
import { CaseUpdateWriter, type CaseChange } from './case-update.writer';

export type RepaymentPlanOutcome = CaseChange;

/** Plans, promises and resolved cases from repayment-plan. */
@Injectable()
export class ApplyRepaymentPlansUseCase {
  constructor(
    private readonly writer: CaseUpdateWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, events: readonly RepaymentPlanEventV1[]): Promise<RepaymentPlanOutcome[]> {
    const now = this.clock.now();
    return this.writer.applyInOrder<RepaymentPlanEventV1, never>(
      m,
      events.map((e) => e.payload),
      events,
      now,
      (current, event): CaseUpdate => applyRepaymentPlan(current, event, now),
    );
  }
}
