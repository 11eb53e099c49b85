import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, parseContactOutcomeRecordedEvent } from '@clearpath/contracts';
import { type InboundBatch, type MessageOutcome, applyValidated, schemaChecked } from '@clearpath/messaging';
import { RecordContactOutcomesUseCase } from './record-contact-outcomes.use-case';

/** `collections.contact-outcomes.v1` → the feature record (right-party contacts, promises). */
@Controller()
export class ContactOutcomesConsumer {
  constructor(private readonly record: RecordContactOutcomesUseCase) {}

  @EventPattern(TOPICS.contactOutcomes.name)
  onOutcomes(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      check,
      (valid) => this.record.execute(batch.manager, valid),
      () => ({ status: 'applied' }),
    );
  }
}

const check = schemaChecked(parseContactOutcomeRecordedEvent);
