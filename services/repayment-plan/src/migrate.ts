import { migrateServiceSchema } from '@clearpath/persistence';
import { REPAYMENT_PLAN_MIGRATIONS } from './migrations';

void migrateServiceSchema({ schemaVariable: 'REPAYMENT_PLAN_DB_SCHEMA', defaultSchema: 'repayment_plan', migrations: REPAYMENT_PLAN_MIGRATIONS });
