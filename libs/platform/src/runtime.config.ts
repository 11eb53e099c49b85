import { z } from 'zod';
import { readTopicNamespace, type TopicNamespace } from '@clearpath/contracts';
import { assertProductionSecrets, type OidcConfig, readOidcConfig, readTokenLimits, type TokenLimits } from '@clearpath/auth';
import { type KafkaSecurity, readKafkaSecurity } from '@clearpath/messaging';
import { MASTER_KEYS_SECRETS, MASTER_KEYS_VARIABLE, type MasterKeyRing, keyStoreAccessOf, parseMasterKeys } from '@clearpath/persistence';
import { type HttpLimits, httpLimitsEnvironment, httpLimitsOf } from './http-limits.config';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const postgresUrl = z.url({ message: 'must be a postgres:// URL' }).refine((u) => u.startsWith('postgres'), 'must be a postgres:// URL');

export const CLEARPATH_ENVIRONMENTS = ['development', 'test', 'production'] as const;
/** `CLEARPATH_ENV`: development (the default) and test accept the development values of deploy/clearpath.env; production refuses them. */
export type ClearpathEnvironment = (typeof CLEARPATH_ENVIRONMENTS)[number];

/** Who may read /docs or /metrics: anyone, a caller with the `ops` role, or nobody (404). */
export const ENDPOINT_ACCESS = ['public', 'role', 'off'] as const;
export type EndpointAccess = (typeof ENDPOINT_ACCESS)[number];

/** The secrets every service needs; a service adds its own when it loads its configuration. */
const PLATFORM_SECRETS = ['CLEARPATH_API_KEYS', 'CLEARPATH_TOKEN_SECRET'];

/** `CLEARPATH_ENV`, development when unset; any other value stops the service (one line, no value). */
export function readClearpathEnvironment(env: Readonly<Record<string, string | undefined>>): ClearpathEnvironment {
  const value = env['CLEARPATH_ENV'];
  if (value === undefined) return 'development';
  const known = CLEARPATH_ENVIRONMENTS.find((e) => e === value);
  if (known === undefined) throw new Error(`CLEARPATH_ENV must be one of ${CLEARPATH_ENVIRONMENTS.join(', ')}`);
  return known;
}

/**
 * The environment every service reads, with the service's prefix: `INGESTION_HTTP_PORT`,
 * `RISK_SCORING_CONSUMER_GROUP`, ... Shared variables (`DATABASE_URL`, `KAFKA_BROKERS`, keys) have
 * no prefix. Validated once at boot; a bad value stops the service naming the variable.
 */
export function runtimeConfigSchema(
  prefix: string,
  defaults: { port: number; schema: string; group: string },
  environment: ClearpathEnvironment = 'development',
) {
  const production = environment === 'production';
  return z
    .object({
      DATABASE_URL: postgresUrl,
      /** The service's own login (its runtime role, see @clearpath/persistence's serviceRoles); wins over DATABASE_URL. */
      [`${prefix}_DATABASE_URL`]: postgresUrl.optional(),
      KAFKA_BROKERS: z
        .string()
        .min(1)
        .transform((v) => v.split(',').map((b) => b.trim()))
        .refine((list) => list.every((b) => /^[^\s:]+:\d+$/.test(b)), 'must be host:port[,host:port...]'),
      [`${prefix}_HTTP_PORT`]: z.coerce.number().int().min(0).max(65535).default(defaults.port),
      [`${prefix}_CONSUMER_GROUP`]: z.string().min(1).default(defaults.group),
      [`${prefix}_CONSUMER_SESSION_TIMEOUT_MS`]: z.coerce.number().int().min(6_000).max(300_000).default(15_000),
      [`${prefix}_DB_SCHEMA`]: z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/)
        .default(defaults.schema),
      [`${prefix}_DB_POOL_SIZE`]: z.coerce.number().int().min(2).max(100).default(10),
      OUTBOX_RELAY_ENABLED: bool.default(true),
      LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      CLEARPATH_API_KEYS: z.string().min(1, 'must list at least one client:role:key'),
      CLEARPATH_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters'),
      CLEARPATH_DOCS: z.enum(ENDPOINT_ACCESS).default(production ? 'off' : 'public'),
      CLEARPATH_METRICS: z.enum(ENDPOINT_ACCESS).default(production ? 'role' : 'public'),
      /** Fault injection for crash tests only: SIGKILL the process right after a consumer commit. */
      CLEARPATH_FAULT: z.enum(['none', 'kill-after-commit']).default('none'),
      /**
       * Cross-process tests, benchmarks and demos only: the service's clock runs this many
       * milliseconds ahead of (or behind) the system clock, so contact windows and deadlines do not
       * depend on the hour of the run. Every process given the same offset shares one timeline.
       */
      CLEARPATH_CLOCK_OFFSET_MS: z.coerce
        .number({ message: 'must be a whole number of milliseconds' })
        .int('must be a whole number of milliseconds')
        .default(0),
    })
    .and(z.object(httpLimitsEnvironment))
    .transform(
      (env): RuntimeConfig => ({
        environment,
        databaseUrl: (env[`${prefix}_DATABASE_URL`] ?? env.DATABASE_URL) as string,
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
        docs: env.CLEARPATH_DOCS as EndpointAccess,
        metrics: env.CLEARPATH_METRICS as EndpointAccess,
        fault: env.CLEARPATH_FAULT as RuntimeConfig['fault'],
        clockOffsetMs: env.CLEARPATH_CLOCK_OFFSET_MS as number,
        http: httpLimitsOf(env),
      }),
    );
}

export interface RuntimeConfig {
  readonly environment: ClearpathEnvironment;
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
  /** CLEARPATH_DOCS: OpenAPI at /docs; public by default, off in production. */
  readonly docs: EndpointAccess;
  /** CLEARPATH_METRICS: Prometheus /metrics; public by default, `ops` role in production. */
  readonly metrics: EndpointAccess;
  readonly fault: 'none' | 'kill-after-commit';
  /** CLEARPATH_CLOCK_OFFSET_MS: the service's clock is the system clock shifted by this (tests, benchmarks, demos); 0 by default. */
  readonly clockOffsetMs?: number;
  /**
   * CLEARPATH_TOPIC_NAMESPACE: the prefix of the broker topics this service reads and writes (a
   * benchmark's run-scoped topics); the production names when absent. Applied only at the messaging
   * boundary: handlers, outbox and inbox rows keep the registry's logical names.
   */
  readonly topicNamespace?: TopicNamespace;
  /** KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*: how the service's Kafka clients connect; PLAINTEXT when absent. */
  readonly kafkaSecurity?: KafkaSecurity;
  /** Body size and rate limits of the HTTP API (CLEARPATH_BODY_LIMIT_BYTES, CLEARPATH_RATE_LIMIT_*, CLEARPATH_TRUST_PROXY). */
  readonly http: HttpLimits;
  /** CLEARPATH_PII_MASTER_KEYS, for the services that hold personal data (privacy-store.ts); absent for the others. */
  readonly personalData?: MasterKeyRing;
  /** CLEARPATH_OIDC_*: staff tokens from the lender's OpenID Connect provider; absent when not configured. */
  readonly oidc?: OidcConfig;
  /** CLEARPATH_TOKEN_MAX_LIFETIME_S, CLEARPATH_TOKEN_LEEWAY_S: HS256 token lifetime bound and clock leeway; the defaults when absent. */
  readonly tokenLimits?: TokenLimits;
}

/**
 * Reads and validates the shared configuration. With CLEARPATH_ENV=production the secrets — the
 * platform's and the service's own `secrets` — are checked first (set, not a development value, 32+
 * bytes): a failure is one line naming the variable, never its value.
 */
export function loadRuntimeConfig(
  service: string,
  defaults: { port: number; schema: string; group: string },
  env: NodeJS.ProcessEnv = process.env,
  secrets: readonly string[] = [],
): RuntimeConfig {
  const prefix = service.toUpperCase().replace(/-/g, '_');
  const environment = readClearpathEnvironment(env);
  const holdsPersonalData = keyStoreAccessOf(service) !== undefined;
  if (environment === 'production') {
    assertProductionSecrets(env, [...PLATFORM_SECRETS, ...(holdsPersonalData ? [MASTER_KEYS_SECRETS] : []), ...secrets]);
    assertProductionConnections(env, prefix);
  }
  // The service's own URL is enough: DATABASE_URL (the admin URL of the migrations) need not be given to it.
  const ownUrl = env[`${prefix}_DATABASE_URL`];
  const parsed = runtimeConfigSchema(prefix, defaults, environment).safeParse(
    ownUrl !== undefined && env.DATABASE_URL === undefined ? { ...env, DATABASE_URL: ownUrl } : env,
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid ${service} configuration:\n${problems}`);
  }
  // One line naming the variable, never its value (KafkaSecurityConfigError, readOidcConfig, readTokenLimits).
  const oidc = readOidcConfig(env);
  // Only ever the variable as given: nothing derives a namespace, so production runs on the registry's
  // names unless an operator writes one out. An invalid prefix stops the service (fail closed).
  const topicNamespace = readTopicNamespace(env);
  const personalData = holdsPersonalData ? parseMasterKeys(env[MASTER_KEYS_VARIABLE]) : undefined;
  return {
    ...parsed.data,
    kafkaSecurity: readKafkaSecurity(env),
    tokenLimits: readTokenLimits(env),
    ...(oidc === undefined ? {} : { oidc }),
    ...(topicNamespace.prefix === '' ? {} : { topicNamespace }),
    ...(personalData === undefined ? {} : { personalData }),
  };
}

/**
 * Production never falls back to what development takes for granted: the service connects to
 * PostgreSQL with a URL of its own (its runtime role, not the admin DATABASE_URL), and says how it
 * reaches Kafka — SASL_SSL, or PLAINTEXT written out for a network made private by other means
 * (a mesh with mutual TLS); left unset it is refused, not assumed.
 */
function assertProductionConnections(env: NodeJS.ProcessEnv, prefix: string): void {
  const ownUrl = `${prefix}_DATABASE_URL`;
  if (env[ownUrl] === undefined || env[ownUrl].trim() === '') {
    throw new Error(`${ownUrl} is not set; CLEARPATH_ENV=production connects each service as its own database role, never with the admin DATABASE_URL`);
  }
  if (env.KAFKA_SECURITY_PROTOCOL === undefined || env.KAFKA_SECURITY_PROTOCOL.trim() === '') {
    throw new Error(
      'KAFKA_SECURITY_PROTOCOL is not set; CLEARPATH_ENV=production needs SASL_SSL, or PLAINTEXT said explicitly for a network private by other means',
    );
  }
}
