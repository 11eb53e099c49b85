import { migrateServiceSchema } from '@clearpath/persistence';
import { COMPLAINTS_MIGRATIONS } from './migrations';

void migrateServiceSchema({ schemaVariable: 'COMPLAINTS_DB_SCHEMA', defaultSchema: 'complaints', migrations: COMPLAINTS_MIGRATIONS });
