import { randomUUID } from 'node:crypto';
import {
  type CustomerFlag,
  type CustomerFlagUpdatedV1,
  type HistoryEntryV1,
  type Jurisdiction,
  type LoanClosedV1,
  type LoanDelinquencyUpdatedV1,
  type LoanPaymentReceivedV1,
  dpdBucketOf,
} from '@clearpath/contracts';
import { aLoanId, aLoanOverdue } from './core-banking-event.factory';
import { DEFAULT_CUSTOMER_ID, DEFAULT_EVENT_TIME, JURISDICTION_DEFAULTS, SequencedEventBuilder } from './internal-event.builder';

/**
 * `collections.loan-lifecycle.v1` as ingestion publishes it. The defaults follow from the
 * core-banking builders' documents: `aLoanDelinquencyUpdated()` is what `aLoanOverdue()` becomes,
 * `aLoanPaymentReceived()` what `aPaymentReceived()` does to it.
 */
export class LoanDelinquencyUpdatedBuilder extends SequencedEventBuilder<'LoanDelinquencyUpdated', LoanDelinquencyUpdatedV1> {
  constructor() {
    // What ingestion makes of the core-banking builders' LoanOverdue, the first time that loan is overdue.
    const {
      customer,
      product,
      currency,
      creditLimit,
      outstandingBalance,
      overdueAmount,
      daysPastDue,
      dueDate,
      history = [],
      bureauScore = null,
    } = aLoanOverdue().build().payload;
    const { customerId, jurisdiction, timezone, locale } = customer;
    super('LoanDelinquencyUpdated', 1, {
      loanId: aLoanId(),
      loanSequence: 1,
      customerId,
      jurisdiction,
      timezone,
      locale,
      product,
      currency,
      creditLimit,
      outstandingBalance,
      overdueAmount,
      daysPastDue,
      dpdBucket: dpdBucketOf(daysPastDue) ?? 'M1',
      dueDate,
      history,
      bureauScore,
      firstOverdue: true,
      activeFlags: [],
    });
  }
  /** The jurisdiction with its usual locale and currency, in its usual zone unless one is given. */
  inJurisdiction(jurisdiction: Jurisdiction, timezone = JURISDICTION_DEFAULTS[jurisdiction].timezone): this {
    const { locale, currency } = JURISDICTION_DEFAULTS[jurisdiction];
    return this.withPayload({ jurisdiction, timezone, locale, currency });
  }
  /** Days past due, and the DPD bucket they fall in. */
  withDaysPastDue(daysPastDue: number): this {
    return this.withPayload({ daysPastDue, dpdBucket: dpdBucketOf(daysPastDue) ?? this.payload.dpdBucket });
  }
  withAmounts(outstandingBalance: string, overdueAmount: string): this {
    return this.withPayload({ outstandingBalance, overdueAmount });
  }
  withOverdueAmount(overdueAmount: string): this {
    return this.withPayload({ overdueAmount });
  }
  dueOn(dueDate: string): this {
    return this.withPayload({ dueDate });
  }
  withHistory(history: HistoryEntryV1[]): this {
    return this.withPayload({ history });
  }
  withBureauScore(bureauScore: number | null): this {
    return this.withPayload({ bureauScore });
  }
  withFirstOverdue(firstOverdue: boolean): this {
    return this.withPayload({ firstOverdue });
  }
  withActiveFlags(...activeFlags: CustomerFlag[]): this {
    return this.withPayload({ activeFlags });
  }
}

export class LoanPaymentReceivedBuilder extends SequencedEventBuilder<'LoanPaymentReceived', LoanPaymentReceivedV1> {
  constructor() {
    super('LoanPaymentReceived', 1, {
      loanId: aLoanId(),
      loanSequence: 2,
      customerId: DEFAULT_CUSTOMER_ID,
      amount: '500.00',
      currency: 'CNY',
      paidAt: '2026-11-29T10:15:00+08:00',
      method: 'WECHAT_PAY',
      reference: `PAY-${randomUUID()}`,
      outstandingBalance: '12350.40',
      overdueAmount: '1212.35',
    });
  }
  withAmount(amount: string): this {
    return this.withPayload({ amount });
  }
  withReference(reference: string): this {
    return this.withPayload({ reference });
  }
  /** The loan's balances after the payment; null where core banking did not say. */
  withBalances(outstandingBalance: string | null, overdueAmount: string | null): this {
    return this.withPayload({ outstandingBalance, overdueAmount });
  }
  paidAt(at: Date | string): this {
    return this.withPayload({ paidAt: new Date(at).toISOString() });
  }
}

export class LoanClosedEventBuilder extends SequencedEventBuilder<'LoanClosed', LoanClosedV1> {
  constructor() {
    super('LoanClosed', 1, { loanId: aLoanId(), loanSequence: 2, customerId: DEFAULT_CUSTOMER_ID, reason: 'PAID_OFF', closedAt: DEFAULT_EVENT_TIME });
  }
  withReason(reason: LoanClosedV1['reason']): this {
    return this.withPayload({ reason });
  }
  protected override happenedAt(closedAt: string): void {
    this.payload = { ...this.payload, closedAt };
  }
}

export class CustomerFlagUpdatedBuilder extends SequencedEventBuilder<'CustomerFlagUpdated', CustomerFlagUpdatedV1> {
  constructor() {
    super('CustomerFlagUpdated', 1, {
      loanId: aLoanId(),
      loanSequence: 2,
      customerId: DEFAULT_CUSTOMER_ID,
      flag: 'VULNERABLE',
      active: true,
      until: null,
      activeFlags: ['VULNERABLE'],
    });
  }
  /** The flag set or lifted, and the active flags that leaves (that one alone, or none). */
  withFlag(flag: CustomerFlag, active = true, until: string | null = null): this {
    return this.withPayload({ flag, active, until, activeFlags: active ? [flag] : [] });
  }
  withActiveFlags(...activeFlags: CustomerFlag[]): this {
    return this.withPayload({ activeFlags });
  }
}

export const aLoanDelinquencyUpdated = () => new LoanDelinquencyUpdatedBuilder();
export const aLoanPaymentReceived = () => new LoanPaymentReceivedBuilder();
/** The loan-lifecycle LoanClosed (`aLoanClosed()` is core banking's). */
export const aLoanClosedEvent = () => new LoanClosedEventBuilder();
export const aCustomerFlagUpdated = () => new CustomerFlagUpdatedBuilder();
