import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  TOPICS,
  parseCaseSegmentedEvent,
  parseComplaintEvent,
  parseCustomerContactsEvent,
  parseLoanLifecycleEvent,
  parseRepaymentPlanEvent,
} from '@clearpath/contracts';
import { type InboundBatch, type MessageOutcome, applyValidated, schemaChecked } from '@clearpath/messaging';
import { ApplyCaseEventsUseCase } from './apply-case-events.use-case';

/**
 * The inputs of a case: risk-scoring's verdict (start or change the treatment), the loan's
 * lifecycle (payments, closure, flags, delinquency), the debtor's contact details (sealed) and
 * their erasure, repayment-plan's plans, promises and resolutions, and complaints that stop or
 * limit contact.
 * A record that does not parse is dead-lettered; the rest are applied in the inbox transaction.
 */
/** The use case already answers one outcome per record. */
const same = (outcome: MessageOutcome): MessageOutcome => outcome;

@Controller()
export class CaseEventsConsumer {
  constructor(private readonly apply: ApplyCaseEventsUseCase) {}

  @EventPattern(TOPICS.caseSegmented.name)
  onSegmented(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(batch.messages, schemaChecked(parseCaseSegmentedEvent), (events) => this.apply.segmented(batch.manager, events), same);
  }

  @EventPattern(TOPICS.loanLifecycle.name)
  onLifecycle(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(batch.messages, schemaChecked(parseLoanLifecycleEvent), (events) => this.apply.lifecycle(batch.manager, events), same);
  }

  @EventPattern(TOPICS.repaymentPlans.name)
  onRepaymentPlan(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(batch.messages, schemaChecked(parseRepaymentPlanEvent), (events) => this.apply.repaymentPlans(batch.manager, events), same);
  }

  @EventPattern(TOPICS.complaints.name)
  onComplaint(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(batch.messages, schemaChecked(parseComplaintEvent), (events) => this.apply.complaints(batch.manager, events), same);
  }

  @EventPattern(TOPICS.customerContacts.name)
  onContactDetails(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(batch.messages, schemaChecked(parseCustomerContactsEvent), (events) => this.apply.contactDetails(batch.manager, events), same);
  }
}
