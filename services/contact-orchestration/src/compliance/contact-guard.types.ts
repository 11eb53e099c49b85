import type { CustomerFlag, DpdBucket, Jurisdiction, Locale } from '@clearpath/contracts';
import type { Channel } from './channel';

/** What the guard is asked about, what it is told about the case, and what it answers. */
export type ContactPurpose = 'collection' | 'reply-to-debtor-request' | 'third-party-locate';
export type Recipient = 'debtor' | 'third-party';
export type TreatmentTone = 'gentle' | 'standard' | 'firm';
/** An open complaint as the guard's rules see it: a category during which all contact stops (the complaint contract's `ALL_CONTACT_COMPLAINT_CATEGORIES`), or `other`. */
export const GUARD_COMPLAINT_CATEGORIES = ['harassment', 'privacy', 'third-party-contact', 'other'] as const;
export type ComplaintCategory = (typeof GUARD_COMPLAINT_CATEGORIES)[number];

/**
 * How a past attempt ended, as far as the rules care. `reached` means a conversation with the
 * debtor (a call answered by them, a visit where they were met); every other outcome of a call is
 * "unanswered" (a voicemail is not a conversation). Map richer outcomes (promise-to-pay, dispute,
 * refused) to `reached`, and a wrong party to `no-answer`.
 */
export const ATTEMPT_OUTCOMES = ['reached', 'no-answer', 'busy', 'voicemail', 'failed', 'sent', 'delivered', 'bounced'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export interface ContactProposal {
  readonly channel: Channel;
  readonly purpose: ContactPurpose;
  readonly recipient: Recipient;
  /** The rendered message, or the call/visit script. Required for third parties (it must be checked). */
  readonly templateText?: string;
  /** Number to dial; per-number caps count all numbers when it is absent (the safe side). */
  readonly number?: string;
  /**
   * Spreads deferrals (`spacing`): a stable key (the attempt id) picks where in the first part of
   * the permitted window a deferred contact lands, so a batch deferred together does not all go at
   * the window's first minute. Without it a deferral lands on the earliest permitted instant.
   */
  readonly spreadKey?: string;
}

/** A recurring local time the debtor does not want to be contacted: `from`–`to` (overnight when from > to), on ISO weekdays (1 = Monday) or every day. */
export interface InconvenientTime {
  readonly from: string;
  readonly to: string;
  readonly weekdays?: readonly number[];
  /** The channels it concerns; every timed channel when absent. */
  readonly channels?: readonly Channel[];
}

export type InconvenientPlace = 'home' | 'work';

export interface ContactAttempt {
  /** ISO-8601 instant with offset. */
  readonly at: string;
  readonly channel: Channel;
  readonly outcome: AttemptOutcome;
  readonly number?: string;
}

export interface ContactContext {
  readonly jurisdiction: Jurisdiction;
  /** The debtor's IANA time zone: every window and every "day" is local to it. */
  readonly timezone: string;
  /** Language of the message; defaults to the jurisdiction's (zh-CN, en-US, en-GB). */
  readonly locale?: Locale;
  readonly activeFlags: readonly CustomerFlag[];
  readonly loanClosed: boolean;
  readonly caseResolved: boolean;
  readonly openComplaints: ReadonlyArray<{ readonly category: ComplaintCategory }>;
  /** A dispute recorded as a contact outcome and not yet resolved (the DISPUTE flag counts as well). */
  readonly disputeOpen: boolean;
  readonly optedOutChannels: readonly Channel[];
  readonly debtorUnreachable: boolean;
  /** The treatment's tone; a vulnerable debtor gets collection contact only when it is known to be gentle. */
  readonly treatmentTone?: TreatmentTone;
  /** Carried for the audit record; no shipped rule depends on it. */
  readonly dpdBucket?: DpdBucket;
  /** When the debtor's latest recorded inbound request (a reply, an inbound call) came: what `reply-needs-request` needs. */
  readonly lastRequestAt?: string;
  /** Times the debtor said are inconvenient, local to them (`inconvenient-time`, 12 CFR 1006.6(b)(1)). */
  readonly inconvenientTimes?: readonly InconvenientTime[];
  /** Places the debtor said are inconvenient: field visits go to the home address, so `home` stops them. */
  readonly inconvenientPlaces?: readonly InconvenientPlace[];
  /** GB: when written notice of a field visit was sent (`gb-field-visit-notice`). */
  readonly fieldVisitNoticeAt?: string;
  /**
   * US validation workflow of this debt (`validation-notice`, 12 CFR 1006.34): when the initial
   * communication went out and whether the validation notice did. Absent outside the US and for
   * the validation notice itself.
   */
  readonly validation?: { readonly initialContactAt: string | null; readonly noticeSentAt: string | null };
  /** The person's past attempts over all their loans, all channels: what person-level rules count. */
  readonly attempts: readonly ContactAttempt[];
  /**
   * This debt's past attempts: what debt-level rules count (US `calls-7-in-7`,
   * `call-after-conversation`). Absent: the person's attempts are counted (never fewer than the debt's).
   */
  readonly debtAttempts?: readonly ContactAttempt[];
}

/** Conditions the field team must meet; attached to an allowed field visit, not checked by the guard. */
export interface FieldVisitRequirement {
  readonly ruleId: 'field-visit';
  readonly minCollectors: number;
  readonly recorded: true;
  readonly entryRequiresConsent: true;
}

/**
 * - allowed: may happen now; `ruleIds` are the time and frequency rules checked and passed.
 * - deferred: may not happen now; `until` is the earliest instant at which every time and frequency
 *   rule is met (decide again then: flags, complaints and history may have changed).
 * - blocked: must not happen (until the case changes); `ruleIds` are every rule that stops it.
 */
export type Decision =
  | { readonly kind: 'allowed'; readonly ruleIds: string[]; readonly requirements: FieldVisitRequirement[] }
  | { readonly kind: 'deferred'; readonly until: Date; readonly ruleIds: string[] }
  | { readonly kind: 'blocked'; readonly ruleIds: string[] };
