import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, parseLoanLifecycleEvent } from '@clearpath/contracts';
import { type InboundBatch, type MessageOutcome, applyValidated, schemaChecked } from '@clearpath/messaging';
import { RescoreCasesUseCase, type IncomingLifecycleEvent } from '../scoring/rescore-cases.use-case';

/** `collections.loan-lifecycle.v1` → re-score. A record that does not parse is dead-lettered. */
@Controller()
export class LoanLifecycleConsumer {
  constructor(private readonly rescore: RescoreCasesUseCase) {}

  @EventPattern(TOPICS.loanLifecycle.name)
  onLifecycle(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      check,
      (valid) => this.rescore.execute(batch.manager, valid),
      (result) => (result === 'applied' ? { status: 'applied' } : { status: 'skipped', reason: 'stale' }),
    );
  }
}

const check = schemaChecked<IncomingLifecycleEvent>((body, message) => ({ event: parseLoanLifecycleEvent(body), correlationId: message.correlationId }));
