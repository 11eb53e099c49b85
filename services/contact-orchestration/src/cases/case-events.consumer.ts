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
import { ApplyComplaintsUseCase, type ComplaintOutcome } from './apply-complaints.use-case';
import { ApplyCustomerContactsUseCase, type CustomerContactsOutcome } from './apply-customer-contacts.use-case';
import { ApplyLifecycleUseCase } from './apply-lifecycle.use-case';
import { ApplyRepaymentPlansUseCase } from './apply-repayment-plans.use-case';
import { ApplySegmentsUseCase, type SegmentOutcome } from './apply-segments.use-case';
import type { CaseChange } from './case-update.writer';

/**
 * The inputs of a case: risk-scoring's verdict (start or change the treatment), the loan's
 * lifecycle (payments, closure, flags, delinquency), the debtor's contact details (sealed) and
 * their erasure, repayment-plan's plans, promises and resolutions, and complaints that stop or
 * limit contact.
 * A record that does not parse is dead-lettered; the rest are applied in the inbox transaction.
 */
@Controller()
export class CaseEventsConsumer {
  constructor(
    private readonly segments: ApplySegmentsUseCase,
    private readonly lifecycle: ApplyLifecycleUseCase,
    private readonly repaymentPlans: ApplyRepaymentPlansUseCase,
    private readonly complaints: ApplyComplaintsUseCase,
    private readonly customerContacts: ApplyCustomerContactsUseCase,
  ) {}

  @EventPattern(TOPICS.caseSegmented.name)
  onSegmented(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      schemaChecked(parseCaseSegmentedEvent),
      (events) => this.segments.execute(batch.manager, events),
      segmentMessageOutcome,
    );
  }

  @EventPattern(TOPICS.loanLifecycle.name)
  onLifecycle(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      schemaChecked(parseLoanLifecycleEvent),
      (events) => this.lifecycle.execute(batch.manager, events),
      caseChangeMessageOutcome,
    );
  }

  @EventPattern(TOPICS.repaymentPlans.name)
  onRepaymentPlan(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      schemaChecked(parseRepaymentPlanEvent),
      (events) => this.repaymentPlans.execute(batch.manager, events),
      caseChangeMessageOutcome,
    );
  }

  @EventPattern(TOPICS.complaints.name)
  onComplaint(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      schemaChecked(parseComplaintEvent),
      (events) => this.complaints.execute(batch.manager, events),
      complaintMessageOutcome,
    );
  }

  @EventPattern(TOPICS.customerContacts.name)
  onContactDetails(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      schemaChecked(parseCustomerContactsEvent),
      (events) => this.customerContacts.execute(batch.manager, events),
      customerContactsMessageOutcome,
    );
  }
}

function caseChangeMessageOutcome(outcome: CaseChange): MessageOutcome {
  return outcome.kind === 'applied' ? { status: 'applied' } : { status: 'skipped', reason: 'stale' };
}

function segmentMessageOutcome(outcome: SegmentOutcome): MessageOutcome {
  if (outcome.kind !== 'unknown-treatment') return caseChangeMessageOutcome(outcome);
  // A contract mismatch with risk-scoring: the record waits in the DLQ for a release that ships the treatment.
  return { status: 'dead-letter', reason: 'unknown-treatment', errors: [{ path: 'payload.treatment', message: `unknown treatment "${outcome.treatment}"` }] };
}

function complaintMessageOutcome(outcome: ComplaintOutcome): MessageOutcome {
  switch (outcome.kind) {
    case 'applied':
      return { status: 'applied' };
    case 'ignored-not-for-contact':
      return { status: 'skipped', reason: 'not-for-contact' };
    case 'ignored-already-closed':
      return { status: 'skipped', reason: 'complaint-already-closed' };
  }
}

function customerContactsMessageOutcome(outcome: CustomerContactsOutcome): MessageOutcome {
  switch (outcome.kind) {
    case 'saved':
    case 'erased':
      return { status: 'applied' };
    case 'ignored-customer-erased':
      return { status: 'skipped', reason: 'customer-erased' };
    case 'identity-does-not-open':
      return {
        status: 'dead-letter',
        reason: 'identity-does-not-open',
        errors: [{ path: 'payload.identity', message: `does not open as an identity sealed for customer ${outcome.customerId}` }],
      };
  }
}
