import { parseApiKeys } from './api-keys.parser';
import { readAuthConfig, readTokenLimits } from './auth.config';

describe('parseApiKeys', () => {
  it('reads client:role:key entries, tolerating spaces and a trailing comma', () => {
    expect(parseApiKeys(' core-banking:core-banking:dev-core-banking-key , dev-ops:ops:dev-ops-key,')).toEqual([
      { client: 'core-banking', role: 'core-banking', key: 'dev-core-banking-key' },
      { client: 'dev-ops', role: 'ops', key: 'dev-ops-key' },
    ]);
  });

  it('takes everything after the second colon as the key, so a key may contain colons', () => {
    expect(parseApiKeys('flow-monitor:service:tenant:abc:123456')).toEqual([{ client: 'flow-monitor', role: 'service', key: 'tenant:abc:123456' }]);
  });

  it.each([
    [undefined, /CLEARPATH_API_KEYS is not set; expected client:role:key/],
    ['  ', /CLEARPATH_API_KEYS is not set/],
    ['dev-core-banking-key', /entry 1 is not client:role:key/],
    // The format before clients were named: key:role.
    ['dev-ops-key:ops', /entry 1 is not client:role:key/],
    ['Core-Banking:core-banking:dev-core-banking-key', /entry 1 has an invalid client \(not echoed\)/],
    ['core banking:core-banking:dev-core-banking-key', /entry 1 has an invalid client/],
    [':ops:dev-ops-key', /entry 1 has an invalid client/],
    [
      'core-banking:core-banking:dev-core-banking-key,dev-agent:admin:dev-agent-key',
      /entry 2 has an unknown role \(not echoed[^)]*\); expected one of core-banking, service, agent, supervisor, compliance, ops/,
    ],
    ['core-banking:system:dev-core-banking-key', /entry 1 has an unknown role/],
    ['dev-ops:ops:', /entry 1 has an empty key/],
    ['core-banking:core-banking:dev-core-banking-key,,dev-ops:ops:dev-ops-key', /entry 2 is empty/],
    ['dev-ops:ops:short', /entry 1: the key is shorter than 8 characters/],
    ['dev-ops:ops:dev key with space', /entry 1: the key contains whitespace/],
    ['dev-ops:ops:dev-ops-key,dev-agent:agent:dev-agent-key,dev-ops:ops:another-ops-key', /entry 3 repeats the client of entry 1/],
    ['dev-ops:ops:dev-ops-key,dev-agent:agent:dev-ops-key', /entry 2 repeats the key of entry 1/],
  ])('rejects %p naming the variable and the entry', (value, message) => {
    expect(() => parseApiKeys(value)).toThrow(message);
  });

  it('never puts a key, or anything that might be one, into an error message', () => {
    const refusal = (value: string): string => {
      try {
        parseApiKeys(value);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal('svc:admin:secret-key-material')).not.toContain('secret-key-material');
    // Role and key swapped: what stands where the role should is the key.
    expect(refusal('svc:secret-key-material:ops')).not.toContain('secret-key-material');
    // Key first, as in the old format: what stands where the client should is the key.
    expect(refusal('Secret-Key-Material:ops:x')).not.toContain('Secret-Key-Material');
    expect(refusal('secret-key-material:ops')).not.toContain('secret-key-material');
    expect(refusal('a:ops:secret-key-material,b:ops:secret-key-material')).not.toContain('secret-key-material');
  });
});

describe('readAuthConfig', () => {
  it('reads the keys, the token secret and the token limits', () => {
    const config = readAuthConfig({ CLEARPATH_API_KEYS: 'dev-ops:ops:dev-ops-key', CLEARPATH_TOKEN_SECRET: 'dev-only-token-secret-change-me' });
    expect(config).toEqual({
      apiKeys: [{ client: 'dev-ops', role: 'ops', key: 'dev-ops-key' }],
      tokenSecret: 'dev-only-token-secret-change-me',
      tokenLimits: { maxLifetimeSeconds: 3600, leewaySeconds: 30 },
    });
  });

  it('names the token secret when it is missing or too short', () => {
    expect(() => readAuthConfig({ CLEARPATH_API_KEYS: 'dev-ops:ops:dev-ops-key' })).toThrow(/CLEARPATH_TOKEN_SECRET is not set/);
    expect(() => readAuthConfig({ CLEARPATH_API_KEYS: 'dev-ops:ops:dev-ops-key', CLEARPATH_TOKEN_SECRET: 'secret' })).toThrow(
      /CLEARPATH_TOKEN_SECRET must be at least 16 characters/,
    );
  });
});

describe('readTokenLimits', () => {
  it('reads CLEARPATH_TOKEN_MAX_LIFETIME_S and CLEARPATH_TOKEN_LEEWAY_S, with 3600 and 30 by default', () => {
    expect(readTokenLimits({})).toEqual({ maxLifetimeSeconds: 3600, leewaySeconds: 30 });
    expect(readTokenLimits({ CLEARPATH_TOKEN_MAX_LIFETIME_S: '300', CLEARPATH_TOKEN_LEEWAY_S: '0' })).toEqual({ maxLifetimeSeconds: 300, leewaySeconds: 0 });
  });

  it.each([
    ['CLEARPATH_TOKEN_MAX_LIFETIME_S', '59', /^CLEARPATH_TOKEN_MAX_LIFETIME_S must be a whole number of seconds from 60 to 86400$/],
    ['CLEARPATH_TOKEN_MAX_LIFETIME_S', '1h', /^CLEARPATH_TOKEN_MAX_LIFETIME_S must be/],
    ['CLEARPATH_TOKEN_LEEWAY_S', '301', /^CLEARPATH_TOKEN_LEEWAY_S must be a whole number of seconds from 0 to 300$/],
    ['CLEARPATH_TOKEN_LEEWAY_S', '-1', /^CLEARPATH_TOKEN_LEEWAY_S must be/],
  ])('refuses %s=%s naming the variable', (name, value, message) => {
    expect(() => readTokenLimits({ [name]: value })).toThrow(message);
  });
});
