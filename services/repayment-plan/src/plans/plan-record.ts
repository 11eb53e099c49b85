import { addDays, fromMinorUnits, type PlanKind, type PlanStatus } from '@clearpath/contracts';
import { type InstalmentBalance, nextUnpaid } from '../payments/allocation';

export interface PlanRecord {
  readonly planId: string;
  readonly loanId: string;
  readonly customerId: string;
  readonly kind: PlanKind;
  readonly status: PlanStatus;
  readonly offerId: string;
  readonly currency: string;
  readonly timezone: string;
  readonly totalMinor: bigint;
  readonly paidMinor: bigint;
  readonly discountPercent: number | null;
  readonly policyVersion: string;
  readonly graceDays: number;
  readonly missedSeq: number | null;
  readonly createdBy: string;
  readonly approvedBy: string | null;
  /** `<role>:<subject>` of whoever cancelled the plan; null unless it was cancelled through the API. */
  readonly cancelledBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly instalments: readonly InstalmentBalance[];
}

/** The oldest unpaid instalment, its due date and the last day of its grace period. */
export function nextDue(plan: Pick<PlanRecord, 'instalments' | 'graceDays'>): {
  nextSeq: number | null;
  nextDueDate: string | null;
  breakAfter: string | null;
} {
  const next = nextUnpaid(plan.instalments);
  if (next === null) return { nextSeq: null, nextDueDate: null, breakAfter: null };
  return { nextSeq: next.seq, nextDueDate: next.dueDate, breakAfter: addDays(next.dueDate, plan.graceDays) };
}

export function planView(plan: PlanRecord) {
  const { nextDueDate } = nextDue(plan);
  return {
    planId: plan.planId,
    loanId: plan.loanId,
    kind: plan.kind,
    status: plan.status,
    offerId: plan.offerId,
    currency: plan.currency,
    totalPayable: fromMinorUnits(plan.totalMinor),
    paidAmount: fromMinorUnits(plan.paidMinor),
    discountPercent: plan.discountPercent,
    instalmentCount: plan.instalments.length,
    nextDueDate: plan.status === 'active' ? nextDueDate : null,
    missedInstalment: plan.missedSeq,
    graceDays: plan.graceDays,
    policyVersion: plan.policyVersion,
    createdBy: plan.createdBy,
    approvedBy: plan.approvedBy,
    cancelledBy: plan.cancelledBy,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
    schedule: [...plan.instalments]
      .sort((a, b) => a.seq - b.seq)
      .map((i) => ({
        seq: i.seq,
        dueDate: i.dueDate,
        amount: fromMinorUnits(i.amountMinor),
        paid: fromMinorUnits(i.paidMinor),
        status: i.paidMinor >= i.amountMinor ? 'paid' : i.paidMinor > 0n ? 'part-paid' : 'due',
      })),
  };
}
