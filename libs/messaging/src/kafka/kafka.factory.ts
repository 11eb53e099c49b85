import { Kafka, logLevel, type KafkaConfig, type LogEntry, type Producer } from 'kafkajs';
import { applyKafkajsIdleCpuPatch } from './kafkajs-idle-cpu.patch';
import { kafkajsSecurityOptions, type KafkaSecurity } from './kafka-security';

export interface MessagingLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: MessagingLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface KafkaOptions {
  readonly brokers: string[];
  readonly clientId: string;
  readonly logger?: MessagingLogger;
  /** How to authenticate and encrypt (`readKafkaSecurity(env)`); PLAINTEXT when absent. */
  readonly security?: KafkaSecurity;
  /** Timeouts and retries other than the services' (tools that poll a broker want shorter ones). */
  readonly tuning?: Pick<KafkaConfig, 'connectionTimeout' | 'requestTimeout' | 'retry'>;
}

/**
 * A kafkajs client with the idle-CPU patch applied and its logs routed to our logger: every Kafka
 * client of Clearpath is made here, so every one honours the security configuration.
 */
export function createKafka(options: KafkaOptions): Kafka {
  applyKafkajsIdleCpuPatch();
  const logger = options.logger ?? silentLogger;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8 },
    ...options.tuning,
    ...(options.security ? kafkajsSecurityOptions(options.security) : {}),
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log, namespace }: LogEntry) => {
        const { message, ...rest } = log;
        const entry = { kafkajs: namespace, ...rest };
        if (level === logLevel.ERROR) logger.error(entry, message);
        else if (level === logLevel.WARN) logger.warn(entry, message);
        else logger.debug(entry, message);
      },
  });
}

/**
 * The only producer configuration we use: idempotent (no duplicates from internal retries),
 * acks from all in-sync replicas, one request in flight so per-key order survives retries.
 */
export function createIdempotentProducer(kafka: Kafka, transactionalId?: string): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    transactionalId,
  });
}

/** Kafka wants string header values; kafkajs hands them back as Buffers. */
export function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}
