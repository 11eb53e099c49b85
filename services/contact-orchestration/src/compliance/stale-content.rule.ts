import { toMinorUnits } from '@clearpath/contracts';

/**
 * `stale-content` (COMPLIANCE.md "Additional rules"; 12 CFR 1006.18, CONC 7.3): a message says what
 * the case's facts are when it is sent. An attempt planned before the case paused, was paid, got a
 * plan or a promise, or changed its overdue amount is cancelled, never sent. (A stopped case's
 * attempts are cancelled when it stops; one met later is blocked by the guard's `closed`.)
 */
export const STALE_CONTENT = 'stale-content';

/** Why a pending attempt no longer fits its case at the instant of contact, or null while it still does. */
export function staleReason(
  planned: { overdueAmount: string | null },
  current: { state: string; stateReason: string | null; overdueAmount: string },
): string | null {
  if (current.state === 'PAUSED') return `case-paused${current.stateReason === null ? '' : `:${current.stateReason}`}`;
  if (planned.overdueAmount !== null && toMinorUnits(planned.overdueAmount) !== toMinorUnits(current.overdueAmount)) return 'amount-changed';
  return null;
}

/**
 * Why a change to a case supersedes the attempts still waiting to go out, or null: it paused or
 * stopped, a payment arrived, a promise was made, or the amount owed changed.
 */
export function supersededBy(before: CaseFacts, after: CaseFacts): string | null {
  if (before.state === 'ACTIVE' && after.state !== 'ACTIVE')
    return `case-${after.state.toLowerCase()}${after.stateReason === null ? '' : `:${after.stateReason}`}`;
  if (after.lastPaymentAt !== before.lastPaymentAt) return 'payment';
  if (after.openPromise && !before.openPromise) return 'promise';
  if (toMinorUnits(after.overdueAmount) !== toMinorUnits(before.overdueAmount)) return 'amount-changed';
  return null;
}

interface CaseFacts {
  readonly state: string;
  readonly stateReason: string | null;
  readonly overdueAmount: string;
  readonly lastPaymentAt: string | null;
  readonly openPromise: boolean;
}
