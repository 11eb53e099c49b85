import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@clearpath/contracts';
import type { Logger } from '@clearpath/observability';
import { createServiceApp } from '@clearpath/platform';
import type { FlowMonitorConfig } from './config/flow-monitor-settings';
import { FlowMonitorModule } from './flow-monitor.module';
import { FLOW_MONITOR_MIGRATIONS } from './migrations';

export { loadFlowMonitorConfig, FLOW_MONITOR_DEFAULTS, type FlowMonitorConfig } from './config/flow-monitor-settings';

export function createFlowMonitorApp(config: FlowMonitorConfig, options: { clock?: Clock; logger?: Logger } = {}): Promise<INestApplication> {
  return createServiceApp({
    service: 'flow-monitor',
    description:
      'Shows events flowing through the pipeline (rates, lag, dead letters, health), traces one loan across it, and replays dead letters with an audit trail.',
    config,
    migrations: FLOW_MONITOR_MIGRATIONS,
    module: FlowMonitorModule.forRoot(config.monitor),
    ...options,
  });
}
