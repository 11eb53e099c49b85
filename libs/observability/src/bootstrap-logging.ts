import type { INestApplication } from '@nestjs/common';
import type { Logger } from './logging/logger.factory';
import { LOGGER } from './logging/logger.token';
import { PinoNestLogger } from './logging/pino-nest.logger';

/**
 * Hands Nest's own logging to pino. Create the app with `{ bufferLogs: true }` so the lines Nest
 * writes while the module graph is built are held and then flushed through pino here, instead of
 * going to Nest's console logger.
 */
export function bootstrapLogging(app: INestApplication): Logger {
  app.useLogger(app.get(PinoNestLogger));
  app.flushLogs();
  return app.get<Logger>(LOGGER);
}
