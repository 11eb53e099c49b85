import type { INestApplication } from '@nestjs/common';
import { type Clock, TOPICS } from '@clearpath/contracts';
import type { Logger } from '@clearpath/observability';
import { createServiceApp, type RuntimeConfig } from '@clearpath/platform';
import { IngestionModule } from './ingestion.module';
import { INGESTION_MIGRATIONS } from './migrations';

export function createIngestionApp(config: RuntimeConfig, options: { clock?: Clock; logger?: Logger } = {}): Promise<INestApplication> {
  return createServiceApp({
    service: 'ingestion',
    description: 'Core-banking loan events in; loan state, event log and internal events out.',
    config,
    migrations: INGESTION_MIGRATIONS,
    module: IngestionModule,
    deadLetterTopics: { [TOPICS.coreBankLoanEvents.name]: TOPICS.coreBankLoanEvents.dlq },
    ...options,
  });
}
