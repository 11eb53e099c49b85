import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type RepaymentPlanEventV1, TOPICS, parseRepaymentPlanEvent } from '@clearpath/contracts';
import { type InboundBatch, type MessageOutcome, applyValidated, schemaChecked } from '@clearpath/messaging';

/**
 * `collections.repayment-plans.v1` → kept promises, for the collector scorecard. Only
 * PromiseStatusChanged with status `kept` matters here; everything else is skipped as not needed.
 */
@Controller()
export class RepaymentPlansConsumer {
  @EventPattern(TOPICS.repaymentPlans.name)
  onPlans(@Payload() batch: InboundBatch): Promise<MessageOutcome[]> {
    return applyValidated(
      batch.messages,
      check,
      async (events: RepaymentPlanEventV1[]) => {
        const kept = events.flatMap((e) => (e.eventType === 'PromiseStatusChanged' && e.payload.status === 'kept' ? [e.payload] : []));
        if (kept.length > 0) {
          await batch.manager.query(
            `INSERT INTO kept_promises (promise_id, loan_id, source_attempt_id, kept_at)
             SELECT (p->>'promiseId')::uuid, p->>'loanId', (p->>'sourceAttemptId')::uuid, (p->>'changedAt')::timestamptz
             FROM jsonb_array_elements($1::jsonb) p
             ON CONFLICT (promise_id) DO NOTHING`,
            [JSON.stringify(kept)],
          );
        }
        return events.map((e) => e.eventType === 'PromiseStatusChanged' && e.payload.status === 'kept');
      },
      (used): MessageOutcome => (used ? { status: 'applied' } : { status: 'skipped', reason: 'not-needed' }),
    );
  }
}

const check = schemaChecked(parseRepaymentPlanEvent);
