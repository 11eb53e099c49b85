import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, parseLoanLifecycleEvent, type LoanLifecycleEventV1 } from '@clearpath/contracts';
import type { InboundBatch, MessageOutcome } from '@clearpath/messaging';
import { RescoreCasesUseCase, type IncomingLifecycleEvent } from '../scoring/rescore-cases.use-case';

/** `collections.loan-lifecycle.v1` → re-score. A record that does not parse is dead-lettered. */
@Controller()
export class LoanLifecycleConsumer {
  constructor(private readonly rescore: RescoreCasesUseCase) {}

  @EventPattern(TOPICS.loanLifecycle.name)
  async onLifecycle(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    const outcomes: MessageOutcome[] = new Array(batch.messages.length);
    const valid: IncomingLifecycleEvent[] = [];
    const positions: number[] = [];
    batch.messages.forEach((message, i) => {
      let event: LoanLifecycleEventV1;
      try {
        event = parseLoanLifecycleEvent(message.body);
      } catch (error) {
        outcomes[i] = { status: 'dead-letter', reason: 'schema-violation', errors: [{ path: '(record)', message: (error as Error).message.slice(0, 2_000) }] };
        return;
      }
      valid.push({ event, correlationId: message.correlationId });
      positions.push(i);
    });
    const results = await this.rescore.execute(batch.manager, valid);
    results.forEach((r, j) => (outcomes[positions[j]] = r === 'applied' ? { status: 'applied' } : { status: 'skipped', reason: 'stale' }));
    return outcomes;
  }
}
