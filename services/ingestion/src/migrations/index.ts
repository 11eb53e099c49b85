import { messagingTablesMigration, outboxJsonValuesMigration } from '@clearpath/messaging';
import { LoanState1764374400000 } from './1764374400000-LoanState';
import { EventSubmitter1765650000000 } from './1765650000000-EventSubmitter';

export const INGESTION_MIGRATIONS = [
  messagingTablesMigration(1764374300000),
  outboxJsonValuesMigration(1764374500000),
  LoanState1764374400000,
  EventSubmitter1765650000000,
];
