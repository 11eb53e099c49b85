import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@clearpath/contracts';
import type { Logger } from '@clearpath/observability';
import { createServiceApp } from '@clearpath/platform';
import { ComplaintsModule } from './complaints.module';
import type { ComplaintsConfig } from './config/complaints-settings';
import { COMPLAINTS_MIGRATIONS } from './migrations';

export { loadComplaintsConfig, COMPLAINTS_DEFAULTS, type ComplaintsConfig } from './config/complaints-settings';

export function createComplaintsApp(config: ComplaintsConfig, options: { clock?: Clock; logger?: Logger } = {}): Promise<INestApplication> {
  return createServiceApp({
    service: 'complaints',
    // Complaints reads a few complaints a minute and consumes no erasure event: it asks the key
    // store (nearly) every time, so an erasure holds here within a second.
    keyCacheTtlMs: 1_000,
    description: 'Takes debtor complaints, suspends contact while they are open, runs their deadlines, keeps the evidence and scores collectors.',
    config,
    migrations: COMPLAINTS_MIGRATIONS,
    module: ComplaintsModule.forRoot(config.complaints),
    ...options,
  });
}
