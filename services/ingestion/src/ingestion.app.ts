import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@clearpath/contracts';
import type { Logger } from '@clearpath/observability';
import { createServiceApp, type RuntimeConfig } from '@clearpath/platform';
import { IngestionModule } from './ingestion.module';
import { loggedEventKeys } from './loans/loan.repository';
import { INGESTION_MIGRATIONS } from './migrations';

/**
 * POST /v1/loan-events takes up to 1,000 events a request: about 1 MB of ordinary events, several MB
 * when they carry long texts, so it keeps the 16 MiB every route used to read. That body is read only
 * once the caller has authenticated as `core-banking`; every other route reads at most
 * CLEARPATH_BODY_LIMIT_BYTES.
 */
export const BATCH_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export function createIngestionApp(config: RuntimeConfig, options: { clock?: Clock; logger?: Logger } = {}): Promise<INestApplication> {
  return createServiceApp({
    service: 'ingestion',
    description: 'Core-banking loan events in; loan state, event log and internal events out.',
    config,
    migrations: INGESTION_MIGRATIONS,
    module: IngestionModule,
    largeBodies: [{ method: 'POST', path: '/v1/loan-events', limitBytes: BATCH_BODY_LIMIT_BYTES, roles: ['core-banking'] }],
    // The event log holds every event ingestion applied or found stale: it is the inbox of valid records.
    recordedByHandler: loggedEventKeys,
    ...options,
  });
}
