import { type DynamicModule, Module } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Clock } from '@clearpath/contracts';
import { AuthModule, parseApiKeys } from '@clearpath/auth';
import { createIdempotentProducer, type InboxKafkaTransport } from '@clearpath/messaging';
import { ObservabilityModule, type Logger } from '@clearpath/observability';
import type { IngestionConfig } from './config/ingestion.config';
import { CLOCK, CONFIG, DATA_SOURCE, KAFKA_ADMIN, PRODUCER, TRANSPORT } from './config/tokens';
import { ApplyLoanEventsUseCase } from './loan-events/apply-loan-events.use-case';
import { LoanEventsConsumer } from './loan-events/loan-events.consumer';
import { LoanEventsHttpController } from './loan-events/loan-events.http.controller';
import { LoanRepository } from './loans/loan.repository';
import { LoansController } from './loans/loans.controller';
import { MessagingLifecycle } from './messaging/messaging.lifecycle';

export interface IngestionModuleOptions {
  readonly config: IngestionConfig;
  readonly clock: Clock;
  readonly dataSource: DataSource;
  readonly kafka: Kafka;
  readonly transport: InboxKafkaTransport;
  readonly logger: Logger;
}

@Module({})
export class IngestionModule {
  static forRoot(options: IngestionModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: IngestionModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'ingestion', logger: options.logger }),
        AuthModule.forRoot({ apiKeys: parseApiKeys(config.CLEARPATH_API_KEYS), tokenSecret: config.CLEARPATH_TOKEN_SECRET, clock: options.clock }),
      ],
      controllers: [LoanEventsHttpController, LoansController, LoanEventsConsumer],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock },
        { provide: DATA_SOURCE, useValue: options.dataSource },
        { provide: PRODUCER, useValue: createIdempotentProducer(options.kafka) },
        { provide: KAFKA_ADMIN, useValue: options.kafka.admin() },
        { provide: TRANSPORT, useValue: options.transport },
        LoanRepository,
        ApplyLoanEventsUseCase,
        MessagingLifecycle,
      ],
    };
  }
}
