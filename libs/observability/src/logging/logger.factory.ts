import { hostname } from 'node:os';
import pino, { type Bindings, type DestinationStream, type LogFn, type Logger as PinoLogger, type LoggerOptions } from 'pino';
import { currentContext } from '../context/request-context';
import { maskField, maskLogRecord, maskPersonalData } from './personal-data.masker';
import { REDACT_PATHS } from './redact-paths';

export type Logger = PinoLogger;

export interface CreateLoggerOptions {
  readonly service: string;
  /** Defaults to `LOG_LEVEL`, then `info`. */
  readonly level?: string;
  /** Human-readable output for a terminal; defaults to `LOG_PRETTY=1`. Never in production: it is slower and not machine-parsable. */
  readonly pretty?: boolean;
  /** Where JSON lines go instead of stdout (tests capture them here). */
  readonly destination?: DestinationStream;
}

const LEVELS = [...Object.keys(pino.levels.values), 'silent'];

export function createLogger(options: CreateLoggerOptions): Logger {
  const level = options.level ?? process.env['LOG_LEVEL'] ?? 'info';
  if (!LEVELS.includes(level)) {
    throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}; got '${level}'`);
  }
  const pretty = options.destination === undefined && (options.pretty ?? process.env['LOG_PRETTY'] === '1');

  const config: LoggerOptions = {
    level,
    base: { service: options.service, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [...REDACT_PATHS],
      censor: (value: unknown, path: string[]) => maskField(path[path.length - 1] ?? '', value),
    },
    mixin: () => {
      const context = currentContext();
      if (!context) return {};
      return context.causationId === undefined
        ? { correlationId: context.correlationId }
        : { correlationId: context.correlationId, causationId: context.causationId };
    },
    formatters: {
      // Log shippers index a label more usefully than pino's numeric level; pino-pretty wants the number.
      ...(pretty ? {} : { level: (label: string) => ({ level: label }) }),
      bindings: (bindings: Bindings) => maskPersonalData(bindings) as Bindings,
      log: (record: Record<string, unknown>) => maskLogRecord(record),
    },
    serializers: { err: serializeError, error: serializeError },
    hooks: { logMethod: maskMessageArguments },
  };

  if (options.destination) return pino(config, options.destination);
  if (pretty) {
    // Resolved at runtime only: pino-pretty is a dev dependency and absent from production images.
    return pino(config, pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } }));
  }
  return pino(config);
}

function serializeError(error: unknown): unknown {
  return error instanceof Error ? maskPersonalData(pino.stdSerializers.err(error)) : maskPersonalData(error);
}

/** The message string never passes through `formatters.log`, so it is scrubbed here. */
function maskMessageArguments(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const masked: unknown[] = (args as unknown[]).map((arg) => (typeof arg === 'string' ? maskPersonalData(arg) : arg));
  if (masked.length === 1) {
    // pino would otherwise take the message from the error verbatim.
    const first = masked[0];
    const error = first instanceof Error ? first : isRecord(first) && first['msg'] === undefined && first['err'] instanceof Error ? first['err'] : undefined;
    if (error) masked.push(maskPersonalData(error.message));
  }
  method.apply(this, masked as Parameters<LogFn>);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
