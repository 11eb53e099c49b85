import { z } from 'zod';
import { CUSTOMER_FLAGS, DPD_BUCKETS, isTimeZone, JURISDICTIONS, LOCALES } from '@clearpath/contracts';
import { CHANNELS } from './channel';
import { ATTEMPT_OUTCOMES, GUARD_COMPLAINT_CATEGORIES } from './contact-guard.types';

/**
 * The guard's input as it arrives over the wire (`POST /v1/compliance/check`, the scheduler's
 * queue). Strict: an unknown or misspelt field is an error, because a field silently dropped here
 * could be a flag or a complaint the guard then never sees.
 */
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant with offset, e.g. 2026-11-28T09:00:00+08:00' });
const channel = z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` });

export const contactProposalSchema = z.strictObject({
  channel,
  purpose: z.enum(['collection', 'reply-to-debtor-request', 'third-party-locate']),
  recipient: z.enum(['debtor', 'third-party']),
  templateText: z.string().max(20_000).optional(),
  number: z.string().min(1).max(64).optional(),
});

const attemptSchema = z.strictObject({
  at: instant,
  channel,
  outcome: z.enum(ATTEMPT_OUTCOMES, { message: `must be one of ${ATTEMPT_OUTCOMES.join(', ')}` }),
  number: z.string().min(1).max(64).optional(),
});
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time "HH:MM"');

export const contactContextSchema = z.strictObject({
  jurisdiction: z.enum(JURISDICTIONS),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai'),
  locale: z.enum(LOCALES).optional(),
  activeFlags: z.array(z.enum(CUSTOMER_FLAGS, { message: `must be one of ${CUSTOMER_FLAGS.join(', ')}` })),
  loanClosed: z.boolean(),
  caseResolved: z.boolean(),
  openComplaints: z.array(z.strictObject({ category: z.enum(GUARD_COMPLAINT_CATEGORIES) })),
  disputeOpen: z.boolean(),
  optedOutChannels: z.array(channel),
  debtorUnreachable: z.boolean(),
  treatmentTone: z.enum(['gentle', 'standard', 'firm']).optional(),
  dpdBucket: z.enum(DPD_BUCKETS).optional(),
  lastRequestAt: instant.optional(),
  inconvenientTimes: z
    .array(
      z.strictObject({
        from: timeOfDay,
        to: timeOfDay,
        weekdays: z.array(z.int().min(1).max(7)).min(1).max(7).optional(),
        channels: z.array(channel).min(1).optional(),
      }),
    )
    .max(50)
    .optional(),
  inconvenientPlaces: z
    .array(z.enum(['home', 'work']))
    .max(2)
    .optional(),
  fieldVisitNoticeAt: instant.optional(),
  validation: z.strictObject({ initialContactAt: instant.nullable(), noticeSentAt: instant.nullable() }).optional(),
  /** The person's attempts over all their loans; `debtAttempts`: this debt's (debt-level rules), the person's when absent. */
  attempts: z.array(attemptSchema).max(10_000),
  debtAttempts: z.array(attemptSchema).max(10_000).optional(),
});

/** `at` defaults to the service clock's now; giving it asks "could this happen then?". */
export const contactCheckRequestSchema = z.strictObject({ proposal: contactProposalSchema, context: contactContextSchema, at: instant.optional() });

export type ContactCheckRequest = z.infer<typeof contactCheckRequestSchema>;
