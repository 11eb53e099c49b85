const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
/** Offsets change at most once in any quarter hour (tzdb has no two transitions that close). */
const OFFSET_BUCKET_MS = 15 * 60_000;

/** A local calendar day as a day number (days since 1970-01-01 on the local calendar) and a time on it. */
export interface LocalTime {
  readonly day: number;
  readonly msOfDay: number;
}

/** "HH:MM" (00:00..24:00) → milliseconds after local midnight. */
export function timeOfDayMs(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`not a time of day "HH:MM": ${hhmm}`);
  const ms = (Number(m[1]) * 60 + Number(m[2])) * 60_000;
  if (Number(m[2]) > 59 || ms > MS_PER_DAY) throw new Error(`not a time of day "HH:MM": ${hhmm}`);
  return ms;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
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

const ianaZones = new Map<string, boolean>();
const MAX_ZONE_NAME = 64;

/**
 * A zone name the contract accepts: Area/Location (or UTC) that the runtime knows — not an
 * abbreviation such as "EST". Memoized: a nightly roll repeats the same few zones a million times.
 */
export function isIanaTimeZone(zone: string): boolean {
  // The longest IANA name is 32 characters: a longer string is no zone, and is neither looked up nor
  // remembered (a sender could otherwise fill the memo with megabytes of made-up names).
  if (zone.length > MAX_ZONE_NAME) return false;
  let known = ianaZones.get(zone);
  if (known === undefined) {
    known = (zone.includes('/') || zone === 'UTC') && isTimeZone(zone);
    if (ianaZones.size < 10_000) ianaZones.set(zone, known);
  }
  return known;
}

/**
 * Wall-clock arithmetic in one IANA zone, built on Intl only (the tz database of the runtime), so it
 * is DST-correct without a date library. A "wall" instant is the local date-time written as if it
 * were UTC milliseconds; offset = wall − instant.
 *
 * Converting a wall time back to an instant has three cases: one instant (the usual), two (the
 * repeated hour when clocks go back: both are returned, earliest first), none (the skipped hour
 * when clocks go forward: the moment the clocks jump is returned, i.e. the first instant whose
 * wall time is later than the one asked for — the earliest moment a window opening in the gap is
 * really open).
 */
export class ZonedCalendar {
  private static readonly byZone = new Map<string, ZonedCalendar>();
  // Intl formatting dominates the guard's cost and the same history instants recur on every
  // decision; the memo is bounded by clearing, which is cheap and keeps memory flat.
  private readonly memo = new Map<number, number>();
  /** Per quarter hour (instant ÷ 15 min): the zone's offset, or null when it changes inside it. */
  private readonly offsets = new Map<number, number | null>();
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.format = formatterFor(timeZone);
  }

  /** One shared calendar per zone (they hold no state but the memo). */
  static of(timeZone: string): ZonedCalendar {
    let calendar = ZonedCalendar.byZone.get(timeZone);
    if (calendar === undefined) {
      calendar = new ZonedCalendar(timeZone);
      ZonedCalendar.byZone.set(timeZone, calendar);
    }
    return calendar;
  }

  wallOf(instant: number): number {
    // Most instants fall in a quarter hour whose offset does not change: one Intl call per quarter
    // hour and zone, not per instant. Where the offset differs between a quarter hour's first and
    // last millisecond (a transition is inside it), each instant is computed exactly.
    const bucket = Math.floor(instant / OFFSET_BUCKET_MS);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      if (this.offsets.size >= 50_000) this.offsets.clear();
      const first = bucket * OFFSET_BUCKET_MS;
      const last = first + OFFSET_BUCKET_MS - 1;
      const atFirst = this.computeWall(first) - first;
      offset = atFirst === this.computeWall(last) - last ? atFirst : null;
      this.offsets.set(bucket, offset);
    }
    if (offset !== null) return instant + offset;
    const known = this.memo.get(instant);
    if (known !== undefined) return known;
    if (this.memo.size >= 20_000) this.memo.clear();
    const wall = this.computeWall(instant);
    this.memo.set(instant, wall);
    return wall;
  }

  private computeWall(instant: number): number {
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wholeSeconds = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    // Intl shows whole seconds; the sub-second part of an instant is the same in every zone.
    return wholeSeconds + (((instant % 1000) + 1000) % 1000);
  }

  local(instant: number): LocalTime {
    const wall = this.wallOf(instant);
    const day = Math.floor(wall / MS_PER_DAY);
    return { day, msOfDay: wall - day * MS_PER_DAY };
  }

  /** Every instant whose local time is `msOfDay` on local `day`; in a DST gap, the moment the clocks jump. */
  instantsAt(day: number, msOfDay: number): number[] {
    const wall = day * MS_PER_DAY + msOfDay;
    const offsetAt = (instant: number): number => this.wallOf(instant) - instant;
    // Real offsets lie within −12h..+14h, so the instant lies within wall −14h..+12h; sampling just
    // outside that range catches the offsets on both sides of any one transition.
    const offsets = new Set([offsetAt(wall - 15 * MS_PER_HOUR), offsetAt(wall + 15 * MS_PER_HOUR)]);
    for (const o of [...offsets]) offsets.add(offsetAt(wall - o));
    const exact = [...new Set([...offsets].map((o) => wall - o))].filter((u) => this.wallOf(u) === wall).sort((a, b) => a - b);
    if (exact.length > 0) return exact;

    // In the gap: wall(lo) < wall < wall(hi) and the wall clock only moves forward in between.
    let lo = wall - Math.max(...offsets);
    let hi = wall - Math.min(...offsets);
    if (!(this.wallOf(lo) < wall && this.wallOf(hi) > wall)) throw new Error(`cannot place local time ${new Date(wall).toISOString()} in ${this.timeZone}`);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.wallOf(mid) >= wall) hi = mid;
      else lo = mid;
    }
    return [hi];
  }

  /** The earliest instant ≥ `notBefore` at which the local time is `msOfDay` on local `day` (or the clocks jump past it); null if none. */
  firstAt(day: number, msOfDay: number, notBefore: number): number | null {
    return this.instantsAt(day, msOfDay).find((u) => u >= notBefore) ?? null;
  }
}
