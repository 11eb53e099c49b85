import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const schema = z.object({
  DATABASE_URL: z.url({ message: 'must be a postgres:// URL' }).refine((u) => u.startsWith('postgres'), 'must be a postgres:// URL'),
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((v) => v.split(',').map((b) => b.trim()))
    .refine((list) => list.every((b) => /^[^\s:]+:\d+$/.test(b)), 'must be host:port[,host:port...]'),
  INGESTION_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  INGESTION_CONSUMER_GROUP: z.string().min(1).default('ingestion'),
  INGESTION_CONSUMER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(15_000),
  INGESTION_DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('ingestion'),
  INGESTION_DB_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  OUTBOX_RELAY_ENABLED: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLEARPATH_API_KEYS: z.string().min(1, 'must list at least one key:role'),
  CLEARPATH_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters'),
  /** Fault injection for the crash test only: SIGKILL ourselves right after a consumer commit. */
  CLEARPATH_FAULT: z.enum(['none', 'kill-after-commit']).default('none'),
});

export type IngestionConfig = z.infer<typeof schema>;

/** Reads and validates the environment once at boot; a bad value stops the service naming the variable. */
export function loadIngestionConfig(env: NodeJS.ProcessEnv = process.env): IngestionConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid ingestion configuration:\n${problems}`);
  }
  return parsed.data;
}
