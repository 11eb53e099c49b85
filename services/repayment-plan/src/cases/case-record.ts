import { type CaseResolutionReason, type LoanDelinquencyUpdatedV1, toMinorUnits, type Locale, type Jurisdiction } from '@clearpath/contracts';

/** What repayment-plan keeps of a delinquent loan. No names or phones: it never receives them. */
export interface CaseRecord {
  readonly loanId: string;
  readonly customerId: string;
  readonly loanSequence: number;
  readonly jurisdiction: Jurisdiction;
  readonly timezone: string;
  readonly locale: Locale;
  readonly currency: string;
  readonly outstandingMinor: bigint;
  readonly overdueMinor: bigint;
  readonly daysPastDue: number;
  readonly dueDate: string;
  readonly status: 'open' | 'resolved';
  readonly resolvedReason: CaseResolutionReason | null;
  readonly resolvedAt: string | null;
  readonly lastExtensionOn: string | null;
  readonly updatedAt: string;
  /** From case_segments; not stored on the case row. */
  readonly segment: string | null;
}

export type DelinquencyUpdate = { kind: 'updated'; record: CaseRecord } | { kind: 'stale' };

/**
 * Folds a LoanDelinquencyUpdated into the case. Older sequences are ignored. A case resolved by a
 * cleared balance or a completed plan that falls overdue again is a new episode and opens again;
 * a closed loan stays resolved.
 */
export function applyDelinquency(current: CaseRecord | null, e: LoanDelinquencyUpdatedV1, segment: string | null, now: Date): DelinquencyUpdate {
  if (current && e.loanSequence <= current.loanSequence) return { kind: 'stale' };
  const overdueMinor = toMinorUnits(e.overdueAmount);
  const reopen = current !== null && current.status === 'resolved' && current.resolvedReason !== 'LOAN_CLOSED' && overdueMinor > 0n;
  const keepResolved = current !== null && current.status === 'resolved' && !reopen;
  return {
    kind: 'updated',
    record: {
      loanId: e.loanId,
      customerId: e.customerId,
      loanSequence: e.loanSequence,
      jurisdiction: e.jurisdiction,
      timezone: e.timezone,
      locale: e.locale,
      currency: e.currency,
      outstandingMinor: toMinorUnits(e.outstandingBalance),
      overdueMinor,
      daysPastDue: e.daysPastDue,
      dueDate: e.dueDate.slice(0, 10),
      status: keepResolved ? 'resolved' : 'open',
      resolvedReason: keepResolved ? current!.resolvedReason : null,
      resolvedAt: keepResolved ? current!.resolvedAt : null,
      lastExtensionOn: current?.lastExtensionOn ?? null,
      updatedAt: now.toISOString(),
      segment: current?.segment ?? segment,
    },
  };
}
