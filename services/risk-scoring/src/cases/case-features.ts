import {
  type ContactOutcomeRecordedEventV1,
  type CustomerFlag,
  type HistoryEntryV1,
  type LoanLifecycleEventV1,
  dpdBucketOf,
  toMinorUnits,
  type Jurisdiction,
} from '@clearpath/contracts';

/**
 * What risk-scoring knows about one loan, rebuilt from loan-lifecycle events. The model reads the
 * repayment history; the rest (DPD history, utilisation, paid-to-billed, prior delinquencies,
 * broken promises, days since the last payment) explains the case to people and feeds policies.
 */
export interface CaseFeatures {
  readonly loanId: string;
  readonly customerId: string;
  readonly loanSequence: number;
  readonly status: 'DELINQUENT' | 'CURED' | 'CLOSED';
  readonly jurisdiction: Jurisdiction | null;
  readonly currency: string | null;
  readonly creditLimit: string | null;
  readonly outstandingBalance: string | null;
  readonly overdueAmount: string | null;
  readonly daysPastDue: number;
  /** Newest first, one entry per DPD change, at most 24. */
  readonly dpdHistory: ReadonlyArray<{ readonly at: string; readonly daysPastDue: number }>;
  /** The contract's monthly repayment history, newest first. */
  readonly history: readonly HistoryEntryV1[];
  readonly bureauScore: number | null;
  readonly lastPaymentAt: string | null;
  /** Delinquency episodes before the current one. */
  readonly priorDelinquencies: number;
  /** Promises to pay broken (from repayment-plan's events, once that service publishes them). */
  readonly brokenPromises: number;
  /** Contacts that reached the debtor, and promises to pay made, from contact outcomes. */
  readonly rightPartyContacts?: number;
  readonly promisesToPay?: number;
  readonly lastContactOutcome?: { readonly outcome: string; readonly at: string } | null;
  readonly activeFlags: readonly CustomerFlag[];
  readonly updatedAt: string;
}

export type FeatureUpdate = { kind: 'updated'; features: CaseFeatures; rescore: boolean } | { kind: 'stale' };

/** Applies one loan-lifecycle event; `rescore` says whether the verdict may have changed. */
export function applyLifecycleEvent(current: CaseFeatures | null, event: LoanLifecycleEventV1, now: Date): FeatureUpdate {
  const p = event.payload;
  if (current && p.loanSequence <= current.loanSequence) return { kind: 'stale' };
  const base = current ?? emptyFeatures(p.loanId, p.customerId);
  const stamp = { loanSequence: p.loanSequence, updatedAt: now.toISOString() };
  switch (event.eventType) {
    case 'LoanDelinquencyUpdated': {
      const e = event.payload;
      const dpdHistory =
        base.daysPastDue === e.daysPastDue && base.dpdHistory.length > 0
          ? base.dpdHistory
          : [{ at: event.occurredAt, daysPastDue: e.daysPastDue }, ...base.dpdHistory].slice(0, 24);
      return {
        kind: 'updated',
        rescore: true,
        features: {
          ...base,
          ...stamp,
          customerId: e.customerId,
          status: 'DELINQUENT',
          jurisdiction: e.jurisdiction,
          currency: e.currency,
          creditLimit: e.creditLimit,
          outstandingBalance: e.outstandingBalance,
          overdueAmount: e.overdueAmount,
          daysPastDue: e.daysPastDue,
          dpdHistory,
          history: e.history.length > 0 ? e.history : base.history,
          bureauScore: e.bureauScore ?? base.bureauScore,
          priorDelinquencies: base.priorDelinquencies + (e.firstOverdue && current !== null && current.status !== 'DELINQUENT' ? 1 : 0),
          activeFlags: e.activeFlags,
        },
      };
    }
    case 'LoanPaymentReceived': {
      const e = event.payload;
      const cured = e.overdueAmount !== null && toMinorUnits(e.overdueAmount) === 0n;
      return {
        kind: 'updated',
        rescore: !cured,
        features: {
          ...base,
          ...stamp,
          outstandingBalance: e.outstandingBalance ?? base.outstandingBalance,
          overdueAmount: e.overdueAmount ?? base.overdueAmount,
          lastPaymentAt: e.paidAt,
          status: cured ? 'CURED' : base.status,
          daysPastDue: cured ? 0 : base.daysPastDue,
        },
      };
    }
    case 'LoanClosed':
      return { kind: 'updated', rescore: false, features: { ...base, ...stamp, status: 'CLOSED' } };
    case 'CustomerFlagUpdated':
      return { kind: 'updated', rescore: true, features: { ...base, ...stamp, activeFlags: event.payload.activeFlags } };
  }
}

const REACHED_DEBTOR = new Set(['reached-right-party', 'promise-to-pay', 'refused', 'hardship', 'dispute', 'callback-requested']);

/**
 * Folds a contact outcome into the record: behaviour the verdict does not read today (the model
 * was trained on repayment history only), kept for people, policies and the next model.
 */
export function applyContactOutcome(current: CaseFeatures | null, event: ContactOutcomeRecordedEventV1, now: Date): CaseFeatures {
  const p = event.payload;
  const base = current ?? emptyFeatures(p.loanId, p.customerId);
  return {
    ...base,
    rightPartyContacts: (base.rightPartyContacts ?? 0) + (REACHED_DEBTOR.has(p.outcome) ? 1 : 0),
    promisesToPay: (base.promisesToPay ?? 0) + (p.outcome === 'promise-to-pay' ? 1 : 0),
    lastContactOutcome: { outcome: p.outcome, at: p.recordedAt },
    updatedAt: now.toISOString(),
  };
}

/** Outstanding ÷ limit, as a ratio for display and policies (not money: a float is fine here). */
export function utilisation(f: CaseFeatures): number | null {
  if (f.creditLimit === null || f.outstandingBalance === null) return null;
  const limit = toMinorUnits(f.creditLimit);
  return limit === 0n ? null : Number((toMinorUnits(f.outstandingBalance) * 10_000n) / limit) / 10_000;
}

/** Paid ÷ billed per month of history, newest first; null where nothing was billed. */
export function paidToBilled(f: CaseFeatures): Array<number | null> {
  return f.history.map((h) => {
    const billed = toMinorUnits(h.billAmount);
    return billed <= 0n ? null : Number((toMinorUnits(h.paidAmount) * 10_000n) / billed) / 10_000;
  });
}

export function daysSinceLastPayment(f: CaseFeatures, now: Date): number | null {
  return f.lastPaymentAt === null ? null : Math.floor((now.getTime() - new Date(f.lastPaymentAt).getTime()) / 86_400_000);
}

export function isScorable(f: CaseFeatures): boolean {
  return f.status === 'DELINQUENT' && dpdBucketOf(f.daysPastDue) !== null && f.creditLimit !== null && f.currency !== null && f.jurisdiction !== null;
}

export function emptyFeatures(loanId: string, customerId: string): CaseFeatures {
  return {
    loanId,
    customerId,
    loanSequence: -1,
    status: 'DELINQUENT',
    jurisdiction: null,
    currency: null,
    creditLimit: null,
    outstandingBalance: null,
    overdueAmount: null,
    daysPastDue: 0,
    dpdHistory: [],
    history: [],
    bureauScore: null,
    lastPaymentAt: null,
    priorDelinquencies: 0,
    brokenPromises: 0,
    activeFlags: [],
    updatedAt: '',
  };
}
