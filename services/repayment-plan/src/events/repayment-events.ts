import {
  type CaseResolutionReason,
  type PlanKind,
  type PlanStatus,
  type PromiseStatus,
  type RepaymentPlanEventV1,
  TOPICS,
  fromMinorUnits,
  newEnvelope,
} from '@clearpath/contracts';
import { type OutboxRecord, eventRecord } from '@clearpath/messaging';
import { nextDue, type PlanRecord } from '../plans/plan-record';
import type { PromiseRecord } from '../promises/promise-record';

/** Why an event happened: the flow it belongs to and the event (or request) that caused it. */
export interface Cause {
  readonly correlationId: string;
  readonly causationId: string | null;
}

const topic = TOPICS.repaymentPlans.name;

/** What a PlanStatusChanged says about a plan. */
export interface PlanFacts {
  readonly planId: string;
  readonly loanId: string;
  readonly customerId: string;
  readonly kind: PlanKind;
  readonly status: PlanStatus;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly paidMinor: bigint;
  readonly instalmentCount: number;
  readonly nextDueDate: string | null;
  readonly missedSeq: number | null;
  readonly policyVersion: string;
}

export function factsOf(plan: PlanRecord): PlanFacts {
  return { ...plan, instalmentCount: plan.instalments.length, nextDueDate: nextDue(plan).nextDueDate };
}

export function planStatusChanged(planOrFacts: PlanRecord | PlanFacts, previous: PlanStatus | null, at: Date, cause: Cause): OutboxRecord {
  const plan = 'instalments' in planOrFacts ? factsOf(planOrFacts) : planOrFacts;
  const event: RepaymentPlanEventV1 = newEnvelope({
    eventType: 'PlanStatusChanged' as const,
    schemaVersion: 1,
    occurredAt: at,
    ...cause,
    payload: {
      planId: plan.planId,
      loanId: plan.loanId,
      customerId: plan.customerId,
      kind: plan.kind,
      status: plan.status,
      previousStatus: previous,
      currency: plan.currency,
      totalPayable: fromMinorUnits(plan.totalMinor),
      paidAmount: fromMinorUnits(plan.paidMinor),
      instalmentCount: plan.instalmentCount,
      nextDueDate: plan.status === 'active' || plan.status === 'proposed' || plan.status === 'pending-approval' ? plan.nextDueDate : null,
      missedInstalment: plan.status === 'broken' ? plan.missedSeq : null,
      policyVersion: plan.policyVersion,
      changedAt: at.toISOString(),
    },
  });
  return eventRecord(topic, plan.loanId, event);
}

export function promiseStatusChanged(p: PromiseRecord, previous: PromiseStatus | null, at: Date, cause: Cause): OutboxRecord {
  const event: RepaymentPlanEventV1 = newEnvelope({
    eventType: 'PromiseStatusChanged' as const,
    schemaVersion: 1,
    occurredAt: at,
    ...cause,
    payload: {
      promiseId: p.promiseId,
      loanId: p.loanId,
      customerId: p.customerId,
      sourceAttemptId: p.sourceAttemptId,
      amount: fromMinorUnits(p.amountMinor),
      currency: p.currency,
      promisedDate: p.promisedDate,
      status: p.status,
      previousStatus: previous,
      paidAmount: fromMinorUnits(p.paidMinor),
      changedAt: at.toISOString(),
    },
  });
  return eventRecord(topic, p.loanId, event);
}

export function caseResolved(
  c: { loanId: string; customerId: string },
  reason: CaseResolutionReason,
  planId: string | null,
  at: Date,
  cause: Cause,
): OutboxRecord {
  const event: RepaymentPlanEventV1 = newEnvelope({
    eventType: 'CaseResolved' as const,
    schemaVersion: 1,
    occurredAt: at,
    ...cause,
    payload: { loanId: c.loanId, customerId: c.customerId, reason, planId, resolvedAt: at.toISOString() },
  });
  return eventRecord(topic, c.loanId, event);
}
