import { messagingTablesMigration, outboxJsonValuesMigration } from '@clearpath/messaging';
import { LoanState1764374400000 } from './1764374400000-LoanState';

export const INGESTION_MIGRATIONS = [messagingTablesMigration(1764374300000), outboxJsonValuesMigration(1764374500000), LoanState1764374400000];
