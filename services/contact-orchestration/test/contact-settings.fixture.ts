import type { ContactSettings } from '../src/config/contact-settings';

/** Contact settings for unit specs: the shipped profiles, the scheduler off, one-minute queue leases. */
export const TEST_CONTACT_SETTINGS: ContactSettings = {
  webhookSecret: 'test-webhook-secret-0123456789',
  lenderProfilesFile: null,
  schedulerEnabled: false,
  schedulerPollMs: 1_000,
  batchSize: 100,
  planIntervalMs: 60_000,
  queueLeaseMs: 60_000,
  localReceiptDelayMs: 0,
  selfServiceBaseUrl: 'https://pay.clearpath.example/s',
  selfServiceSecret: 'test-self-service-secret-0123456789',
  selfServiceLinkTtlSeconds: 86_400,
  fault: 'none',
};
