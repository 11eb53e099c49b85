import {
  type ComplaintAcknowledgementDeadlineV1,
  type ComplaintDeadlineV1,
  type ComplaintStatus,
  type ComplaintStatusChangedV1,
  TOPICS,
  contactSuspensionFor,
  newEnvelope,
} from '@clearpath/contracts';
import { type OutboxRecord, eventRecord } from '@clearpath/messaging';
import type { ComplaintRecord } from './complaint.record';

export interface EventCause {
  readonly correlationId: string;
  readonly causationId: string | null;
}

/**
 * `ComplaintStatusChanged` for the complaint as it now is. Ids, codes and dates only: the text,
 * the suggestion and the remedies stay here (the topic carries no personal data or free text).
 * A re-published status (category override) has previousStatus = status.
 */
export function statusChangedRecord(
  c: ComplaintRecord,
  previousStatus: ComplaintStatus | null,
  agentIds: readonly string[],
  now: Date,
  cause: EventCause,
): OutboxRecord {
  const payload: ComplaintStatusChangedV1 = {
    complaintId: c.complaintId,
    loanId: c.loanId,
    customerId: c.customerId,
    jurisdiction: c.jurisdiction,
    category: c.category,
    severity: c.severity,
    status: c.status,
    previousStatus,
    contactSuspension: contactSuspensionFor(c.category),
    deadlineAt: c.deadlineAt.toISOString(),
    attemptIds: [...c.attemptIds],
    agentIds: [...agentIds],
    outcome: c.status === 'resolved' || c.status === 'closed' ? c.outcome : null,
    changedAt: now.toISOString(),
  };
  const event = newEnvelope({
    eventType: 'ComplaintStatusChanged',
    schemaVersion: 1,
    occurredAt: now,
    correlationId: cause.correlationId,
    causationId: cause.causationId,
    payload,
  });
  return eventRecord(TOPICS.complaints.name, c.loanId, event);
}

export function deadlineRecord(c: ComplaintRecord, kind: ComplaintDeadlineV1['kind'], now: Date): OutboxRecord {
  const payload: ComplaintDeadlineV1 = {
    complaintId: c.complaintId,
    loanId: c.loanId,
    customerId: c.customerId,
    jurisdiction: c.jurisdiction,
    kind,
    deadlineAt: c.deadlineAt.toISOString(),
    detectedAt: now.toISOString(),
  };
  const event = newEnvelope({
    eventType: 'ComplaintDeadline',
    schemaVersion: 1,
    occurredAt: now,
    correlationId: `complaint-${c.complaintId}`,
    causationId: null,
    payload,
  });
  return eventRecord(TOPICS.complaints.name, c.loanId, event);
}

/** The acknowledgement deadline's reminder or breach (ComplaintAcknowledgementDeadline v1). */
export function acknowledgementDeadlineRecord(c: ComplaintRecord, deadlineAt: Date, kind: ComplaintAcknowledgementDeadlineV1['kind'], now: Date): OutboxRecord {
  const payload: ComplaintAcknowledgementDeadlineV1 = {
    complaintId: c.complaintId,
    loanId: c.loanId,
    customerId: c.customerId,
    jurisdiction: c.jurisdiction,
    kind,
    deadlineAt: deadlineAt.toISOString(),
    receivedAt: c.receivedAt.toISOString(),
    detectedAt: now.toISOString(),
  };
  const event = newEnvelope({
    eventType: 'ComplaintAcknowledgementDeadline',
    schemaVersion: 1,
    occurredAt: now,
    correlationId: `complaint-${c.complaintId}`,
    causationId: null,
    payload,
  });
  return eventRecord(TOPICS.complaints.name, c.loanId, event);
}
