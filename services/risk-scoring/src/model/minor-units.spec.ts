import fc from 'fast-check';
import { MinorUnitsError, parseMinorUnits } from './minor-units';

describe('parseMinorUnits', () => {
  it('parses decimal strings into exact hundredths', () => {
    expect(parseMinorUnits('1234.50')).toBe(123450);
    expect(parseMinorUnits('1234.5')).toBe(123450);
    expect(parseMinorUnits('0.07')).toBe(7);
    expect(parseMinorUnits('-12.3')).toBe(-1230);
    expect(parseMinorUnits('20000')).toBe(2000000);
    expect(parseMinorUnits('-0.00')).toBe(0);
    expect(Object.is(parseMinorUnits('-0'), 0)).toBe(true);
  });

  it('rejects what the contract would reject', () => {
    for (const bad of ['', '-', '.5', '1.', '1.234', '1e3', '12,50', ' 1.00', '+1', '1.0x', '0x10', '1234567890123456']) {
      expect(() => parseMinorUnits(bad)).toThrow(MinorUnitsError);
    }
  });

  it('agrees with exact bigint arithmetic for every amount below 2^53 minor units', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n }), fc.integer({ min: 0, max: 2 }), (minor, decimals) => {
        const abs = minor < 0n ? -minor : minor;
        const whole = (abs / 100n).toString();
        const cents = (abs % 100n).toString().padStart(2, '0');
        // Render with 0, 1 or 2 fraction digits when that loses nothing.
        let text = `${whole}.${cents}`;
        if (decimals === 1 && cents.endsWith('0')) text = `${whole}.${cents[0]}`;
        if (decimals === 0 && cents === '00') text = whole;
        if (minor < 0n) text = `-${text}`;
        expect(parseMinorUnits(text)).toBe(Number(minor));
      }),
    );
  });
});
