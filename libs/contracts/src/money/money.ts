/**
 * Money is carried as decimal strings at the boundary ("1234.50") and as integer minor units
 * (bigint) inside, so no amount ever passes through a binary float.
 */
export const AMOUNT_PATTERN = /^\d{1,15}(\.\d{1,2})?$/;
export const SIGNED_AMOUNT_PATTERN = /^-?\d{1,15}(\.\d{1,2})?$/;

export function toMinorUnits(amount: string): bigint {
  if (!SIGNED_AMOUNT_PATTERN.test(amount)) throw new Error(`not a decimal amount: ${amount}`);
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const minor = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -minor : minor;
}

export function fromMinorUnits(minor: bigint): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

const CANONICAL_AMOUNT = /^-?(0|[1-9]\d*)\.\d{2}$/;

/** Normalizes "12.5" to "12.50". Canonical input (the common case) is returned as it is. */
export function normalizeAmount(amount: string): string {
  if (CANONICAL_AMOUNT.test(amount) && amount !== '-0.00') return amount;
  return fromMinorUnits(toMinorUnits(amount));
}

export function maxMinor(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
