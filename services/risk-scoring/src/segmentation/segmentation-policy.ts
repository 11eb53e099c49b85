import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  CUSTOMER_FLAGS,
  DPD_BUCKETS,
  type CustomerFlag,
  type DpdBucket,
  type FieldError,
  AMOUNT_PATTERN,
  formatPath,
  toMinorUnits,
} from '@clearpath/contracts';

/**
 * The segmentation policy is data, not code: score band × DPD bucket × amount tier → segment and
 * treatment, first matching rule wins, with a champion and a challenger policy and the share of
 * cases the challenger gets. Validated at load; errors name the path in the file.
 */
const probability = z.string().regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'must be a probability "0.0000".."1.0000" written as a string');
const money = z.string().regex(AMOUNT_PATTERN, 'must be a decimal amount string, e.g. "2000.00"');
const identifier = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case id of [a-z0-9-]');

const armPolicySchema = z
  .object({
    policyId: identifier,
    /** Bands in ascending order of risk; a case takes the first whose maxProbability is ≥ its probability. */
    scoreBands: z
      .array(z.object({ band: z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/, 'must be an upper-case band name'), maxProbability: probability }))
      .min(2, 'must have at least two bands'),
    /** Tiers in ascending order of the overdue amount, per currency. */
    amountTiers: z
      .array(z.object({ tier: z.string().regex(/^[A-Z]+$/, 'must be an upper-case tier name'), maxOverdue: z.record(z.string().length(3), money).optional() }))
      .min(1),
    rules: z
      .array(
        z.object({
          bands: z.array(z.string()).min(1).optional(),
          buckets: z.array(z.enum(DPD_BUCKETS)).min(1).optional(),
          tiers: z.array(z.string()).min(1).optional(),
          /** Matches only cases with at least this many broken plans or promises (repayment-plan's events). */
          minBrokenPromises: z.number().int().min(1).optional(),
          segment: z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'must be an upper-case segment name'),
          treatment: identifier,
        }),
      )
      .min(1, 'must have at least one rule'),
    /** Flags that always get the gentlest treatment, whatever the score. */
    protectedFlags: z.array(z.enum(CUSTOMER_FLAGS)).min(1),
    protectedTreatment: z.object({ segment: z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/), treatment: identifier }),
  })
  .superRefine((policy, ctx) => {
    let previous = -1;
    policy.scoreBands.forEach((b, i) => {
      const p = Number(b.maxProbability);
      if (p <= previous) ctx.addIssue({ code: 'custom', path: ['scoreBands', i, 'maxProbability'], message: 'must be above the previous band' });
      previous = p;
    });
    if (previous !== 1)
      ctx.addIssue({ code: 'custom', path: ['scoreBands', policy.scoreBands.length - 1, 'maxProbability'], message: 'the last band must end at "1.0000"' });
    const last = policy.amountTiers[policy.amountTiers.length - 1];
    if (last.maxOverdue !== undefined)
      ctx.addIssue({ code: 'custom', path: ['amountTiers', policy.amountTiers.length - 1], message: 'the last tier must be open-ended (no maxOverdue)' });
    const bands = new Set(policy.scoreBands.map((b) => b.band));
    const tiers = new Set(policy.amountTiers.map((t) => t.tier));
    policy.rules.forEach((rule, i) => {
      rule.bands?.forEach((b, j) => bands.has(b) || ctx.addIssue({ code: 'custom', path: ['rules', i, 'bands', j], message: `unknown band ${b}` }));
      rule.tiers?.forEach((t, j) => tiers.has(t) || ctx.addIssue({ code: 'custom', path: ['rules', i, 'tiers', j], message: `unknown tier ${t}` }));
    });
    const catchAll = policy.rules[policy.rules.length - 1];
    if (catchAll.bands || catchAll.buckets || catchAll.tiers || catchAll.minBrokenPromises) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', policy.rules.length - 1],
        message: 'the last rule must match every case (no bands, buckets, tiers or minBrokenPromises)',
      });
    }
  });

export const policySetSchema = z.object({
  version: z.string().regex(/^\d{4}\.\d{2}\.\d+$/, 'must be a version like 2026.11.1'),
  /** Share of cases (0..0.5) scored by the challenger, chosen by a stable hash of the loan id. */
  challengerShare: z.number().min(0).max(0.5, 'must be at most 0.5: the champion keeps the majority'),
  /** Salt of the arm hash: change it to draw a new challenger sample. */
  armSalt: z.string().min(1),
  champion: armPolicySchema,
  challenger: armPolicySchema,
});

export type PolicySet = z.infer<typeof policySetSchema>;
export type ArmPolicy = PolicySet['champion'];
export type Arm = 'champion' | 'challenger';

export class PolicyValidationError extends Error {
  constructor(
    readonly source: string,
    readonly errors: FieldError[],
  ) {
    super(`invalid segmentation policy ${source}:\n${errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
    this.name = 'PolicyValidationError';
  }
}

export function parsePolicySet(input: unknown, source = 'policy'): PolicySet {
  const parsed = policySetSchema.safeParse(input);
  if (!parsed.success)
    throw new PolicyValidationError(
      source,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  return parsed.data;
}

export interface SegmentationInput {
  readonly loanId: string;
  readonly probabilityOfDefault: number;
  readonly dpdBucket: DpdBucket;
  readonly overdueAmount: string;
  readonly currency: string;
  readonly activeFlags: readonly CustomerFlag[];
  /** Plans and promises the debtor broke (0 when unknown). */
  readonly brokenPromises?: number;
}

export interface SegmentationResult {
  readonly arm: Arm;
  readonly band: string;
  readonly segment: string;
  readonly treatment: string;
  readonly protectedCase: boolean;
  readonly policyVersion: string;
}

/** Deterministic arm: the same loan gets the same arm across re-scores, restarts and instances. */
export function armOf(loanId: string, share: number, salt: string): Arm {
  const digest = createHash('sha256').update(`${salt}\u0000${loanId}`).digest();
  const unit = digest.readUInt32BE(0) / 0x1_0000_0000;
  return unit < share ? 'challenger' : 'champion';
}

export function segment(policies: PolicySet, input: SegmentationInput): SegmentationResult {
  const arm = armOf(input.loanId, policies.challengerShare, policies.armSalt);
  const policy = policies[arm];
  const policyVersion = `${policies.version}/${policy.policyId}`;
  const band = policy.scoreBands.find((b) => input.probabilityOfDefault <= Number(b.maxProbability))!.band;
  if (input.activeFlags.some((f) => policy.protectedFlags.includes(f))) {
    return { arm, band, ...policy.protectedTreatment, protectedCase: true, policyVersion };
  }
  const tier = tierOf(policy, input.overdueAmount, input.currency);
  const rule = policy.rules.find(
    (r) =>
      (!r.bands || r.bands.includes(band)) &&
      (!r.buckets || r.buckets.includes(input.dpdBucket)) &&
      (!r.tiers || r.tiers.includes(tier)) &&
      (!r.minBrokenPromises || (input.brokenPromises ?? 0) >= r.minBrokenPromises),
  )!;
  return { arm, band, segment: rule.segment, treatment: rule.treatment, protectedCase: false, policyVersion };
}

function tierOf(policy: ArmPolicy, overdueAmount: string, currency: string): string {
  const amount = toMinorUnits(overdueAmount);
  for (const tier of policy.amountTiers) {
    const max = tier.maxOverdue?.[currency];
    if (tier.maxOverdue === undefined) return tier.tier;
    if (max !== undefined && amount <= toMinorUnits(max)) return tier.tier;
  }
  return policy.amountTiers[policy.amountTiers.length - 1].tier;
}
