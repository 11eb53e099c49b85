import { z } from 'zod';
import { loadRuntimeConfig, type RuntimeConfig } from '@clearpath/platform';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** What complaints reads beyond the platform's runtime config. */
export interface ComplaintsSettings {
  /** Off in tests, which drive the deadline sweep's `tick(now)` themselves. */
  readonly schedulerEnabled: boolean;
  readonly schedulerPollMs: number;
  /** A reminder goes out when the debtor's calendar reaches this many days before the deadline day. */
  readonly reminderDays: number;
  /** Complaints claimed per sweep transaction. */
  readonly batchSize: number;
}

export interface ComplaintsConfig extends RuntimeConfig {
  readonly complaints: ComplaintsSettings;
}

export const COMPLAINTS_DEFAULTS = { port: 3005, schema: 'complaints', group: 'complaints' };

const P = 'COMPLAINTS';
const settingsSchema = z.object({
  [`${P}_SCHEDULER_ENABLED`]: bool.default(true),
  // Deadlines are days long: a minute's poll is plenty and keeps an idle instance near 0 % CPU.
  [`${P}_SCHEDULER_POLL_MS`]: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  [`${P}_REMINDER_DAYS`]: z.coerce.number().int().min(1).max(14).default(3),
  [`${P}_BATCH_SIZE`]: z.coerce.number().int().min(1).max(5_000).default(500),
});

/** Reads and validates the configuration once; a bad value stops the service naming the variable. */
export function loadComplaintsConfig(env: NodeJS.ProcessEnv = process.env): ComplaintsConfig {
  const runtime = loadRuntimeConfig('complaints', COMPLAINTS_DEFAULTS, env);
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid complaints configuration:\n${problems}`);
  }
  const e = parsed.data as Record<string, unknown>;
  return {
    ...runtime,
    complaints: {
      schedulerEnabled: e[`${P}_SCHEDULER_ENABLED`] as boolean,
      schedulerPollMs: e[`${P}_SCHEDULER_POLL_MS`] as number,
      reminderDays: e[`${P}_REMINDER_DAYS`] as number,
      batchSize: e[`${P}_BATCH_SIZE`] as number,
    },
  };
}

export const COMPLAINTS_SETTINGS = Symbol.for('clearpath.complaints.settings');
