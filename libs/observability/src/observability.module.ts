import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health.registry';
import { CorrelationMiddleware } from './http/correlation.middleware';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createLogger, type Logger } from './logging/logger.factory';
import { LOGGER } from './logging/logger.token';
import { PinoNestLogger } from './logging/pino-nest.logger';
import { MetricsController } from './metrics/metrics.controller';
import { Metrics } from './metrics/metrics.service';

export interface ObservabilityOptions {
  /** Goes on every log line and every metric as `service`. */
  readonly service: string;
  /** Defaults to `LOG_LEVEL`, then `info`. */
  readonly level?: string;
  /** Defaults to `LOG_PRETTY=1`. */
  readonly pretty?: boolean;
  /** A logger made beforehand (e.g. one writing to a test stream) instead of a new one. */
  readonly logger?: Logger;
  readonly collectDefaultMetrics?: boolean;
  /** Time limit of a readiness check that sets none itself; 1 s by default. */
  readonly healthCheckTimeoutMs?: number;
  /**
   * Serve `/metrics` to anyone (the default). `false`: not served here — the app serves a guarded
   * `MetricsEndpoint` of its own, or none.
   */
  readonly publicMetrics?: boolean;
}

/**
 * Logging, metrics, health probes, correlation ids and problem+json errors for one app. Global,
 * so feature modules inject `LOGGER`, `Metrics` and `HealthRegistry` without importing it.
 */
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: options.publicMetrics === false ? [HealthController] : [HealthController, MetricsController],
      providers: [
        {
          provide: LOGGER,
          useFactory: (): Logger =>
            options.logger ??
            createLogger({
              service: options.service,
              ...(options.level === undefined ? {} : { level: options.level }),
              ...(options.pretty === undefined ? {} : { pretty: options.pretty }),
            }),
        },
        {
          provide: Metrics,
          useFactory: () =>
            new Metrics({
              service: options.service,
              ...(options.collectDefaultMetrics === undefined ? {} : { collectDefaultMetrics: options.collectDefaultMetrics }),
            }),
        },
        {
          provide: HealthRegistry,
          inject: [LOGGER],
          useFactory: (logger: Logger) =>
            new HealthRegistry({
              logger,
              ...(options.healthCheckTimeoutMs === undefined ? {} : { defaultTimeoutMs: options.healthCheckTimeoutMs }),
            }),
        },
        PinoNestLogger,
        CorrelationMiddleware,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [LOGGER, Metrics, HealthRegistry, PinoNestLogger],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
