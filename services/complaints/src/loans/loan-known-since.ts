import { dateOfDay, dayNumber, type LoanDelinquencyUpdatedV1 } from '@clearpath/contracts';

/**
 * The earliest day a LoanDelinquencyUpdated shows the loan existed: the first day of its earliest
 * statement month, or its due date, whichever is earlier; null when neither is a real date.
 *
 * The lifecycle topic carries no origination date, so this is evidence, not the start of the loan:
 * the loan may be older (the history holds at most the last 12 months). That errs on the side of
 * accepting a complaint — intake refuses a receipt time only before this day — and the day only
 * ever moves earlier as more events arrive.
 */
export function earliestKnownDate(update: Pick<LoanDelinquencyUpdatedV1, 'dueDate' | 'history'>): string | null {
  const candidates = [update.dueDate, ...update.history.map((h) => `${h.month}-01`)].filter(isRealDate);
  return candidates.length === 0 ? null : candidates.reduce((a, b) => (b < a ? b : a));
}

function isRealDate(date: string): boolean {
  // The contract types dueDate as any string; a non-date is no evidence (and never a reason to fail the batch).
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return dateOfDay(dayNumber(date)) === date;
}
