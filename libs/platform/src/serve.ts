import type { INestApplication } from '@nestjs/common';
import type { RuntimeConfig } from './runtime.config';

/**
 * The whole `main.ts` of a service: load and validate the configuration, build the app, start the
 * Kafka transport and the HTTP server; a start-up failure exits non-zero naming the service.
 */
export function serve<C extends RuntimeConfig>(service: string, load: () => C, create: (config: C) => Promise<INestApplication>): void {
  (async () => {
    const config = load();
    const app = await create(config);
    await app.startAllMicroservices();
    await app.listen(config.httpPort, '0.0.0.0');
  })().catch((error: Error) => {
    console.error(`${service} failed to start: ${error.message}`);
    process.exit(1);
  });
}
