import { z } from 'zod';
import { AMOUNT_PATTERN } from '../../money/money';
import { parseEventOf, type EventEnvelope } from '../../envelope/event-envelope';

/**
 * `collections.contact-outcomes.v1` (key = loan id): how a contact attempt ended, as an agent or a
 * channel provider recorded it. Read by repayment-plan (promises) and risk-scoring (behaviour).
 * No personal data: no names, numbers or free text, only ids, codes, amounts and dates.
 */
export const CONTACT_OUTCOMES = [
  'reached-right-party',
  'promise-to-pay',
  'refused',
  'wrong-number',
  'no-answer',
  'hardship',
  'dispute',
  'callback-requested',
  'opt-out',
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const CONTACT_CHANNELS = ['SMS', 'VOICE', 'EMAIL', 'IM', 'FIELD_VISIT', 'LETTER'] as const;

export const contactOutcomeRecordedV1Schema = z.object({
  loanId: z.string().min(1),
  customerId: z.string().min(1),
  /** The contact attempt the outcome belongs to. */
  attemptId: z.uuid(),
  /** The channel of the attempt. */
  channel: z.enum(CONTACT_CHANNELS),
  outcome: z.enum(CONTACT_OUTCOMES),
  /** promise-to-pay only: amount (decimal string), currency and the promised date. */
  promise: z.object({ amount: z.string().regex(AMOUNT_PATTERN), currency: z.string().length(3), date: z.iso.date() }).nullable(),
  /** opt-out only: the channel the debtor opted out of. */
  optOutChannel: z.enum(CONTACT_CHANNELS).nullable(),
  /** callback-requested only: when the debtor asked to be called back. */
  callbackAt: z.iso.datetime({ offset: true }).nullable(),
  recordedByRole: z.enum(['agent', 'system', 'supervisor']),
  recordedAt: z.iso.datetime({ offset: true }),
});

export type ContactOutcomeRecordedV1 = z.infer<typeof contactOutcomeRecordedV1Schema>;
export type ContactOutcomeRecordedEventV1 = EventEnvelope<'ContactOutcomeRecorded', ContactOutcomeRecordedV1>;

/** For consumers: validates envelope and payload of a contact-outcome record. */
export function parseContactOutcomeRecordedEvent(input: unknown): ContactOutcomeRecordedEventV1 {
  return parseEventOf<ContactOutcomeRecordedEventV1>(input, 'contact-outcome', { ContactOutcomeRecorded: contactOutcomeRecordedV1Schema });
}
