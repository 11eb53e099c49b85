import fc from 'fast-check';
import { normalizeAmount, LOCALES } from '@clearpath/contracts';
import { currencyLabel, formatDate, formatMoney, SUPPORTED_CURRENCIES } from './locale.format';

// Decimal strings as they arrive on the wire: up to 15 whole digits, 0–2 decimals, no float anywhere.
const amount = fc
  .tuple(fc.bigInt({ min: 0n, max: 999_999_999_999_999n }), fc.constantFrom('', '.', '.d', '.dd'), fc.integer({ min: 0, max: 99 }))
  .map(([whole, shape, cents]) => {
    const c = cents.toString().padStart(2, '0');
    return shape === '.dd' ? `${whole}.${c}` : shape === '.d' ? `${whole}.${c[0]}` : `${whole}`;
  });

/** Intl.NumberFormat as ES2023 declares it, formatting a decimal string exactly: the ES2022 lib we compile against declares numbers only. */
interface DecimalNumberFormat {
  format(value: string | number | bigint): string;
}
const currencyFormat = (locale: string, currency: string): DecimalNumberFormat => new Intl.NumberFormat(locale, { style: 'currency', currency });

describe('formatMoney', () => {
  it.each([
    ['1712.35', 'CNY', 'zh-CN', '¥1,712.35'],
    ['1712.35', 'USD', 'en-US', '$1,712.35'],
    ['1712.35', 'GBP', 'en-GB', '£1,712.35'],
    ['0.5', 'GBP', 'en-GB', '£0.50'],
    ['0', 'CNY', 'zh-CN', '¥0.00'],
    ['999', 'USD', 'en-US', '$999.00'],
    ['1000', 'USD', 'en-US', '$1,000.00'],
    ['123456789012345.67', 'CNY', 'zh-CN', '¥123,456,789,012,345.67'],
    ['1712.35', 'USD', 'zh-CN', 'US$1,712.35'],
    ['1712.35', 'CNY', 'en-US', 'CN¥1,712.35'],
    ['1712.35', 'USD', 'en-GB', 'US$1,712.35'],
  ] as const)('%s %s in %s → %s', (value, currency, locale, expected) => {
    expect(formatMoney(value, currency, locale)).toBe(expected);
  });

  it('agrees with Intl to the cent for any amount, currency and locale (Intl formats decimal strings exactly)', () => {
    fc.assert(
      fc.property(amount, fc.constantFrom(...SUPPORTED_CURRENCIES), fc.constantFrom(...LOCALES), (value, currency, locale) => {
        const intl = currencyFormat(locale, currency).format(value);
        expect(formatMoney(value, currency, locale)).toBe(intl);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every digit: stripping symbol and separators gives back the normalized amount', () => {
    fc.assert(
      fc.property(amount, fc.constantFrom(...SUPPORTED_CURRENCIES), fc.constantFrom(...LOCALES), (value, currency, locale) => {
        expect(
          formatMoney(value, currency, locale)
            .replace(/^[^\d]+/, '')
            .replace(/,/g, ''),
        ).toBe(normalizeAmount(value));
      }),
      { numRuns: 500 },
    );
  });

  it.each(['-1.00', '1.234', '1e3', '', ' 12.00', '12,00', 'NaN'])('refuses %j', (value) => {
    expect(() => formatMoney(value, 'CNY', 'zh-CN')).toThrow('not a non-negative decimal amount');
  });

  it('refuses a currency it cannot format', () => {
    expect(() => formatMoney('1.00', 'EUR', 'en-GB')).toThrow('unsupported currency: "EUR"');
  });
});

describe('formatDate', () => {
  it.each([
    ['2026-12-05', 'zh-CN', '2026年12月5日'],
    ['2026-12-05', 'en-US', 'December 5, 2026'],
    ['2026-12-05', 'en-GB', '5 December 2026'],
    ['2028-02-29', 'en-GB', '29 February 2028'],
  ] as const)('%s in %s → %s', (date, locale, expected) => {
    expect(formatDate(date, locale)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-5', '2026-12-05T00:00:00Z', '05/12/2026'])('refuses %j', (date) => {
    expect(() => formatDate(date, 'en-GB')).toThrow('not a calendar date');
  });
});

describe('currencyLabel', () => {
  it('names the currency for Chinese readers and uses the ISO code in English', () => {
    expect(currencyLabel('CNY', 'zh-CN')).toBe('人民币');
    expect(currencyLabel('GBP', 'en-GB')).toBe('GBP');
  });
});
