import { ManualClock } from '@clearpath/contracts';
import { FailedAttemptsLimiter } from './failed-attempts.limiter';

const MINUTE = 60_000;

describe('FailedAttemptsLimiter', () => {
  const aLimiter = (clock: ManualClock, limit = 3, maxKeys?: number) =>
    new FailedAttemptsLimiter({ limit, windowMs: 15 * MINUTE, clock, ...(maxKeys === undefined ? {} : { maxKeys }) });

  it('allows attempts until `limit` failures are in the window, then refuses with the seconds until one leaves it', () => {
    const clock = new ManualClock();
    const limiter = aLimiter(clock);
    for (let i = 0; i < 3; i++) {
      expect(limiter.check('203.0.113.9')).toEqual({ allowed: true });
      limiter.recordFailure('203.0.113.9');
      clock.advance(MINUTE);
    }
    // Failures at 0, 1 and 2 minutes; now is 3 minutes: the first leaves the window at 15.
    expect(limiter.check('203.0.113.9')).toEqual({ allowed: false, retryAfterSeconds: 12 * 60 });
    clock.advance(12 * MINUTE - 1);
    expect(limiter.check('203.0.113.9')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1);
    expect(limiter.check('203.0.113.9')).toEqual({ allowed: true });
    // One more failure and the address waits for the next oldest (at 1 minute, so until 16).
    limiter.recordFailure('203.0.113.9');
    expect(limiter.check('203.0.113.9')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('keeps each key’s count apart', () => {
    const clock = new ManualClock();
    const limiter = aLimiter(clock, 1);
    limiter.recordFailure('203.0.113.1');
    expect(limiter.check('203.0.113.1').allowed).toBe(false);
    expect(limiter.check('203.0.113.2').allowed).toBe(true);
  });

  it('forgets a key once all its failures have left the window', () => {
    const clock = new ManualClock();
    const limiter = aLimiter(clock);
    limiter.recordFailure('203.0.113.1');
    expect(limiter.size).toBe(1);
    clock.advance(15 * MINUTE);
    expect(limiter.check('203.0.113.1')).toEqual({ allowed: true });
    expect(limiter.size).toBe(0);
  });

  it('keeps at most maxKeys keys, dropping expired ones first and then the least recently failed', () => {
    const clock = new ManualClock();
    const limiter = aLimiter(clock, 1, 10);
    for (let i = 0; i < 5; i++) limiter.recordFailure(`old-${i}`);
    clock.advance(15 * MINUTE);
    for (let i = 0; i < 10; i++) {
      limiter.recordFailure(`new-${i}`);
      clock.advance(1);
    }
    // The 11th key (5 old + 10 new) made room by dropping the expired ones.
    expect(limiter.size).toBe(10);
    limiter.recordFailure('newest');
    // Nothing expired: the least recent go until a tenth of the room is free.
    expect(limiter.size).toBe(9);
    expect(limiter.check('new-0').allowed).toBe(true);
    expect(limiter.check('new-9').allowed).toBe(false);
    expect(limiter.check('newest').allowed).toBe(false);
  });

  it('refuses a limit or window that is not a positive integer', () => {
    const clock = new ManualClock();
    expect(() => new FailedAttemptsLimiter({ limit: 0, windowMs: MINUTE, clock })).toThrow(/limit must be a positive integer/);
    expect(() => new FailedAttemptsLimiter({ limit: 3, windowMs: 0.5, clock })).toThrow(/windowMs must be a positive integer/);
  });
});
