import { earliestKnownDate } from './loan-known-since';

const month = (m: string) => ({ month: m, repaymentStatus: 0, billAmount: '100.00', paidAmount: '100.00' });

describe('the earliest day a loan is known by', () => {
  it('is the first day of the earliest statement month when that precedes the due date', () => {
    expect(earliestKnownDate({ dueDate: '2026-11-14', history: [month('2026-10'), month('2026-08'), month('2026-09')] })).toBe('2026-08-01');
  });

  it('is the due date when there is no history', () => {
    expect(earliestKnownDate({ dueDate: '2026-11-14', history: [] })).toBe('2026-11-14');
  });

  it('ignores a due date that is not a real date, and is null when nothing is dated', () => {
    expect(earliestKnownDate({ dueDate: '2026-02-30', history: [month('2026-03')] })).toBe('2026-03-01');
    expect(earliestKnownDate({ dueDate: 'soon', history: [] })).toBeNull();
  });
});
