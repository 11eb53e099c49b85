import { z } from 'zod';
import { AMOUNT_PATTERN, SIGNED_AMOUNT_PATTERN, toMinorUnits } from '../../money/money';
import { ownValue } from '../../lookup/own-value';
import { JURISDICTIONS, LOCALES } from '../../jurisdiction/jurisdictions';
import { isIanaTimeZone } from '../../time/zoned-calendar';
import { type FieldError, validateWith } from '../../validation/validation-error';

/**
 * The inbound contract, `corebank.loan-events.v1`, exactly as the lender's core banking system
 * sends it (shared contract "Core-banking loan events, version 1"). Unknown fields are stripped;
 * missing required ones reject with the field's path.
 */
export const CORE_BANKING_EVENT_TYPES = ['LoanOverdue', 'PaymentReceived', 'LoanClosed', 'CustomerFlagged'] as const;
export type CoreBankingEventType = (typeof CORE_BANKING_EVENT_TYPES)[number];

const currencies = new Set(Intl.supportedValuesOf('currency'));

const isRealDate = (value: string): boolean => {
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const amount = z.string().regex(AMOUNT_PATTERN, 'must be a decimal string with at most two fraction digits, e.g. "1234.50"');
const signedAmount = z.string().regex(SIGNED_AMOUNT_PATTERN, 'must be a decimal string with at most two fraction digits, e.g. "-12.00"');
const positiveAmount = amount.refine((v) => !AMOUNT_PATTERN.test(v) || toMinorUnits(v) > 0n, 'must be greater than 0');
const rfc3339 = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 timestamp with offset, e.g. 2026-11-28T23:05:00+08:00' });
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'must be a real calendar date');
const currency = z.string().refine((c) => currencies.has(c) && /^[A-Z]{3}$/.test(c), 'must be an ISO 4217 currency code');
const customerId = z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

export const envelopeV1Schema = z.object({
  eventId: z.uuid({ message: 'must be a UUID' }),
  eventType: z.enum(CORE_BANKING_EVENT_TYPES, { message: `must be one of ${CORE_BANKING_EVENT_TYPES.join(', ')}` }),
  schemaVersion: z.literal(1, { message: 'must be 1' }),
  occurredAt: rfc3339,
  source: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  loanId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of [A-Za-z0-9_-]'),
  sequence: z.number({ message: 'must be an integer' }).int('must be an integer').min(0, 'must be >= 0').max(Number.MAX_SAFE_INTEGER),
  payload: z.record(z.string(), z.unknown(), { message: 'must be an object' }),
});

export const historyEntryV1Schema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
  repaymentStatus: z.number().int('must be an integer').min(-2, 'must be -2..9').max(9, 'must be -2..9'),
  billAmount: signedAmount,
  paidAmount: amount,
});

export const loanOverduePayloadV1Schema = z
  .object({
    customer: z.object({
      customerId,
      fullName: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
      phone: z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 phone number, e.g. +8613800138000'),
      email: z.email({ message: 'must be an e-mail address' }).optional(),
      timezone: z.string().refine(isIanaTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai'),
      locale: z.enum(LOCALES, { message: 'must be zh-CN, en-US or en-GB' }),
      jurisdiction: z.enum(JURISDICTIONS, { message: 'must be CN, US or GB' }),
      address: z
        .object({
          province: z.string().max(200).optional(),
          city: z.string().max(200).optional(),
          line1: z.string().max(500).optional(),
          postalCode: z.string().max(32).optional(),
        })
        .optional(),
    }),
    product: z.enum(['CASH_LOAN', 'INSTALLMENT_LOAN', 'CREDIT_LINE'], {
      message: 'must be CASH_LOAN, INSTALLMENT_LOAN or CREDIT_LINE',
    }),
    currency,
    creditLimit: amount,
    outstandingBalance: amount,
    overdueAmount: positiveAmount,
    daysPastDue: z.number().int('must be an integer').min(1, 'must be 1..3650').max(3650, 'must be 1..3650'),
    dueDate: calendarDate,
    history: z.array(historyEntryV1Schema).max(12, 'must have at most 12 entries').optional(),
    bureauScore: z.number().int('must be an integer').min(0, 'must be 0..1000').max(1000, 'must be 0..1000').optional(),
  })
  .superRefine((p, ctx) => {
    const comparable = AMOUNT_PATTERN.test(p.overdueAmount) && AMOUNT_PATTERN.test(p.outstandingBalance);
    if (comparable && toMinorUnits(p.overdueAmount) > toMinorUnits(p.outstandingBalance)) {
      ctx.addIssue({ code: 'custom', path: ['overdueAmount'], message: 'must not exceed outstandingBalance' });
    }
  });

export const paymentReceivedPayloadV1Schema = z.object({
  customerId,
  amount: positiveAmount,
  currency,
  paidAt: rfc3339,
  method: z.enum(['BANK_TRANSFER', 'CARD', 'WECHAT_PAY', 'ALIPAY', 'CASH', 'OTHER'], {
    message: 'must be BANK_TRANSFER, CARD, WECHAT_PAY, ALIPAY, CASH or OTHER',
  }),
  reference: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
});

export const loanClosedPayloadV1Schema = z.object({
  reason: z.enum(['PAID_OFF', 'SETTLED', 'WRITTEN_OFF', 'SOLD'], { message: 'must be PAID_OFF, SETTLED, WRITTEN_OFF or SOLD' }),
});

export const CUSTOMER_FLAGS = ['DECEASED', 'BANKRUPTCY', 'VULNERABLE', 'BREATHING_SPACE', 'DISPUTE', 'LITIGATION', 'DO_NOT_CONTACT'] as const;
export type CustomerFlag = (typeof CUSTOMER_FLAGS)[number];

export const customerFlaggedPayloadV1Schema = z.object({
  customerId,
  flag: z.enum(CUSTOMER_FLAGS, { message: `must be one of ${CUSTOMER_FLAGS.join(', ')}` }),
  active: z.boolean({ message: 'must be true or false' }),
  until: calendarDate.optional(),
});

export type LoanOverduePayloadV1 = z.infer<typeof loanOverduePayloadV1Schema>;
export type PaymentReceivedPayloadV1 = z.infer<typeof paymentReceivedPayloadV1Schema>;
export type LoanClosedPayloadV1 = z.infer<typeof loanClosedPayloadV1Schema>;
export type CustomerFlaggedPayloadV1 = z.infer<typeof customerFlaggedPayloadV1Schema>;
export type HistoryEntryV1 = z.infer<typeof historyEntryV1Schema>;

type Envelope = Omit<z.infer<typeof envelopeV1Schema>, 'eventType' | 'payload'>;
export type CoreBankingEventV1 =
  | (Envelope & { eventType: 'LoanOverdue'; payload: LoanOverduePayloadV1 })
  | (Envelope & { eventType: 'PaymentReceived'; payload: PaymentReceivedPayloadV1 })
  | (Envelope & { eventType: 'LoanClosed'; payload: LoanClosedPayloadV1 })
  | (Envelope & { eventType: 'CustomerFlagged'; payload: CustomerFlaggedPayloadV1 });

const payloadSchemas: Record<CoreBankingEventType, z.ZodType> = {
  LoanOverdue: loanOverduePayloadV1Schema,
  PaymentReceived: paymentReceivedPayloadV1Schema,
  LoanClosed: loanClosedPayloadV1Schema,
  CustomerFlagged: customerFlaggedPayloadV1Schema,
};

export type CoreBankingValidation = { ok: true; event: CoreBankingEventV1 } | { ok: false; eventId?: string; loanId?: string; errors: FieldError[] };

/**
 * Validates one inbound document: the envelope first, then the payload for its `eventType`, so
 * every error names its full path (`payload.customer.phone`).
 */
export function validateCoreBankingEvent(input: unknown): CoreBankingValidation {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const eventId = typeof raw.eventId === 'string' ? raw.eventId : undefined;
  const loanId = typeof raw.loanId === 'string' ? raw.loanId : undefined;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '(root)', message: 'must be a JSON object' }] };
  }
  const envelope = validateWith(envelopeV1Schema, input);
  // eventType is the sender's string: `constructor` or `__proto__` must find no schema, not Object's.
  const payloadSchema = typeof raw.eventType === 'string' ? ownValue(payloadSchemas, raw.eventType) : undefined;
  const errors: FieldError[] = envelope.ok ? [] : envelope.errors;
  let payload: unknown;
  if (payloadSchema && typeof raw.payload === 'object' && raw.payload !== null && !Array.isArray(raw.payload)) {
    const checked = validateWith(payloadSchema, raw.payload, 'payload');
    if (checked.ok) payload = checked.value;
    else errors.push(...checked.errors);
  }
  if (!envelope.ok || errors.length > 0) return { ok: false, eventId, loanId, errors };
  return { ok: true, event: { ...envelope.value, payload } as CoreBankingEventV1 };
}
