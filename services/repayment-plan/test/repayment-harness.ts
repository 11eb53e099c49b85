import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Producer } from 'kafkajs';
import { HEADERS, TOPICS } from '@clearpath/contracts';
import { createLogger } from '@clearpath/observability';
import { aCaseSegmented, aContactOutcomeRecorded, aLoanDelinquencyUpdated, aLoanPaymentReceived, testServiceEnv } from '@clearpath/testing';

/** Test helpers shared by the integration specs: env, quiet logger, and the events the service consumes. */
export const quiet = () => createLogger({ service: 'test', level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) });

export const SELF_SERVICE_SECRET = 'test-self-service-secret-0123456789';

export function testEnv(group: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...testServiceEnv('repayment-plan', { consumerGroup: group }),
    CLEARPATH_SELF_SERVICE_SECRET: SELF_SERVICE_SECRET,
    REPAYMENT_PLAN_SWEEP_ENABLED: 'false',
    ...extra,
  };
}

// The events the service consumes, as their publishers write them for loans of the core-banking
// builders' customer (C-88231), at 10:00 Shanghai on 2026-11-29.

/** A LoanDelinquencyUpdated as ingestion publishes it for a core-banking LoanOverdue. */
export const delinquency = (loanId: string, o: { overdue?: string; outstanding?: string } = {}) =>
  aLoanDelinquencyUpdated()
    .forLoan(loanId)
    .withAmounts(o.outstanding ?? '12850.40', o.overdue ?? '1712.35')
    .build();

// risk-scoring, when the local stack runs it, segments the test's loans too (at the lifecycle event's
// sequence 1): the test's own verdict comes later in the loan's history so that it is the one kept.
export const segmented = (loanId: string, segment: string, seq = 9) => aCaseSegmented().forLoan(loanId).withSegment(segment).withSequence(seq).build();

export const promiseOutcome = (loanId: string, attemptId: string, amount: string, date: string) =>
  aContactOutcomeRecorded().forLoan(loanId).forAttempt(attemptId).promising(amount, date).build();

/** A payment as ingestion publishes it; the loan's balances after it only where a test gives them. */
export const payment = (
  loanId: string,
  seq: number,
  amount: string,
  reference: string,
  balances: { overdue?: string | null; outstanding?: string | null } = {},
) =>
  aLoanPaymentReceived()
    .forLoan(loanId)
    .withSequence(seq)
    .withAmount(amount)
    .withReference(reference)
    .withBalances(balances.outstanding ?? null, balances.overdue ?? null)
    .build();

export async function send(producer: Producer, topic: string, event: { eventId: string; eventType: string; payload: { loanId: string } }): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: [
      { key: event.payload.loanId, value: JSON.stringify(event), headers: { [HEADERS.eventId]: event.eventId, [HEADERS.eventType]: event.eventType } },
    ],
  });
}

export const topics = {
  lifecycle: TOPICS.loanLifecycle.name,
  segmented: TOPICS.caseSegmented.name,
  outcomes: TOPICS.contactOutcomes.name,
  plans: TOPICS.repaymentPlans.name,
};

export const newAttemptId = () => randomUUID();
