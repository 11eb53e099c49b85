import { MASTER_KEYS_SECRETS, parseMasterKeys } from './master-keys';

const k = (fill: number): string => Buffer.alloc(32, fill).toString('base64');

describe('parseMasterKeys', () => {
  it('takes the first key as the one that wraps, and keeps the others for unwrapping', () => {
    const ring = parseMasterKeys(`k2:${k(2)}, k1:${k(1)}`);
    expect(ring.active.id).toBe('k2');
    expect([...ring.byId.keys()]).toEqual(['k2', 'k1']);
    expect(ring.byId.get('k1')!.key.export().equals(Buffer.alloc(32, 1))).toBe(true);
  });

  it.each([
    ['', /is not set/],
    ['k1', /has no id/],
    [`bad id:${k(1)}`, /the id must be/],
    ['k1:not base64!', /is not base64/],
    [`k1:${Buffer.alloc(16).toString('base64')}`, /is 16 bytes; AES-256 needs 32/],
    [`k1:${k(1)},k1:${k(2)}`, /repeats the id k1/],
  ])('refuses %j, naming the problem and never the key', (value, message) => {
    expect(() => parseMasterKeys(value)).toThrow(message);
    try {
      parseMasterKeys(value);
    } catch (error) {
      expect((error as Error).message).not.toContain(k(1));
    }
  });
});

describe('MASTER_KEYS_SECRETS', () => {
  it('is the ring as a list of secrets: each key as written after its id, in order', () => {
    expect(MASTER_KEYS_SECRETS.variable).toBe('CLEARPATH_PII_MASTER_KEYS');
    expect(MASTER_KEYS_SECRETS.secretsOf(`k2:${k(2)},k1:${k(1)}`)).toEqual([k(2), k(1)]);
  });
});
