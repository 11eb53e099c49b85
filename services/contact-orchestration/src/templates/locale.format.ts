import { AMOUNT_PATTERN, normalizeAmount, type Locale } from '@clearpath/contracts';

/**
 * Money and dates as a debtor reads them in their own locale. Amounts arrive as decimal strings and
 * are formatted by string arithmetic only: a binary float would turn 1712.35 into 1712.3499… on the
 * way, and an amount a debtor is asked to pay must be exact to the cent.
 */
export const SUPPORTED_CURRENCIES = ['CNY', 'USD', 'GBP'] as const;
export type SupportedCurrency = (typeof SUPPORTED_CURRENCIES)[number];

export function isSupportedCurrency(code: string): code is SupportedCurrency {
  return (SUPPORTED_CURRENCIES as readonly string[]).includes(code);
}

// The symbol CLDR (and so Intl) uses for each currency in each locale: a bare "$" or "¥" only where
// the reader cannot mistake it for their own currency.
const SYMBOLS: Record<Locale, Record<SupportedCurrency, string>> = {
  'zh-CN': { CNY: '¥', USD: 'US$', GBP: '£' },
  'en-US': { CNY: 'CN¥', USD: '$', GBP: '£' },
  'en-GB': { CNY: 'CN¥', USD: 'US$', GBP: '£' },
};

// How {{currency}} reads: Chinese readers expect the currency's name, English letters the ISO code.
const CURRENCY_LABELS: Record<Locale, Record<SupportedCurrency, string>> = {
  'zh-CN': { CNY: '人民币', USD: '美元', GBP: '英镑' },
  'en-US': { CNY: 'CNY', USD: 'USD', GBP: 'GBP' },
  'en-GB': { CNY: 'CNY', USD: 'USD', GBP: 'GBP' },
};

/** "1712.35" + CNY in zh-CN → "¥1,712.35". All three locales group by thousands with "," and use "." for cents. */
export function formatMoney(amount: string, currency: string, locale: Locale): string {
  if (!AMOUNT_PATTERN.test(amount)) throw new RangeError(`not a non-negative decimal amount: "${amount}"`);
  if (!isSupportedCurrency(currency)) throw new RangeError(`unsupported currency: "${currency}"`);
  const [whole, cents] = normalizeAmount(amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${SYMBOLS[locale][currency]}${grouped}.${cents}`;
}

export function currencyLabel(currency: string, locale: Locale): string {
  if (!isSupportedCurrency(currency)) throw new RangeError(`unsupported currency: "${currency}"`);
  return CURRENCY_LABELS[locale][currency];
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A calendar date "2026-12-05" → "2026年12月5日" / "December 5, 2026" / "5 December 2026". Only a
 * date, never an instant: a due date converted through a time zone can land on the wrong day.
 */
export function formatDate(isoDate: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`not a calendar date "YYYY-MM-DD": "${isoDate}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date "YYYY-MM-DD": "${isoDate}"`);
  }
  switch (locale) {
    case 'zh-CN':
      return `${year}年${month}月${day}日`;
    case 'en-US':
      return `${EN_MONTHS[month - 1]} ${day}, ${year}`;
    case 'en-GB':
      return `${day} ${EN_MONTHS[month - 1]} ${year}`;
  }
}
