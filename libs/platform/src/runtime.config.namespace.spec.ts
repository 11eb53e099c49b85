import { loadRuntimeConfig } from './runtime.config';

const env = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/clearpath',
  KAFKA_BROKERS: '127.0.0.1:9092',
  CLEARPATH_API_KEYS: 'dev-tooling:service:dev-service-key',
  CLEARPATH_TOKEN_SECRET: 'dev-only-token-secret-change-me',
};
const defaults = { port: 3002, schema: 'risk_scoring', group: 'risk-scoring' };

describe('runtime config: CLEARPATH_TOPIC_NAMESPACE', () => {
  it('is absent (the production names) when unset or empty', () => {
    expect(loadRuntimeConfig('risk-scoring', defaults, env).topicNamespace).toBeUndefined();
    expect(loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_TOPIC_NAMESPACE: '' }).topicNamespace).toBeUndefined();
  });

  it('puts the service’s topics under the prefix given', () => {
    const config = loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_TOPIC_NAMESPACE: 'bench-lx3-a1b2c3.' });
    expect(config.topicNamespace?.physical('collections.loan-lifecycle.v1')).toBe('bench-lx3-a1b2c3.collections.loan-lifecycle.v1');
  });

  it('stops the service on an invalid prefix, naming the variable', () => {
    expect(() => loadRuntimeConfig('risk-scoring', defaults, { ...env, CLEARPATH_TOPIC_NAMESPACE: 'bench/1' })).toThrow(/^CLEARPATH_TOPIC_NAMESPACE must/);
  });
});
