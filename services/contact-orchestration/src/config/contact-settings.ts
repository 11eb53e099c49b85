import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadRuntimeConfig, type RuntimeConfig } from '@clearpath/platform';
import { SELF_SERVICE_URL_PATTERN } from '../templates/template.renderer';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** What contact-orchestration reads beyond the platform's runtime config. */
export interface ContactSettings {
  /** HMAC-SHA256 key real channel providers sign their delivery-receipt callbacks with. */
  readonly webhookSecret: string;
  /** A lender's profile overrides (tighten only), or null for the shipped profiles. */
  readonly lenderProfilesFile: string | null;
  /** Off in tests, which drive `tick(now)` themselves. */
  readonly schedulerEnabled: boolean;
  readonly schedulerPollMs: number;
  /** Attempts claimed per dispatch transaction, and cases planned per planning transaction. */
  readonly batchSize: number;
  /** An unchanged active case is planned again after this long (changed ones at the next tick). */
  readonly planIntervalMs: number;
  /** How long an agent holds a voice or field task before it is handed to someone else. */
  readonly queueLeaseMs: number;
  /** How long the local provider takes to "deliver" (its receipt comes at the first tick after). */
  readonly localReceiptDelayMs: number;
  /** Base of the debtor's self-service link (repayment-plan's `/s`); https, or http on this machine's loopback for local runs. */
  readonly selfServiceBaseUrl: string;
  /** HMAC key of self-service link tokens, shared with repayment-plan (CLEARPATH_SELF_SERVICE_SECRET). */
  readonly selfServiceSecret: string;
  /** How long a self-service link stays valid. */
  readonly selfServiceLinkTtlSeconds: number;
  /**
   * Fault injection for crash tests only. `kill-during-dispatch`: SIGKILL the process inside the
   * first dispatch transaction that handed a message to a provider, after the hand-off and before
   * the commit.
   */
  readonly fault: 'none' | 'kill-during-dispatch';
}

export interface ContactOrchestrationConfig extends RuntimeConfig {
  readonly contact: ContactSettings;
}

export const CONTACT_ORCHESTRATION_DEFAULTS = { port: 3003, schema: 'contact_orchestration', group: 'contact-orchestration' };

const P = 'CONTACT_ORCHESTRATION';

const settingsSchema = z.object({
  CONTACT_PROVIDER_WEBHOOK_SECRET: z.string({ message: 'must be set (the HMAC key of provider receipt callbacks)' }).min(16, 'must be at least 16 characters'),
  [`${P}_LENDER_PROFILES_FILE`]: z.string().min(1).optional(),
  [`${P}_SCHEDULER_ENABLED`]: bool.default(true),
  // Contact timing needs seconds, not milliseconds; a 5 s idle poll keeps an idle instance near 0 % CPU.
  [`${P}_SCHEDULER_POLL_MS`]: z.coerce.number().int().min(50).max(60_000).default(5_000),
  [`${P}_BATCH_SIZE`]: z.coerce.number().int().min(1).max(5_000).default(1_000),
  [`${P}_PLAN_INTERVAL_MS`]: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(15 * 60_000),
  [`${P}_QUEUE_LEASE_MS`]: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(10 * 60_000),
  [`${P}_LOCAL_RECEIPT_DELAY_MS`]: z.coerce.number().int().min(0).default(5_000),
  [`${P}_SELF_SERVICE_URL`]: z
    .string()
    .regex(SELF_SERVICE_URL_PATTERN, 'must be an https:// URL (or http:// on 127.0.0.1 / localhost)')
    .default('https://pay.clearpath.example/s'),
  CLEARPATH_SELF_SERVICE_SECRET: z
    .string({ message: 'must be set (the HMAC key of self-service links, shared with repayment-plan)' })
    .min(16, 'must be at least 16 characters'),
  [`${P}_SELF_SERVICE_LINK_TTL_DAYS`]: z.coerce.number().int().min(1).max(90).default(14),
  [`${P}_FAULT`]: z.enum(['none', 'kill-during-dispatch']).default('none'),
});

/** Reads and validates the configuration once; a bad value stops the service naming the variable. */
export function loadContactOrchestrationConfig(env: NodeJS.ProcessEnv = process.env): ContactOrchestrationConfig {
  const runtime = loadRuntimeConfig('contact-orchestration', CONTACT_ORCHESTRATION_DEFAULTS, env, [
    'CONTACT_PROVIDER_WEBHOOK_SECRET',
    'CLEARPATH_SELF_SERVICE_SECRET',
  ]);
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid contact-orchestration configuration:\n${problems}`);
  }
  const e = parsed.data as Record<string, unknown>;
  return {
    ...runtime,
    contact: {
      webhookSecret: e.CONTACT_PROVIDER_WEBHOOK_SECRET as string,
      lenderProfilesFile: (e[`${P}_LENDER_PROFILES_FILE`] as string | undefined) ?? null,
      schedulerEnabled: e[`${P}_SCHEDULER_ENABLED`] as boolean,
      schedulerPollMs: e[`${P}_SCHEDULER_POLL_MS`] as number,
      batchSize: e[`${P}_BATCH_SIZE`] as number,
      planIntervalMs: e[`${P}_PLAN_INTERVAL_MS`] as number,
      queueLeaseMs: e[`${P}_QUEUE_LEASE_MS`] as number,
      localReceiptDelayMs: e[`${P}_LOCAL_RECEIPT_DELAY_MS`] as number,
      selfServiceBaseUrl: (e[`${P}_SELF_SERVICE_URL`] as string).replace(/\/+$/, ''),
      selfServiceSecret: e.CLEARPATH_SELF_SERVICE_SECRET as string,
      selfServiceLinkTtlSeconds: (e[`${P}_SELF_SERVICE_LINK_TTL_DAYS`] as number) * 86_400,
      fault: e[`${P}_FAULT`] as ContactSettings['fault'],
    },
  };
}

/** The lender override file's JSON, read at boot. */
export function readLenderProfilesFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${P}_LENDER_PROFILES_FILE: cannot read ${path}: ${(error as Error).message}`);
  }
}
