import type { Clock } from '@clearpath/contracts';
import { signSelfServiceToken } from '@clearpath/auth';

/**
 * The debtor's self-service link: a signed, expiring token naming the loan (no personal data in
 * it), opened on repayment-plan's page, which checks the same signature.
 */
export function selfServiceLink(baseUrl: string, loan: { loanId: string; customerId: string }, secret: string, ttlSeconds: number, clock: Clock): string {
  return `${baseUrl}/${signSelfServiceToken({ loanId: loan.loanId, customerId: loan.customerId, ttlSeconds }, secret, clock)}`;
}
