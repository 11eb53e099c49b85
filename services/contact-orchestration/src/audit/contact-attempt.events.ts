import { TOPICS, newEnvelope, type ContactAttemptRecordedEventV1, type ContactAttemptStage, type ContactOutcome } from '@clearpath/contracts';
import { eventRecord, type OutboxRecord } from '@clearpath/messaging';
import type { Channel } from '../compliance/channel';

/** The attempt as the audit trail names it: ids and codes only, never who was contacted or what was said. */
export interface AttemptRef {
  readonly attemptId: string;
  readonly loanId: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly treatmentId: string;
  readonly templateId: string;
}

/**
 * A `ContactAttemptRecorded` outbox record. The attempt id is the correlation id: complaints and
 * flow-monitor follow one attempt from the guard's decision to its outcome by it.
 */
export function attemptRecorded(
  attempt: AttemptRef,
  stage: ContactAttemptStage,
  detail: { ruleIds?: readonly string[]; agentId?: string | null; outcome?: ContactOutcome | null },
  now: Date,
): OutboxRecord {
  const event: ContactAttemptRecordedEventV1 = newEnvelope({
    eventType: 'ContactAttemptRecorded',
    schemaVersion: 1,
    occurredAt: now,
    correlationId: attempt.attemptId,
    causationId: null,
    payload: {
      attemptId: attempt.attemptId,
      loanId: attempt.loanId,
      customerId: attempt.customerId,
      channel: attempt.channel,
      stage,
      ruleIds: [...(detail.ruleIds ?? [])],
      treatmentId: attempt.treatmentId,
      templateId: attempt.templateId,
      agentId: detail.agentId ?? null,
      outcome: detail.outcome ?? null,
      occurredAt: now.toISOString(),
    },
  });
  return eventRecord(TOPICS.contactAttempts.name, attempt.loanId, event);
}
