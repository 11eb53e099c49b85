import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ContactAttemptRecordedEventV1, TOPICS, parseContactAttemptRecordedEvent } from '@clearpath/contracts';
import { type InboundBatch, type MessageOutcome, applyValidated, schemaChecked } from '@clearpath/messaging';
import { ContactAttemptsRepository } from './contact-attempts.repository';

/** `collections.contact-attempts.v1` → the evidence and scorecard store. */
@Controller()
export class ContactAttemptsConsumer {
  constructor(private readonly attempts: ContactAttemptsRepository) {}

  @EventPattern(TOPICS.contactAttempts.name)
  onAttempts(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      check,
      async (events: ContactAttemptRecordedEventV1[]) => {
        await this.attempts.record(batch.manager, events);
        return events.map(() => 'applied' as const);
      },
      (): MessageOutcome => ({ status: 'applied' }),
    );
  }
}

const check = schemaChecked(parseContactAttemptRecordedEvent);
