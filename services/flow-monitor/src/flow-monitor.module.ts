import { type DynamicModule, Module } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { createKafka } from '@clearpath/messaging';
import { LOGGER, type Logger } from '@clearpath/observability';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@clearpath/platform';
import { ConsoleController } from './console/console.controller';
import { FLOW_MONITOR_SETTINGS, type FlowMonitorSettings } from './config/flow-monitor-settings';
import { DlqController } from './dlq/dlq.controller';
import { DlqReader } from './dlq/dlq.reader';
import { ReplayDlqRecordUseCase } from './dlq/replay-dlq-record.use-case';
import { FlowController } from './flow/flow.controller';
import { KAFKA_CLIENT } from './flow-monitor.tokens';
import { FlowSampler } from './sampling/flow.sampler';
import { TraceIndexConsumer } from './tracing/trace-index.consumer';
import { TraceIndexRepository } from './tracing/trace-index.repository';
import { TracesController } from './tracing/traces.controller';

@Module({})
export class FlowMonitorModule {
  static forRoot(settings: FlowMonitorSettings): DynamicModule {
    return {
      module: FlowMonitorModule,
      controllers: [FlowController, DlqController, TracesController, ConsoleController],
      providers: [
        { provide: FLOW_MONITOR_SETTINGS, useValue: settings },
        {
          provide: KAFKA_CLIENT,
          useFactory: (config: RuntimeConfig, logger: Logger): Kafka =>
            createKafka({ brokers: config.kafkaBrokers, clientId: 'flow-monitor', logger, security: config.kafkaSecurity }),
          inject: [RUNTIME_CONFIG, LOGGER],
        },
        DlqReader,
        ReplayDlqRecordUseCase,
        FlowSampler,
        TraceIndexRepository,
        TraceIndexConsumer,
      ],
    };
  }
}
