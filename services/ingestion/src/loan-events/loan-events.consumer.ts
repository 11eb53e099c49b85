import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, validateCoreBankingEvent } from '@clearpath/contracts';
import { type Checked, type InboundBatch, type InboundMessage, type MessageOutcome, applyValidated } from '@clearpath/messaging';
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
  onLoanEvents(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(batch.messages, check, (valid) => this.applyLoanEvents.execute(batch.manager, valid, { channel: 'kafka' }), toOutcome);
  }
}

function check(message: InboundMessage): Checked<IncomingEvent> {
  const checked = validateCoreBankingEvent(message.body);
  if (!checked.ok) return { ok: false, outcome: { status: 'dead-letter', reason: 'contract-violation', errors: checked.errors } };
  if (message.key !== null && message.key !== checked.event.loanId) {
    // The key decides the partition and so the order; a wrong key breaks per-loan ordering.
    return {
      ok: false,
      outcome: { status: 'dead-letter', reason: 'key-mismatch', errors: [{ path: '(key)', message: `must equal loanId ${checked.event.loanId}` }] },
    };
  }
  return { ok: true, value: { event: checked.event, correlationId: message.correlationId } };
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
