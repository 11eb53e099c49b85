import {
  type CoreBankingEventV1,
  type CustomerFlag,
  type CustomerFlaggedPayloadV1,
  type FieldError,
  type HistoryEntryV1,
  type LoanClosedPayloadV1,
  type LoanOverduePayloadV1,
  type PaymentReceivedPayloadV1,
  fromMinorUnits,
  maxMinor,
  normalizeAmount,
  toMinorUnits,
  type Jurisdiction,
  type Locale,
} from '@clearpath/contracts';

export type LoanStatus = 'OVERDUE' | 'CURRENT' | 'CLOSED';

export interface CustomerDetails {
  readonly customerId: string;
  readonly fullName: string;
  readonly phone: string;
  readonly email: string | null;
  readonly timezone: string;
  readonly locale: Locale;
  readonly jurisdiction: Jurisdiction;
  readonly address: LoanOverduePayloadV1['customer']['address'] | null;
  /** The customer was erased: the identity fields are empty and stay so (sealed-customer.ts). */
  readonly erased?: true;
}

export interface FlagState {
  readonly until: string | null;
  readonly since: string;
}

/** One loan as ingestion knows it: the last applied core-banking state. */
export interface LoanState {
  readonly loanId: string;
  readonly customerId: string | null;
  readonly lastSequence: number;
  readonly status: LoanStatus;
  readonly currency: string | null;
  readonly product: string | null;
  readonly creditLimit: string | null;
  readonly outstandingBalance: string | null;
  readonly overdueAmount: string | null;
  readonly daysPastDue: number;
  readonly dueDate: string | null;
  readonly bureauScore: number | null;
  readonly history: HistoryEntryV1[];
  readonly customer: CustomerDetails | null;
  readonly flags: Partial<Record<CustomerFlag, FlagState>>;
  readonly closedReason: string | null;
  readonly closedAt: string | null;
  readonly lastPaymentAt: string | null;
  readonly lastEventId: string;
  readonly updatedAt: string;
}

/**
 * The terms a LoanOverdue established, all of them: the loan's state may lack them (a payment or
 * a flag can arrive before the first LoanOverdue), the fact never does.
 */
export interface DelinquencyTerms {
  readonly customer: CustomerDetails;
  readonly product: LoanOverduePayloadV1['product'];
  readonly currency: string;
  readonly creditLimit: string;
  readonly outstandingBalance: string;
  readonly overdueAmount: string;
  readonly daysPastDue: number;
  readonly dueDate: string;
}

/**
 * What applying one event announces, with everything the announcement needs, so that turning it
 * into an internal event (internal-event.records.ts) asserts nothing about the loan's state.
 */
export type LoanFact =
  | { kind: 'delinquency-updated'; firstOverdue: boolean; terms: DelinquencyTerms }
  | { kind: 'payment-received'; payment: PaymentReceivedPayloadV1 }
  | { kind: 'loan-closed'; reason: LoanClosedPayloadV1['reason']; closedAt: string }
  | { kind: 'flag-updated'; flag: CustomerFlaggedPayloadV1 }
  | { kind: 'contact-details-changed'; customer: CustomerDetails };

export type Decision =
  | { status: 'accepted'; state: LoanState; facts: LoanFact[] }
  | { status: 'stale' | 'duplicate' }
  | { status: 'rejected'; errors: FieldError[] };

export interface ApplyContext {
  readonly now: Date;
  /** True when this loan already has a payment with this reference. */
  readonly paymentSeen: (reference: string) => boolean;
}

/**
 * Applies one validated core-banking event to a loan's state, as a pure function: the contract's
 * ordering, idempotency and consistency rules live here and are tested without a database.
 */
export function applyEvent(state: LoanState | null, event: CoreBankingEventV1, ctx: ApplyContext): Decision {
  if (event.eventType === 'PaymentReceived' && ctx.paymentSeen(event.payload.reference)) return { status: 'duplicate' };
  if (state && event.sequence <= state.lastSequence) return { status: 'stale' };
  const base: LoanState = state ?? emptyLoan(event.loanId);
  const stamp = { lastSequence: event.sequence, lastEventId: event.eventId, updatedAt: ctx.now.toISOString() };

  switch (event.eventType) {
    case 'LoanOverdue': {
      const p = event.payload;
      const customer: CustomerDetails = {
        customerId: p.customer.customerId,
        fullName: p.customer.fullName,
        phone: p.customer.phone,
        email: p.customer.email ?? null,
        timezone: p.customer.timezone,
        locale: p.customer.locale,
        jurisdiction: p.customer.jurisdiction,
        address: p.customer.address ?? null,
      };
      const terms: DelinquencyTerms = {
        customer,
        product: p.product,
        currency: p.currency,
        creditLimit: normalizeAmount(p.creditLimit),
        outstandingBalance: normalizeAmount(p.outstandingBalance),
        overdueAmount: normalizeAmount(p.overdueAmount),
        daysPastDue: p.daysPastDue,
        dueDate: p.dueDate,
      };
      const facts: LoanFact[] = [{ kind: 'delinquency-updated', firstOverdue: base.status !== 'OVERDUE', terms }];
      if (!sameContact(base.customer, customer)) facts.push({ kind: 'contact-details-changed', customer });
      return {
        status: 'accepted',
        facts,
        state: {
          ...base,
          ...stamp,
          customerId: customer.customerId,
          customer,
          status: 'OVERDUE',
          currency: terms.currency,
          product: terms.product,
          creditLimit: terms.creditLimit,
          outstandingBalance: terms.outstandingBalance,
          overdueAmount: terms.overdueAmount,
          daysPastDue: terms.daysPastDue,
          dueDate: terms.dueDate,
          bureauScore: p.bureauScore ?? base.bureauScore,
          history: p.history ?? base.history,
          closedReason: null,
          closedAt: null,
        },
      };
    }
    case 'PaymentReceived': {
      const p = event.payload;
      if (base.currency !== null && base.currency !== p.currency) {
        return { status: 'rejected', errors: [{ path: 'payload.currency', message: `must equal the loan's currency ${base.currency}` }] };
      }
      const paid = toMinorUnits(p.amount);
      const outstanding = base.outstandingBalance === null ? null : maxMinor(0n, toMinorUnits(base.outstandingBalance) - paid);
      const overdue = base.overdueAmount === null ? null : maxMinor(0n, toMinorUnits(base.overdueAmount) - paid);
      const cured = overdue !== null && overdue === 0n && base.status === 'OVERDUE';
      return {
        status: 'accepted',
        facts: [{ kind: 'payment-received', payment: p }],
        state: {
          ...base,
          ...stamp,
          customerId: base.customerId ?? p.customerId,
          currency: base.currency ?? p.currency,
          outstandingBalance: outstanding === null ? null : fromMinorUnits(outstanding),
          overdueAmount: overdue === null ? null : fromMinorUnits(overdue),
          status: cured ? 'CURRENT' : base.status,
          daysPastDue: cured ? 0 : base.daysPastDue,
          lastPaymentAt: p.paidAt,
        },
      };
    }
    case 'LoanClosed':
      return {
        status: 'accepted',
        facts: [{ kind: 'loan-closed', reason: event.payload.reason, closedAt: event.occurredAt }],
        state: { ...base, ...stamp, status: 'CLOSED', closedReason: event.payload.reason, closedAt: event.occurredAt },
      };
    case 'CustomerFlagged': {
      const p = event.payload;
      const flags = { ...base.flags };
      if (p.active) flags[p.flag] = { until: p.until ?? null, since: event.occurredAt };
      else delete flags[p.flag];
      return {
        status: 'accepted',
        facts: [{ kind: 'flag-updated', flag: p }],
        state: { ...base, ...stamp, customerId: base.customerId ?? p.customerId, flags },
      };
    }
  }
}

/** Flags in force today: set, and not past their `until` date (in UTC calendar terms). */
export function activeFlags(state: LoanState, now: Date): CustomerFlag[] {
  const today = now.toISOString().slice(0, 10);
  return (Object.entries(state.flags) as Array<[CustomerFlag, FlagState]>)
    .filter(([, f]) => f.until === null || f.until >= today)
    .map(([flag]) => flag)
    .sort();
}

export function emptyLoan(loanId: string): LoanState {
  return {
    loanId,
    customerId: null,
    lastSequence: -1,
    status: 'CURRENT',
    currency: null,
    product: null,
    creditLimit: null,
    outstandingBalance: null,
    overdueAmount: null,
    daysPastDue: 0,
    dueDate: null,
    bureauScore: null,
    history: [],
    customer: null,
    flags: {},
    closedReason: null,
    closedAt: null,
    lastPaymentAt: null,
    lastEventId: '',
    updatedAt: '',
  };
}

function sameContact(a: CustomerDetails | null, b: CustomerDetails): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}
