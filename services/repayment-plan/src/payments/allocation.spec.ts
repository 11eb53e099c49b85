import fc from 'fast-check';
import { allocatePayment, nextUnpaid, type InstalmentBalance } from './allocation';

const plan = (paid: bigint[] = [0n, 0n, 0n]): InstalmentBalance[] =>
  [10_000n, 10_000n, 10_001n].map((amountMinor, i) => ({ seq: i + 1, dueDate: `2027-0${i + 1}-15`, amountMinor, paidMinor: paid[i] }));

describe('payment allocation', () => {
  it('pays the oldest due instalment first', () => {
    const r = allocatePayment(plan(), 10_000n);
    expect(r.allocations).toEqual([{ seq: 1, amountMinor: 10_000n }]);
    expect(nextUnpaid(r.instalments)?.seq).toBe(2);
    expect(r.settled).toBe(false);
  });

  it('a partial payment part-pays the oldest and leaves it due', () => {
    const r = allocatePayment(plan(), 2_500n);
    expect(r.allocations).toEqual([{ seq: 1, amountMinor: 2_500n }]);
    expect(nextUnpaid(r.instalments)).toMatchObject({ seq: 1, paidMinor: 2_500n });
  });

  it('a payment spanning instalments finishes the part-paid one, then pays the next early', () => {
    const r = allocatePayment(plan([2_500n, 0n, 0n]), 12_000n);
    expect(r.allocations).toEqual([
      { seq: 1, amountMinor: 7_500n },
      { seq: 2, amountMinor: 4_500n },
    ]);
  });

  it('an overpayment settles the plan and keeps the excess as unallocated', () => {
    const r = allocatePayment(plan([10_000n, 0n, 0n]), 25_000n);
    expect(r.settled).toBe(true);
    expect(r.unallocatedMinor).toBe(4_999n);
    expect(nextUnpaid(r.instalments)).toBeNull();
  });

  it('never loses or invents money (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 24 }),
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        (amounts, payment) => {
          const instalments = amounts.map((amountMinor, i) => ({ seq: i + 1, dueDate: '2027-01-01', amountMinor, paidMinor: 0n }));
          const r = allocatePayment(instalments, payment);
          const allocated = r.allocations.reduce((a, x) => a + x.amountMinor, 0n);
          expect(allocated + r.unallocatedMinor).toBe(payment);
          expect(r.instalments.every((i) => i.paidMinor >= 0n && i.paidMinor <= i.amountMinor)).toBe(true);
          expect(r.unallocatedMinor >= 0n).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
