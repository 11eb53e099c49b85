import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import {
  TOPICS,
  caseSegmentedV1Schema,
  eventEnvelopeSchema,
  parseContactOutcomeRecordedEvent,
  parseLoanLifecycleEvent,
  type CaseSegmentedEventV1,
  type ContactOutcomeRecordedEventV1,
} from '@clearpath/contracts';
import { type Checked, type InboundBatch, type InboundMessage, type MessageOutcome, applyValidated } from '@clearpath/messaging';
import { RecordPromisesUseCase } from '../promises/record-promises.use-case';
import { ApplyLifecycleUseCase, type IncomingLifecycleEvent } from './apply-lifecycle.use-case';
import { ApplySegmentsUseCase } from './apply-segments.use-case';

function checker<T>(parse: (body: unknown, message: InboundMessage) => T) {
  return (message: InboundMessage): Checked<T> => {
    try {
      return { ok: true, value: parse(message.body, message) };
    } catch (error) {
      return { ok: false, outcome: { status: 'dead-letter', reason: 'schema-violation', errors: [{ path: '(record)', message: (error as Error).message.slice(0, 2_000) }] } };
    }
  };
}

function envelopeOf<T, TType extends string>(type: TType, payload: z.ZodType<T>) {
  return (body: unknown) => {
    const envelope = eventEnvelopeSchema.parse(body);
    if (envelope.eventType !== type) throw new Error(`unexpected event type ${envelope.eventType}, expected ${type}`);
    return { ...envelope, eventType: type, payload: payload.parse(envelope.payload) };
  };
}

const parseSegmented = envelopeOf('CaseSegmented', caseSegmentedV1Schema) as (body: unknown) => CaseSegmentedEventV1;
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
    const check = checker<IncomingLifecycleEvent>((body, message) => ({ event: parseLoanLifecycleEvent(body), correlationId: message.correlationId }));
    return applyValidated(batch.messages, check, (valid) => this.lifecycle.execute(batch.manager, valid), skippedOr);
  }

  @EventPattern(TOPICS.caseSegmented.name)
  onSegmented(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(batch.messages, checker(parseSegmented), (valid) => this.segments.execute(batch.manager, valid), skippedOr);
  }

  @EventPattern(TOPICS.contactOutcomes.name)
  onOutcomes(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    const check = checker<{ event: ContactOutcomeRecordedEventV1; correlationId: string }>((body, message) => ({ event: parseContactOutcomeRecordedEvent(body), correlationId: message.correlationId }));
    return applyValidated(batch.messages, check, (valid) => this.promises.fromOutcomes(batch.manager, valid), skippedOr);
  }
}
