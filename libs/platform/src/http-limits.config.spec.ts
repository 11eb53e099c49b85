import { loadRuntimeConfig } from './runtime.config';

const env = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/clearpath',
  KAFKA_BROKERS: '127.0.0.1:9092',
  CLEARPATH_API_KEYS: 'dev-tooling:service:dev-service-key',
  CLEARPATH_TOKEN_SECRET: 'dev-only-token-secret-change-me',
  CLEARPATH_PII_MASTER_KEYS: `test-1:${Buffer.alloc(32, 1).toString('base64')}`,
};
const defaults = { port: 3001, schema: 'ingestion', group: 'ingestion' };
const load = (extra: Record<string, string> = {}) => loadRuntimeConfig('ingestion', defaults, { ...env, ...extra });

describe('HTTP limits configuration', () => {
  it('defaults to a 64 KiB body, no trusted proxy and per-minute limits sized above the platform’s own traffic', () => {
    expect(load().http).toEqual({
      bodyLimitBytes: 65_536,
      trustProxy: false,
      rateLimit: { windowMs: 60_000, perIp: 600, perPrincipal: 3_000, perSystemPrincipal: 12_000, webhookPerIp: 6_000 },
    });
  });

  it('reads every limit from the shared CLEARPATH_ variables', () => {
    const config = load({
      CLEARPATH_BODY_LIMIT_BYTES: '1024',
      CLEARPATH_RATE_LIMIT_WINDOW_MS: '1000',
      CLEARPATH_RATE_LIMIT_PER_IP: '1',
      CLEARPATH_RATE_LIMIT_PER_PRINCIPAL: '2',
      CLEARPATH_RATE_LIMIT_PER_SYSTEM_PRINCIPAL: '3',
      CLEARPATH_RATE_LIMIT_WEBHOOK_PER_IP: '4',
    });
    expect(config.http).toMatchObject({
      bodyLimitBytes: 1024,
      rateLimit: { windowMs: 1000, perIp: 1, perPrincipal: 2, perSystemPrincipal: 3, webhookPerIp: 4 },
    });
  });

  it.each([
    ['false', false],
    ['', false],
    ['2', 2],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.1.7 ,fd00::/8', '10.0.0.0/8,192.168.1.7,fd00::/8'],
  ])('takes CLEARPATH_TRUST_PROXY=%p as %p', (value, expected) => {
    expect(load({ CLEARPATH_TRUST_PROXY: value }).http.trustProxy).toEqual(expected);
  });

  it.each(['true', 'everyone', '10.0.0.0/33', '10.0.0.1/8/8'])('refuses CLEARPATH_TRUST_PROXY=%p, which would let callers choose their address', (value) => {
    expect(() => load({ CLEARPATH_TRUST_PROXY: value })).toThrow(/CLEARPATH_TRUST_PROXY: must be false, a number of proxy hops/);
  });

  it('names every bad limit, together with any other bad variable', () => {
    expect(() =>
      load({ KAFKA_BROKERS: 'kafka', CLEARPATH_BODY_LIMIT_BYTES: '64kb', CLEARPATH_RATE_LIMIT_PER_IP: '0', CLEARPATH_RATE_LIMIT_WINDOW_MS: '1.5' }),
    ).toThrow(
      /KAFKA_BROKERS: must be host:port[\s\S]*CLEARPATH_BODY_LIMIT_BYTES: must be a whole number[\s\S]*CLEARPATH_RATE_LIMIT_WINDOW_MS: must be a whole number[\s\S]*CLEARPATH_RATE_LIMIT_PER_IP: must be at least 1/,
    );
  });
});
