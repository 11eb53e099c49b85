import type { CaseRecord } from '../src/cases/case-record';

/** An open GB case 17 days past due, as the repayment-plan store holds it: the specs' page data starts from it. */
export const A_GB_CASE: CaseRecord = {
  loanId: 'LN-1',
  customerId: 'C-1',
  loanSequence: 1,
  jurisdiction: 'GB',
  timezone: 'Europe/London',
  locale: 'en-GB',
  currency: 'GBP',
  outstandingMinor: 128_504n,
  overdueMinor: 17_123n,
  daysPastDue: 17,
  dueDate: '2026-11-11',
  status: 'open',
  resolvedReason: null,
  resolvedAt: null,
  lastExtensionOn: null,
  updatedAt: '2026-11-29T02:00:00.000Z',
  segment: null,
};
