import { readFileSync } from 'node:fs';
import type { KafkaConfig } from 'kafkajs';

/**
 * How a Kafka client authenticates and encrypts, read once from the environment:
 *
 *   KAFKA_SECURITY_PROTOCOL   PLAINTEXT (default) | SASL_SSL
 *   KAFKA_SASL_MECHANISM      SCRAM-SHA-512 (default) | SCRAM-SHA-256            (SASL_SSL)
 *   KAFKA_SASL_USERNAME       the client's principal, e.g. `ingestion`            (SASL_SSL, required)
 *   KAFKA_SASL_PASSWORD                                                         (SASL_SSL, required)
 *   KAFKA_SSL_CA_FILE         PEM file of the CA(s) that signed the brokers' certificates (SASL_SSL, required)
 *   KAFKA_SSL_CERT_FILE, KAFKA_SSL_KEY_FILE   client certificate and key, PEM, both or neither (optional)
 *   KAFKA_SSL_KEY_PASSWORD    passphrase of an encrypted KAFKA_SSL_KEY_FILE (optional)
 *
 * The broker's certificate is always verified (chain and host name); there is no switch to turn
 * that off.
 */
export type KafkaSecurity = KafkaPlaintext | KafkaSaslSsl;

export interface KafkaPlaintext {
  readonly protocol: 'PLAINTEXT';
}

export type KafkaSaslMechanism = 'scram-sha-512' | 'scram-sha-256';

export interface KafkaSaslSsl {
  readonly protocol: 'SASL_SSL';
  readonly sasl: { readonly mechanism: KafkaSaslMechanism; readonly username: string; readonly password: string };
  readonly tls: { readonly ca: string; readonly cert?: string; readonly key?: string; readonly keyPassword?: string };
}

export const KAFKA_PLAINTEXT: KafkaPlaintext = { protocol: 'PLAINTEXT' };

/** Every variable {@link readKafkaSecurity} reads. */
export const KAFKA_SECURITY_VARIABLES = [
  'KAFKA_SECURITY_PROTOCOL',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SSL_CERT_FILE',
  'KAFKA_SSL_KEY_FILE',
  'KAFKA_SSL_KEY_PASSWORD',
] as const;

/** A refused Kafka security setting: one line naming the variable, never its value. */
export class KafkaSecurityConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'KafkaSecurityConfigError';
  }
}

const MECHANISMS: Record<string, KafkaSaslMechanism> = { 'SCRAM-SHA-512': 'scram-sha-512', 'SCRAM-SHA-256': 'scram-sha-256' };

/**
 * Reads and validates the Kafka security variables; throws a {@link KafkaSecurityConfigError} on
 * the first one that is missing, unknown or unreadable. An empty value counts as unset.
 * `readFile` reads the PEM files (tests pass their own).
 */
export function readKafkaSecurity(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): KafkaSecurity {
  const value = (name: (typeof KAFKA_SECURITY_VARIABLES)[number]): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const protocol = value('KAFKA_SECURITY_PROTOCOL')?.trim() ?? 'PLAINTEXT';
  if (protocol === 'PLAINTEXT') {
    // Credentials without SASL_SSL would be silently ignored and the client would talk in clear.
    const stray = KAFKA_SECURITY_VARIABLES.find((name) => name !== 'KAFKA_SECURITY_PROTOCOL' && value(name) !== undefined);
    if (stray) throw new KafkaSecurityConfigError(stray, 'is set, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT (set KAFKA_SECURITY_PROTOCOL=SASL_SSL to use it)');
    return KAFKA_PLAINTEXT;
  }
  if (protocol !== 'SASL_SSL') throw new KafkaSecurityConfigError('KAFKA_SECURITY_PROTOCOL', 'must be PLAINTEXT or SASL_SSL');

  const required = (name: (typeof KAFKA_SECURITY_VARIABLES)[number]): string => {
    const v = value(name);
    if (v === undefined) throw new KafkaSecurityConfigError(name, 'is not set; KAFKA_SECURITY_PROTOCOL=SASL_SSL needs it');
    return v;
  };
  const mechanismName = value('KAFKA_SASL_MECHANISM')?.trim() ?? 'SCRAM-SHA-512';
  const mechanism = MECHANISMS[mechanismName];
  if (!mechanism) throw new KafkaSecurityConfigError('KAFKA_SASL_MECHANISM', `must be one of ${Object.keys(MECHANISMS).join(', ')}`);
  const username = required('KAFKA_SASL_USERNAME').trim();
  const password = required('KAFKA_SASL_PASSWORD');

  const pem = (name: (typeof KAFKA_SECURITY_VARIABLES)[number], path: string): string => {
    let text: string;
    try {
      text = readFile(path);
    } catch (error) {
      throw new KafkaSecurityConfigError(name, `names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!text.includes('-----BEGIN ')) throw new KafkaSecurityConfigError(name, 'names a file that is not PEM');
    return text;
  };
  const ca = pem('KAFKA_SSL_CA_FILE', required('KAFKA_SSL_CA_FILE'));
  const certFile = value('KAFKA_SSL_CERT_FILE');
  const keyFile = value('KAFKA_SSL_KEY_FILE');
  if (certFile !== undefined && keyFile === undefined) throw new KafkaSecurityConfigError('KAFKA_SSL_KEY_FILE', 'is not set; KAFKA_SSL_CERT_FILE needs it');
  if (keyFile !== undefined && certFile === undefined) throw new KafkaSecurityConfigError('KAFKA_SSL_CERT_FILE', 'is not set; KAFKA_SSL_KEY_FILE needs it');
  const keyPassword = value('KAFKA_SSL_KEY_PASSWORD');
  if (keyPassword !== undefined && keyFile === undefined) throw new KafkaSecurityConfigError('KAFKA_SSL_KEY_PASSWORD', 'is set without KAFKA_SSL_KEY_FILE');
  const tls: KafkaSaslSsl['tls'] =
    certFile !== undefined && keyFile !== undefined
      ? { ca, cert: pem('KAFKA_SSL_CERT_FILE', certFile), key: pem('KAFKA_SSL_KEY_FILE', keyFile), ...(keyPassword !== undefined ? { keyPassword } : {}) }
      : { ca };
  return { protocol: 'SASL_SSL', sasl: { mechanism, username, password }, tls };
}

/** The kafkajs `ssl` and `sasl` settings for a security configuration (none for PLAINTEXT). */
export function kafkajsSecurityOptions(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (security.protocol === 'PLAINTEXT') return {};
  const { tls, sasl } = security;
  return {
    ssl: {
      ca: [tls.ca],
      ...(tls.cert !== undefined ? { cert: tls.cert, key: tls.key, passphrase: tls.keyPassword } : {}),
      rejectUnauthorized: true,
    },
    // Spelled out per mechanism: kafkajs' SASLOptions is a union discriminated by it.
    sasl:
      sasl.mechanism === 'scram-sha-512'
        ? { mechanism: 'scram-sha-512', username: sasl.username, password: sasl.password }
        : { mechanism: 'scram-sha-256', username: sasl.username, password: sasl.password },
  };
}

/** For logs: the protocol and the principal, never the password or the key. */
export function describeKafkaSecurity(security: KafkaSecurity): string {
  return security.protocol === 'PLAINTEXT' ? 'PLAINTEXT' : `SASL_SSL ${security.sasl.mechanism.toUpperCase()} as ${security.sasl.username}`;
}
