import { createHash } from 'node:crypto';
import { fromMinorUnits, toMinorUnits, type Clock, type ComplaintCategory, type ContactOutcome } from '@clearpath/contracts';
import { signSelfServiceToken } from '@clearpath/auth';
import type { Channel } from '../compliance/channel';
import type { AttemptOutcome, ComplaintCategory as ComplaintGuardCategory, ContactAttempt, ContactContext } from '../compliance/contact-guard.types';
import type { Jurisdiction, Locale } from '../compliance/jurisdiction';
import type { CaseState } from '../treatments/treatment.planner';
import { guardFlags, type CaseRecord } from '../cases/case-record';

/** A past attempt as the attempts table holds it: what the guard's history is built from. */
export interface AttemptHistoryRow {
  readonly sentAt: string;
  readonly channel: Channel;
  readonly status: string;
  readonly outcome: ContactOutcome | null;
}

/** Where the case's debtor is: contact details win over what the loan events carried. */
export interface DebtorWhereabouts {
  readonly jurisdiction: Jurisdiction;
  readonly timezone: string;
  readonly locale: Locale;
}

const DEFAULT_LOCALE: Record<Jurisdiction, Locale> = { CN: 'zh-CN', US: 'en-US', GB: 'en-GB' };
const CONVERSATION_OUTCOMES: readonly ContactOutcome[] = ['reached-right-party', 'promise-to-pay', 'refused', 'hardship', 'dispute', 'callback-requested', 'opt-out'];
const PERSON_CHANNELS: readonly Channel[] = ['VOICE', 'FIELD_VISIT'];

/**
 * How the guard counts a past attempt: a call or visit that reached the debtor is a conversation;
 * a wrong number is not. A call handed to an agent with no outcome yet counts as unanswered, the
 * safe side for "unanswered calls per day" and "calls in 7 days" alike.
 */
export function attemptOutcomeOf(row: AttemptHistoryRow): AttemptOutcome {
  if (row.outcome !== null && CONVERSATION_OUTCOMES.includes(row.outcome)) return PERSON_CHANNELS.includes(row.channel) ? 'reached' : 'delivered';
  if (row.outcome === 'wrong-number' || row.outcome === 'no-answer') return 'no-answer';
  if (row.status === 'failed') return 'failed';
  if (PERSON_CHANNELS.includes(row.channel)) return 'no-answer';
  return row.status === 'delivered' ? 'delivered' : 'sent';
}

export function attemptHistory(rows: readonly AttemptHistoryRow[]): ContactAttempt[] {
  return rows.map((r) => ({ at: new Date(r.sentAt).toISOString(), channel: r.channel, outcome: attemptOutcomeOf(r) }));
}

/** US frequency caps count per debt; CN and GB per debtor. The key the dispatch lock and history use. */
export function debtorKey(jurisdiction: Jurisdiction, customerId: string, loanId: string): string {
  return jurisdiction === 'US' ? `loan:${loanId}` : `customer:${customerId}`;
}

export function whereabouts(record: CaseRecord, details: { jurisdiction: Jurisdiction; timezone: string; locale: Locale } | undefined): DebtorWhereabouts | null {
  const jurisdiction = record.jurisdiction ?? details?.jurisdiction ?? null;
  const timezone = details?.timezone ?? record.timezone;
  if (jurisdiction === null || timezone === null) return null;
  return { jurisdiction, timezone, locale: details?.locale ?? record.locale ?? DEFAULT_LOCALE[jurisdiction] };
}

/** What the guard is told about the case: everything that can stop, defer or allow a contact. */
export function guardContext(record: CaseRecord, where: DebtorWhereabouts, history: readonly ContactAttempt[], openComplaints: ContactContext['openComplaints'] = []): ContactContext {
  return {
    jurisdiction: where.jurisdiction,
    timezone: where.timezone,
    locale: where.locale,
    activeFlags: guardFlags(record),
    loanClosed: record.state === 'STOPPED' && record.stateReason === 'closed',
    caseResolved: record.state === 'STOPPED' && record.stateReason !== 'closed',
    openComplaints,
    disputeOpen: record.disputeOpen,
    optedOutChannels: record.optedOutChannels,
    debtorUnreachable: false,
    ...(record.treatmentTone !== null ? { treatmentTone: record.treatmentTone } : {}),
    ...(record.dpdBucket !== null ? { dpdBucket: record.dpdBucket } : {}),
    attempts: history,
  };
}

/** What the treatment planner needs to know about a case. */
export function planningState(record: CaseRecord, where: DebtorWhereabouts | null): CaseState | null {
  if (record.segmentedAt === null || record.jurisdiction === null) return null;
  const at = (v: string | null): Date | undefined => (v === null ? undefined : new Date(v));
  return {
    daysPastDue: record.daysPastDue,
    dpdBucket: record.dpdBucket,
    overdueAmount: record.overdueAmount,
    currency: record.currency ?? '',
    jurisdiction: record.jurisdiction,
    locale: where?.locale ?? record.locale ?? DEFAULT_LOCALE[record.jurisdiction],
    segmentedAt: new Date(record.segmentedAt),
    lastPaymentAt: at(record.lastPaymentAt),
    openPromise: record.openPromise,
    lastContactAt: at(record.lastContactAt),
    lastPromiseBrokenAt: at(record.lastPromiseBrokenAt),
    ...(where !== null ? { timezone: where.timezone } : {}),
    stepsDone: record.stepsDone,
  };
}

/**
 * Expected recovery of a task: probability of paying (1 − probability of default) × overdue amount,
 * in exact decimal arithmetic (probability has 4 decimals): a decimal string with 4 decimals.
 * An unknown probability counts as 0.5.
 */
export function expectedRecovery(probabilityOfDefault: string | null, overdueAmount: string): string {
  const pdTenThousandths = probabilityOfDefault === null ? 5_000n : BigInt(Math.round(Number(probabilityOfDefault) * 10_000));
  const payTenThousandths = 10_000n - (pdTenThousandths > 10_000n ? 10_000n : pdTenThousandths < 0n ? 0n : pdTenThousandths);
  const minor = toMinorUnits(overdueAmount);
  // minor units × 1/10000 → value in units with 6 decimals; keep 4.
  const scaled = (minor * payTenThousandths) / 100n; // value × 10^4
  const whole = fromMinorUnits(scaled / 100n);
  const rest = (scaled % 100n).toString().padStart(2, '0');
  return `${whole}${rest}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The debtor's self-service link: a signed, expiring token naming the loan (no personal data in
 * it), opened on repayment-plan's page, which checks the same signature.
 */
export function selfServiceLink(baseUrl: string, loan: { loanId: string; customerId: string }, secret: string, ttlSeconds: number, clock: Clock): string {
  return `${baseUrl}/${signSelfServiceToken({ loanId: loan.loanId, customerId: loan.customerId, ttlSeconds }, secret, clock)}`;
}

/** complaints' categories as the guard's rules name them (COMPLIANCE.md `complaint-open` / `complaint-open-other`). */
export function guardComplaintCategory(category: ComplaintCategory): ComplaintGuardCategory {
  switch (category) {
    case 'HARASSMENT':
      return 'harassment';
    case 'PRIVACY':
      return 'privacy';
    case 'THIRD_PARTY_CONTACT':
      return 'third-party-contact';
    default:
      return 'other';
  }
}
