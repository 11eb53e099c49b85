import { z } from 'zod';
import { CUSTOMER_FLAGS, historyEntryV1Schema } from '../core-banking/core-banking-event.v1';
import { parseEventOf, type EventEnvelope } from '../../envelope/event-envelope';
import { JURISDICTIONS, LOCALES } from '../../jurisdiction/jurisdictions';

/**
 * `collections.loan-lifecycle.v1`: what ingestion announces after it applied a core-banking event.
 * Keyed by loan id; `loanSequence` is the applied core-banking sequence, so a consumer can ignore
 * anything older than what it has. No names, phones or addresses: those live only on
 * `collections.customer-contacts.v1`.
 */
export const DPD_BUCKETS = ['M1', 'M2', 'M3', 'M4+'] as const;
export type DpdBucket = (typeof DPD_BUCKETS)[number];

/** M1 1–30, M2 31–60, M3 61–90, M4+ over 90 days past due. */
export function dpdBucketOf(daysPastDue: number): DpdBucket | null {
  if (daysPastDue <= 0) return null;
  if (daysPastDue <= 30) return 'M1';
  if (daysPastDue <= 60) return 'M2';
  if (daysPastDue <= 90) return 'M3';
  return 'M4+';
}

const common = {
  loanId: z.string().min(1),
  loanSequence: z.number().int().min(0),
  customerId: z.string().min(1),
};

export const loanDelinquencyUpdatedV1Schema = z.object({
  ...common,
  jurisdiction: z.enum(JURISDICTIONS),
  timezone: z.string(),
  locale: z.enum(LOCALES),
  product: z.enum(['CASH_LOAN', 'INSTALLMENT_LOAN', 'CREDIT_LINE']),
  currency: z.string().length(3),
  creditLimit: z.string(),
  outstandingBalance: z.string(),
  overdueAmount: z.string(),
  daysPastDue: z.number().int(),
  dpdBucket: z.enum(DPD_BUCKETS),
  dueDate: z.string(),
  history: z.array(historyEntryV1Schema),
  bureauScore: z.number().int().nullable(),
  firstOverdue: z.boolean(),
  activeFlags: z.array(z.enum(CUSTOMER_FLAGS)),
});

export const loanPaymentReceivedV1Schema = z.object({
  ...common,
  amount: z.string(),
  currency: z.string().length(3),
  paidAt: z.string(),
  method: z.string(),
  reference: z.string(),
  outstandingBalance: z.string().nullable(),
  overdueAmount: z.string().nullable(),
});

export const loanClosedV1Schema = z.object({
  ...common,
  reason: z.enum(['PAID_OFF', 'SETTLED', 'WRITTEN_OFF', 'SOLD']),
  closedAt: z.string(),
});

export const customerFlagUpdatedV1Schema = z.object({
  ...common,
  flag: z.enum(CUSTOMER_FLAGS),
  active: z.boolean(),
  until: z.string().nullable(),
  activeFlags: z.array(z.enum(CUSTOMER_FLAGS)),
});

export type LoanDelinquencyUpdatedV1 = z.infer<typeof loanDelinquencyUpdatedV1Schema>;
export type LoanPaymentReceivedV1 = z.infer<typeof loanPaymentReceivedV1Schema>;
export type LoanClosedV1 = z.infer<typeof loanClosedV1Schema>;
export type CustomerFlagUpdatedV1 = z.infer<typeof customerFlagUpdatedV1Schema>;

export const LOAN_LIFECYCLE_SCHEMAS = {
  LoanDelinquencyUpdated: loanDelinquencyUpdatedV1Schema,
  LoanPaymentReceived: loanPaymentReceivedV1Schema,
  LoanClosed: loanClosedV1Schema,
  CustomerFlagUpdated: customerFlagUpdatedV1Schema,
} as const;
export type LoanLifecycleEventType = keyof typeof LOAN_LIFECYCLE_SCHEMAS;

export type LoanLifecycleEventV1 =
  | EventEnvelope<'LoanDelinquencyUpdated', LoanDelinquencyUpdatedV1>
  | EventEnvelope<'LoanPaymentReceived', LoanPaymentReceivedV1>
  | EventEnvelope<'LoanClosed', LoanClosedV1>
  | EventEnvelope<'CustomerFlagUpdated', CustomerFlagUpdatedV1>;

/** For consumers: validates envelope and payload of a loan-lifecycle record. */
export function parseLoanLifecycleEvent(input: unknown): LoanLifecycleEventV1 {
  return parseEventOf<LoanLifecycleEventV1>(input, 'loan-lifecycle', LOAN_LIFECYCLE_SCHEMAS);
}
