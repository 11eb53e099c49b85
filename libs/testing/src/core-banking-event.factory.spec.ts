import { aLoanOverdue, aPaymentReceived } from './core-banking-event.factory';

describe('core-banking event builders', () => {
  it('build a typed event of their type', () => {
    const overdue = aLoanOverdue().withDaysPastDue(31).build();
    expect(overdue.eventType).toBe('LoanOverdue');
    expect(overdue.payload.daysPastDue).toBe(31);
    expect(aPaymentReceived().withAmount('12.35').build().payload.amount).toBe('12.35');
  });

  it('refuse to build an event the contract refuses, naming the field and the way to a broken document', () => {
    expect(() => aLoanOverdue().withDaysPastDue(0).build()).toThrow(/not a valid LoanOverdue: payload\.daysPastDue must be 1\.\.3650 .*buildDocument\(\)/);
    expect(aLoanOverdue().withDaysPastDue(0).buildDocument()).toMatchObject({ eventType: 'LoanOverdue', payload: { daysPastDue: 0 } });
  });

  it('leave the builder alone when a field is set by path: that builds a document, and the builder still an event', () => {
    const builder = aLoanOverdue();
    const document = builder.with('payload.customer.phone', '12345').with('payload.bureauScore', undefined).buildDocument();
    expect(document).toMatchObject({ loanId: builder.loanId, eventId: builder.eventId, payload: { customer: { phone: '12345' } } });
    expect(document.payload).not.toHaveProperty('bureauScore');
    expect(builder.build().payload.customer.phone).toBe('+8613800138000');
  });
});
