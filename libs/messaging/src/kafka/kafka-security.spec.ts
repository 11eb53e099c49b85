import { describeKafkaSecurity, kafkajsSecurityOptions, KafkaSecurityConfigError, readKafkaSecurity, type KafkaSecurity } from './kafka-security';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
const PASSWORD = 'sup3r-s3cret-scram-password';

/** A fake file system: path → content; any other path fails as a missing file does. */
function files(contents: Record<string, string>) {
  return (path: string): string => {
    const text = contents[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
}
const disk = files({ '/tls/ca.pem': CA, '/tls/client.crt': CERT, '/tls/client.key': KEY, '/tls/not-pem.txt': 'hello' });

class SaslEnv {
  private readonly env: Record<string, string | undefined> = {
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_USERNAME: 'ingestion',
    KAFKA_SASL_PASSWORD: PASSWORD,
    KAFKA_SSL_CA_FILE: '/tls/ca.pem',
  };
  with(name: string, value: string | undefined): this {
    this.env[name] = value;
    return this;
  }
  without(name: string): this {
    return this.with(name, undefined);
  }
  build(): Record<string, string | undefined> {
    return { ...this.env };
  }
}
const aSaslEnv = () => new SaslEnv();

/** The refusal's message, checked to be one line that never carries the password. */
function refusal(env: Record<string, string | undefined>): string {
  let caught: unknown;
  try {
    readKafkaSecurity(env, disk);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(KafkaSecurityConfigError);
  const message = (caught as Error).message;
  expect(message).not.toContain('\n');
  expect(message).not.toContain(PASSWORD);
  return message;
}

describe('readKafkaSecurity', () => {
  it('is PLAINTEXT when nothing is set, or when the protocol says so', () => {
    expect(readKafkaSecurity({}, disk)).toEqual({ protocol: 'PLAINTEXT' });
    expect(readKafkaSecurity({ KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT' }, disk)).toEqual({ protocol: 'PLAINTEXT' });
    expect(readKafkaSecurity({ KAFKA_SECURITY_PROTOCOL: '', KAFKA_SASL_USERNAME: ' ' }, disk)).toEqual({ protocol: 'PLAINTEXT' });
  });

  it('reads SASL_SSL with SCRAM-SHA-512 by default and the CA from its file', () => {
    expect(readKafkaSecurity(aSaslEnv().build(), disk)).toEqual({
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'scram-sha-512', username: 'ingestion', password: PASSWORD },
      tls: { ca: CA },
    });
    expect(readKafkaSecurity(aSaslEnv().with('KAFKA_SASL_MECHANISM', 'SCRAM-SHA-256').build(), disk)).toMatchObject({ sasl: { mechanism: 'scram-sha-256' } });
  });

  it('reads an optional client certificate and key, with the key passphrase', () => {
    const env = aSaslEnv()
      .with('KAFKA_SSL_CERT_FILE', '/tls/client.crt')
      .with('KAFKA_SSL_KEY_FILE', '/tls/client.key')
      .with('KAFKA_SSL_KEY_PASSWORD', 'pass')
      .build();
    expect(readKafkaSecurity(env, disk)).toMatchObject({ tls: { ca: CA, cert: CERT, key: KEY, keyPassword: 'pass' } });
  });

  it.each([
    ['KAFKA_SASL_USERNAME', aSaslEnv().without('KAFKA_SASL_USERNAME'), 'KAFKA_SASL_USERNAME is not set; KAFKA_SECURITY_PROTOCOL=SASL_SSL needs it'],
    ['KAFKA_SASL_PASSWORD', aSaslEnv().with('KAFKA_SASL_PASSWORD', '  '), 'KAFKA_SASL_PASSWORD is not set; KAFKA_SECURITY_PROTOCOL=SASL_SSL needs it'],
    ['KAFKA_SSL_CA_FILE', aSaslEnv().without('KAFKA_SSL_CA_FILE'), 'KAFKA_SSL_CA_FILE is not set; KAFKA_SECURITY_PROTOCOL=SASL_SSL needs it'],
    ['KAFKA_SSL_CA_FILE', aSaslEnv().with('KAFKA_SSL_CA_FILE', '/tls/missing.pem'), 'KAFKA_SSL_CA_FILE names a file that cannot be read (ENOENT)'],
    ['KAFKA_SSL_CA_FILE', aSaslEnv().with('KAFKA_SSL_CA_FILE', '/tls/not-pem.txt'), 'KAFKA_SSL_CA_FILE names a file that is not PEM'],
    ['KAFKA_SSL_KEY_FILE', aSaslEnv().with('KAFKA_SSL_CERT_FILE', '/tls/client.crt'), 'KAFKA_SSL_KEY_FILE is not set; KAFKA_SSL_CERT_FILE needs it'],
    ['KAFKA_SSL_CERT_FILE', aSaslEnv().with('KAFKA_SSL_KEY_FILE', '/tls/client.key'), 'KAFKA_SSL_CERT_FILE is not set; KAFKA_SSL_KEY_FILE needs it'],
    ['KAFKA_SSL_KEY_PASSWORD', aSaslEnv().with('KAFKA_SSL_KEY_PASSWORD', 'pass'), 'KAFKA_SSL_KEY_PASSWORD is set without KAFKA_SSL_KEY_FILE'],
    ['KAFKA_SASL_MECHANISM', aSaslEnv().with('KAFKA_SASL_MECHANISM', 'PLAIN'), 'KAFKA_SASL_MECHANISM must be one of SCRAM-SHA-512, SCRAM-SHA-256'],
    ['KAFKA_SECURITY_PROTOCOL', aSaslEnv().with('KAFKA_SECURITY_PROTOCOL', 'SSL'), 'KAFKA_SECURITY_PROTOCOL must be PLAINTEXT or SASL_SSL'],
  ])('refuses an incomplete or wrong SASL_SSL setting, naming %s', (_variable, env, message) => {
    expect(refusal(env.build())).toBe(message);
  });

  it('refuses credentials given without SASL_SSL instead of ignoring them and talking in clear', () => {
    expect(refusal({ KAFKA_SASL_PASSWORD: PASSWORD })).toBe(
      'KAFKA_SASL_PASSWORD is set, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT (set KAFKA_SECURITY_PROTOCOL=SASL_SSL to use it)',
    );
    expect(refusal({ KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT', KAFKA_SSL_CA_FILE: '/tls/ca.pem' })).toMatch(
      /^KAFKA_SSL_CA_FILE is set, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT/,
    );
  });

  it('names the variable on the error it throws', () => {
    expect(() => readKafkaSecurity(aSaslEnv().without('KAFKA_SASL_PASSWORD').build(), disk)).toThrow(
      expect.objectContaining({ variable: 'KAFKA_SASL_PASSWORD' }),
    );
  });
});

describe('kafkajsSecurityOptions', () => {
  it('adds nothing for PLAINTEXT', () => {
    expect(kafkajsSecurityOptions({ protocol: 'PLAINTEXT' })).toEqual({});
  });

  it('verifies the broker against the CA and logs in with SCRAM', () => {
    const security = readKafkaSecurity(aSaslEnv().build(), disk);
    expect(kafkajsSecurityOptions(security)).toEqual({
      ssl: { ca: [CA], rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-512', username: 'ingestion', password: PASSWORD },
    });
  });

  it('presents the client certificate when there is one', () => {
    const security = readKafkaSecurity(aSaslEnv().with('KAFKA_SSL_CERT_FILE', '/tls/client.crt').with('KAFKA_SSL_KEY_FILE', '/tls/client.key').build(), disk);
    expect(kafkajsSecurityOptions(security).ssl).toEqual({ ca: [CA], cert: CERT, key: KEY, passphrase: undefined, rejectUnauthorized: true });
  });
});

describe('describeKafkaSecurity', () => {
  it('says the protocol and the principal, never the password', () => {
    const security: KafkaSecurity = readKafkaSecurity(aSaslEnv().build(), disk);
    expect(describeKafkaSecurity(security)).toBe('SASL_SSL SCRAM-SHA-512 as ingestion');
    expect(describeKafkaSecurity({ protocol: 'PLAINTEXT' })).toBe('PLAINTEXT');
  });
});
