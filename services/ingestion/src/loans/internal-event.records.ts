import {
  type CustomerContactDetailsEventV2,
  type LoanLifecycleEventV1,
  TOPICS,
  dpdBucketOf,
  newEnvelope,
  normalizeAmount,
  type CoreBankingEventV1,
} from '@clearpath/contracts';
import { type OutboxRecord, eventRecord } from '@clearpath/messaging';
import type { SubjectKeys } from '@clearpath/persistence';
import { activeFlags, type LoanFact, type LoanState } from './loan-state';
import { sealIdentity } from './sealed-customer';

/**
 * The internal event (as an outbox record) that announces what an applied event established. Loan-lifecycle records carry no
 * personal data; contact details go only to the compacted customer-contacts topic, only when they
 * changed (a nightly roll repeats them for every overdue loan), and with the identity sealed under
 * the customer's key. An erased customer's details are not published at all (null).
 */
export function internalEventRecord(
  fact: LoanFact,
  state: LoanState,
  source: CoreBankingEventV1,
  now: Date,
  correlationId: string,
  keys: SubjectKeys,
): OutboxRecord | null {
  // No object spreads here: in V8 (Node 20) an object literal that spreads an object and then adds
  // properties (`{ ...common, jurisdiction, ... }`) takes a slow runtime path, ~150x a plain
  // literal; it made this the hottest repository function of a nightly roll. Fields spelled out.
  const loanId = state.loanId;
  const loanSequence = state.lastSequence;
  const customerId = state.customerId ?? '';
  const envelope = <T extends string, P>(eventType: T, payload: P, schemaVersion = 1) =>
    newEnvelope({ eventType, payload, occurredAt: now, correlationId, causationId: source.eventId, schemaVersion });
  if (fact.kind === 'contact-details-changed') {
    const c = fact.customer;
    const identity = sealIdentity(c, keys);
    if (identity === null) return null;
    const event: CustomerContactDetailsEventV2 = envelope(
      'CustomerContactDetails',
      { customerId: c.customerId, identity, timezone: c.timezone, locale: c.locale, jurisdiction: c.jurisdiction, loanId },
      2,
    );
    return eventRecord(TOPICS.customerContacts.name, c.customerId, event);
  }
  let event: LoanLifecycleEventV1;
  switch (fact.kind) {
    case 'delinquency-updated': {
      const t = fact.terms;
      const dpdBucket = dpdBucketOf(t.daysPastDue);
      // The contract keeps a LoanOverdue's daysPastDue at 1 or more: every one has a bucket.
      if (dpdBucket === null) throw new Error(`loan ${loanId}: a LoanOverdue with ${t.daysPastDue} days past due has no DPD bucket`);
      event = envelope('LoanDelinquencyUpdated', {
        loanId,
        loanSequence,
        customerId,
        jurisdiction: t.customer.jurisdiction,
        timezone: t.customer.timezone,
        locale: t.customer.locale,
        product: t.product,
        currency: t.currency,
        creditLimit: t.creditLimit,
        outstandingBalance: t.outstandingBalance,
        overdueAmount: t.overdueAmount,
        daysPastDue: t.daysPastDue,
        dpdBucket,
        dueDate: t.dueDate,
        history: state.history,
        bureauScore: state.bureauScore,
        firstOverdue: fact.firstOverdue,
        activeFlags: activeFlags(state, now),
      });
      break;
    }
    case 'payment-received':
      event = envelope('LoanPaymentReceived', {
        loanId,
        loanSequence,
        customerId,
        amount: normalizeAmount(fact.payment.amount),
        currency: fact.payment.currency,
        paidAt: fact.payment.paidAt,
        method: fact.payment.method,
        reference: fact.payment.reference,
        outstandingBalance: state.outstandingBalance,
        overdueAmount: state.overdueAmount,
      });
      break;
    case 'loan-closed':
      event = envelope('LoanClosed', { loanId, loanSequence, customerId, reason: fact.reason, closedAt: fact.closedAt });
      break;
    case 'flag-updated':
      event = envelope('CustomerFlagUpdated', {
        loanId,
        loanSequence,
        customerId,
        flag: fact.flag.flag,
        active: fact.flag.active,
        until: fact.flag.until ?? null,
        activeFlags: activeFlags(state, now),
      });
      break;
  }
  return eventRecord(TOPICS.loanLifecycle.name, state.loanId, event);
}
