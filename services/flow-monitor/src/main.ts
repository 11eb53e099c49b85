import 'reflect-metadata';
import { loadFlowMonitorConfig } from './config/flow-monitor-settings';
import { createFlowMonitorApp } from './flow-monitor.app';

/**
 * Like `serve()` from @clearpath/platform, without `startAllMicroservices()`: that starts the
 * platform's inbox transport, which refuses to start without @EventPattern handlers, and
 * flow-monitor reads its topics with its own observer consumer (TraceIndexConsumer), started with
 * the app. A start-up failure exits non-zero naming the service, as serve() does.
 */
(async () => {
  const config = loadFlowMonitorConfig();
  const app = await createFlowMonitorApp(config);
  await app.listen(config.httpPort, '0.0.0.0');
})().catch((error: Error) => {
  console.error(`flow-monitor failed to start: ${error.message}`);
  process.exit(1);
});
