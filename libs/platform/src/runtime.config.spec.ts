import { ManualClock, offsetClock } from '@clearpath/contracts';
import { loadRuntimeConfig } from './runtime.config';

const env = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/clearpath',
  KAFKA_BROKERS: '127.0.0.1:9092',
  CLEARPATH_API_KEYS: 'dev-system-key:system',
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

  it('shifts the clock by CLEARPATH_CLOCK_OFFSET_MS, one timeline for every process given it', () => {
    const config = loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_CLOCK_OFFSET_MS: '-3600000' });
    expect(config.clockOffsetMs).toBe(-3_600_000);
    const real = new ManualClock('2026-12-01T02:00:00Z');
    const clock = offsetClock(config.clockOffsetMs!, real);
    expect(clock.now().toISOString()).toBe('2026-12-01T01:00:00.000Z');
    real.advance(1_500);
    expect(clock.now().toISOString()).toBe('2026-12-01T01:00:01.500Z');
    expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_CLOCK_OFFSET_MS: '1.5' })).toThrow(/CLEARPATH_CLOCK_OFFSET_MS: must be a whole number/);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env, KAFKA_BROKERS: 'kafka', RISK_SCORING_HTTP_PORT: 'eighty', DATABASE_URL: undefined })).toThrow(
      /invalid risk-scoring configuration:[\s\S]*DATABASE_URL[\s\S]*KAFKA_BROKERS: must be host:port[\s\S]*RISK_SCORING_HTTP_PORT/,
    );
  });
});
