import { randomUUID } from 'node:crypto';
import type { ContactAttemptRecordedV1, ContactAttemptStage, ContactOutcome } from '@clearpath/contracts';
import { aLoanId } from './core-banking-event.factory';
import { DEFAULT_CUSTOMER_ID, DEFAULT_EVENT_TIME, LoanEventBuilder } from './internal-event.builder';

/** `collections.contact-attempts.v1`: a voice reminder the guard let go (`sent`), no collector yet. */
export class ContactAttemptRecordedBuilder extends LoanEventBuilder<'ContactAttemptRecorded', ContactAttemptRecordedV1> {
  constructor() {
    super('ContactAttemptRecorded', 1, {
      attemptId: randomUUID(),
      loanId: aLoanId(),
      customerId: DEFAULT_CUSTOMER_ID,
      channel: 'VOICE',
      stage: 'sent',
      ruleIds: [],
      treatmentId: 'standard-reminder',
      templateId: 'voice-reminder',
      agentId: null,
      outcome: null,
      occurredAt: DEFAULT_EVENT_TIME,
    });
  }
  forAttempt(attemptId: string): this {
    return this.withPayload({ attemptId });
  }
  viaChannel(channel: ContactAttemptRecordedV1['channel']): this {
    return this.withPayload({ channel });
  }
  atStage(stage: ContactAttemptStage): this {
    return this.withPayload({ stage });
  }
  /** The guard's rule ids behind a sent or blocked attempt. */
  withRuleIds(...ruleIds: string[]): this {
    return this.withPayload({ ruleIds });
  }
  byAgent(agentId: string): this {
    return this.withPayload({ agentId });
  }
  /** The `outcome` stage, with how the attempt ended. */
  withOutcome(outcome: ContactOutcome): this {
    return this.withPayload({ stage: 'outcome', outcome });
  }
  protected override happenedAt(occurredAt: string): void {
    this.payload = { ...this.payload, occurredAt };
  }
}

export const aContactAttemptRecorded = () => new ContactAttemptRecordedBuilder();
