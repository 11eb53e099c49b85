import fc from 'fast-check';
import { fromMinorUnits, normalizeAmount, toMinorUnits } from './money';

describe('money', () => {
  it('parses decimal strings into exact minor units', () => {
    expect(toMinorUnits('1234.50')).toBe(123450n);
    expect(toMinorUnits('0.07')).toBe(7n);
    expect(toMinorUnits('-12.3')).toBe(-1230n);
    expect(toMinorUnits('999999999999999.99')).toBe(99999999999999999n);
  });

  it('rejects what is not a two-digit decimal', () => {
    for (const bad of ['1.234', '1e3', '', '.5', '12,50', ' 1.00']) expect(() => toMinorUnits(bad)).toThrow();
  });

  it('round-trips any amount to the cent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 17n) + 1n, max: 10n ** 17n - 1n }), (minor) => {
        expect(toMinorUnits(fromMinorUnits(minor))).toBe(minor);
      }),
    );
  });

  it('normalizes to two fraction digits', () => {
    expect(normalizeAmount('12.5')).toBe('12.50');
    expect(normalizeAmount('7')).toBe('7.00');
    expect(normalizeAmount('0012.30')).toBe('12.30');
    expect(normalizeAmount('-0.00')).toBe('0.00');
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (minor) => expect(normalizeAmount(fromMinorUnits(minor))).toBe(fromMinorUnits(minor))),
    );
  });
});
