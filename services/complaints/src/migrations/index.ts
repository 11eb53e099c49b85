import { messagingTablesMigration, outboxJsonValuesMigration } from '@clearpath/messaging';
import { ComplaintTables1765100000000 } from './1765100000000-ComplaintTables';
import { IntakeIdempotency1765300000000 } from './1765300000000-IntakeIdempotency';
import { ReceiptAndAcknowledgement1765400000000 } from './1765400000000-ReceiptAndAcknowledgement';
import { WithdrawalRecord1765500000000 } from './1765500000000-WithdrawalRecord';

export const COMPLAINTS_MIGRATIONS = [
  messagingTablesMigration(1765000000000),
  outboxJsonValuesMigration(1765200000000),
  ComplaintTables1765100000000,
  IntakeIdempotency1765300000000,
  ReceiptAndAcknowledgement1765400000000,
  WithdrawalRecord1765500000000,
];
