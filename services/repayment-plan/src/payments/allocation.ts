/**
 * How one payment is spread over a plan's instalments: the oldest unpaid instalment first, then the
 * next (so an early payment pays the next instalment ahead of its date, and a large one several),
 * each at most up to what it still owes. What is left after the last instalment is an overpayment,
 * recorded as `unallocated` and never lost. Pure: the use case loads and stores.
 */
export interface InstalmentBalance {
  readonly seq: number;
  readonly dueDate: string;
  readonly amountMinor: bigint;
  readonly paidMinor: bigint;
}

export interface Allocation {
  readonly seq: number;
  readonly amountMinor: bigint;
}

export interface AllocationResult {
  readonly allocations: readonly Allocation[];
  readonly instalments: readonly InstalmentBalance[];
  readonly unallocatedMinor: bigint;
  /** True when every instalment is paid in full. */
  readonly settled: boolean;
}

export function allocatePayment(instalments: readonly InstalmentBalance[], paymentMinor: bigint): AllocationResult {
  if (paymentMinor < 0n) throw new Error('a payment cannot be negative');
  let left = paymentMinor;
  const allocations: Allocation[] = [];
  const updated = [...instalments]
    .sort((a, b) => a.seq - b.seq)
    .map((i) => {
      const owed = i.amountMinor - i.paidMinor;
      if (left <= 0n || owed <= 0n) return i;
      const take = owed < left ? owed : left;
      left -= take;
      allocations.push({ seq: i.seq, amountMinor: take });
      return { ...i, paidMinor: i.paidMinor + take };
    });
  return { allocations, instalments: updated, unallocatedMinor: left, settled: updated.every((i) => i.paidMinor >= i.amountMinor) };
}

/** The oldest instalment not paid in full, or null. */
export function nextUnpaid(instalments: readonly InstalmentBalance[]): InstalmentBalance | null {
  return [...instalments].sort((a, b) => a.seq - b.seq).find((i) => i.paidMinor < i.amountMinor) ?? null;
}
