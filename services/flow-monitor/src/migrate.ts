import { migrateServiceSchema } from '@clearpath/persistence';
import { FLOW_MONITOR_MIGRATIONS } from './migrations';

void migrateServiceSchema({ schemaVariable: 'FLOW_MONITOR_DB_SCHEMA', defaultSchema: 'flow_monitor', migrations: FLOW_MONITOR_MIGRATIONS });
