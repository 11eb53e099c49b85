import { createServiceDataSource, runMigrateCommand } from '@clearpath/persistence';
import { CONTACT_ORCHESTRATION_MIGRATIONS } from './migrations';

// Needs only the database: runs before the rest of the configuration exists (stack:up, compose).
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(1);
}
void runMigrateCommand(
  createServiceDataSource({
    url,
    schema: process.env.CONTACT_ORCHESTRATION_DB_SCHEMA ?? 'contact_orchestration',
    migrations: CONTACT_ORCHESTRATION_MIGRATIONS,
    poolSize: 2,
  }),
);
