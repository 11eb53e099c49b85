import { z } from 'zod';
import { AMOUNT_PATTERN } from '../../money/money';
import { parseEventOf, type EventEnvelope } from '../../envelope/event-envelope';

/**
 * `collections.repayment-plans.v1` (key = loan id), published by repayment-plan through its outbox.
 * What became of a case's plans and promises, and when a case is resolved. Read by
 * contact-orchestration (an active plan pauses collection contact, a broken one resumes it, a resolved
 * case stops all contact), risk-scoring (broken plans and promises are behaviour) and complaints
 * (kept promises count on the collector's scorecard). No personal data: ids, codes, amounts, dates.
 */
export const PLAN_KINDS = ['INSTALMENT', 'EXTENSION', 'SETTLEMENT'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const PLAN_STATUSES = ['proposed', 'pending-approval', 'active', 'completed', 'broken', 'cancelled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PROMISE_STATUSES = ['open', 'kept', 'broken', 'cancelled'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export const CASE_RESOLUTION_REASONS = ['BALANCE_CLEARED', 'SETTLEMENT_COMPLETED', 'PLAN_COMPLETED', 'LOAN_CLOSED'] as const;
export type CaseResolutionReason = (typeof CASE_RESOLUTION_REASONS)[number];

const amount = z.string().regex(AMOUNT_PATTERN);

export const planStatusChangedV1Schema = z.object({
  planId: z.uuid(),
  loanId: z.string().min(1),
  customerId: z.string().min(1),
  kind: z.enum(PLAN_KINDS),
  status: z.enum(PLAN_STATUSES),
  /** null when the plan was just created. */
  previousStatus: z.enum(PLAN_STATUSES).nullable(),
  currency: z.string().length(3),
  /** What the debtor pays in total under the plan (decimal string, exact). */
  totalPayable: amount,
  /** Paid towards the plan so far. */
  paidAmount: amount,
  instalmentCount: z.number().int().min(1),
  /** The next unpaid instalment's due date (debtor's calendar), null when none is left. */
  nextDueDate: z.iso.date().nullable(),
  /** broken only: the instalment that was missed. */
  missedInstalment: z.number().int().min(1).nullable(),
  policyVersion: z.string().min(1),
  changedAt: z.iso.datetime({ offset: true }),
});

export const promiseStatusChangedV1Schema = z.object({
  promiseId: z.uuid(),
  loanId: z.string().min(1),
  customerId: z.string().min(1),
  /** The contact attempt in which the debtor promised; null when promised on the self-service page. */
  sourceAttemptId: z.uuid().nullable(),
  amount,
  currency: z.string().length(3),
  /** The promised date in the debtor's calendar. */
  promisedDate: z.iso.date(),
  status: z.enum(PROMISE_STATUSES),
  previousStatus: z.enum(PROMISE_STATUSES).nullable(),
  /** Paid towards the promise so far. */
  paidAmount: amount,
  changedAt: z.iso.datetime({ offset: true }),
});

export const caseResolvedV1Schema = z.object({
  loanId: z.string().min(1),
  customerId: z.string().min(1),
  reason: z.enum(CASE_RESOLUTION_REASONS),
  /** The plan whose completion resolved the case, if any. */
  planId: z.uuid().nullable(),
  resolvedAt: z.iso.datetime({ offset: true }),
});

export type PlanStatusChangedV1 = z.infer<typeof planStatusChangedV1Schema>;
export type PromiseStatusChangedV1 = z.infer<typeof promiseStatusChangedV1Schema>;
export type CaseResolvedV1 = z.infer<typeof caseResolvedV1Schema>;

export const REPAYMENT_PLAN_SCHEMAS = {
  PlanStatusChanged: planStatusChangedV1Schema,
  PromiseStatusChanged: promiseStatusChangedV1Schema,
  CaseResolved: caseResolvedV1Schema,
} as const;
export type RepaymentPlanEventType = keyof typeof REPAYMENT_PLAN_SCHEMAS;

export type RepaymentPlanEventV1 =
  | EventEnvelope<'PlanStatusChanged', PlanStatusChangedV1>
  | EventEnvelope<'PromiseStatusChanged', PromiseStatusChangedV1>
  | EventEnvelope<'CaseResolved', CaseResolvedV1>;

/** For consumers: validates envelope and payload of a repayment-plan record. */
export function parseRepaymentPlanEvent(input: unknown): RepaymentPlanEventV1 {
  return parseEventOf<RepaymentPlanEventV1>(input, 'repayment-plan', REPAYMENT_PLAN_SCHEMAS);
}
