import { randomUUID } from 'node:crypto';
import type {
  CaseResolutionReason,
  CaseResolvedV1,
  PlanKind,
  PlanStatus,
  PlanStatusChangedV1,
  PromiseStatus,
  PromiseStatusChangedV1,
} from '@clearpath/contracts';
import { aLoanId } from './core-banking-event.factory';
import { DEFAULT_CUSTOMER_ID, DEFAULT_EVENT_TIME, LoanEventBuilder } from './internal-event.builder';

/** `collections.repayment-plans.v1`: a three-instalment plan, just approved (proposed → active), nothing paid. */
export class PlanStatusChangedBuilder extends LoanEventBuilder<'PlanStatusChanged', PlanStatusChangedV1> {
  constructor() {
    super('PlanStatusChanged', 1, {
      planId: randomUUID(),
      loanId: aLoanId(),
      customerId: DEFAULT_CUSTOMER_ID,
      kind: 'INSTALMENT',
      status: 'active',
      previousStatus: 'proposed',
      currency: 'CNY',
      totalPayable: '1712.35',
      paidAmount: '0.00',
      instalmentCount: 3,
      nextDueDate: '2026-12-02',
      missedInstalment: null,
      policyVersion: '2026.11.1/early',
      changedAt: DEFAULT_EVENT_TIME,
    });
  }
  forPlan(planId: string): this {
    return this.withPayload({ planId });
  }
  ofKind(kind: PlanKind): this {
    return this.withPayload({ kind });
  }
  /** The new status and the one before; a broken plan missed its first instalment. */
  withStatus(status: PlanStatus, previousStatus: PlanStatus | null = null): this {
    return this.withPayload({ status, previousStatus, missedInstalment: status === 'broken' ? 1 : null });
  }
  withAmounts(totalPayable: string, paidAmount: string): this {
    return this.withPayload({ totalPayable, paidAmount });
  }
  protected override happenedAt(changedAt: string): void {
    this.payload = { ...this.payload, changedAt };
  }
}

/** A promise to pay 500.00 by 5 December, made on the self-service page, still open. */
export class PromiseStatusChangedBuilder extends LoanEventBuilder<'PromiseStatusChanged', PromiseStatusChangedV1> {
  constructor() {
    super('PromiseStatusChanged', 1, {
      promiseId: randomUUID(),
      loanId: aLoanId(),
      customerId: DEFAULT_CUSTOMER_ID,
      sourceAttemptId: null,
      amount: '500.00',
      currency: 'CNY',
      promisedDate: '2026-12-05',
      status: 'open',
      previousStatus: null,
      paidAmount: '0.00',
      changedAt: DEFAULT_EVENT_TIME,
    });
  }
  forPromise(promiseId: string): this {
    return this.withPayload({ promiseId });
  }
  /** The contact attempt in which the debtor promised. */
  fromAttempt(sourceAttemptId: string | null): this {
    return this.withPayload({ sourceAttemptId });
  }
  promising(amount: string, promisedDate: string): this {
    return this.withPayload({ amount, promisedDate });
  }
  /** The new status and the one before; a kept promise is paid in full. */
  withStatus(status: PromiseStatus, previousStatus: PromiseStatus | null = null): this {
    return this.withPayload({ status, previousStatus, ...(status === 'kept' ? { paidAmount: this.payload.amount } : {}) });
  }
  withPaidAmount(paidAmount: string): this {
    return this.withPayload({ paidAmount });
  }
  /** When the status changed, apart from when the event was published. */
  changedAt(at: Date | string): this {
    return this.withPayload({ changedAt: new Date(at).toISOString() });
  }
  protected override happenedAt(changedAt: string): void {
    this.payload = { ...this.payload, changedAt };
  }
}

/** The case is resolved: the balance was cleared. */
export class CaseResolvedBuilder extends LoanEventBuilder<'CaseResolved', CaseResolvedV1> {
  constructor() {
    super('CaseResolved', 1, { loanId: aLoanId(), customerId: DEFAULT_CUSTOMER_ID, reason: 'BALANCE_CLEARED', planId: null, resolvedAt: DEFAULT_EVENT_TIME });
  }
  /** Why, and the plan whose completion resolved it, if any. */
  withReason(reason: CaseResolutionReason, planId: string | null = null): this {
    return this.withPayload({ reason, planId });
  }
  protected override happenedAt(resolvedAt: string): void {
    this.payload = { ...this.payload, resolvedAt };
  }
}

export const aPlanStatusChanged = () => new PlanStatusChangedBuilder();
export const aPromiseStatusChanged = () => new PromiseStatusChangedBuilder();
export const aCaseResolved = () => new CaseResolvedBuilder();
