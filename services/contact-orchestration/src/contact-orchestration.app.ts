import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@clearpath/contracts';
import type { Logger } from '@clearpath/observability';
import { createServiceApp } from '@clearpath/platform';
import { ContactOrchestrationModule } from './contact-orchestration.module';
import { ContactPolicy } from './config/contact-policy';
import type { ContactOrchestrationConfig } from './config/contact-settings';
import { CONTACT_ORCHESTRATION_MIGRATIONS } from './migrations';

export { loadContactOrchestrationConfig, CONTACT_ORCHESTRATION_DEFAULTS, type ContactOrchestrationConfig } from './config/contact-settings';

export function createContactOrchestrationApp(config: ContactOrchestrationConfig, options: { clock?: Clock; logger?: Logger } = {}): Promise<INestApplication> {
  // Templates, treatments and lender profiles first: a CatalogLoadError or a loosening override stops the service here.
  const policy = ContactPolicy.load(config.contact);
  return createServiceApp({
    service: 'contact-orchestration',
    description: "Runs each case's treatment through the compliance guard: durable scheduling, channels, outcomes, agent work queues and the audit trail.",
    config,
    migrations: CONTACT_ORCHESTRATION_MIGRATIONS,
    module: ContactOrchestrationModule.forRoot(policy),
    ...options,
  });
}
