import { addMonthsClamped } from './civil-date';

export interface ScheduledInstalment {
  /** 1-based. */
  readonly seq: number;
  readonly dueDate: string;
  readonly amountMinor: bigint;
}

/**
 * Splits `totalMinor` (integer minor units) into `count` monthly instalments.
 *
 * The remainder rule: every instalment gets ⌊total ÷ count⌋; the remainder r (0 ≤ r < count) is
 * added one minor unit each to the LAST r instalments. So the amounts differ by at most one minor
 * unit, they sum exactly to the total, and no earlier instalment is ever larger than a later one
 * (the debtor is never asked for more up front — CONC 7.3.10R's "not front-loaded").
 *
 * With a reduced first payment, the first instalment is `firstMinor` and the rest of the total is
 * split over the other count − 1 instalments by the same rule.
 *
 * Due dates: the first on `firstDueDate`, then monthly on the same day of the month, clamped to the
 * month's last day (see addMonthsClamped), all counted from the first date.
 */
export function buildSchedule(input: { totalMinor: bigint; count: number; firstDueDate: string; firstMinor?: bigint }): ScheduledInstalment[] {
  const { totalMinor, count, firstDueDate, firstMinor } = input;
  if (!Number.isInteger(count) || count < 1) throw new Error(`instalment count must be a positive integer, not ${count}`);
  if (totalMinor < BigInt(count)) throw new Error(`a total of ${totalMinor} minor units cannot be split into ${count} instalments of at least one`);
  let amounts: bigint[];
  if (firstMinor === undefined) {
    amounts = split(totalMinor, count);
  } else {
    if (count < 2) throw new Error('a reduced first payment needs at least two instalments');
    if (firstMinor < 1n || totalMinor - firstMinor < BigInt(count - 1))
      throw new Error('the reduced first payment leaves too little for the other instalments');
    amounts = [firstMinor, ...split(totalMinor - firstMinor, count - 1)];
  }
  return amounts.map((amountMinor, i) => ({ seq: i + 1, dueDate: addMonthsClamped(firstDueDate, i), amountMinor }));
}

function split(total: bigint, count: number): bigint[] {
  const n = BigInt(count);
  const base = total / n;
  const remainder = Number(total - base * n);
  return Array.from({ length: count }, (_, i) => base + (i >= count - remainder ? 1n : 0n));
}

export function sumMinor(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}
