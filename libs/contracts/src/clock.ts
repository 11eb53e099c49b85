/**
 * Every service reads time from a Clock it is given, never from `new Date()` directly, so tests
 * move time instead of waiting for it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The system clock shifted by a fixed offset: for processes a test or benchmark cannot reach into. */
export function offsetClock(offsetMs: number, real: Clock = systemClock): Clock {
  return { now: () => new Date(real.now().getTime() + offsetMs) };
}

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-11-28T12:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
