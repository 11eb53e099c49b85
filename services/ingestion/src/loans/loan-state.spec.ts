import { aCustomerFlagged, aLoanClosed, aLoanOverdue, aPaymentReceived } from '@clearpath/testing';
import { activeFlags, applyEvent, type Decision, type LoanState } from './loan-state';

const now = new Date('2026-11-29T02:00:00Z');
const noPayments = { now, paymentSeen: () => false };

function accepted(decision: Decision): LoanState {
  if (decision.status !== 'accepted') throw new Error(`expected accepted, got ${decision.status}`);
  return decision.state;
}

describe('applyEvent', () => {
  const overdue = aLoanOverdue().withSequence(5);
  const loanId = overdue.loanId;
  const first = accepted(applyEvent(null, overdue.build(), noPayments));

  it('creates the loan from its first overdue event and announces first delinquency and contact details', () => {
    expect(first).toMatchObject({ loanId, status: 'OVERDUE', lastSequence: 5, overdueAmount: '1712.35', daysPastDue: 17, currency: 'CNY' });
    const decision = applyEvent(null, overdue.build(), noPayments);
    expect(decision.status === 'accepted' && decision.facts.map((f) => f.kind)).toEqual(['delinquency-updated', 'contact-details-changed']);
  });

  it('treats an event whose sequence is not above the last applied as stale', () => {
    expect(applyEvent(first, aLoanOverdue().forLoan(loanId).withSequence(5).build(), noPayments).status).toBe('stale');
    expect(applyEvent(first, aLoanOverdue().forLoan(loanId).withSequence(4).build(), noPayments).status).toBe('stale');
  });

  it('does not re-announce unchanged contact details on the nightly roll', () => {
    const decision = applyEvent(first, aLoanOverdue().forLoan(loanId).withSequence(6).withDaysPastDue(18).build(), noPayments);
    expect(decision.status === 'accepted' && decision.facts.map((f) => f.kind)).toEqual(['delinquency-updated']);
    expect(decision.status === 'accepted' && decision.facts[0]).toMatchObject({
      kind: 'delinquency-updated',
      firstOverdue: false,
      terms: { daysPastDue: expect.any(Number) },
    });
  });

  it('applies a payment to the cent and cures the loan when the overdue amount is paid', () => {
    const partial = accepted(applyEvent(first, aPaymentReceived().forLoan(loanId).withSequence(6).withAmount('0.35').build(), noPayments));
    expect(partial).toMatchObject({ overdueAmount: '1712.00', outstandingBalance: '12850.05', status: 'OVERDUE' });
    const rest = accepted(applyEvent(partial, aPaymentReceived().forLoan(loanId).withSequence(7).withAmount('1712.00').build(), noPayments));
    expect(rest).toMatchObject({ overdueAmount: '0.00', outstandingBalance: '11138.05', status: 'CURRENT', daysPastDue: 0 });
  });

  it('treats a payment reference seen before as a duplicate, whatever its event id', () => {
    const decision = applyEvent(first, aPaymentReceived().forLoan(loanId).withSequence(9).build(), { now, paymentSeen: () => true });
    expect(decision.status).toBe('duplicate');
  });

  it("rejects a payment in another currency than the loan's, naming the field", () => {
    const decision = applyEvent(first, aPaymentReceived().forLoan(loanId).withSequence(6).withCurrency('USD').build(), noPayments);
    expect(decision).toEqual({ status: 'rejected', errors: [{ path: 'payload.currency', message: "must equal the loan's currency CNY" }] });
  });

  it('closes the loan', () => {
    expect(accepted(applyEvent(first, aLoanClosed().forLoan(loanId).withSequence(6).build(), noPayments))).toMatchObject({
      status: 'CLOSED',
      closedReason: 'PAID_OFF',
    });
  });

  it('sets, lapses and lifts flags', () => {
    const flagged = accepted(
      applyEvent(first, aCustomerFlagged().forLoan(loanId).withSequence(6).withFlag('BREATHING_SPACE', true, '2026-12-01').build(), noPayments),
    );
    expect(activeFlags(flagged, now)).toEqual(['BREATHING_SPACE']);
    expect(activeFlags(flagged, new Date('2026-12-02T00:00:00Z'))).toEqual([]);
    const lifted = accepted(applyEvent(flagged, aCustomerFlagged().forLoan(loanId).withSequence(7).withFlag('BREATHING_SPACE', false).build(), noPayments));
    expect(activeFlags(lifted, now)).toEqual([]);
  });
});
