import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@clearpath/observability';
import { testServiceEnv } from '@clearpath/testing';
import { loadFlowMonitorConfig } from '../src/flow-monitor.app';

/** The other services need not run: their health URLs point at a closed port. */
const CLOSED_PORT = 'http://127.0.0.1:9';

/** flow-monitor's configuration for a spec: the test stack, its own consumer group, no sampler. */
export function flowMonitorTestConfig(group: string, extra: Record<string, string> = {}): ReturnType<typeof loadFlowMonitorConfig> {
  return loadFlowMonitorConfig({
    ...testServiceEnv('flow-monitor', { consumerGroup: group }),
    FLOW_MONITOR_SAMPLER_ENABLED: 'false',
    FLOW_MONITOR_SERVICES: ['ingestion', 'risk-scoring', 'contact-orchestration', 'repayment-plan', 'complaints'].map((s) => `${s}=${CLOSED_PORT}`).join(','),
    ...extra,
  });
}

export const quietLogger = (): Logger => createLogger({ service: 'test', level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) });
