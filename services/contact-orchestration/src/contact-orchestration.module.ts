import { type DynamicModule, Module } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@clearpath/platform';
import { ComplianceController } from './api/compliance.controller';
import { ContactsController } from './api/contacts.controller';
import { ApplyComplaintsUseCase } from './cases/apply-complaints.use-case';
import { ApplyCustomerContactsUseCase } from './cases/apply-customer-contacts.use-case';
import { ApplyLifecycleUseCase } from './cases/apply-lifecycle.use-case';
import { ApplyRepaymentPlansUseCase } from './cases/apply-repayment-plans.use-case';
import { ApplySegmentsUseCase } from './cases/apply-segments.use-case';
import { CaseEventsConsumer } from './cases/case-events.consumer';
import { CaseRepository } from './cases/case.repository';
import { CaseUpdateWriter } from './cases/case-update.writer';
import { CHANNEL_PROVIDERS, type ChannelProvider } from './channels/channel-provider';
import { LocalProvider } from './channels/local.provider';
import { ReceiptsController } from './channels/receipts.controller';
import { ReceiptsService } from './channels/receipts.service';
import { CONTACT_POLICY, type ContactPolicy } from './config/contact-policy';
import { OutcomesController } from './outcomes/outcomes.controller';
import { RecordOutcomeUseCase } from './outcomes/record-outcome.use-case';
import { AgentQueueProvider } from './queues/agent-queue.provider';
import { QueuesController } from './queues/queues.controller';
import { ContactScheduler } from './scheduler/contact.scheduler';
import { AttemptCancellation } from './scheduler/attempt-cancellation';
import { DispatchAttemptsUseCase } from './scheduler/dispatch-attempts.use-case';
import { MomentOfContact } from './scheduler/moment-of-contact';
import { InboundController } from './inbound/inbound.controller';
import { RecordInboundUseCase } from './inbound/record-inbound.use-case';
import { ComplianceStatesService } from './protections/compliance-states.service';
import { ProtectionsController } from './protections/protections.controller';
import { StartContactUseCase } from './queues/start-contact.use-case';
import { PlanStepsUseCase } from './scheduler/plan-steps.use-case';
import { LegacyReseal } from './personal-data/legacy-reseal';
import { LookupIndex } from './personal-data/lookup-index';

/** The blind index's keys derive from the master keys the platform read (CLEARPATH_PII_MASTER_KEYS). */
function lookupIndexOf(config: RuntimeConfig): LookupIndex {
  if (config.personalData === undefined)
    throw new Error('contact-orchestration holds personal data: the platform config has no master keys (CLEARPATH_PII_MASTER_KEYS)');
  return new LookupIndex(config.personalData);
}

@Module({})
export class ContactOrchestrationModule {
  /** The policy (templates, treatments, profiles, settings) is loaded before the app is built: a bad file stops the boot. */
  static forRoot(policy: ContactPolicy): DynamicModule {
    return {
      module: ContactOrchestrationModule,
      controllers: [
        CaseEventsConsumer,
        ContactsController,
        ComplianceController,
        OutcomesController,
        ReceiptsController,
        QueuesController,
        InboundController,
        ProtectionsController,
      ],
      providers: [
        { provide: CONTACT_POLICY, useValue: policy },
        { provide: LookupIndex, useFactory: lookupIndexOf, inject: [RUNTIME_CONFIG] },
        LegacyReseal,
        CaseRepository,
        CaseUpdateWriter,
        ApplySegmentsUseCase,
        ApplyLifecycleUseCase,
        ApplyRepaymentPlansUseCase,
        ApplyComplaintsUseCase,
        ApplyCustomerContactsUseCase,
        LocalProvider,
        AgentQueueProvider,
        {
          provide: CHANNEL_PROVIDERS,
          useFactory: (local: LocalProvider, queue: AgentQueueProvider): ChannelProvider[] => [local, queue],
          inject: [LocalProvider, AgentQueueProvider],
        },
        ReceiptsService,
        PlanStepsUseCase,
        DispatchAttemptsUseCase,
        MomentOfContact,
        ComplianceStatesService,
        RecordInboundUseCase,
        StartContactUseCase,
        AttemptCancellation,
        RecordOutcomeUseCase,
        ContactScheduler,
      ],
    };
  }
}
