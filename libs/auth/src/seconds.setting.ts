/** A setting in whole seconds: `fallback` when unset, else an integer in [min, max]; the error names the variable, never the value. */
export function wholeSecondsSetting(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const trimmed = raw.trim();
  const seconds = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < min || seconds > max) throw new Error(`${name} must be a whole number of seconds from ${min} to ${max}`);
  return seconds;
}
