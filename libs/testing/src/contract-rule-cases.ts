import { aCustomerFlagged, aLoanClosed, aLoanOverdue, aPaymentReceived } from './core-banking-event.factory';

/**
 * One case per rule of the core-banking contract: a document breaking exactly that rule and the
 * field path the error must name. Used by the contract's unit spec and by ingestion's HTTP and
 * Kafka integration specs, so every way in enforces every rule.
 */
export interface ContractRuleCase {
  readonly rule: string;
  readonly document: () => Record<string, unknown>;
  readonly path: string;
}

export const CONTRACT_RULE_CASES: readonly ContractRuleCase[] = [
  { rule: 'eventId must be a UUID', path: 'eventId', document: () => aLoanOverdue().withEventId('not-a-uuid').buildDocument() },
  { rule: 'eventId is required', path: 'eventId', document: () => aLoanOverdue().with('eventId', undefined).buildDocument() },
  { rule: 'eventType must be known', path: 'eventType', document: () => aLoanOverdue().with('eventType', 'LoanRestructured').buildDocument() },
  { rule: 'schemaVersion must be 1', path: 'schemaVersion', document: () => aLoanOverdue().with('schemaVersion', 2).buildDocument() },
  { rule: 'occurredAt must carry an offset', path: 'occurredAt', document: () => aLoanOverdue().occurredAt('2026-11-28T23:05:00').buildDocument() },
  { rule: 'source must be 1-64 chars', path: 'source', document: () => aLoanOverdue().with('source', 'x'.repeat(65)).buildDocument() },
  { rule: 'loanId must be [A-Za-z0-9_-]', path: 'loanId', document: () => aLoanOverdue().with('loanId', 'LN 1/2').buildDocument() },
  { rule: 'sequence must be >= 0', path: 'sequence', document: () => aLoanOverdue().withSequence(-1).buildDocument() },
  { rule: 'sequence must be an integer', path: 'sequence', document: () => aLoanOverdue().with('sequence', 1.5).buildDocument() },
  { rule: 'payload is required', path: 'payload', document: () => aLoanOverdue().with('payload', undefined).buildDocument() },
  {
    rule: 'customer.customerId is required',
    path: 'payload.customer.customerId',
    document: () => aLoanOverdue().with('payload.customer.customerId', undefined).buildDocument(),
  },
  {
    rule: 'customer.fullName at most 200 chars',
    path: 'payload.customer.fullName',
    document: () => aLoanOverdue().with('payload.customer.fullName', '王'.repeat(201)).buildDocument(),
  },
  {
    rule: 'customer.phone must be E.164',
    path: 'payload.customer.phone',
    document: () => aLoanOverdue().with('payload.customer.phone', '13800138000').buildDocument(),
  },
  {
    rule: 'customer.email must be an address',
    path: 'payload.customer.email',
    document: () => aLoanOverdue().with('payload.customer.email', 'not-an-email').buildDocument(),
  },
  {
    rule: 'customer.timezone must be IANA',
    path: 'payload.customer.timezone',
    document: () => aLoanOverdue().with('payload.customer.timezone', 'Mars/Olympus').buildDocument(),
  },
  {
    rule: 'customer.locale must be zh-CN, en-US or en-GB',
    path: 'payload.customer.locale',
    document: () => aLoanOverdue().with('payload.customer.locale', 'fr-FR').buildDocument(),
  },
  {
    rule: 'customer.jurisdiction must be CN, US or GB',
    path: 'payload.customer.jurisdiction',
    document: () => aLoanOverdue().with('payload.customer.jurisdiction', 'DE').buildDocument(),
  },
  { rule: 'product must be known', path: 'payload.product', document: () => aLoanOverdue().with('payload.product', 'MORTGAGE').buildDocument() },
  { rule: 'currency must be ISO 4217', path: 'payload.currency', document: () => aLoanOverdue().with('payload.currency', 'XYZ').buildDocument() },
  {
    rule: 'amounts are decimal strings, never numbers',
    path: 'payload.creditLimit',
    document: () => aLoanOverdue().with('payload.creditLimit', 20000).buildDocument(),
  },
  {
    rule: 'amounts have at most two fraction digits',
    path: 'payload.outstandingBalance',
    document: () => aLoanOverdue().with('payload.outstandingBalance', '12850.401').buildDocument(),
  },
  { rule: 'overdueAmount must be > 0', path: 'payload.overdueAmount', document: () => aLoanOverdue().with('payload.overdueAmount', '0.00').buildDocument() },
  {
    rule: 'overdueAmount must not exceed outstandingBalance',
    path: 'payload.overdueAmount',
    document: () => aLoanOverdue().withAmounts('100.00', '100.01').buildDocument(),
  },
  { rule: 'daysPastDue must be 1-3650', path: 'payload.daysPastDue', document: () => aLoanOverdue().withDaysPastDue(0).buildDocument() },
  { rule: 'dueDate must be a real date', path: 'payload.dueDate', document: () => aLoanOverdue().with('payload.dueDate', '2026-02-30').buildDocument() },
  {
    rule: 'history has at most 12 entries',
    path: 'payload.history',
    document: () =>
      aLoanOverdue()
        .with(
          'payload.history',
          Array.from({ length: 13 }, (_, i) => ({
            month: `2025-${String((i % 12) + 1).padStart(2, '0')}`,
            repaymentStatus: 0,
            billAmount: '1.00',
            paidAmount: '1.00',
          })),
        )
        .buildDocument(),
  },
  {
    rule: 'history month is YYYY-MM',
    path: 'payload.history[0].month',
    document: () =>
      aLoanOverdue()
        .with('payload.history', [{ month: '2026-13', repaymentStatus: 0, billAmount: '1.00', paidAmount: '1.00' }])
        .buildDocument(),
  },
  {
    rule: 'history repaymentStatus is -2..9',
    path: 'payload.history[1].repaymentStatus',
    document: () =>
      aLoanOverdue()
        .with('payload.history', [
          { month: '2026-10', repaymentStatus: 0, billAmount: '1.00', paidAmount: '1.00' },
          { month: '2026-09', repaymentStatus: 10, billAmount: '1.00', paidAmount: '1.00' },
        ])
        .buildDocument(),
  },
  {
    rule: 'only history billAmount may be negative',
    path: 'payload.history[0].paidAmount',
    document: () =>
      aLoanOverdue()
        .with('payload.history', [{ month: '2026-10', repaymentStatus: -1, billAmount: '-5.00', paidAmount: '-1.00' }])
        .buildDocument(),
  },
  { rule: 'bureauScore is 0-1000', path: 'payload.bureauScore', document: () => aLoanOverdue().with('payload.bureauScore', 1001).buildDocument() },
  { rule: 'payment amount must be > 0', path: 'payload.amount', document: () => aPaymentReceived().withAmount('0.00').buildDocument() },
  { rule: 'payment paidAt is RFC 3339', path: 'payload.paidAt', document: () => aPaymentReceived().with('payload.paidAt', '29/11/2026').buildDocument() },
  { rule: 'payment method must be known', path: 'payload.method', document: () => aPaymentReceived().with('payload.method', 'BITCOIN').buildDocument() },
  { rule: 'payment reference is required', path: 'payload.reference', document: () => aPaymentReceived().with('payload.reference', undefined).buildDocument() },
  {
    rule: 'payment customerId is required',
    path: 'payload.customerId',
    document: () => aPaymentReceived().with('payload.customerId', undefined).buildDocument(),
  },
  { rule: 'close reason must be known', path: 'payload.reason', document: () => aLoanClosed().with('payload.reason', 'FORGIVEN').buildDocument() },
  { rule: 'flag must be known', path: 'payload.flag', document: () => aCustomerFlagged().with('payload.flag', 'ANGRY').buildDocument() },
  { rule: 'flag active must be a boolean', path: 'payload.active', document: () => aCustomerFlagged().with('payload.active', 'yes').buildDocument() },
  { rule: 'flag until is YYYY-MM-DD', path: 'payload.until', document: () => aCustomerFlagged().with('payload.until', '2026-12').buildDocument() },
];
