import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * The environment every service reads, with the service's prefix: `INGESTION_HTTP_PORT`,
 * `RISK_SCORING_CONSUMER_GROUP`, ... Shared variables (`DATABASE_URL`, `KAFKA_BROKERS`, keys) have
 * no prefix. Validated once at boot; a bad value stops the service naming the variable.
 */
export function runtimeConfigSchema(prefix: string, defaults: { port: number; schema: string; group: string }) {
  return z
    .object({
      DATABASE_URL: z.url({ message: 'must be a postgres:// URL' }).refine((u) => u.startsWith('postgres'), 'must be a postgres:// URL'),
      KAFKA_BROKERS: z
        .string()
        .min(1)
        .transform((v) => v.split(',').map((b) => b.trim()))
        .refine((list) => list.every((b) => /^[^\s:]+:\d+$/.test(b)), 'must be host:port[,host:port...]'),
      [`${prefix}_HTTP_PORT`]: z.coerce.number().int().min(0).max(65535).default(defaults.port),
      [`${prefix}_CONSUMER_GROUP`]: z.string().min(1).default(defaults.group),
      [`${prefix}_CONSUMER_SESSION_TIMEOUT_MS`]: z.coerce.number().int().min(6_000).max(300_000).default(15_000),
      [`${prefix}_DB_SCHEMA`]: z.string().regex(/^[a-z_][a-z0-9_]*$/).default(defaults.schema),
      [`${prefix}_DB_POOL_SIZE`]: z.coerce.number().int().min(2).max(100).default(10),
      OUTBOX_RELAY_ENABLED: bool.default(true),
      LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      CLEARPATH_API_KEYS: z.string().min(1, 'must list at least one key:role'),
      CLEARPATH_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters'),
      /** Fault injection for crash tests only: SIGKILL the process right after a consumer commit. */
      CLEARPATH_FAULT: z.enum(['none', 'kill-after-commit']).default('none'),
      /**
       * Cross-process tests, benchmarks and demos only: the service's clock runs this many
       * milliseconds ahead of (or behind) the system clock, so contact windows and deadlines do not
       * depend on the hour of the run. Every process given the same offset shares one timeline.
       */
      CLEARPATH_CLOCK_OFFSET_MS: z.coerce.number({ message: 'must be a whole number of milliseconds' }).int('must be a whole number of milliseconds').default(0),
    })
    .transform(
      (env): RuntimeConfig => ({
      databaseUrl: env.DATABASE_URL as string,
      kafkaBrokers: env.KAFKA_BROKERS as string[],
      httpPort: env[`${prefix}_HTTP_PORT`] as number,
      consumerGroup: env[`${prefix}_CONSUMER_GROUP`] as string,
      sessionTimeoutMs: env[`${prefix}_CONSUMER_SESSION_TIMEOUT_MS`] as number,
      dbSchema: env[`${prefix}_DB_SCHEMA`] as string,
      dbPoolSize: env[`${prefix}_DB_POOL_SIZE`] as number,
      relayEnabled: env.OUTBOX_RELAY_ENABLED as boolean,
      logLevel: env.LOG_LEVEL as RuntimeConfig['logLevel'],
      apiKeys: env.CLEARPATH_API_KEYS as string,
      tokenSecret: env.CLEARPATH_TOKEN_SECRET as string,
      fault: env.CLEARPATH_FAULT as RuntimeConfig['fault'],
      clockOffsetMs: env.CLEARPATH_CLOCK_OFFSET_MS as number,
      }),
    );
}

export interface RuntimeConfig {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string[];
  readonly httpPort: number;
  readonly consumerGroup: string;
  readonly sessionTimeoutMs: number;
  readonly dbSchema: string;
  readonly dbPoolSize: number;
  readonly relayEnabled: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly apiKeys: string;
  readonly tokenSecret: string;
  readonly fault: 'none' | 'kill-after-commit';
  /** CLEARPATH_CLOCK_OFFSET_MS: the service's clock is the system clock shifted by this (tests, benchmarks, demos); 0 by default. */
  readonly clockOffsetMs?: number;
}

export function loadRuntimeConfig(
  service: string,
  defaults: { port: number; schema: string; group: string },
  env: NodeJS.ProcessEnv = process.env,
): RuntimeConfig {
  const prefix = service.toUpperCase().replace(/-/g, '_');
  const parsed = runtimeConfigSchema(prefix, defaults).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid ${service} configuration:\n${problems}`);
  }
  return parsed.data;
}
