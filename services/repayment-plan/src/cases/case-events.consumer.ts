import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  TOPICS,
  parseCaseSegmentedEvent,
  parseContactOutcomeRecordedEvent,
  parseLoanLifecycleEvent,
  type ContactOutcomeRecordedEventV1,
} from '@clearpath/contracts';
import { type InboundBatch, type MessageOutcome, applyValidated, schemaChecked } from '@clearpath/messaging';
import { RecordPromisesUseCase } from '../promises/record-promises.use-case';
import { ApplyLifecycleUseCase, type IncomingLifecycleEvent } from './apply-lifecycle.use-case';
import { ApplySegmentsUseCase } from './apply-segments.use-case';

const skippedOr = (result: string): MessageOutcome => (result === 'applied' ? { status: 'applied' } : { status: 'skipped', reason: result });

/**
 * The three inputs: the loan's lifecycle (case, payments, closure), risk-scoring's segment (which
 * offers apply), and contact outcomes (promises to pay). A record that does not parse goes to its
 * topic's DLQ; the rest are applied in the inbox transaction.
 */
@Controller()
export class CaseEventsConsumer {
  constructor(
    private readonly lifecycle: ApplyLifecycleUseCase,
    private readonly segments: ApplySegmentsUseCase,
    private readonly promises: RecordPromisesUseCase,
  ) {}

  @EventPattern(TOPICS.loanLifecycle.name)
  onLifecycle(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    const check = schemaChecked<IncomingLifecycleEvent>((body, message) => ({ event: parseLoanLifecycleEvent(body), correlationId: message.correlationId }));
    return applyValidated(batch.messages, check, (valid) => this.lifecycle.execute(batch.manager, valid), skippedOr);
  }

  @EventPattern(TOPICS.caseSegmented.name)
  onSegmented(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(batch.messages, schemaChecked(parseCaseSegmentedEvent), (valid) => this.segments.execute(batch.manager, valid), skippedOr);
  }

  @EventPattern(TOPICS.contactOutcomes.name)
  onOutcomes(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    const check = schemaChecked<{ event: ContactOutcomeRecordedEventV1; correlationId: string }>((body, message) => ({
      event: parseContactOutcomeRecordedEvent(body),
      correlationId: message.correlationId,
    }));
    return applyValidated(batch.messages, check, (valid) => this.promises.fromOutcomes(batch.manager, valid), skippedOr);
  }
}
