const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      throw new RangeError(`unknown IANA time zone: ${timeZone}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall time of an instant, written as if it were UTC milliseconds (offset = wall − instant). */
function wallOf(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) + (((instant % 1000) + 1000) % 1000);
}

/** A calendar date `YYYY-MM-DD` as a day number (days since 1970-01-01). */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a date YYYY-MM-DD: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

export function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The debtor's calendar date at an instant. */
export function localDate(instant: Date, timeZone: string): string {
  return dateOfDay(Math.floor(wallOf(instant.getTime(), timeZone) / MS_PER_DAY));
}

/**
 * The first instant of a local calendar day. Usually local 00:00; where 00:00 is repeated (clocks
 * back at midnight) the earlier one; where it is skipped (clocks forward at midnight, e.g.
 * America/Santiago) the moment the clocks jump, which is when that day really starts.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const wall = dayNumber(date) * MS_PER_DAY;
  const offsetAt = (instant: number) => wallOf(instant, timeZone) - instant;
  // Offsets lie within −12h..+14h; sampling outside that range catches both sides of a transition.
  const offsets = new Set([offsetAt(wall - 15 * MS_PER_HOUR), offsetAt(wall + 15 * MS_PER_HOUR)]);
  for (const o of [...offsets]) offsets.add(offsetAt(wall - o));
  const exact = [...offsets].map((o) => wall - o).filter((u) => wallOf(u, timeZone) === wall).sort((a, b) => a - b);
  if (exact.length > 0) return new Date(exact[0]);
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallOf(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** The last millisecond of a local calendar day: one millisecond before the next day starts. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  return new Date(startOfLocalDay(dateOfDay(dayNumber(date) + 1), timeZone).getTime() - 1);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}
