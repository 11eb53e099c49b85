import { messagingTablesMigration, outboxJsonValuesMigration } from '@clearpath/messaging';
import { ContactTables1764547200000 } from './1764547200000-ContactTables';
import { OpenComplaints1764806400000 } from './1764806400000-OpenComplaints';
import { DirtyCasesIndex1764892800000 } from './1764892800000-DirtyCasesIndex';
import { PersonLedger1765065600000 } from './1765065600000-PersonLedger';
import { ComplianceStates1765152000000 } from './1765152000000-ComplianceStates';
import { ThirdParties1765238400000 } from './1765238400000-ThirdParties';
import { ChangeAuthors1765650000000 } from './1765650000000-ChangeAuthors';
import { SealedPersonalData1765720000000 } from './1765720000000-SealedPersonalData';

export const CONTACT_ORCHESTRATION_MIGRATIONS = [
  messagingTablesMigration(1764547100000),
  outboxJsonValuesMigration(1764547150000),
  ContactTables1764547200000,
  OpenComplaints1764806400000,
  DirtyCasesIndex1764892800000,
  PersonLedger1765065600000,
  ComplianceStates1765152000000,
  ThirdParties1765238400000,
  ChangeAuthors1765650000000,
  SealedPersonalData1765720000000,
];
