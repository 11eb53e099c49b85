import { Controller, Get, Logger as NestLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bootstrapLogging } from '../bootstrap-logging';
import { ObservabilityModule } from '../observability.module';
import { createLogger } from './logger.factory';
import { PinoNestLogger } from './pino-nest.logger';

function capture(): { nest: PinoNestLogger; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = createLogger({ service: 'test', level: 'trace', destination: { write: (line: string) => void lines.push(line) } });
  return { nest: new PinoNestLogger(logger), records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('PinoNestLogger', () => {
  it("maps Nest's (message, context) and (message, stack, context) calls", () => {
    const { nest, records } = capture();
    nest.log('Mapped {/loans, GET} route', 'RouterExplorer');
    nest.error('Kafka went away', 'Error: Kafka went away\n    at Consumer.run (consumer.ts:1:1)', 'LoanEventsConsumer');
    nest.error('no stack here', undefined, 'Relay');
    nest.verbose({ batch: 3 }, 'Relay');
    expect(records()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'Mapped {/loans, GET} route', context: 'RouterExplorer' }),
      expect.objectContaining({ level: 'error', msg: 'Kafka went away', context: 'LoanEventsConsumer', stack: expect.stringContaining('Consumer.run') }),
      expect.objectContaining({ level: 'error', msg: 'no stack here', context: 'Relay' }),
      expect.objectContaining({ level: 'trace', batch: 3, context: 'Relay' }),
    ]);
    expect(records()[2]).not.toHaveProperty('params');
  });

  it("receives Nest's own bootstrap logs once bootstrapLogging is called", async () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'test', destination: { write: (line: string) => void lines.push(line) } });

    @Controller('things')
    class ThingsController {
      @Get()
      list(): string[] {
        new NestLogger('ThingsController').log('listing things');
        return [];
      }
    }
    @Module({ imports: [ObservabilityModule.forRoot({ service: 'test', logger, collectDefaultMetrics: false })], controllers: [ThingsController] })
    class AppModule {}

    const app = await NestFactory.create(AppModule, { bufferLogs: true });
    bootstrapLogging(app);
    await app.listen(0, '127.0.0.1');
    try {
      await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/things`);
    } finally {
      await app.close();
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toContainEqual(expect.objectContaining({ context: 'RoutesResolver', service: 'test' }));
    expect(records).toContainEqual(expect.objectContaining({ context: 'ThingsController', msg: 'listing things', correlationId: expect.any(String) }));
  });
});
