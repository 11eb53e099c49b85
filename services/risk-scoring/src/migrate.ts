import { migrateServiceSchema } from '@clearpath/persistence';
import { RISK_SCORING_MIGRATIONS } from './migrations';

void migrateServiceSchema({ schemaVariable: 'RISK_SCORING_DB_SCHEMA', defaultSchema: 'risk_scoring', migrations: RISK_SCORING_MIGRATIONS });
