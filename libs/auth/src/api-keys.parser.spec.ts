import { parseApiKeys } from './api-keys.parser';
import { readAuthConfig } from './auth.config';

describe('parseApiKeys', () => {
  it('reads key:role pairs, tolerating spaces and a trailing comma', () => {
    expect(parseApiKeys(' dev-system-key:system , dev-ops-key:ops,')).toEqual([
      { key: 'dev-system-key', role: 'system' },
      { key: 'dev-ops-key', role: 'ops' },
    ]);
  });

  it('takes the last colon as the separator, so a key may contain colons', () => {
    expect(parseApiKeys('tenant:abc:123456:agent')).toEqual([{ key: 'tenant:abc:123456', role: 'agent' }]);
  });

  it.each([
    [undefined, /CLEARPATH_API_KEYS is not set/],
    ['  ', /CLEARPATH_API_KEYS is not set/],
    ['dev-system-key', /entry 1 has no role; expected key:role/],
    ['dev-system-key:system,dev-agent-key:admin', /entry 2 has an unknown role \(not echoed[^)]*\); expected one of system, agent, supervisor, compliance, ops/],
    [':system', /entry 1 has an empty key/],
    ['dev-system-key:system,,dev-ops-key:ops', /entry 2 is empty/],
    ['short:ops', /entry 1: the key is shorter than 8 characters/],
    ['dev key with space:ops', /entry 1: the key contains whitespace/],
    ['dev-system-key:system,dev-system-key:ops', /entry 2 repeats the key of an earlier entry/],
  ])('rejects %p naming the variable and the entry', (value, message) => {
    expect(() => parseApiKeys(value)).toThrow(message);
  });

  it('never puts a key into an error message', () => {
    expect(() => parseApiKeys('secret-key-material:admin')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret-key-material') }));
    // Role and key swapped: what stands where the role should is the key.
    expect(() => parseApiKeys('ops:secret-key-material')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret-key-material') }));
  });
});

describe('readAuthConfig', () => {
  it('reads both variables', () => {
    const config = readAuthConfig({ CLEARPATH_API_KEYS: 'dev-ops-key:ops', CLEARPATH_TOKEN_SECRET: 'dev-only-token-secret-change-me' });
    expect(config).toEqual({ apiKeys: [{ key: 'dev-ops-key', role: 'ops' }], tokenSecret: 'dev-only-token-secret-change-me' });
  });

  it('names the token secret when it is missing or too short', () => {
    expect(() => readAuthConfig({ CLEARPATH_API_KEYS: 'dev-ops-key:ops' })).toThrow(/CLEARPATH_TOKEN_SECRET is not set/);
    expect(() => readAuthConfig({ CLEARPATH_API_KEYS: 'dev-ops-key:ops', CLEARPATH_TOKEN_SECRET: 'secret' })).toThrow(
      /CLEARPATH_TOKEN_SECRET must be at least 16 characters/,
    );
  });
});
