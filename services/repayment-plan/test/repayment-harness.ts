import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Producer } from 'kafkajs';
import { HEADERS, TOPICS, newEnvelope } from '@clearpath/contracts';
import { createLogger } from '@clearpath/observability';
import { testServiceDatabaseUrl, testStack } from '@clearpath/testing';

/** Test helpers shared by the integration specs: env, quiet logger, and the events the service consumes. */
export const quiet = () => createLogger({ service: 'test', level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) });

export const SELF_SERVICE_SECRET = 'test-self-service-secret-0123456789';

export function testEnv(group: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: testStack.databaseUrl,
    REPAYMENT_PLAN_DATABASE_URL: testServiceDatabaseUrl('repayment-plan'),
    KAFKA_BROKERS: testStack.brokers.join(','),
    CLEARPATH_API_KEYS: testStack.apiKeys,
    CLEARPATH_TOKEN_SECRET: testStack.tokenSecret,
    CLEARPATH_SELF_SERVICE_SECRET: SELF_SERVICE_SECRET,
    REPAYMENT_PLAN_CONSUMER_GROUP: group,
    REPAYMENT_PLAN_SWEEP_ENABLED: 'false',
    ...extra,
  };
}

const at = new Date('2026-11-29T02:00:00Z');
const meta = (correlationId: string) => ({ schemaVersion: 1, occurredAt: at, correlationId, causationId: null });

/** A LoanDelinquencyUpdated shaped as ingestion publishes it for a core-banking LoanOverdue. */
export function delinquency(loanId: string, o: { seq?: number; overdue?: string; outstanding?: string; jurisdiction?: 'CN' | 'GB' | 'US'; timezone?: string; locale?: 'zh-CN' | 'en-GB' | 'en-US'; currency?: string } = {}) {
  return newEnvelope({
    ...meta(`it-${loanId}`),
    eventType: 'LoanDelinquencyUpdated',
    payload: {
      loanId,
      loanSequence: o.seq ?? 1,
      customerId: 'C-88231',
      jurisdiction: o.jurisdiction ?? 'CN',
      timezone: o.timezone ?? 'Asia/Shanghai',
      locale: o.locale ?? 'zh-CN',
      product: 'INSTALLMENT_LOAN',
      currency: o.currency ?? 'CNY',
      creditLimit: '20000.00',
      outstandingBalance: o.outstanding ?? '12850.40',
      overdueAmount: o.overdue ?? '1712.35',
      daysPastDue: 17,
      dpdBucket: 'M1',
      dueDate: '2026-11-11',
      history: [{ month: '2026-10', repaymentStatus: 1, billAmount: '1712.35', paidAmount: '0.00' }],
      bureauScore: 612,
      firstOverdue: true,
      activeFlags: [],
    },
  });
}

// risk-scoring, when the local stack runs it, segments the test's loans too (at the lifecycle event's
// sequence 1): the test's own verdict comes later in the loan's history so that it is the one kept.
export function segmented(loanId: string, segment: string, seq = 9) {
  return newEnvelope({
    ...meta(`it-${loanId}`),
    eventType: 'CaseSegmented',
    payload: {
      loanId, customerId: 'C-88231', loanSequence: seq, probabilityOfDefault: '0.3100', band: 'B', dpdBucket: 'M1', segment, treatment: 'standard',
      arm: 'champion', protectedCase: false, modelVersion: 'pd-model.v1', policyVersion: '2026.11.1/champion', reasons: [], overdueAmount: '1712.35', currency: 'CNY', jurisdiction: 'CN',
    },
  });
}

export function promiseOutcome(loanId: string, attemptId: string, amount: string, date: string) {
  return newEnvelope({
    ...meta(`it-${loanId}`),
    eventType: 'ContactOutcomeRecorded',
    payload: { loanId, customerId: 'C-88231', attemptId, channel: 'VOICE', outcome: 'promise-to-pay', promise: { amount, currency: 'CNY', date }, optOutChannel: null, callbackAt: null, recordedByRole: 'agent', recordedAt: '2026-11-29T10:00:00+08:00' },
  });
}

export function payment(loanId: string, seq: number, amount: string, reference: string, balances: { overdue?: string | null; outstanding?: string | null } = {}) {
  return newEnvelope({
    ...meta(`it-${loanId}`),
    eventType: 'LoanPaymentReceived',
    payload: { loanId, loanSequence: seq, customerId: 'C-88231', amount, currency: 'CNY', paidAt: '2026-11-29T10:15:00+08:00', method: 'WECHAT_PAY', reference, outstandingBalance: balances.outstanding ?? null, overdueAmount: balances.overdue ?? null },
  });
}

export async function send(producer: Producer, topic: string, event: { eventId: string; eventType: string; payload: { loanId: string } }): Promise<void> {
  await producer.send({ topic, acks: -1, messages: [{ key: event.payload.loanId, value: JSON.stringify(event), headers: { [HEADERS.eventId]: event.eventId, [HEADERS.eventType]: event.eventType } }] });
}

export const topics = { lifecycle: TOPICS.loanLifecycle.name, segmented: TOPICS.caseSegmented.name, outcomes: TOPICS.contactOutcomes.name, plans: TOPICS.repaymentPlans.name };

export const newAttemptId = () => randomUUID();
