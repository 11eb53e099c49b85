import { migrateServiceSchema } from '@clearpath/persistence';
import { INGESTION_MIGRATIONS } from './migrations';

void migrateServiceSchema({ schemaVariable: 'INGESTION_DB_SCHEMA', defaultSchema: 'ingestion', migrations: INGESTION_MIGRATIONS });
