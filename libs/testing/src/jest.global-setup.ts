import { Client } from 'pg';
import { createKafka } from '@clearpath/messaging';
import { testStack } from './stack';

/**
 * Integration tests need the real stack. `npm test` starts it (stack:up is idempotent); when a
 * test is run alone without it, fail at once with the command that fixes it, not with timeouts.
 */
export default async function globalSetup(): Promise<void> {
  const hint = 'start the stack first: npm run stack:up';
  const db = new Client({ connectionString: testStack.databaseUrl, connectionTimeoutMillis: 3_000 });
  try {
    await db.connect();
    await db.query('SELECT 1 FROM ingestion.migrations LIMIT 1');
  } catch (error) {
    await db.end().catch(() => undefined);
    throw new Error(`PostgreSQL test database not ready at ${testStack.databaseUrl} (${(error as Error).message}); ${hint}`);
  }
  try {
    // The test database outlives runs. Every service under test holds testStack's master keys; a
    // data key wrapped under any other (a service started with the development environment, a
    // production-mode test's own key) would stop them at the customer it belongs to. Such keys are
    // dropped: their customers' sealed data no longer opens, which the services treat as erased.
    await db.query(`DELETE FROM privacy.subject_keys WHERE master_key_id <> $1`, [testStack.piiMasterKeys.slice(0, testStack.piiMasterKeys.indexOf(':'))]);
  } finally {
    await db.end().catch(() => undefined);
  }
  const admin = createKafka({ brokers: testStack.brokers, clientId: 'jest-global-setup', security: testStack.kafkaSecurity }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (error) {
    throw new Error(`Kafka not reachable at ${testStack.brokers.join(',')} (${(error as Error).message}); ${hint}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
