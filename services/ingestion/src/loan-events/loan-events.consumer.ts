import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, validateCoreBankingEvent } from '@clearpath/contracts';
import type { InboundBatch, MessageOutcome } from '@clearpath/messaging';
import { ApplyLoanEventsUseCase, type EventResult, type IncomingEvent } from './apply-loan-events.use-case';

/**
 * `corebank.loan-events.v1` → the use case. Thin on purpose: validate each record against the
 * contract, hand the valid ones over in order, map results to inbox outcomes. A record that breaks
 * the contract is dead-lettered with the field errors; its neighbours are applied.
 */
@Controller()
export class LoanEventsConsumer {
  constructor(private readonly applyLoanEvents: ApplyLoanEventsUseCase) {}

  @EventPattern(TOPICS.coreBankLoanEvents.name)
  async onLoanEvents(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    const outcomes: MessageOutcome[] = new Array(batch.messages.length);
    const valid: IncomingEvent[] = [];
    const positions: number[] = [];
    batch.messages.forEach((message, i) => {
      const checked = validateCoreBankingEvent(message.body);
      if (!checked.ok) {
        outcomes[i] = { status: 'dead-letter', reason: 'contract-violation', errors: checked.errors };
      } else if (message.key !== null && message.key !== checked.event.loanId) {
        // The key decides the partition and so the order; a wrong key breaks per-loan ordering.
        outcomes[i] = { status: 'dead-letter', reason: 'key-mismatch', errors: [{ path: '(key)', message: `must equal loanId ${checked.event.loanId}` }] };
      } else {
        valid.push({ event: checked.event, correlationId: message.correlationId });
        positions.push(i);
      }
    });
    const results = await this.applyLoanEvents.execute(batch.manager, valid, 'kafka');
    results.forEach((result, j) => (outcomes[positions[j]] = toOutcome(result)));
    return outcomes;
  }
}

function toOutcome(result: EventResult): MessageOutcome {
  switch (result.status) {
    case 'accepted':
      return { status: 'applied' };
    case 'duplicate':
    case 'stale':
      return { status: 'skipped', reason: result.status };
    case 'rejected':
      return { status: 'dead-letter', reason: 'rejected', errors: result.errors };
  }
}
