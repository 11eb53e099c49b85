import { type DynamicModule, Module } from '@nestjs/common';
import type { Clock } from '@clearpath/contracts';
import { FailedAttemptsLimiter } from '@clearpath/auth';
import { CLOCK } from '@clearpath/platform';
import { PlansController } from './api/plans.controller';
import { ApplyLifecycleUseCase } from './cases/apply-lifecycle.use-case';
import { ApplySegmentsUseCase } from './cases/apply-segments.use-case';
import { CaseEventsConsumer } from './cases/case-events.consumer';
import { REPAYMENT_CONTEXT, type RepaymentContext } from './config/repayment-context';
import { LedgerRepository } from './ledger/ledger.repository';
import { AcceptOfferUseCase } from './plans/accept-offer.use-case';
import { PlanQueries } from './plans/plan.queries';
import { TransitionPlanUseCase } from './plans/transition-plan.use-case';
import { RecordPromisesUseCase } from './promises/record-promises.use-case';
import { ComplaintsClient } from './self-service/complaints.client';
import { SelfServiceController } from './self-service/self-service.controller';
import { RepaymentScheduler } from './sweep/repayment.scheduler';

@Module({})
export class RepaymentPlanModule {
  /** The policy and settings are loaded before the app is built: a bad file stops the boot. */
  static forRoot(context: RepaymentContext): DynamicModule {
    return {
      module: RepaymentPlanModule,
      controllers: [CaseEventsConsumer, PlansController, SelfServiceController],
      providers: [
        { provide: REPAYMENT_CONTEXT, useValue: context },
        LedgerRepository,
        ApplyLifecycleUseCase,
        ApplySegmentsUseCase,
        RecordPromisesUseCase,
        PlanQueries,
        AcceptOfferUseCase,
        TransitionPlanUseCase,
        ComplaintsClient,
        RepaymentScheduler,
        {
          provide: FailedAttemptsLimiter,
          inject: [CLOCK],
          useFactory: (clock: Clock) =>
            new FailedAttemptsLimiter({ limit: context.settings.linkFailuresPerIp, windowMs: context.settings.linkFailureWindowMs, clock }),
        },
      ],
    };
  }
}
