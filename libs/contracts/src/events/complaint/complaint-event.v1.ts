import { z } from 'zod';
import { parseEventOf, type EventEnvelope } from '../../envelope/event-envelope';
import { JURISDICTIONS } from '../../jurisdiction/jurisdictions';

/**
 * `collections.complaints.v1` (key = loan id), published by complaints through its outbox.
 * Read by contact-orchestration, which applies `complaint-open` (HARASSMENT, PRIVACY,
 * THIRD_PARTY_CONTACT: all collection contact stops) or `complaint-open-other` (no voice or field
 * visits) while a complaint is open. No personal data and no free text: ids, codes and dates only.
 */
export const COMPLAINT_CATEGORIES = ['HARASSMENT', 'THIRD_PARTY_CONTACT', 'PRIVACY', 'WRONG_AMOUNT', 'HARDSHIP', 'FEES', 'OTHER'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const COMPLAINT_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

/** open … investigating are "open" for contact purposes; resolved, closed and withdrawn are not. */
export const COMPLAINT_STATUSES = ['received', 'acknowledged', 'investigating', 'resolved', 'closed', 'withdrawn'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const OPEN_COMPLAINT_STATUSES: readonly ComplaintStatus[] = ['received', 'acknowledged', 'investigating'];

export const COMPLAINT_OUTCOMES = ['UPHELD', 'PARTLY_UPHELD', 'REJECTED'] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

/** The categories during which all collection contact stops (`complaint-open`); the others stop voice and field visits only (`complaint-open-other`). */
export const ALL_CONTACT_COMPLAINT_CATEGORIES = ['HARASSMENT', 'THIRD_PARTY_CONTACT', 'PRIVACY'] as const satisfies readonly ComplaintCategory[];
export type AllContactComplaintCategory = (typeof ALL_CONTACT_COMPLAINT_CATEGORIES)[number];

export function stopsAllContact(category: ComplaintCategory): category is AllContactComplaintCategory {
  return (ALL_CONTACT_COMPLAINT_CATEGORIES as readonly ComplaintCategory[]).includes(category);
}

/** How far contact stops while a complaint of this category is open (COMPLIANCE.md). */
export type ContactSuspension = 'ALL_CONTACT' | 'VOICE_AND_FIELD';
export function contactSuspensionFor(category: ComplaintCategory): ContactSuspension {
  return stopsAllContact(category) ? 'ALL_CONTACT' : 'VOICE_AND_FIELD';
}

export const complaintStatusChangedV1Schema = z.object({
  complaintId: z.uuid(),
  loanId: z.string().min(1),
  customerId: z.string().min(1),
  jurisdiction: z.enum(JURISDICTIONS),
  /** The category in force (after any staff override). */
  category: z.enum(COMPLAINT_CATEGORIES),
  severity: z.enum(COMPLAINT_SEVERITIES),
  status: z.enum(COMPLAINT_STATUSES),
  previousStatus: z.enum(COMPLAINT_STATUSES).nullable(),
  contactSuspension: z.enum(['ALL_CONTACT', 'VOICE_AND_FIELD']),
  /** The final-answer deadline in force. */
  deadlineAt: z.iso.datetime({ offset: true }),
  /** The contact attempts the complaint concerns, and the collectors behind them. */
  attemptIds: z.array(z.uuid()),
  agentIds: z.array(z.string().min(1)),
  /** resolved only. */
  outcome: z.enum(COMPLAINT_OUTCOMES).nullable(),
  changedAt: z.iso.datetime({ offset: true }),
});

export const complaintDeadlineV1Schema = z.object({
  complaintId: z.uuid(),
  loanId: z.string().min(1),
  customerId: z.string().min(1),
  jurisdiction: z.enum(JURISDICTIONS),
  /** reminder: the deadline is near; breached: it passed without a final answer. */
  kind: z.enum(['reminder', 'breached']),
  deadlineAt: z.iso.datetime({ offset: true }),
  detectedAt: z.iso.datetime({ offset: true }),
});

/**
 * The acknowledgement deadline (COMPLIANCE.md: by the end of the next local day after receipt). A
 * type of its own, not a field added to ComplaintDeadline: the parser picks the schema by event
 * type, so a consumer that knows only ComplaintDeadline dead-letters this one instead of reading an
 * acknowledgement breach as a final-answer breach.
 */
export const complaintAcknowledgementDeadlineV1Schema = complaintDeadlineV1Schema.extend({
  /** reminder: the acknowledgement is due today; breached: its deadline passed while the complaint was still `received`. */
  kind: z.enum(['reminder', 'breached']),
  /** When the complaint was received: the acknowledgement deadline's clock starts there. */
  receivedAt: z.iso.datetime({ offset: true }),
});

export type ComplaintStatusChangedV1 = z.infer<typeof complaintStatusChangedV1Schema>;
export type ComplaintAcknowledgementDeadlineV1 = z.infer<typeof complaintAcknowledgementDeadlineV1Schema>;
export type ComplaintDeadlineV1 = z.infer<typeof complaintDeadlineV1Schema>;

export const COMPLAINT_SCHEMAS = {
  ComplaintStatusChanged: complaintStatusChangedV1Schema,
  ComplaintDeadline: complaintDeadlineV1Schema,
  ComplaintAcknowledgementDeadline: complaintAcknowledgementDeadlineV1Schema,
} as const;
export type ComplaintEventType = keyof typeof COMPLAINT_SCHEMAS;

export type ComplaintEventV1 =
  | EventEnvelope<'ComplaintStatusChanged', ComplaintStatusChangedV1>
  | EventEnvelope<'ComplaintDeadline', ComplaintDeadlineV1>
  | EventEnvelope<'ComplaintAcknowledgementDeadline', ComplaintAcknowledgementDeadlineV1>;

/** For consumers: validates envelope and payload of a complaints record. */
export function parseComplaintEvent(input: unknown): ComplaintEventV1 {
  return parseEventOf<ComplaintEventV1>(input, 'complaint', COMPLAINT_SCHEMAS);
}
