import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createLogger } from '../src/logging/logger.factory';
import { ObservabilityModule } from '../src/observability.module';

/** `controllers` behind ObservabilityModule, each log line pushed onto `lines`, listening on a free loopback port. */
export async function startLoggedApp(controllers: Type[], lines: string[]): Promise<{ readonly app: INestApplication; readonly base: string }> {
  const logger = createLogger({ service: 'test', level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  const moduleRef = await Test.createTestingModule({
    imports: [ObservabilityModule.forRoot({ service: 'test', logger, collectDefaultMetrics: false })],
    controllers,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}
