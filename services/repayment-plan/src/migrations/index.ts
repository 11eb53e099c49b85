import { messagingTablesMigration, outboxJsonValuesMigration } from '@clearpath/messaging';
import { RepaymentTables1764633600000 } from './1764633600000-RepaymentTables';
import { PlanCanceller1765650000000 } from './1765650000000-PlanCanceller';

export const REPAYMENT_PLAN_MIGRATIONS = [
  messagingTablesMigration(1764633500000),
  outboxJsonValuesMigration(1764633700000),
  RepaymentTables1764633600000,
  PlanCanceller1765650000000,
];
