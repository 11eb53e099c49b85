/** Small numeric helpers for the benchmark's report. */

/** Nearest-rank percentile of an already sorted array (p in 0..100). */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  return {
    count: arr.length,
    p50Ms: percentileSorted(arr, 50),
    p90Ms: percentileSorted(arr, 90),
    p99Ms: percentileSorted(arr, 99),
    maxMs: arr.length > 0 ? arr[arr.length - 1] : Number.NaN,
  };
}

export const round = (n: number, digits = 0): number => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

export function fmtMs(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

export function fmtPct(n: number, digits = 1): string {
  return Number.isFinite(n) ? `${n.toFixed(digits)} %` : 'n/a';
}

export function fmtMb(kb: number): string {
  return Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'n/a';
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A table with left-aligned columns, for the terminal. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
