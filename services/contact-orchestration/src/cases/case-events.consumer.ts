import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import {
  TOPICS,
  caseSegmentedV1Schema,
  customerContactDetailsV1Schema,
  eventEnvelopeSchema,
  parseComplaintEvent,
  parseLoanLifecycleEvent,
  parseRepaymentPlanEvent,
  type CaseSegmentedEventV1,
  type CustomerContactDetailsV1,
  type ComplaintEventV1,
  type LoanLifecycleEventV1,
  type RepaymentPlanEventV1,
} from '@clearpath/contracts';
import type { InboundBatch, MessageOutcome } from '@clearpath/messaging';
import { ApplyCaseEventsUseCase } from './apply-case-events.use-case';

type Parsed<T> = { ok: true; value: T } | { ok: false; outcome: MessageOutcome };

function parse<T>(body: unknown, parser: (body: unknown) => T): Parsed<T> {
  try {
    return { ok: true, value: parser(body) };
  } catch (error) {
    return { ok: false, outcome: { status: 'dead-letter', reason: 'schema-violation', errors: [{ path: '(record)', message: (error as Error).message.slice(0, 2_000) }] } };
  }
}

function envelopeOf<T, TType extends string>(type: TType, payload: z.ZodType<T>) {
  return (body: unknown) => {
    const envelope = eventEnvelopeSchema.parse(body);
    if (envelope.eventType !== type) throw new Error(`unexpected event type ${envelope.eventType}, expected ${type}`);
    return { ...envelope, eventType: type, payload: payload.parse(envelope.payload) };
  };
}

const parseSegmented = envelopeOf('CaseSegmented', caseSegmentedV1Schema) as (body: unknown) => CaseSegmentedEventV1;
const parseContactDetails = envelopeOf('CustomerContactDetails', customerContactDetailsV1Schema);

/** Validates each record of a batch, hands the valid ones to `apply`, and answers one outcome per record. */
async function handle<T>(batch: InboundBatch, parser: (body: unknown) => T, apply: (valid: T[]) => Promise<MessageOutcome[]>): Promise<MessageOutcome[]> {
  const outcomes: MessageOutcome[] = new Array(batch.messages.length);
  const valid: T[] = [];
  const positions: number[] = [];
  batch.messages.forEach((message, i) => {
    const parsed = parse(message.body, parser);
    if (!parsed.ok) {
      outcomes[i] = parsed.outcome;
      return;
    }
    valid.push(parsed.value);
    positions.push(i);
  });
  const results = await apply(valid);
  results.forEach((r, j) => (outcomes[positions[j]] = r));
  return outcomes;
}

/**
 * The inputs of a case: risk-scoring's verdict (start or change the treatment), the loan's
 * lifecycle (payments, closure, flags, delinquency), the debtor's contact details, repayment-plan's
 * plans, promises and resolutions, and complaints that stop or limit contact.
 * A record that does not parse is dead-lettered; the rest are applied in the inbox transaction.
 */
@Controller()
export class CaseEventsConsumer {
  constructor(private readonly apply: ApplyCaseEventsUseCase) {}

  @EventPattern(TOPICS.caseSegmented.name)
  onSegmented(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return handle(batch, parseSegmented, (events) => this.apply.segmented(batch.manager, events));
  }

  @EventPattern(TOPICS.loanLifecycle.name)
  onLifecycle(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return handle<LoanLifecycleEventV1>(batch, parseLoanLifecycleEvent, (events) => this.apply.lifecycle(batch.manager, events));
  }

  @EventPattern(TOPICS.repaymentPlans.name)
  onRepaymentPlan(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return handle<RepaymentPlanEventV1>(batch, parseRepaymentPlanEvent, (events) => this.apply.repaymentPlans(batch.manager, events));
  }

  @EventPattern(TOPICS.complaints.name)
  onComplaint(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return handle<ComplaintEventV1>(batch, parseComplaintEvent, (events) => this.apply.complaints(batch.manager, events));
  }

  @EventPattern(TOPICS.customerContacts.name)
  onContactDetails(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return handle(batch, parseContactDetails, (events) => this.apply.contactDetails(batch.manager, events.map((e): { details: CustomerContactDetailsV1; occurredAt: string } => ({ details: e.payload, occurredAt: e.occurredAt }))));
  }
}
