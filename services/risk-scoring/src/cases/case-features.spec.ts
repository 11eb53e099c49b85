import type { ContactOutcome, LoanLifecycleEventV1 } from '@clearpath/contracts';
import { aContactOutcomeRecorded, aLoanDelinquencyUpdated, aLoanPaymentReceived } from '@clearpath/testing';
import { applyContactOutcome, applyLifecycleEvent, daysSinceLastPayment, isScorable, paidToBilled, utilisation, type CaseFeatures } from './case-features';

const now = new Date('2026-11-29T02:00:00Z');
const delinquency = (loanSequence: number, daysPastDue: number, firstOverdue = loanSequence === 1) =>
  aLoanDelinquencyUpdated()
    .forLoan('LN-1')
    .withSequence(loanSequence)
    .withDaysPastDue(daysPastDue)
    .withFirstOverdue(firstOverdue)
    .withHistory([{ month: '2026-10', repaymentStatus: 1, billAmount: '1712.35', paidAmount: '856.18' }])
    .build();
const payment = (loanSequence: number, overdueAmount: string) =>
  aLoanPaymentReceived()
    .forLoan('LN-1')
    .withSequence(loanSequence)
    .withAmount('1.00')
    .paidAt('2026-11-20T10:00:00+08:00')
    .withBalances('100.00', overdueAmount)
    .build();

function updated(current: CaseFeatures | null, event: LoanLifecycleEventV1) {
  const u = applyLifecycleEvent(current, event, now);
  if (u.kind !== 'updated') throw new Error('stale');
  return u;
}

describe('case features', () => {
  const first = updated(null, delinquency(1, 17)).features;

  it('builds the record from a delinquency update, with the derived features', () => {
    expect(first).toMatchObject({ status: 'DELINQUENT', daysPastDue: 17, loanSequence: 1, bureauScore: 612 });
    expect(isScorable(first)).toBe(true);
    expect(utilisation(first)).toBe(0.6425);
    expect(paidToBilled(first)).toEqual([0.5]);
    expect(daysSinceLastPayment(first, now)).toBeNull();
  });

  it('ignores what is not newer than the last applied sequence', () => {
    expect(applyLifecycleEvent(first, delinquency(1, 40), now)).toEqual({ kind: 'stale' });
  });

  it('keeps a DPD history of changes, newest first', () => {
    const next = updated(first, delinquency(2, 18)).features;
    expect(next.dpdHistory.map((d) => d.daysPastDue)).toEqual([18, 17]);
    expect(updated(next, delinquency(3, 18)).features.dpdHistory).toHaveLength(2);
  });

  it('marks a case cured when the overdue amount is paid, and does not re-score it', () => {
    const cured = updated(first, payment(2, '0.00'));
    expect(cured.rescore).toBe(false);
    expect(cured.features).toMatchObject({ status: 'CURED', daysPastDue: 0 });
    expect(isScorable(cured.features)).toBe(false);
    expect(daysSinceLastPayment(cured.features, now)).toBe(9);
    // Falling overdue again is a new delinquency episode.
    expect(updated(cured.features, delinquency(3, 1)).features.priorDelinquencies).toBe(0);
    expect(updated(cured.features, delinquency(3, 1, true)).features.priorDelinquencies).toBe(1);
  });

  it('counts right-party contacts and promises from contact outcomes', () => {
    const outcome = (kind: ContactOutcome) => aContactOutcomeRecorded().forLoan('LN-1').withOutcome(kind).build();
    const afterNoAnswer = applyContactOutcome(first, outcome('no-answer'), now);
    expect(afterNoAnswer).toMatchObject({ rightPartyContacts: 0, promisesToPay: 0, lastContactOutcome: { outcome: 'no-answer' }, loanSequence: 1 });
    const afterPromise = applyContactOutcome(afterNoAnswer, outcome('promise-to-pay'), now);
    expect(afterPromise).toMatchObject({ rightPartyContacts: 1, promisesToPay: 1 });
    expect(applyContactOutcome(null, outcome('refused'), now)).toMatchObject({ loanId: 'LN-1', rightPartyContacts: 1, loanSequence: -1 });
  });
});
