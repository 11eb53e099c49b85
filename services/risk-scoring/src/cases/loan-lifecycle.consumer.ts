import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, parseLoanLifecycleEvent } from '@clearpath/contracts';
import { type Checked, type InboundBatch, type InboundMessage, type MessageOutcome, applyValidated } from '@clearpath/messaging';
import { RescoreCasesUseCase, type IncomingLifecycleEvent } from '../scoring/rescore-cases.use-case';

/** `collections.loan-lifecycle.v1` → re-score. A record that does not parse is dead-lettered. */
@Controller()
export class LoanLifecycleConsumer {
  constructor(private readonly rescore: RescoreCasesUseCase) {}

  @EventPattern(TOPICS.loanLifecycle.name)
  onLifecycle(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(batch.messages, check, (valid) => this.rescore.execute(batch.manager, valid), (result) =>
      result === 'applied' ? { status: 'applied' } : { status: 'skipped', reason: 'stale' },
    );
  }
}

function check(message: InboundMessage): Checked<IncomingLifecycleEvent> {
  try {
    return { ok: true, value: { event: parseLoanLifecycleEvent(message.body), correlationId: message.correlationId } };
  } catch (error) {
    return { ok: false, outcome: { status: 'dead-letter', reason: 'schema-violation', errors: [{ path: '(record)', message: (error as Error).message.slice(0, 2_000) }] } };
  }
}
