import { randomUUID } from 'node:crypto';
import type { ContactOutcome, ContactOutcomeRecordedV1 } from '@clearpath/contracts';
import { aLoanId } from './core-banking-event.factory';
import { DEFAULT_CUSTOMER_ID, DEFAULT_EVENT_TIME, LoanEventBuilder } from './internal-event.builder';

type Channel = ContactOutcomeRecordedV1['channel'];

/** `collections.contact-outcomes.v1`: an agent reached the debtor on a call. */
export class ContactOutcomeRecordedBuilder extends LoanEventBuilder<'ContactOutcomeRecorded', ContactOutcomeRecordedV1> {
  constructor() {
    super('ContactOutcomeRecorded', 1, {
      loanId: aLoanId(),
      customerId: DEFAULT_CUSTOMER_ID,
      attemptId: randomUUID(),
      channel: 'VOICE',
      outcome: 'reached-right-party',
      promise: null,
      optOutChannel: null,
      callbackAt: null,
      recordedByRole: 'agent',
      recordedAt: DEFAULT_EVENT_TIME,
    });
  }
  forAttempt(attemptId: string): this {
    return this.withPayload({ attemptId });
  }
  viaChannel(channel: Channel): this {
    return this.withPayload({ channel });
  }
  withOutcome(outcome: ContactOutcome): this {
    return this.withPayload({ outcome });
  }
  /** A promise to pay `amount` by `date` (the debtor's calendar). */
  promising(amount: string, date: string, currency = 'CNY'): this {
    return this.withPayload({ outcome: 'promise-to-pay', promise: { amount, currency, date } });
  }
  optingOutOf(channel: Channel): this {
    return this.withPayload({ outcome: 'opt-out', optOutChannel: channel });
  }
  protected override happenedAt(recordedAt: string): void {
    this.payload = { ...this.payload, recordedAt };
  }
}

export const aContactOutcomeRecorded = () => new ContactOutcomeRecordedBuilder();
