import 'reflect-metadata';
import { serve } from '@clearpath/platform';
import { loadFlowMonitorConfig } from './config/flow-monitor-settings';
import { createFlowMonitorApp } from './flow-monitor.app';

serve(
  'flow-monitor',
  () => loadFlowMonitorConfig(),
  (config) => createFlowMonitorApp(config),
);
