import { createHash } from 'node:crypto';
import { fromMinorUnits, stopsAllContact, toMinorUnits, type AllContactComplaintCategory, type Clock, type ComplaintCategory, type ContactOutcome, type CustomerFlag, type Jurisdiction, type Locale } from '@clearpath/contracts';
import { signSelfServiceToken } from '@clearpath/auth';
import { AGENT_CHANNELS, type Channel } from '../compliance/channel';
import type { AttemptOutcome, ComplaintCategory as ComplaintGuardCategory, ContactAttempt, ContactContext, InconvenientPlace, InconvenientTime } from '../compliance/contact-guard.types';
import type { CaseState } from '../treatments/treatment.planner';
import { guardFlags, type CaseRecord } from '../cases/case-record';

/** A past attempt as the attempts table holds it: what the guard's history is built from. */
export interface AttemptHistoryRow {
  /** The loan it was about: debt-level rules count only their loan's attempts. */
  readonly loanId?: string;
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

/**
 * The key every contact to a person is serialized by (dispatch, an agent's dial, a visit): the
 * person, whatever the jurisdiction — person-level caps and spacing count over all their loans, and
 * the debt-level US limits are read from the same history.
 */
export function personKey(customerId: string): string {
  return `customer:${customerId}`;
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

/** What protects a person whichever of their loans a contact is about (COMPLIANCE.md "Who a rule protects"). */
export interface PersonProtections {
  /** Every person-level flag on any of their loans (all but DISPUTE, which is the debt's), VULNERABLE for hardship told on any loan. */
  readonly flags: readonly CustomerFlag[];
  /** Every channel they opted out of, on any loan. */
  readonly optedOutChannels: readonly Channel[];
  /** Their open harassment, privacy and third-party-contact complaints, on any loan. */
  readonly complaints: ReadonlyArray<{ readonly category: ComplaintGuardCategory }>;
  /** Their latest recorded inbound request (a reply, an inbound call). */
  readonly lastRequestAt?: string;
  readonly inconvenientTimes?: readonly InconvenientTime[];
  readonly inconvenientPlaces?: readonly InconvenientPlace[];
  /** GB: when written notice of a field visit was last sent to them. */
  readonly fieldVisitNoticeAt?: string;
}

/** What the person told us or what holds for them beyond their loans' own records. */
export interface PersonFacts {
  /** Channels they opted out of as a person (a STOP reply, an opt-out outcome). */
  readonly optedOutChannels?: readonly Channel[];
  /** A breathing space in force now. */
  readonly breathingSpace?: boolean;
  readonly lastRequestAt?: string;
  readonly inconvenientTimes?: readonly InconvenientTime[];
  readonly inconvenientPlaces?: readonly InconvenientPlace[];
  readonly fieldVisitNoticeAt?: string;
}

export const NO_PROTECTIONS: PersonProtections = { flags: [], optedOutChannels: [], complaints: [] };

/** Folds what each of a person's loans knows into what protects the person. */
export function personProtections(
  loans: ReadonlyArray<{ readonly activeFlags: readonly CustomerFlag[]; readonly optedOutChannels: readonly Channel[]; readonly hardship: boolean }>,
  complaints: ReadonlyArray<{ readonly category: ComplaintGuardCategory }>,
  person: PersonFacts = {},
): PersonProtections {
  const flags = new Set<CustomerFlag>();
  const channels = new Set<Channel>(person.optedOutChannels ?? []);
  for (const loan of loans) {
    for (const f of loan.activeFlags) if (f !== 'DISPUTE') flags.add(f);
    if (loan.hardship) flags.add('VULNERABLE');
    for (const c of loan.optedOutChannels) channels.add(c);
  }
  if (person.breathingSpace) flags.add('BREATHING_SPACE');
  return {
    flags: [...flags].sort(),
    optedOutChannels: [...channels].sort(),
    complaints: complaints.filter((c) => c.category !== 'other'),
    ...(person.lastRequestAt !== undefined ? { lastRequestAt: person.lastRequestAt } : {}),
    ...(person.inconvenientTimes !== undefined && person.inconvenientTimes.length > 0 ? { inconvenientTimes: person.inconvenientTimes } : {}),
    ...(person.inconvenientPlaces !== undefined && person.inconvenientPlaces.length > 0 ? { inconvenientPlaces: person.inconvenientPlaces } : {}),
    ...(person.fieldVisitNoticeAt !== undefined ? { fieldVisitNoticeAt: person.fieldVisitNoticeAt } : {}),
  };
}

export function whereabouts(record: CaseRecord, details: { jurisdiction: Jurisdiction; timezone: string; locale: Locale } | undefined): DebtorWhereabouts | null {
  const jurisdiction = record.jurisdiction ?? details?.jurisdiction ?? null;
  const timezone = details?.timezone ?? record.timezone;
  if (jurisdiction === null || timezone === null) return null;
  return { jurisdiction, timezone, locale: details?.locale ?? record.locale ?? DEFAULT_LOCALE[jurisdiction] };
}

/**
 * What the guard is told about a contact on this loan: the loan's own facts (closed, dispute, its
 * other complaints, its attempts for debt-level rules) joined with everything that protects the
 * person over all their loans.
 */
export function guardContext(
  record: CaseRecord,
  where: DebtorWhereabouts,
  history: { readonly person: readonly ContactAttempt[]; readonly debt: readonly ContactAttempt[] },
  person: PersonProtections = NO_PROTECTIONS,
  loanComplaints: ContactContext['openComplaints'] = [],
  options: { readonly validationNotice?: boolean } = {},
): ContactContext {
  const complaints = [...person.complaints, ...loanComplaints.filter((c) => c.category === 'other')];
  // US: the debt's validation workflow; the validation notice itself is what it waits for.
  const validation = where.jurisdiction === 'US' && !options.validationNotice ? { initialContactAt: record.initialContactAt ?? null, noticeSentAt: record.validationNoticeSentAt ?? null } : undefined;
  return {
    jurisdiction: where.jurisdiction,
    timezone: where.timezone,
    locale: where.locale,
    activeFlags: [...new Set([...guardFlags(record), ...person.flags])],
    loanClosed: record.state === 'STOPPED' && record.stateReason === 'closed',
    caseResolved: record.state === 'STOPPED' && record.stateReason !== 'closed',
    openComplaints: complaints,
    disputeOpen: record.disputeOpen,
    optedOutChannels: [...new Set([...record.optedOutChannels, ...person.optedOutChannels])],
    debtorUnreachable: false,
    ...(record.treatmentTone !== null ? { treatmentTone: record.treatmentTone } : {}),
    ...(record.dpdBucket !== null ? { dpdBucket: record.dpdBucket } : {}),
    ...(person.lastRequestAt !== undefined ? { lastRequestAt: person.lastRequestAt } : {}),
    ...(person.inconvenientTimes !== undefined ? { inconvenientTimes: person.inconvenientTimes } : {}),
    ...(person.inconvenientPlaces !== undefined ? { inconvenientPlaces: person.inconvenientPlaces } : {}),
    ...(person.fieldVisitNoticeAt !== undefined ? { fieldVisitNoticeAt: person.fieldVisitNoticeAt } : {}),
    ...(validation !== undefined ? { validation } : {}),
    attempts: history.person,
    debtAttempts: history.debt,
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

/** The guard's name for each category during which all contact stops (the complaint contract says which). */
const GUARD_NAME: Readonly<Record<AllContactComplaintCategory, Exclude<ComplaintGuardCategory, 'other'>>> = {
  HARASSMENT: 'harassment',
  THIRD_PARTY_CONTACT: 'third-party-contact',
  PRIVACY: 'privacy',
};

/** complaints' categories as the guard's rules name them (COMPLIANCE.md `complaint-open` / `complaint-open-other`). */
export function guardComplaintCategory(category: ComplaintCategory): ComplaintGuardCategory {
  return stopsAllContact(category) ? GUARD_NAME[category] : 'other';
}
