import { validateCoreBankingEvent } from '@clearpath/contracts';
import { CONTRACT_RULE_CASES } from './contract-rule-cases';
import { aCustomerFlagged, aLoanClosed, aLoanOverdue, aPaymentReceived } from './core-banking-event.factory';

describe('core-banking event contract v1', () => {
  it.each([
    ['LoanOverdue', aLoanOverdue()],
    ['PaymentReceived', aPaymentReceived()],
    ['LoanClosed', aLoanClosed()],
    ['CustomerFlagged', aCustomerFlagged()],
  ])('accepts a valid %s', (_type, builder) => {
    expect(validateCoreBankingEvent(builder.build())).toMatchObject({ ok: true });
  });

  it('ignores unknown fields', () => {
    const result = validateCoreBankingEvent(aLoanOverdue().with('payload.loyaltyTier', 'gold').with('extra', 1).buildDocument());
    expect(result.ok).toBe(true);
    expect(result.ok && 'loyaltyTier' in result.event.payload).toBe(false);
  });

  it('accepts the optional fields absent and a negative history bill', () => {
    const doc = aLoanOverdue()
      .with('payload.customer.address', undefined)
      .with('payload.bureauScore', undefined)
      .with('payload.history', [{ month: '2026-10', repaymentStatus: -2, billAmount: '-12.00', paidAmount: '0.00' }])
      .buildDocument();
    expect(validateCoreBankingEvent(doc).ok).toBe(true);
  });

  it.each(CONTRACT_RULE_CASES.map((c) => [c.rule, c] as const))('rejects: %s', (_rule, c) => {
    const result = validateCoreBankingEvent(c.document());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.path)).toContain(c.path);
  });

  it('rejects what is not an object', () => {
    expect(validateCoreBankingEvent([1, 2])).toEqual({ ok: false, errors: [{ path: '(root)', message: 'must be a JSON object' }] });
  });
});
