import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { type Clock, TOPICS, systemClock } from '@clearpath/contracts';
import { InboxKafkaTransport, createIdempotentProducer, createKafka } from '@clearpath/messaging';
import { createServiceDataSource } from '@clearpath/persistence';
import { Metrics, bootstrapLogging, createLogger, type Logger } from '@clearpath/observability';
import type { IngestionConfig } from './config/ingestion.config';
import { IngestionModule } from './ingestion.module';
import { INGESTION_MIGRATIONS } from './migrations';

export interface IngestionAppOptions {
  readonly clock?: Clock;
  /** A logger made beforehand (tests capture its output). */
  readonly logger?: Logger;
}

/**
 * Builds the whole ingestion app — HTTP API and Kafka consumer — without listening yet. main.ts
 * and the integration tests both use it, so tests run the real wiring.
 */
export async function createIngestionApp(config: IngestionConfig, options: IngestionAppOptions = {}): Promise<INestApplication> {
  const logger = options.logger ?? createLogger({ service: 'ingestion', level: config.LOG_LEVEL });
  const dataSource = createServiceDataSource({
    url: config.DATABASE_URL,
    schema: config.INGESTION_DB_SCHEMA,
    migrations: INGESTION_MIGRATIONS,
    poolSize: config.INGESTION_DB_POOL_SIZE,
    applicationName: 'ingestion',
  });
  await dataSource.initialize();
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'ingestion', logger });
  const transport = new InboxKafkaTransport({
    kafka,
    dataSource,
    producer: createIdempotentProducer(kafka),
    groupId: config.INGESTION_CONSUMER_GROUP,
    sessionTimeoutMs: config.INGESTION_CONSUMER_SESSION_TIMEOUT_MS,
    dlqOf: (topic) => {
      if (topic !== TOPICS.coreBankLoanEvents.name) throw new Error(`ingestion does not consume ${topic}`);
      return TOPICS.coreBankLoanEvents.dlq;
    },
    logger,
    afterCommit: config.CLEARPATH_FAULT === 'kill-after-commit' ? () => process.kill(process.pid, 'SIGKILL') : undefined,
  });

  const app = await NestFactory.create(
    IngestionModule.forRoot({ config, clock: options.clock ?? systemClock, dataSource, kafka, transport, logger }),
    { bodyParser: false, bufferLogs: true },
  );
  bootstrapLogging(app);
  // The contract's body is read raw and parsed by the controller, so that a body that is not JSON
  // becomes a 400 problem naming what is wrong, whatever its content type.
  app.use(express.raw({ type: () => true, limit: '16mb' }));
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

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Clearpath ingestion')
      .setDescription('Core-banking loan events in; loan state and event log out.')
      .setVersion('1')
      .addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }, 'api-key')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}
