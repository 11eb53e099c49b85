import { messagingTablesMigration, outboxJsonValuesMigration } from '@clearpath/messaging';
import { RiskTables1764460800000 } from './1764460800000-RiskTables';

export const RISK_SCORING_MIGRATIONS = [messagingTablesMigration(1764460700000), outboxJsonValuesMigration(1764460900000), RiskTables1764460800000];
