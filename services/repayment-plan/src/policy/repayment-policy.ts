import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AMOUNT_PATTERN, JURISDICTIONS, type FieldError, formatPath } from '@clearpath/contracts';
import { repoPath } from '@clearpath/platform';

/**
 * What a lender allows, as data: per jurisdiction the deadlines and the smallest instalment, and
 * rules (first match wins, the last one matches every case) that give each segment its instalment
 * counts, extension, settlement discount and promise to pay. Validated at boot; every error names
 * its path in the file, and a GB profile that would break CONC 7.3.10R does not load.
 */
const money = z.string().regex(AMOUNT_PATTERN, 'must be a decimal amount string, e.g. "50.00"');
const perCurrency = z.record(z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'), money);
const days = (max: number) => z.number().int().min(0).max(max);

const jurisdictionSchema = z.object({
  /** Days after a due date before an unpaid instalment or promise counts as broken. */
  graceDays: days(60),
  /** No offer's first payment is due sooner than this many days from today (debtor's calendar). */
  minDaysToFirstPayment: days(90),
  /** A promise to pay may be dated at most this many days ahead. */
  promiseWindowDays: days(90).refine((d) => d >= 1, 'must be at least 1'),
  /** The settlement's single payment is due this many days from today. */
  settlementDeadlineDays: days(180),
  /** The smallest instalment, per currency; a case in a currency not listed gets no instalment offer. */
  minInstalment: perCurrency,
  /** CONC 7.3.10R: never a lump sum only; a long instalment plan is always on offer beside it. */
  protectAgainstLumpSum: z.boolean(),
  /** With protectAgainstLumpSum: the longest instalment plan offered has at least this many instalments (when the balance allows). */
  minLongestPlan: z.number().int().min(2).max(24),
});

const segmentName = z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'must be an upper-case segment name');

const ruleSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case id of [a-z0-9-]'),
  /** Matches these segments (risk-scoring's); absent = any segment, including none yet. */
  segments: z.array(segmentName).min(1).optional(),
  jurisdictions: z.array(z.enum(JURISDICTIONS)).min(1).optional(),
  /** Matches when the overdue amount is at least this (per currency; a currency not listed does not match). */
  minOverdue: perCurrency.optional(),
  instalments: z
    .object({
      counts: z.array(z.number().int().min(2, 'must be at least 2').max(24, 'must be at most 24')).min(1),
      /** The first instalment at this percentage of a regular one (null: no reduced-first variant). */
      reducedFirstPaymentPercent: z.number().int().min(10).max(90).nullable(),
    })
    .nullable(),
  extension: z.object({ maxDays: z.number().int().min(1).max(90), onceInMonths: z.number().int().min(1).max(36) }).nullable(),
  settlement: z
    .object({
      /** The discount offered, in whole percent of the outstanding balance. */
      discountPercent: z.number().int().min(1).max(90),
      /** An agent may agree up to this discount. */
      maxDiscountPercent: z.number().int().min(1).max(90),
      /** Above this discount a supervisor must approve the plan. */
      approvalAbovePercent: z.number().int().min(0).max(90),
    })
    .nullable(),
  promiseToPay: z.boolean(),
});

export const repaymentPolicySchema = z
  .object({
    version: z.string().regex(/^\d{4}\.\d{2}\.\d+$/, 'must be a version like 2026.11.1'),
    jurisdictions: z.object({ CN: jurisdictionSchema, US: jurisdictionSchema, GB: jurisdictionSchema }),
    rules: z.array(ruleSchema).min(1, 'must have at least one rule'),
  })
  .superRefine((policy, ctx) => {
    policy.rules.forEach((rule, i) => {
      const s = rule.settlement;
      if (s && s.discountPercent > s.maxDiscountPercent)
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'settlement', 'discountPercent'], message: 'must not exceed maxDiscountPercent' });
      if (rule.instalments) {
        const counts = rule.instalments.counts;
        if (counts.some((c, j) => j > 0 && c <= counts[j - 1]))
          ctx.addIssue({ code: 'custom', path: ['rules', i, 'instalments', 'counts'], message: 'must be strictly ascending' });
      }
    });
    const last = policy.rules[policy.rules.length - 1];
    if (last.segments || last.jurisdictions || last.minOverdue) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', policy.rules.length - 1],
        message: 'the last rule must match every case (no segments, jurisdictions or minOverdue)',
      });
    }
    // CONC 7.3.10R (GB): no pressure to pay in one or very few payments or within an unreasonably short time.
    const gb = policy.jurisdictions.GB;
    if (!gb.protectAgainstLumpSum)
      ctx.addIssue({ code: 'custom', path: ['jurisdictions', 'GB', 'protectAgainstLumpSum'], message: 'must be true in GB (CONC 7.3.10R)' });
    if (gb.minDaysToFirstPayment < CONC_MIN_DAYS_TO_FIRST_PAYMENT) {
      ctx.addIssue({
        code: 'custom',
        path: ['jurisdictions', 'GB', 'minDaysToFirstPayment'],
        message: `must be at least ${CONC_MIN_DAYS_TO_FIRST_PAYMENT} in GB (CONC 7.3.10R: no unreasonably short deadline)`,
      });
    }
    if (gb.settlementDeadlineDays < CONC_MIN_DAYS_TO_FIRST_PAYMENT) {
      ctx.addIssue({
        code: 'custom',
        path: ['jurisdictions', 'GB', 'settlementDeadlineDays'],
        message: `must be at least ${CONC_MIN_DAYS_TO_FIRST_PAYMENT} in GB (CONC 7.3.10R: no unreasonably short deadline)`,
      });
    }
    if (gb.minLongestPlan < CONC_MIN_LONGEST_PLAN) {
      ctx.addIssue({
        code: 'custom',
        path: ['jurisdictions', 'GB', 'minLongestPlan'],
        message: `must be at least ${CONC_MIN_LONGEST_PLAN} in GB (CONC 7.3.10R: not very few repayments)`,
      });
    }
    policy.rules.forEach((rule, i) => {
      if (rule.jurisdictions && !rule.jurisdictions.includes('GB')) return;
      const longest = rule.instalments ? Math.max(...rule.instalments.counts) : 0;
      if (longest < gb.minLongestPlan) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'instalments'],
          message: `a rule that applies in GB must offer a plan of at least ${gb.minLongestPlan} instalments (CONC 7.3.10R)`,
        });
      }
    });
  });

/** The floors a GB profile may not go below (a lender may tighten them). */
export const CONC_MIN_DAYS_TO_FIRST_PAYMENT = 14;
export const CONC_MIN_LONGEST_PLAN = 6;

export type RepaymentPolicy = z.infer<typeof repaymentPolicySchema>;
export type JurisdictionProfile = RepaymentPolicy['jurisdictions']['CN'];
export type OfferRule = RepaymentPolicy['rules'][number];

export class PolicyValidationError extends Error {
  constructor(
    readonly source: string,
    readonly errors: FieldError[],
  ) {
    super(`invalid repayment policy ${source}:\n${errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
    this.name = 'PolicyValidationError';
  }
}

export function parseRepaymentPolicy(input: unknown, source = 'policy'): RepaymentPolicy {
  const parsed = repaymentPolicySchema.safeParse(input);
  if (!parsed.success)
    throw new PolicyValidationError(
      source,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  return parsed.data;
}

export const SHIPPED_POLICY_FILE = 'services/repayment-plan/policies/repayment.policy.json';

export function loadRepaymentPolicy(file: string = repoPath(SHIPPED_POLICY_FILE)): RepaymentPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the repayment policy ${file}: ${(error as Error).message}`);
  }
  return parseRepaymentPolicy(raw, file);
}
