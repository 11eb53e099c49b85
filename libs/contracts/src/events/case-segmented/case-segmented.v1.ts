import { z } from 'zod';
import { DPD_BUCKETS } from '../loan-lifecycle/loan-lifecycle-event.v1';
import { parseEventOf, type EventEnvelope } from '../../envelope/event-envelope';
import { JURISDICTIONS } from '../../jurisdiction/jurisdictions';

/**
 * `collections.case-segmented.v1` (key = loan id): risk-scoring's verdict on a case, published
 * only when it changed. Contact orchestration starts or changes the treatment from it; the arm
 * lets outcomes be compared between the champion and the challenger policy.
 */
export const reasonV1Schema = z.object({
  code: z.string(),
  /** Share of the raw score this reason explains, signed (positive = riskier). */
  contribution: z.number(),
  text: z.object({ 'zh-CN': z.string(), en: z.string() }),
});

export const caseSegmentedV1Schema = z.object({
  loanId: z.string().min(1),
  customerId: z.string().min(1),
  loanSequence: z.number().int().min(0),
  /** Calibrated probability of not paying next month, 4 decimals, as a string (not money, but exact on the wire). */
  probabilityOfDefault: z.string().regex(/^(0|1)\.\d{4}$/),
  band: z.string(),
  dpdBucket: z.enum(DPD_BUCKETS),
  segment: z.string(),
  treatment: z.string(),
  arm: z.enum(['champion', 'challenger']),
  /** True when a flag (vulnerable, dispute, ...) forced the gentlest treatment. */
  protectedCase: z.boolean(),
  modelVersion: z.string(),
  policyVersion: z.string(),
  reasons: z.array(reasonV1Schema).max(5),
  overdueAmount: z.string(),
  currency: z.string().length(3),
  jurisdiction: z.enum(JURISDICTIONS),
});

export type CaseSegmentedV1 = z.infer<typeof caseSegmentedV1Schema>;
export type CaseSegmentedEventV1 = EventEnvelope<'CaseSegmented', CaseSegmentedV1>;

/** For consumers: validates envelope and payload of a case-segmented record. */
export function parseCaseSegmentedEvent(input: unknown): CaseSegmentedEventV1 {
  return parseEventOf<CaseSegmentedEventV1>(input, 'case-segmented', { CaseSegmented: caseSegmentedV1Schema });
}
