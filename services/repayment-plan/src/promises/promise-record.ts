import { fromMinorUnits, type PromiseStatus } from '@clearpath/contracts';

export interface PromiseRecord {
  readonly promiseId: string;
  readonly loanId: string;
  readonly customerId: string;
  readonly sourceAttemptId: string | null;
  readonly amountMinor: bigint;
  readonly paidMinor: bigint;
  readonly currency: string;
  readonly promisedDate: string;
  /** promisedDate + the jurisdiction's grace days: broken when the debtor's today is past it. */
  readonly breakAfter: string;
  readonly timezone: string;
  readonly status: PromiseStatus;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function promiseView(p: PromiseRecord) {
  return {
    promiseId: p.promiseId,
    loanId: p.loanId,
    sourceAttemptId: p.sourceAttemptId,
    amount: fromMinorUnits(p.amountMinor),
    paidAmount: fromMinorUnits(p.paidMinor),
    currency: p.currency,
    promisedDate: p.promisedDate,
    status: p.status,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
