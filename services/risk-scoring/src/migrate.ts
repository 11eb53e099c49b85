import { createServiceDataSource, runMigrateCommand } from '@clearpath/persistence';
import { RISK_SCORING_MIGRATIONS } from './migrations';

// Needs only the database: runs before the rest of the configuration exists (stack:up, compose).
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(1);
}
void runMigrateCommand(
  createServiceDataSource({ url, schema: process.env.RISK_SCORING_DB_SCHEMA ?? 'risk_scoring', migrations: RISK_SCORING_MIGRATIONS, poolSize: 2 }),
);
