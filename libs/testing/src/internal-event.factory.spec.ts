import {
  parseCaseSegmentedEvent,
  parseComplaintEvent,
  parseContactAttemptRecordedEvent,
  parseContactOutcomeRecordedEvent,
  parseCustomerContactDetailsEvent,
  parseCustomerContactsEvent,
  parseLoanLifecycleEvent,
  parseRepaymentPlanEvent,
} from '@clearpath/contracts';
import { aCaseSegmented } from './case-segmented-event.factory';
import { aComplaintAcknowledgementDeadline, aComplaintDeadline, aComplaintStatusChanged } from './complaint-event.factory';
import { aContactAttemptRecorded } from './contact-attempt-event.factory';
import { aContactOutcomeRecorded } from './contact-outcome-event.factory';
import { aCustomerContactDetails, aCustomerErased } from './customer-contacts-event.factory';
import { aCustomerFlagUpdated, aLoanClosedEvent, aLoanDelinquencyUpdated, aLoanPaymentReceived } from './loan-lifecycle-event.factory';
import { aCaseResolved, aPlanStatusChanged, aPromiseStatusChanged } from './repayment-plan-event.factory';
import { fakeSubjectKeys } from './subject-keys.fake';

/** What a consumer receives: the event as JSON on the wire. */
const onTheWire = (event: object): unknown => JSON.parse(JSON.stringify(event));

describe('internal event factories', () => {
  const keys = fakeSubjectKeys(['C-ERASED']);
  const factories: ReadonlyArray<readonly [string, () => object, (input: unknown) => unknown]> = [
    ['LoanDelinquencyUpdated', () => aLoanDelinquencyUpdated().build(), parseLoanLifecycleEvent],
    ['LoanPaymentReceived', () => aLoanPaymentReceived().build(), parseLoanLifecycleEvent],
    ['LoanClosed', () => aLoanClosedEvent().build(), parseLoanLifecycleEvent],
    ['CustomerFlagUpdated', () => aCustomerFlagUpdated().build(), parseLoanLifecycleEvent],
    ['CustomerContactDetails v1', () => aCustomerContactDetails().build(), parseCustomerContactDetailsEvent],
    ['CustomerContactDetails v2', () => aCustomerContactDetails().buildSealed(keys), parseCustomerContactsEvent],
    ['CustomerErased', () => aCustomerErased().build(), parseCustomerContactsEvent],
    ['CaseSegmented', () => aCaseSegmented().build(), parseCaseSegmentedEvent],
    ['ContactOutcomeRecorded', () => aContactOutcomeRecorded().build(), parseContactOutcomeRecordedEvent],
    ['ContactAttemptRecorded', () => aContactAttemptRecorded().build(), parseContactAttemptRecordedEvent],
    ['PlanStatusChanged', () => aPlanStatusChanged().build(), parseRepaymentPlanEvent],
    ['PromiseStatusChanged', () => aPromiseStatusChanged().build(), parseRepaymentPlanEvent],
    ['CaseResolved', () => aCaseResolved().build(), parseRepaymentPlanEvent],
    ['ComplaintStatusChanged', () => aComplaintStatusChanged().build(), parseComplaintEvent],
    ['ComplaintDeadline', () => aComplaintDeadline().build(), parseComplaintEvent],
    ['ComplaintAcknowledgementDeadline', () => aComplaintAcknowledgementDeadline().build(), parseComplaintEvent],
  ];

  it.each(factories)('builds a valid %s: its contract parses it back unchanged', (_name, build, parse) => {
    const event = build();
    expect(parse(onTheWire(event))).toEqual(event);
  });

  it('gives every builder a loan of its own and every event an id of its own; building twice is a redelivery', () => {
    const [a, b] = [aLoanDelinquencyUpdated(), aLoanDelinquencyUpdated()];
    expect(a.loanId).not.toBe(b.loanId);
    expect(a.build().eventId).not.toBe(b.build().eventId);
    expect(a.build()).toEqual(a.build());
    expect(a.build().correlationId).toBe(`it-${a.loanId}`);
  });

  it('hands out copies: changing a built event changes neither the builder nor the next build', () => {
    const builder = aLoanDelinquencyUpdated();
    builder.build().payload.history.push({ month: '2026-08', repaymentStatus: 0, billAmount: '1.00', paidAmount: '1.00' });
    expect(builder.build().payload.history).toHaveLength(2);
  });

  it('keeps what it derives consistent with what a test sets', () => {
    expect(aLoanDelinquencyUpdated().withDaysPastDue(45).build().payload).toMatchObject({ daysPastDue: 45, dpdBucket: 'M2' });
    expect(aLoanDelinquencyUpdated().inJurisdiction('GB').build().payload).toMatchObject({
      jurisdiction: 'GB',
      timezone: 'Europe/London',
      locale: 'en-GB',
      currency: 'GBP',
    });
    expect(aCustomerFlagUpdated().withFlag('DISPUTE', false).build().payload).toMatchObject({ flag: 'DISPUTE', active: false, activeFlags: [] });
    expect(aComplaintStatusChanged().withCategory('WRONG_AMOUNT').withStatus('resolved', 'investigating').build().payload).toMatchObject({
      contactSuspension: 'VOICE_AND_FIELD',
      outcome: 'UPHELD',
    });
    expect(aContactAttemptRecorded().withOutcome('refused').build().payload).toMatchObject({ stage: 'outcome', outcome: 'refused' });
  });

  it('moves the payload’s own time with occurredAt, unless set apart afterwards', () => {
    const plan = aPlanStatusChanged().occurredAt('2026-12-11T02:00:00Z').build();
    expect([plan.occurredAt, plan.payload.changedAt]).toEqual(['2026-12-11T02:00:00.000Z', '2026-12-11T02:00:00.000Z']);
    const promise = aPromiseStatusChanged().occurredAt('2026-12-01T02:00:00Z').changedAt('2026-12-06T02:00:00Z').build();
    expect([promise.occurredAt, promise.payload.changedAt]).toEqual(['2026-12-01T02:00:00.000Z', '2026-12-06T02:00:00.000Z']);
  });

  it('seals version 2 contact details for the customer, and refuses to for an erased one', () => {
    const details = aCustomerContactDetails().forCustomer('C-1').withEmail(null).withAddress(null);
    const sealed = details.buildSealed(keys);
    expect(sealed).toMatchObject({ schemaVersion: 2, eventId: details.eventId, payload: { customerId: 'C-1', timezone: 'Asia/Shanghai' } });
    expect(JSON.parse(keys.open('C-1', sealed.payload.identity)!)).toEqual({ fullName: '王小明', phone: '+8613800138000', email: null, address: null });
    expect(() => aCustomerContactDetails().forCustomer('C-ERASED').buildSealed(keys)).toThrow(/C-ERASED is erased/);
  });
});
