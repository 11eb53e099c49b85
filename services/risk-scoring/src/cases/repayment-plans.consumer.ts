import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, parseRepaymentPlanEvent } from '@clearpath/contracts';
import { type InboundBatch, type MessageOutcome, applyValidated, schemaChecked } from '@clearpath/messaging';
import { RecordBrokenPromisesUseCase, type IncomingBrokenPromise } from '../scoring/record-broken-promises.use-case';

/** `collections.repayment-plans.v1` → a broken plan or promise is behaviour: count it and re-score. */
@Controller()
export class RepaymentPlansConsumer {
  constructor(private readonly brokenPromises: RecordBrokenPromisesUseCase) {}

  @EventPattern(TOPICS.repaymentPlans.name)
  onRepaymentPlan(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      check,
      (valid) => this.brokenPromises.execute(batch.manager, valid),
      (result) => (result === 'applied' ? { status: 'applied' } : { status: 'skipped', reason: result }),
    );
  }
}

const check = schemaChecked<IncomingBrokenPromise>((body, message) => ({ event: parseRepaymentPlanEvent(body), correlationId: message.correlationId }));
