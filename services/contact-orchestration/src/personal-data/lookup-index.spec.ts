import { parseMasterKeys } from '@clearpath/persistence';
import { LookupIndex, normalizeAddress } from './lookup-index';

const key = (fill: number): string => Buffer.alloc(32, fill).toString('base64');

describe('the lookup index of sealed phone numbers and e-mail addresses', () => {
  const index = new LookupIndex(parseMasterKeys(`k1:${key(1)}`));

  it('gives one digest per address however it is written, and shows none of it', () => {
    expect(index.digest('+86 138-0013-8000')).toBe(index.digest('+8613800138000'));
    expect(index.digest(' Wang@Example.com ')).toBe(index.digest('wang@example.com'));
    expect(index.digest('+8613800138000')).not.toBe(index.digest('+8613800138001'));
    expect(index.digest('+8613800138000')).toMatch(/^k1:[A-Za-z0-9_-]{43}$/);
    expect(index.digest('+8613800138000')).not.toContain('13800138000');
  });

  it('keeps dots in e-mail addresses and drops them from phone numbers', () => {
    expect(normalizeAddress('a.b@example.com')).toBe('a.b@example.com');
    expect(normalizeAddress('(020) 7946.0000')).toBe('02079460000');
  });

  it('still finds what was indexed before a rotation, and indexes anew under the active key', () => {
    const rotated = new LookupIndex(parseMasterKeys(`k2:${key(2)},k1:${key(1)}`));
    expect(rotated.candidates('+8613800138000')).toEqual([rotated.digest('+8613800138000'), index.digest('+8613800138000')]);
    expect(rotated.digest('+8613800138000').startsWith(rotated.activePrefix)).toBe(true);
    expect(rotated.activePrefix).toBe('k2:');
  });

  it('cannot be matched without the master key', () => {
    expect(new LookupIndex(parseMasterKeys(`k1:${key(3)}`)).digest('+8613800138000')).not.toBe(index.digest('+8613800138000'));
  });
});
