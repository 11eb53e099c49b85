/**
 * Decimal money strings ("1234.50", "-12.3", "7") to integer minor units (hundredths), without
 * ever going through parseFloat: the digits are accumulated as an integer, which is exact for
 * every amount below 2^53 minor units (about 90 trillion in major units).
 *
 * The result is a JS number rather than a bigint because the only consumer is the feature mapping,
 * which needs ratios (bill / limit) on the scoring hot path, where bigint would allocate. Amounts
 * the contract allows above 2^53 minor units (15 integer digits) still parse, to the nearest double;
 * that only blurs a ratio, and no amount parsed here is stored or summed as money.
 */

const DOT = 46; // '.'
const MINUS = 45; // '-'
const ZERO = 48;
const NINE = 57;

export class MinorUnitsError extends Error {
  constructor(readonly input: string) {
    super(`not a decimal amount with at most two fraction digits: ${JSON.stringify(input)}`);
    this.name = 'MinorUnitsError';
  }
}

/** Same grammar as the inbound contract's signed amount: -?\d{1,15}(\.\d{1,2})? */
export function parseMinorUnits(amount: string): number {
  const n = amount.length;
  let i = 0;
  let negative = false;
  if (n > 0 && amount.charCodeAt(0) === MINUS) {
    negative = true;
    i = 1;
  }
  let whole = 0;
  let wholeDigits = 0;
  while (i < n) {
    const c = amount.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    whole = whole * 10 + (c - ZERO);
    wholeDigits++;
    i++;
  }
  if (wholeDigits === 0 || wholeDigits > 15) throw new MinorUnitsError(amount);
  let fraction = 0;
  if (i < n) {
    if (amount.charCodeAt(i) !== DOT) throw new MinorUnitsError(amount);
    i++;
    const fractionDigits = n - i;
    if (fractionDigits < 1 || fractionDigits > 2) throw new MinorUnitsError(amount);
    for (let k = 0; k < 2; k++) {
      let digit = 0;
      if (i < n) {
        const c = amount.charCodeAt(i);
        if (c < ZERO || c > NINE) throw new MinorUnitsError(amount);
        digit = c - ZERO;
        i++;
      }
      fraction = fraction * 10 + digit;
    }
  }
  const minor = whole * 100 + fraction;
  // -0 would make `Object.is` comparisons in tests fail and means nothing for money.
  return negative && minor !== 0 ? -minor : minor;
}
