import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type Clock, type LoanLifecycleEventV1, TOPICS, parseLoanLifecycleEvent } from '@clearpath/contracts';
import { type InboundBatch, type MessageOutcome, applyValidated, schemaChecked } from '@clearpath/messaging';
import { CLOCK } from '@clearpath/platform';
import { LoanRepository } from './loan.repository';

/**
 * `collections.loan-lifecycle.v1` → the small loan table (customer, jurisdiction, zone, locale).
 * Only LoanDelinquencyUpdated carries those; other event types are skipped as not needed.
 */
@Controller()
export class LoanLifecycleConsumer {
  constructor(
    private readonly loans: LoanRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventPattern(TOPICS.loanLifecycle.name)
  onLifecycle(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      check,
      async (events: LoanLifecycleEventV1[]) => {
        const delinquency = events.flatMap((e) => (e.eventType === 'LoanDelinquencyUpdated' ? [e.payload] : []));
        await this.loans.upsert(batch.manager, delinquency, this.clock.now());
        return events.map((e) => e.eventType === 'LoanDelinquencyUpdated');
      },
      (used): MessageOutcome => (used ? { status: 'applied' } : { status: 'skipped', reason: 'not-needed' }),
    );
  }
}

const check = schemaChecked(parseLoanLifecycleEvent);
