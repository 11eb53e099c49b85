import { localDate } from '@clearpath/contracts';

/**
 * How far ahead of our clock a given receipt time may be before it is refused: the caller's clock
 * (a branch PC, a regulator's portal) may run a little fast, and refusing a complaint for that
 * would only make someone type it in again.
 */
export const RECEIVED_AT_CLOCK_SKEW_MS = 5 * 60_000;

export interface ReceiptInput {
  /** The receipt time the caller gave, if any. */
  readonly given: Date | undefined;
  /** When intake logs the complaint (the service clock). */
  readonly now: Date;
  /** The debtor's zone: the loan's earliest known day is a day in their calendar. */
  readonly timeZone: string;
  /** The earliest local date complaints knows the loan by (`YYYY-MM-DD`), or null when the loan is unknown. */
  readonly loanKnownSince: string | null;
}

export type ReceiptCheck = { ok: true; receivedAt: Date } | { ok: false; message: string };

/**
 * When the complaint was received, which starts every deadline clock (COMPLIANCE.md: "the time the
 * complaint was received, which intake records as given, not when it was typed in").
 *
 * - Not given: received now.
 * - Later than now by more than the skew allowance: refused — nobody can have received it yet.
 *   Within the allowance it is taken as now: a complaint is never received after it was logged,
 *   and the earlier time is the debtor's safe side (a deadline can only move earlier).
 * - On a local day before the earliest day complaints knows the loan by: refused — it cannot have
 *   been a complaint about this loan. Compared by day, not instant, because what is known (a due
 *   date, a statement month) is a day: a complaint on that same day is accepted. A loan complaints
 *   has not heard of is accepted, as is any time when a loan's facts carry no date.
 */
export function checkReceivedAt(input: ReceiptInput): ReceiptCheck {
  const { given, now, timeZone, loanKnownSince } = input;
  if (given === undefined) return { ok: true, receivedAt: now };
  if (given.getTime() > now.getTime() + RECEIVED_AT_CLOCK_SKEW_MS) {
    return {
      ok: false,
      message: `must not be in the future (it is ${now.toISOString()} now; ${RECEIVED_AT_CLOCK_SKEW_MS / 60_000} minutes of clock skew are allowed)`,
    };
  }
  if (loanKnownSince !== null && localDate(given, timeZone) < loanKnownSince) {
    return { ok: false, message: `must not be before the loan existed (the earliest known of it is ${loanKnownSince} in ${timeZone})` };
  }
  return { ok: true, receivedAt: given.getTime() > now.getTime() ? now : given };
}
