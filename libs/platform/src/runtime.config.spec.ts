import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, offsetClock } from '@clearpath/contracts';
import { loadRuntimeConfig } from './runtime.config';

const env = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/clearpath',
  KAFKA_BROKERS: '127.0.0.1:9092',
  CLEARPATH_API_KEYS: 'dev-tooling:service:dev-service-key',
  CLEARPATH_TOKEN_SECRET: 'dev-only-token-secret-change-me',
};
const defaults = { port: 3002, schema: 'risk_scoring', group: 'risk-scoring' };

describe('runtime config', () => {
  it('reads prefixed variables with defaults', () => {
    expect(loadRuntimeConfig('risk-scoring', defaults, { ...env, RISK_SCORING_HTTP_PORT: '4000' })).toMatchObject({
      httpPort: 4000,
      dbSchema: 'risk_scoring',
      consumerGroup: 'risk-scoring',
      kafkaBrokers: ['127.0.0.1:9092'],
      relayEnabled: true,
      fault: 'none',
      clockOffsetMs: 0,
    });
  });

  it('reads the HS256 token limits, 3600 s of life and 30 s of leeway by default, and names a bad one', () => {
    expect(loadRuntimeConfig('risk-scoring', defaults, env).tokenLimits).toEqual({ maxLifetimeSeconds: 3600, leewaySeconds: 30 });
    expect(loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_TOKEN_MAX_LIFETIME_S: '600', CLEARPATH_TOKEN_LEEWAY_S: '5' }).tokenLimits).toEqual({
      maxLifetimeSeconds: 600,
      leewaySeconds: 5,
    });
    expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_TOKEN_MAX_LIFETIME_S: 'forever' })).toThrow(
      /^CLEARPATH_TOKEN_MAX_LIFETIME_S must be a whole number of seconds/,
    );
  });

  it("connects with the service's own <PREFIX>_DATABASE_URL when set, which needs no DATABASE_URL beside it", () => {
    const own = 'postgres://clearpath_risk_scoring@127.0.0.1:5432/clearpath';
    expect(loadRuntimeConfig('risk-scoring', defaults, env).databaseUrl).toBe(env.DATABASE_URL);
    expect(loadRuntimeConfig('risk-scoring', defaults, { ...env, RISK_SCORING_DATABASE_URL: own }).databaseUrl).toBe(own);
    expect(loadRuntimeConfig('risk-scoring', defaults, { ...env, DATABASE_URL: undefined, RISK_SCORING_DATABASE_URL: own }).databaseUrl).toBe(own);
    expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env, RISK_SCORING_DATABASE_URL: 'mysql://x@y/z' })).toThrow(
      /RISK_SCORING_DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });

  it('shifts the clock by CLEARPATH_CLOCK_OFFSET_MS, one timeline for every process given it', () => {
    const config = loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_CLOCK_OFFSET_MS: '-3600000' });
    expect(config.clockOffsetMs).toBe(-3_600_000);
    const real = new ManualClock('2026-12-01T02:00:00Z');
    const clock = offsetClock(config.clockOffsetMs!, real);
    expect(clock.now().toISOString()).toBe('2026-12-01T01:00:00.000Z');
    real.advance(1_500);
    expect(clock.now().toISOString()).toBe('2026-12-01T01:00:01.500Z');
    expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_CLOCK_OFFSET_MS: '1.5' })).toThrow(
      /CLEARPATH_CLOCK_OFFSET_MS: must be a whole number/,
    );
  });

  it('stops with a message naming each bad variable', () => {
    expect(() =>
      loadRuntimeConfig('risk-scoring', defaults, { ...env, KAFKA_BROKERS: 'kafka', RISK_SCORING_HTTP_PORT: 'eighty', DATABASE_URL: undefined }),
    ).toThrow(/invalid risk-scoring configuration:[\s\S]*DATABASE_URL[\s\S]*KAFKA_BROKERS: must be host:port[\s\S]*RISK_SCORING_HTTP_PORT/);
  });

  it('runs in development unless CLEARPATH_ENV says otherwise, and refuses any other value without echoing it', () => {
    expect(loadRuntimeConfig('risk-scoring', defaults, env).environment).toBe('development');
    expect(loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_ENV: 'test' }).environment).toBe('test');
    for (const value of ['prod', 'Production', '']) {
      expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_ENV: value })).toThrow(
        /^CLEARPATH_ENV must be one of development, test, production$/,
      );
    }
  });

  it('serves /docs and /metrics publicly in development and test, unless told otherwise', () => {
    for (const CLEARPATH_ENV of ['development', 'test']) {
      expect(loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_ENV })).toMatchObject({ docs: 'public', metrics: 'public' });
    }
    expect(loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_DOCS: 'off', CLEARPATH_METRICS: 'role' })).toMatchObject({
      docs: 'off',
      metrics: 'role',
    });
    expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_DOCS: 'open', CLEARPATH_METRICS: 'yes' })).toThrow(
      /CLEARPATH_DOCS[\s\S]*CLEARPATH_METRICS/,
    );
  });

  it('reads how to reach Kafka (PLAINTEXT unless told otherwise) and refuses an incomplete SASL_SSL setting in one line naming the variable', () => {
    expect(loadRuntimeConfig('risk-scoring', defaults, env).kafkaSecurity).toEqual({ protocol: 'PLAINTEXT' });
    const dir = mkdtempSync(join(tmpdir(), 'runtime-config-'));
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const sasl = {
      ...env,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_USERNAME: 'risk-scoring',
      KAFKA_SASL_PASSWORD: 'scram-password-of-risk-scoring',
      KAFKA_SSL_CA_FILE: ca,
    };
    try {
      expect(loadRuntimeConfig('risk-scoring', defaults, sasl).kafkaSecurity).toMatchObject({
        protocol: 'SASL_SSL',
        sasl: { mechanism: 'scram-sha-512', username: 'risk-scoring' },
      });
      expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...sasl, KAFKA_SASL_USERNAME: undefined })).toThrow(
        /^KAFKA_SASL_USERNAME is not set; KAFKA_SECURITY_PROTOCOL=SASL_SSL needs it$/,
      );
      expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...sasl, KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') })).toThrow(
        /^KAFKA_SSL_CA_FILE names a file that cannot be read \(ENOENT\)$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops a service that holds personal data without CLEARPATH_PII_MASTER_KEYS, naming the variable and not a key', () => {
    expect(() => loadRuntimeConfig('contact-orchestration', defaults, env)).toThrow(/^CLEARPATH_PII_MASTER_KEYS is not set/);
    const short = Buffer.alloc(16, 7).toString('base64');
    let message = '';
    try {
      loadRuntimeConfig('contact-orchestration', defaults, { ...env, CLEARPATH_PII_MASTER_KEYS: `k1:${short}` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('CLEARPATH_PII_MASTER_KEYS entry 1 (k1) is 16 bytes; AES-256 needs 32');
  });

  describe('with CLEARPATH_ENV=production', () => {
    const strong = (): string => randomBytes(32).toString('hex');
    const ownUrls = Object.fromEntries(
      ['RISK_SCORING', 'INGESTION', 'COMPLAINTS', 'REPAYMENT_PLAN'].map((p) => [
        `${p}_DATABASE_URL`,
        `postgres://clearpath_${p.toLowerCase()}@db:5432/clearpath`,
      ]),
    );
    const production = {
      ...env,
      ...ownUrls,
      CLEARPATH_ENV: 'production',
      KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT',
      CLEARPATH_API_KEYS: `core-banking:core-banking:${strong()},dev-ops:ops:${strong()}`,
      CLEARPATH_TOKEN_SECRET: strong(),
    };

    it('connects as the service’s own role and says how it reaches Kafka: nothing assumed', () => {
      expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...production, RISK_SCORING_DATABASE_URL: undefined })).toThrow(
        /^RISK_SCORING_DATABASE_URL is not set; CLEARPATH_ENV=production connects each service as its own database role/,
      );
      expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...production, KAFKA_SECURITY_PROTOCOL: ' ' })).toThrow(
        /^KAFKA_SECURITY_PROTOCOL is not set; CLEARPATH_ENV=production needs SASL_SSL/,
      );
      expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env })).not.toThrow();
    });

    it('closes /docs and puts /metrics behind the ops role, unless told otherwise', () => {
      expect(loadRuntimeConfig('risk-scoring', defaults, production)).toMatchObject({ environment: 'production', docs: 'off', metrics: 'role' });
      expect(loadRuntimeConfig('risk-scoring', defaults, { ...production, CLEARPATH_DOCS: 'role', CLEARPATH_METRICS: 'public' })).toMatchObject({
        docs: 'role',
        metrics: 'public',
      });
    });

    it('refuses the development secrets, in one line naming the variable', () => {
      expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...production, CLEARPATH_TOKEN_SECRET: env.CLEARPATH_TOKEN_SECRET })).toThrow(
        /^CLEARPATH_TOKEN_SECRET is a development value from deploy\/clearpath\.env; CLEARPATH_ENV=production needs a secret of your own$/,
      );
      expect(() => loadRuntimeConfig('risk-scoring', defaults, env)).not.toThrow();
    });

    it('asks the services that hold personal data, and only them, for master keys of their own', () => {
      const master = `prod-1:${randomBytes(32).toString('base64')}`;
      expect(() => loadRuntimeConfig('ingestion', defaults, production)).toThrow(
        /^CLEARPATH_PII_MASTER_KEYS is not set; CLEARPATH_ENV=production needs a secret of your own$/,
      );
      expect(loadRuntimeConfig('complaints', defaults, { ...production, CLEARPATH_PII_MASTER_KEYS: master }).personalData?.active.id).toBe('prod-1');
      expect(loadRuntimeConfig('risk-scoring', defaults, production).personalData).toBeUndefined();
    });

    it('refuses the development master key, alone or kept behind a key of your own, naming its entry and not the key', () => {
      const dev = 'dev-1:VGuLJsMHYfY8A3VxAYr25046cGCuZ/2rZE23ViPo+lo=';
      const refusal = (keys: string): string => {
        try {
          loadRuntimeConfig('complaints', defaults, { ...production, CLEARPATH_PII_MASTER_KEYS: keys });
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error('expected a refusal');
      };
      expect(refusal(dev)).toBe(
        'CLEARPATH_PII_MASTER_KEYS entry 1 is a development value from deploy/clearpath.env; CLEARPATH_ENV=production needs a secret of your own',
      );
      const behind = refusal(`prod-2:${randomBytes(32).toString('base64')},${dev}`);
      expect(behind).toMatch(/^CLEARPATH_PII_MASTER_KEYS entry 2 is a development value/);
      expect(behind).not.toContain(dev.slice('dev-1:'.length));
    });

    it('checks the secrets the service adds, and only in production', () => {
      const load = (extra: Record<string, string>) =>
        loadRuntimeConfig('repayment-plan', defaults, { ...production, ...extra }, ['CLEARPATH_SELF_SERVICE_SECRET', 'REPAYMENT_PLAN_COMPLAINTS_API_KEY']);
      expect(() => load({ CLEARPATH_SELF_SERVICE_SECRET: strong() })).toThrow(/^REPAYMENT_PLAN_COMPLAINTS_API_KEY is not set/);
      expect(() => load({ CLEARPATH_SELF_SERVICE_SECRET: strong(), REPAYMENT_PLAN_COMPLAINTS_API_KEY: 'dev-repayment-plan-key' })).toThrow(
        /^REPAYMENT_PLAN_COMPLAINTS_API_KEY is a development value/,
      );
      expect(() => load({ CLEARPATH_SELF_SERVICE_SECRET: strong(), REPAYMENT_PLAN_COMPLAINTS_API_KEY: strong() })).not.toThrow();
      expect(() => loadRuntimeConfig('repayment-plan', defaults, env, ['CLEARPATH_SELF_SERVICE_SECRET'])).not.toThrow();
    });
  });
});
