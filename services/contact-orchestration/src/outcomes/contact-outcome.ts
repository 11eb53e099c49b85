import { z } from 'zod';
import { AMOUNT_PATTERN, normalizeAmount, type ContactOutcome } from '@clearpath/contracts';
import { CHANNELS, type Channel } from '../compliance/channel';
import type { CaseRecord } from '../cases/case-record';

const plain = (outcome: Exclude<ContactOutcome, 'promise-to-pay' | 'opt-out' | 'callback-requested'>) => z.strictObject({ outcome: z.literal(outcome) });

/** `POST /v1/contacts/{id}/outcome`: strict, so a misspelt field is an error rather than lost. */
export const outcomeRequestSchema = z.discriminatedUnion('outcome', [
  plain('reached-right-party'),
  plain('refused'),
  plain('wrong-number'),
  plain('no-answer'),
  plain('hardship'),
  plain('dispute'),
  z.strictObject({
    outcome: z.literal('promise-to-pay'),
    amount: z
      .string()
      .regex(AMOUNT_PATTERN, 'must be a decimal string, e.g. "500.00"')
      .refine((a) => Number(a) > 0, 'must be more than 0'),
    date: z.iso.date({ message: 'must be a date, e.g. 2026-12-15' }),
  }),
  z.strictObject({ outcome: z.literal('opt-out'), channel: z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` }) }),
  z.strictObject({
    outcome: z.literal('callback-requested'),
    at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant with offset' }).optional(),
  }),
]);

export type OutcomeRequest = z.infer<typeof outcomeRequestSchema>;

/**
 * What an outcome changes at once in what the guard and the planner see: a dispute stops
 * collection contact (`flag-dispute`), hardship pauses the case and from then on the debtor is
 * handled as vulnerable (gentle treatment only), an opt-out stops that channel, a promise holds
 * the steps that wait for no open promise.
 */
export function applyOutcome(record: CaseRecord, request: OutcomeRequest, now: Date): CaseRecord {
  const base: CaseRecord = { ...record, planDirty: true, updatedAt: now.toISOString() };
  switch (request.outcome) {
    case 'dispute':
      return { ...base, disputeOpen: true };
    case 'hardship':
      return base.state === 'STOPPED' ? { ...base, hardship: true } : { ...base, hardship: true, state: 'PAUSED', stateReason: 'hardship' };
    case 'opt-out':
      return { ...base, optedOutChannels: addChannel(base.optedOutChannels, request.channel) };
    case 'promise-to-pay':
      return { ...base, openPromise: true, promiseAmount: normalizeAmount(request.amount), promiseDate: request.date };
    default:
      return base;
  }
}

function addChannel(channels: readonly Channel[], channel: Channel): Channel[] {
  return channels.includes(channel) ? [...channels] : [...channels, channel];
}
