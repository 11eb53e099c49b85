import { migrateServiceSchema } from '@clearpath/persistence';
import { CONTACT_ORCHESTRATION_MIGRATIONS } from './migrations';

void migrateServiceSchema({
  schemaVariable: 'CONTACT_ORCHESTRATION_DB_SCHEMA',
  defaultSchema: 'contact_orchestration',
  migrations: CONTACT_ORCHESTRATION_MIGRATIONS,
});
