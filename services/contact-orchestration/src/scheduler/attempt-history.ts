import type { ContactOutcome } from '@clearpath/contracts';
import { AGENT_CHANNELS, type Channel } from '../compliance/channel';
import type { AttemptOutcome, ContactAttempt } from '../compliance/contact-guard.types';

/** A past attempt as the attempts table holds it: what the guard's history is built from. */
export interface AttemptHistoryRow {
  /** The loan it was about: debt-level rules count only their loan's attempts. */
  readonly loanId?: string;
  readonly sentAt: string;
  readonly channel: Channel;
  readonly status: string;
  readonly outcome: ContactOutcome | null;
}

const CONVERSATION_OUTCOMES: readonly ContactOutcome[] = [
  'reached-right-party',
  'promise-to-pay',
  'refused',
  'hardship',
  'dispute',
  'callback-requested',
  'opt-out',
];

/**
 * How the guard counts a past attempt: a call or visit that reached the debtor is a conversation;
 * a wrong number is not. A call handed to an agent with no outcome yet counts as unanswered, the
 * safe side for "unanswered calls per day" and "calls in 7 days" alike.
 */
export function attemptOutcomeOf(row: AttemptHistoryRow): AttemptOutcome {
  if (row.outcome !== null && CONVERSATION_OUTCOMES.includes(row.outcome)) return AGENT_CHANNELS.includes(row.channel) ? 'reached' : 'delivered';
  if (row.outcome === 'wrong-number' || row.outcome === 'no-answer') return 'no-answer';
  if (row.status === 'failed') return 'failed';
  if (AGENT_CHANNELS.includes(row.channel)) return 'no-answer';
  return row.status === 'delivered' ? 'delivered' : 'sent';
}

export function attemptHistory(rows: readonly AttemptHistoryRow[]): ContactAttempt[] {
  return rows.map((r) => ({ at: new Date(r.sentAt).toISOString(), channel: r.channel, outcome: attemptOutcomeOf(r) }));
}

/** The person's history as the guard reads it: all their attempts, and the one debt's. */
export function historyFor(rows: readonly AttemptHistoryRow[], loanId: string): { person: ContactAttempt[]; debt: ContactAttempt[] } {
  return { person: attemptHistory(rows), debt: attemptHistory(rows.filter((r) => r.loanId === undefined || r.loanId === loanId)) };
}

const PHONE_CHANNELS: readonly Channel[] = ['SMS', 'VOICE', 'IM'];

/**
 * The debtor cannot be reached by phone: their two latest phone contacts (SMS, calls, IM; oldest
 * first in `rows`) both ended as a wrong number or failed. Only then may a third party they named be
 * asked how to reach them (`third-party`).
 */
export function debtorUnreachable(rows: readonly AttemptHistoryRow[]): boolean {
  const phone = rows.filter((r) => PHONE_CHANNELS.includes(r.channel) && r.status !== 'queued');
  const lastTwo = phone.slice(-2);
  return lastTwo.length === 2 && lastTwo.every((r) => r.outcome === 'wrong-number' || r.status === 'failed');
}
