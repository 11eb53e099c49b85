import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ContactOutcomeRecordedEventV1, TOPICS, parseContactOutcomeRecordedEvent } from '@clearpath/contracts';
import { type Checked, type InboundBatch, type InboundMessage, type MessageOutcome, applyValidated } from '@clearpath/messaging';
import { RecordContactOutcomesUseCase } from './record-contact-outcomes.use-case';

/** `collections.contact-outcomes.v1` → the feature record (right-party contacts, promises). */
@Controller()
export class ContactOutcomesConsumer {
  constructor(private readonly record: RecordContactOutcomesUseCase) {}

  @EventPattern(TOPICS.contactOutcomes.name)
  onOutcomes(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(batch.messages, check, (valid) => this.record.execute(batch.manager, valid), () => ({ status: 'applied' }));
  }
}

function check(message: InboundMessage): Checked<ContactOutcomeRecordedEventV1> {
  try {
    return { ok: true, value: parseContactOutcomeRecordedEvent(message.body) };
  } catch (error) {
    return { ok: false, outcome: { status: 'dead-letter', reason: 'schema-violation', errors: [{ path: '(record)', message: (error as Error).message.slice(0, 2_000) }] } };
  }
}
