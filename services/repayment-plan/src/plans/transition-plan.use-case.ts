import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '@clearpath/contracts';
import type { AuthPrincipal } from '@clearpath/auth';
import { writeToOutbox } from '@clearpath/messaging';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import { type Cause, planStatusChanged } from '../events/repayment-events';
import { LedgerRepository } from '../ledger/ledger.repository';
import { checkPlanDuty, planDutyProblem } from './plan-duties';
import type { PlanRecord } from './plan-record';
import { IllegalTransitionError, type PlanAction, nextPlanStatus } from './plan-state';

/**
 * approve (supervisor) or cancel, in one transaction with its PlanStatusChanged event in the outbox;
 * anything the state machine does not allow is a 409, then the separation of duties
 * (plan-duties.ts): the creator never approves (409), an agent never cancels an active plan (403).
 * The row is locked, so the check and the change see the same plan.
 */
@Injectable()
export class TransitionPlanUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(planId: string, action: Extract<PlanAction, 'approve' | 'cancel'>, by: AuthPrincipal, cause: Cause): Promise<PlanRecord> {
    return this.dataSource.transaction(async (m) => {
      const plan = await this.ledger.plan(m, planId, true);
      if (!plan) throw ProblemException.notFound(`No plan ${planId}.`);
      let status;
      try {
        status = nextPlanStatus(plan.status, action);
      } catch (error) {
        if (error instanceof IllegalTransitionError) throw ProblemException.conflict(`${error.message} (plan ${planId} is ${plan.status}).`);
        throw error;
      }
      const duty = checkPlanDuty(plan, action, by);
      if (!duty.ok) throw planDutyProblem(duty);
      const now = this.clock.now();
      const actor = `${by.role}:${by.subject}`;
      const updated: PlanRecord = { ...plan, status, ...(action === 'approve' ? { approvedBy: actor } : { cancelledBy: actor }), updatedAt: now.toISOString() };
      await this.ledger.savePlans(m, [updated]);
      await writeToOutbox(m, [planStatusChanged(updated, plan.status, now, cause)]);
      return updated;
    });
  }
}
