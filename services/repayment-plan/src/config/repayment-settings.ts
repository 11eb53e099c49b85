import { z } from 'zod';
import { loadRuntimeConfig, type RuntimeConfig } from '@clearpath/platform';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** What repayment-plan reads beyond the platform's runtime config. */
export interface RepaymentSettings {
  /** HMAC key of the debtor's self-service links (shared with contact-orchestration). */
  readonly selfServiceSecret: string;
  /** The complaints service the self-service page forwards complaints to. */
  readonly complaintsUrl: string;
  readonly complaintsApiKey: string;
  /** Shown to the debtor when the complaint cannot be forwarded. */
  readonly lenderPhone: string;
  /** The policy file (default: the shipped policies/repayment.policy.json). */
  readonly policyFile: string | null;
  /** Off in tests, which drive `tick(now)` themselves. */
  readonly sweepEnabled: boolean;
  readonly sweepPollMs: number;
  /** Plans or promises broken per sweep transaction. */
  readonly sweepBatchSize: number;
  /** Invalid self-service links one client address may open per window before it is refused (429). */
  readonly linkFailuresPerIp: number;
  readonly linkFailureWindowMs: number;
}

export interface RepaymentPlanConfig extends RuntimeConfig {
  readonly repayment: RepaymentSettings;
}

export const REPAYMENT_PLAN_DEFAULTS = { port: 3004, schema: 'repayment_plan', group: 'repayment-plan' };

const P = 'REPAYMENT_PLAN';
const settingsSchema = z.object({
  CLEARPATH_SELF_SERVICE_SECRET: z.string({ message: 'must be set (the HMAC key of self-service links)' }).min(16, 'must be at least 16 characters'),
  [`${P}_COMPLAINTS_URL`]: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http(s):// URL')
    .default('http://127.0.0.1:3005'),
  // The development key of deploy/clearpath.env; in production loadRuntimeConfig refuses a missing key first.
  [`${P}_COMPLAINTS_API_KEY`]: z.string().min(8, 'must be at least 8 characters').default('dev-repayment-plan-key'),
  [`${P}_LENDER_PHONE`]: z
    .string()
    .regex(/^[+0-9][0-9 -]{4,30}$/, 'must be a phone number')
    .default('400-820-8820'),
  [`${P}_POLICY_FILE`]: z.string().min(1).optional(),
  [`${P}_SWEEP_ENABLED`]: bool.default(true),
  // Broken plans are a matter of days; a minute's poll is plenty and keeps an idle instance quiet.
  [`${P}_SWEEP_POLL_MS`]: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  [`${P}_SWEEP_BATCH_SIZE`]: z.coerce.number().int().min(1).max(10_000).default(1_000),
  // A debtor mistypes or half-copies a link a few times; 10 guesses per 15 minutes is no attack on
  // a 256-bit signature.
  [`${P}_LINK_FAILURES_PER_IP`]: z.coerce.number().int().min(1).max(10_000).default(10),
  [`${P}_LINK_FAILURE_WINDOW_MS`]: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(86_400_000)
    .default(15 * 60_000),
});

/** Reads and validates the configuration once; a bad value stops the service naming the variable. */
export function loadRepaymentPlanConfig(env: NodeJS.ProcessEnv = process.env): RepaymentPlanConfig {
  const runtime = loadRuntimeConfig('repayment-plan', REPAYMENT_PLAN_DEFAULTS, env, ['CLEARPATH_SELF_SERVICE_SECRET', `${P}_COMPLAINTS_API_KEY`]);
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid repayment-plan configuration:\n${problems}`);
  }
  const e = parsed.data as Record<string, unknown>;
  return {
    ...runtime,
    repayment: {
      selfServiceSecret: e.CLEARPATH_SELF_SERVICE_SECRET as string,
      complaintsUrl: (e[`${P}_COMPLAINTS_URL`] as string).replace(/\/+$/, ''),
      complaintsApiKey: e[`${P}_COMPLAINTS_API_KEY`] as string,
      lenderPhone: e[`${P}_LENDER_PHONE`] as string,
      policyFile: (e[`${P}_POLICY_FILE`] as string | undefined) ?? null,
      sweepEnabled: e[`${P}_SWEEP_ENABLED`] as boolean,
      sweepPollMs: e[`${P}_SWEEP_POLL_MS`] as number,
      sweepBatchSize: e[`${P}_SWEEP_BATCH_SIZE`] as number,
      linkFailuresPerIp: e[`${P}_LINK_FAILURES_PER_IP`] as number,
      linkFailureWindowMs: e[`${P}_LINK_FAILURE_WINDOW_MS`] as number,
    },
  };
}
