import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import type { Logger } from './logger.factory';
import { LOGGER } from './logger.token';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Routes Nest's own logging (`Logger` from @nestjs/common, bootstrap and routing messages) through
 * the app's pino logger, so every line is JSON, masked and carries the correlation id.
 *
 * Nest passes the context (usually a class name) as the last string argument, and for errors the
 * stack before it.
 */
@Injectable()
export class PinoNestLogger implements LoggerService {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' && !looksLikeStack(rest[rest.length - 1]) ? rest.pop() : undefined;
    const stack = typeof rest[0] === 'string' && (looksLikeStack(rest[0]) || rest.length === 1) ? rest.shift() : undefined;
    const fields: Record<string, unknown> = { ...(context === undefined ? {} : { context }), ...(stack === undefined ? {} : { stack }) };
    this.emit('error', message, fields, rest);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = typeof rest[rest.length - 1] === 'string' ? rest.pop() : undefined;
    this.emit(level, message, context === undefined ? {} : { context }, rest);
  }

  private emit(level: Level, message: unknown, fields: Record<string, unknown>, extra: unknown[]): void {
    // Nest pads a missing stack with `undefined` before the context.
    const params = extra.filter((param) => param !== undefined);
    const withExtra = params.length > 0 ? { ...fields, params } : fields;
    if (message instanceof Error) {
      this.logger[level]({ ...withExtra, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...withExtra, ...message });
    } else {
      this.logger[level](withExtra, String(message));
    }
  }
}

function looksLikeStack(value: unknown): boolean {
  return typeof value === 'string' && /\n\s+at /.test(value);
}
