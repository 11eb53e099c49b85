import { fromMinorUnits, toMinorUnits } from '@clearpath/contracts';

/**
 * Expected recovery of a task: probability of paying (1 − probability of default) × overdue amount,
 * in exact decimal arithmetic (probability has 4 decimals): a decimal string with 4 decimals.
 * An unknown probability counts as 0.5.
 */
export function expectedRecovery(probabilityOfDefault: string | null, overdueAmount: string): string {
  const pdTenThousandths = probabilityOfDefault === null ? 5_000n : BigInt(Math.round(Number(probabilityOfDefault) * 10_000));
  const payTenThousandths = 10_000n - (pdTenThousandths > 10_000n ? 10_000n : pdTenThousandths < 0n ? 0n : pdTenThousandths);
  const minor = toMinorUnits(overdueAmount);
  // minor units × 1/10000 → value in units with 6 decimals; keep 4.
  const scaled = (minor * payTenThousandths) / 100n; // value × 10^4
  const whole = fromMinorUnits(scaled / 100n);
  const rest = (scaled % 100n).toString().padStart(2, '0');
  return `${whole}${rest}`;
}
