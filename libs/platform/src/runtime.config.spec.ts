import { ManualClock, clockStartingAt } from '@clearpath/contracts';
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
      clockStart: null,
    });
  });

  it('starts the clock where CLEARPATH_CLOCK_START says, and lets it run on', () => {
    const config = loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_CLOCK_START: '2026-12-01T10:00:00+08:00' });
    expect(config.clockStart).toEqual(new Date('2026-12-01T02:00:00Z'));
    const real = new ManualClock('2030-01-01T00:00:00Z');
    const clock = clockStartingAt(config.clockStart!, real);
    expect(clock.now().toISOString()).toBe('2026-12-01T02:00:00.000Z');
    real.advance(1_500);
    expect(clock.now().toISOString()).toBe('2026-12-01T02:00:01.500Z');
    expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_CLOCK_START: 'tomorrow' })).toThrow(/CLEARPATH_CLOCK_START: must be an ISO-8601 instant/);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env, KAFKA_BROKERS: 'kafka', RISK_SCORING_HTTP_PORT: 'eighty', DATABASE_URL: undefined })).toThrow(
      /invalid risk-scoring configuration:[\s\S]*DATABASE_URL[\s\S]*KAFKA_BROKERS: must be host:port[\s\S]*RISK_SCORING_HTTP_PORT/,
    );
  });
});
