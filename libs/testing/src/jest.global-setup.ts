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
    throw new Error(`PostgreSQL test database not ready at ${testStack.databaseUrl} (${(error as Error).message}); ${hint}`);
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
