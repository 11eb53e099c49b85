import fc from 'fast-check';
import { SealedValueError, isSealed, newDataKey, open, seal, sealedVersion, sealingKey, unwrapDataKey, wrapDataKey } from './sealing';

describe('sealing personal data', () => {
  const raw = newDataKey();
  const key = sealingKey(raw);

  it('opens what it sealed, for any text, and the sealed form shows none of it', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), fc.string({ minLength: 1, maxLength: 64 }), fc.integer({ min: 1, max: 1000 }), (text, subject, version) => {
        const sealed = seal(text, key, version, subject);
        expect(isSealed(sealed)).toBe(true);
        expect(sealedVersion(sealed)).toBe(version);
        expect(sealed.includes(text)).toBe(false);
        expect(open(sealed, key, subject)).toBe(text);
      }),
    );
  });

  it('seals the same text differently each time (random iv)', () => {
    expect(seal('王小明', key, 1, 'C-1')).not.toBe(seal('王小明', key, 1, 'C-1'));
  });

  it('refuses another subject, another key, a relabelled version and a flipped byte', () => {
    const sealed = seal('+8613800138000', key, 1, 'C-1');
    expect(() => open(sealed, key, 'C-2')).toThrow(SealedValueError);
    expect(() => open(sealed, sealingKey(newDataKey()), 'C-1')).toThrow(SealedValueError);
    expect(() => open(sealed.replace(/^pd1\.1\./, 'pd1.2.'), key, 'C-1')).toThrow(SealedValueError);
    const body = Buffer.from(sealed.split('.')[2]!, 'base64url');
    body[14] = body[14]! ^ 1;
    expect(() => open(`pd1.1.${body.toString('base64url')}`, key, 'C-1')).toThrow(SealedValueError);
    expect(() => open('王小明', key, 'C-1')).toThrow(SealedValueError);
  });

  it('wraps a data key under a master key, bound to its subject and version', () => {
    const master = sealingKey(newDataKey());
    const wrapped = wrapDataKey(raw, master, 'C-1', 3);
    expect(unwrapDataKey(wrapped, master, 'C-1', 3).equals(raw)).toBe(true);
    expect(() => unwrapDataKey(wrapped, master, 'C-1', 4)).toThrow(SealedValueError);
    expect(() => unwrapDataKey(wrapped, master, 'C-9', 3)).toThrow(SealedValueError);
  });

  it('takes keys of 32 bytes only', () => {
    expect(() => sealingKey(Buffer.alloc(16))).toThrow(SealedValueError);
  });
});
