import { messagingTablesMigration, outboxJsonValuesMigration } from '@clearpath/messaging';
import { FlowMonitorTables1765900000000 } from './1765900000000-FlowMonitorTables';
import { DlqReplayFourEyes1765950000000 } from './1765950000000-DlqReplayFourEyes';
import { DlqReplayRequestClosure1766000000000 } from './1766000000000-DlqReplayRequestClosure';

export const FLOW_MONITOR_MIGRATIONS = [
  messagingTablesMigration(1765899900000),
  outboxJsonValuesMigration(1765899950000),
  FlowMonitorTables1765900000000,
  DlqReplayFourEyes1765950000000,
  DlqReplayRequestClosure1766000000000,
];
