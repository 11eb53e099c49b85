import { ZonedCalendar, isTimeZone } from './zoned-calendar';

/**
 * Local calendar days as the services count them (deadlines, breathing spaces, validation periods,
 * holidays): a date "YYYY-MM-DD" in the debtor's zone, its first instant and its last.
 */
const MS_PER_DAY = 86_400_000;

/** A calendar date `YYYY-MM-DD` as a day number (days since 1970-01-01). */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a date YYYY-MM-DD: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

export function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The debtor's calendar date at an instant. A zone the runtime does not know throws a RangeError
 * naming it, unless `fallbackZone` is given: then the date is counted there (repayment-plan's
 * offers and plans count in UTC rather than refuse a case whose zone is unknown).
 */
export function localDate(instant: Date, timeZone: string, fallbackZone?: string): string {
  const zone = fallbackZone !== undefined && !isTimeZone(timeZone) ? fallbackZone : timeZone;
  return dateOfDay(ZonedCalendar.of(zone).local(instant.getTime()).day);
}

/**
 * The first instant of a local calendar day (the shared ZonedCalendar places it). Usually local 00:00; where 00:00 is repeated (clocks
 * back at midnight) the earlier one; where it is skipped (clocks forward at midnight, e.g.
 * America/Santiago) the moment the clocks jump, which is when that day really starts.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return new Date(ZonedCalendar.of(timeZone).instantsAt(dayNumber(date), 0)[0]!);
}

/** The last millisecond of a local calendar day: one millisecond before the next day starts. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  return new Date(startOfLocalDay(dateOfDay(dayNumber(date) + 1), timeZone).getTime() - 1);
}

/** `days` calendar days after `date` (before it when negative); an impossible date (2027-02-30) throws. */
export function addDays(date: string, days: number): string {
  const day = dayNumber(date);
  if (dateOfDay(day) !== date) throw new Error(`not a calendar date YYYY-MM-DD: ${date}`);
  return dateOfDay(day + days);
}
