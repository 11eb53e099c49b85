import { z } from 'zod';
import { parseEventOf, type EventEnvelope } from '../../envelope/event-envelope';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES } from '../contact-outcome/contact-outcome-recorded.v1';

/**
 * `collections.contact-attempts.v1` (key = loan id), published by contact-orchestration: the audit
 * trail's shape without its personal data. One record when the guard lets an attempt go (`sent`) or
 * stops it (`blocked`; deferrals are not published, they are decided again later), one when a
 * provider reports delivery or failure, one when an outcome is recorded (with the collector).
 * Read by complaints (evidence for investigations, collector scorecards) and flow-monitor.
 */
export const CONTACT_ATTEMPT_STAGES = ['sent', 'blocked', 'delivered', 'failed', 'outcome'] as const;
export type ContactAttemptStage = (typeof CONTACT_ATTEMPT_STAGES)[number];

export const contactAttemptRecordedV1Schema = z.object({
  attemptId: z.uuid(),
  loanId: z.string().min(1),
  customerId: z.string().min(1),
  channel: z.enum(CONTACT_CHANNELS),
  stage: z.enum(CONTACT_ATTEMPT_STAGES),
  /** The guard's rule ids behind a sent or blocked attempt (empty for other stages). */
  ruleIds: z.array(z.string().min(1)),
  treatmentId: z.string().min(1),
  templateId: z.string().min(1),
  /** The collector (agent subject) who handled the attempt; null for automated channels. */
  agentId: z.string().min(1).nullable(),
  /** outcome stage only. */
  outcome: z.enum(CONTACT_OUTCOMES).nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
});

export type ContactAttemptRecordedV1 = z.infer<typeof contactAttemptRecordedV1Schema>;
export type ContactAttemptRecordedEventV1 = EventEnvelope<'ContactAttemptRecorded', ContactAttemptRecordedV1>;

/** For consumers: validates envelope and payload of a contact-attempt record. */
export function parseContactAttemptRecordedEvent(input: unknown): ContactAttemptRecordedEventV1 {
  return parseEventOf<ContactAttemptRecordedEventV1>(input, 'contact-attempt', { ContactAttemptRecorded: contactAttemptRecordedV1Schema });
}
