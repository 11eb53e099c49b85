import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Express } from 'express';
import type { DataSource, MigrationInterface } from 'typeorm';
import { type Clock, offsetClock, systemClock } from '@clearpath/contracts';
import { AuthModule, parseApiKeys } from '@clearpath/auth';
import { InboxKafkaTransport, type InboxConsumerOptions, createIdempotentProducer, createKafka } from '@clearpath/messaging';
import { PersonalDataVault, createServiceDataSource } from '@clearpath/persistence';
import { Metrics, ObservabilityModule, bootstrapLogging, createLogger, type Logger } from '@clearpath/observability';
import { type LargeBodyRoute, useBodyLimits } from './body-limits';
import { deadLetterTopicsFor } from './dead-letter-topics';
import { MessagingLifecycle } from './messaging.lifecycle';
import { buildOpenApiDocument } from './openapi-document';
import { OpsMetricsController, serveDocs } from './ops-endpoints';
import { CLOCK, DATA_SOURCE, KAFKA_ADMIN, PERSONAL_DATA_VAULT, PRODUCER, RUNTIME_CONFIG, TRANSPORT } from './platform.tokens';
import { RateLimitModule } from './rate-limit.module';
import type { RuntimeConfig } from './runtime.config';

export interface ServiceAppOptions {
  /** kebab-case service name: logs, metrics, client ids, and the audience its HS256 tokens must name. */
  readonly service: string;
  readonly description: string;
  readonly config: RuntimeConfig;
  readonly migrations: Array<new () => MigrationInterface>;
  /**
   * The service's own module: controllers (HTTP and `@EventPattern`) and providers. Each consumed
   * topic's dead-letter topic comes from the topic registry, which must name the service among the
   * topic's consumers.
   */
  readonly module: DynamicModule | (new () => unknown);
  readonly clock?: Clock;
  /** A logger made beforehand (tests capture its output). */
  readonly logger?: Logger;
  /**
   * Routes that take bodies over CLEARPATH_BODY_LIMIT_BYTES (ingestion's batches), each read only
   * after its caller has authenticated.
   */
  readonly largeBodies?: readonly LargeBodyRoute[];
  /**
   * How long the PersonalDataVault keeps a customer's key (one minute by default). A service that
   * learns of erasures from no topic keeps it short, so an erasure holds there within that time.
   */
  readonly keyCacheTtlMs?: number;
  /**
   * A consumer whose handlers keep their own durable record of what they applied (ingestion's
   * event log) names it here, and its inbox writes rows only for dead letters (InboxConsumer).
   */
  readonly recordedByHandler?: InboxConsumerOptions['recordedByHandler'];
}

/**
 * Builds a Clearpath service — PostgreSQL schema, Kafka inbox consumer, outbox relay, HTTP API with
 * auth, body and rate limits, logging, health, metrics and OpenAPI at /docs (both as
 * CLEARPATH_METRICS and CLEARPATH_DOCS say) — without listening yet. Every service's main.ts and its integration tests use it, so tests
 * run the real wiring.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<INestApplication> {
  const { config, service } = options;
  const clock = options.clock ?? (config.clockOffsetMs ? offsetClock(config.clockOffsetMs) : systemClock);
  const logger = options.logger ?? createLogger({ service, level: config.logLevel });
  const dataSource = createServiceDataSource({
    url: config.databaseUrl,
    schema: config.dbSchema,
    migrations: options.migrations,
    poolSize: config.dbPoolSize,
    applicationName: service,
  });
  await dataSource.initialize();
  if (config.environment === 'production') await refuseSuperuser(dataSource, service);
  const deadLetterTopics = deadLetterTopicsFor(service);
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: service, logger, security: config.kafkaSecurity });
  const transport = new InboxKafkaTransport({
    kafka,
    dataSource,
    producer: createIdempotentProducer(kafka),
    groupId: config.consumerGroup,
    sessionTimeoutMs: config.sessionTimeoutMs,
    namespace: config.topicNamespace,
    recordedByHandler: options.recordedByHandler,
    dlqOf: (topic) => {
      const dlq = deadLetterTopics[topic];
      if (!dlq) throw new Error(`${service} has no dead-letter topic for ${topic}`);
      return dlq;
    },
    logger,
    afterCommit: config.fault === 'kill-after-commit' ? () => process.kill(process.pid, 'SIGKILL') : undefined,
  });

  @Module({})
  class PlatformModule {}
  const platform: DynamicModule = {
    module: PlatformModule,
    global: true,
    imports: [
      ObservabilityModule.forRoot({ service, logger, publicMetrics: config.metrics === 'public' }),
      // Before AuthModule: its guard must count requests that authentication then refuses.
      RateLimitModule.forRoot(config.http.rateLimit),
      AuthModule.forRoot({
        service,
        apiKeys: parseApiKeys(config.apiKeys),
        tokenSecret: config.tokenSecret,
        tokenLimits: config.tokenLimits,
        clock,
        oidc: config.oidc,
      }),
    ],
    controllers: config.metrics === 'role' ? [OpsMetricsController] : [],
    providers: [
      { provide: RUNTIME_CONFIG, useValue: config },
      { provide: CLOCK, useValue: clock },
      { provide: DATA_SOURCE, useValue: dataSource },
      { provide: PRODUCER, useValue: createIdempotentProducer(kafka) },
      { provide: KAFKA_ADMIN, useValue: kafka.admin() },
      { provide: TRANSPORT, useValue: transport },
      ...(config.personalData === undefined
        ? []
        : [{ provide: PERSONAL_DATA_VAULT, useValue: new PersonalDataVault(dataSource, config.personalData, clock, { cacheTtlMs: options.keyCacheTtlMs }) }]),
      MessagingLifecycle,
    ],
    exports: [RUNTIME_CONFIG, CLOCK, DATA_SOURCE, PRODUCER, KAFKA_ADMIN, TRANSPORT, ...(config.personalData === undefined ? [] : [PERSONAL_DATA_VAULT])],
  };

  @Module({ imports: [platform, options.module] })
  class ServiceRootModule {}

  const app = await NestFactory.create(ServiceRootModule, { bodyParser: false, bufferLogs: true });
  bootstrapLogging(app);
  (app.getHttpAdapter().getInstance() as Express).set('trust proxy', config.http.trustProxy);
  useBodyLimits(app, { limitBytes: config.http.bodyLimitBytes, largeBodies: options.largeBodies ?? [] });
  app.enableShutdownHooks();
  const metrics = app.get(Metrics);
  transport.setObserver({
    received: (topic, n) => metrics.eventsIn.inc({ topic }, n),
    applied: (topic, n) => metrics.eventsApplied.inc({ topic }, n),
    skipped: (topic, reason, n) => metrics.eventsSkipped.inc({ topic, reason }, n),
    deadLettered: (topic, reason) => metrics.eventsDeadLettered.inc({ topic, reason }),
    lag: (topic, partition, lag) => metrics.consumerLag.set({ topic, partition: String(partition) }, lag),
  });
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });

  serveDocs(app, config.docs, () => buildOpenApiDocument(app, { service, description: options.description }));
  return app;
}

/** In production a service runs as its own least-privileged role (libs/persistence service-roles.ts), never as a superuser. */
async function refuseSuperuser(dataSource: DataSource, service: string): Promise<void> {
  const [me] = (await dataSource.query(
    `SELECT current_user AS name, rolsuper OR rolbypassrls AS unlimited FROM pg_catalog.pg_roles WHERE rolname = current_user`,
  )) as Array<{ name: string; unlimited: boolean }>;
  if (me?.unlimited) {
    await dataSource.destroy();
    const variable = `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
    throw new Error(
      `${variable} connects as ${me.name}, a superuser or a role that bypasses row security; CLEARPATH_ENV=production runs each service as its own role (npm run migrate creates it)`,
    );
  }
}
