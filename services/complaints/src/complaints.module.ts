import { type DynamicModule, Module } from '@nestjs/common';
import { ComplaintsController } from './api/complaints.controller';
import { ScorecardController } from './api/scorecard.controller';
import { ComplaintRepository } from './complaints/complaint.repository';
import { ComplaintChangeWriter } from './complaints/complaint-change.writer';
import { ExtendDeadlineUseCase } from './complaints/extend-deadline.use-case';
import { OpenComplaintUseCase } from './complaints/open-complaint.use-case';
import { OverrideTriageUseCase } from './complaints/override-triage.use-case';
import { ResolveComplaintUseCase } from './complaints/resolve-complaint.use-case';
import { TransitionComplaintUseCase } from './complaints/transition-complaint.use-case';
import { COMPLAINTS_SETTINGS, type ComplaintsSettings } from './config/complaints-settings';
import { ContactAttemptsConsumer } from './evidence/contact-attempts.consumer';
import { ContactAttemptsRepository } from './evidence/contact-attempts.repository';
import { LoanLifecycleConsumer } from './loans/loan-lifecycle.consumer';
import { LoanRepository } from './loans/loan.repository';
import { LegacyReseal } from './privacy/legacy-reseal';
import { DeadlineScheduler } from './scheduler/deadline.scheduler';
import { AgentScorecardQuery } from './scorecard/agent-scorecard.query';
import { RepaymentPlansConsumer } from './scorecard/repayment-plans.consumer';
import { TriageService } from './triage/triage.service';

@Module({})
export class ComplaintsModule {
  static forRoot(settings: ComplaintsSettings): DynamicModule {
    return {
      module: ComplaintsModule,
      controllers: [ComplaintsController, ScorecardController, LoanLifecycleConsumer, ContactAttemptsConsumer, RepaymentPlansConsumer],
      providers: [
        { provide: COMPLAINTS_SETTINGS, useValue: settings },
        TriageService,
        ComplaintRepository,
        LoanRepository,
        ContactAttemptsRepository,
        AgentScorecardQuery,
        ComplaintChangeWriter,
        OpenComplaintUseCase,
        OverrideTriageUseCase,
        TransitionComplaintUseCase,
        ExtendDeadlineUseCase,
        ResolveComplaintUseCase,
        DeadlineScheduler,
        LegacyReseal,
      ],
    };
  }
}
