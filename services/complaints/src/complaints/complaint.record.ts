import type { ComplaintCategory, ComplaintOutcome, ComplaintSeverity, ComplaintStatus, Jurisdiction, Locale } from '@clearpath/contracts';
import type { Remedy, ResponseLetter } from '../letters/response-letter';
import type { ErasedLetter } from '../privacy/sealed-complaint';
import type { CategorySuggestion } from '../triage/complaint.classifier';

export const COMPLAINT_SOURCES = ['DEBTOR_SELF_SERVICE', 'AGENT_PHONE', 'REGULATOR_REFERRAL', 'STAFF'] as const;
export const COMPLAINT_CHANNELS = ['WEB', 'PHONE', 'EMAIL', 'LETTER', 'REGULATOR'] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export interface TriageSuggestion extends CategorySuggestion {
  readonly severity: ComplaintSeverity;
  readonly severityReasons: readonly string[];
}

/** The acknowledgement deadline and what the sweep has announced of it. */
export interface AcknowledgementDeadline {
  /** The deadline's date in the debtor's calendar: the next local day after receipt. */
  readonly localDate: string;
  /** The last millisecond of that day in the debtor's zone. */
  readonly deadlineAt: Date;
  /** The first instant of that day: "acknowledge today". */
  readonly reminderAt: Date;
  readonly reminderSentAt: Date | null;
  readonly breachedAt: Date | null;
}

/** One complaint as stored (the row, with dates as Date). */
export interface ComplaintRecord {
  readonly complaintId: string;
  readonly loanId: string;
  readonly customerId: string;
  readonly source: ComplaintSource;
  readonly channel: ComplaintChannel;
  /** The debtor's words (stored sealed for them); null once the customer is erased. */
  readonly text: string | null;
  readonly locale: Locale;
  readonly jurisdiction: Jurisdiction;
  readonly timezone: string;
  readonly category: ComplaintCategory;
  readonly categorySource: 'intake' | 'classifier' | 'staff';
  readonly severity: ComplaintSeverity;
  readonly suggestion: TriageSuggestion;
  readonly status: ComplaintStatus;
  readonly attemptIds: readonly string[];
  /** When the complaint was received: every deadline clock starts here. */
  readonly receivedAt: Date;
  /** When intake logged it (the same as receivedAt unless the caller gave an earlier receipt time). */
  readonly loggedAt: Date;
  /** Null only on complaints received before the acknowledgement deadline existed. */
  readonly acknowledgement: AcknowledgementDeadline | null;
  readonly acknowledgedAt: Date | null;
  readonly deadlineDays: number;
  readonly deadlineDate: string;
  readonly deadlineAt: Date;
  readonly reminderAt: Date;
  readonly reminderSentAt: Date | null;
  readonly breachedAt: Date | null;
  readonly outcome: ComplaintOutcome | null;
  readonly remedies: readonly Remedy[];
  /** Stored sealed for the customer; once they are erased, only when and in which language it was written. */
  readonly letter: ResponseLetter | ErasedLetter | null;
  readonly resolvedAt: Date | null;
  /** `<role>:<subject>` of whoever withdrew it (compliance), and when; null unless withdrawn. */
  readonly withdrawnBy: string | null;
  readonly withdrawnAt: Date | null;
  readonly updatedAt: Date;
}

export interface HistoryEntry {
  readonly complaintId: string;
  readonly at: Date;
  readonly actor: string;
  readonly actorRole: string;
  readonly action: string;
  readonly fromStatus: ComplaintStatus | null;
  readonly toStatus: ComplaintStatus | null;
  readonly details: Record<string, unknown>;
}
