import type { Clock } from '@clearpath/contracts';

export interface FailedAttemptsOptions {
  /** Failures a key may collect within the window before its attempts are refused. */
  readonly limit: number;
  readonly windowMs: number;
  /** Time is read from it, so tests move past the window instead of waiting. */
  readonly clock: Clock;
  /** Keys kept at most; the ones idle longest are dropped first. */
  readonly maxKeys?: number;
}

export type AttemptCheck = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

const DEFAULT_MAX_KEYS = 100_000;

/**
 * Counts failed credential checks per key (a client address) in a sliding window; once `limit`
 * failures are in it, the key's attempts are refused — valid ones too, or an attacker would keep
 * guessing and only the right guess would get through — until the oldest failure leaves the window.
 * Successes are never counted and never clear the count: a caller holding one valid credential
 * cannot reset its budget for guessing others.
 *
 * In memory, so per instance; behind several instances each keeps its own count.
 */
export class FailedAttemptsLimiter {
  /** Key → failure times (ms), oldest first; Map order is least recently failed first. */
  private readonly failures = new Map<string, number[]>();
  private readonly maxKeys: number;

  constructor(private readonly options: FailedAttemptsOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error('limit must be a positive integer');
    if (!Number.isInteger(options.windowMs) || options.windowMs < 1) throw new Error('windowMs must be a positive integer');
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  }

  /** Whether `key` may make an attempt now; call before checking the credential. */
  check(key: string): AttemptCheck {
    const now = this.options.clock.now().getTime();
    const times = this.live(key, now);
    if (times.length < this.options.limit) return { allowed: true };
    // The attempt that frees a slot is allowed once the oldest of the last `limit` failures expires.
    const oldest = times[times.length - this.options.limit]!;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.options.windowMs - now) / 1000)) };
  }

  /** Counts a failed attempt of `key`. */
  recordFailure(key: string): void {
    const now = this.options.clock.now().getTime();
    const times = this.live(key, now);
    times.push(now);
    // Nothing beyond `limit` failures is ever needed to decide.
    if (times.length > this.options.limit) times.splice(0, times.length - this.options.limit);
    // Re-insert so that Map order stays least recently failed first.
    this.failures.delete(key);
    this.failures.set(key, times);
    if (this.failures.size > this.maxKeys) this.evict(now);
  }

  /** Keys with failures in the window (for tests and metrics). */
  get size(): number {
    return this.failures.size;
  }

  private live(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (times === undefined) return [];
    const from = times.findIndex((at) => at > now - this.options.windowMs);
    if (from === -1) {
      this.failures.delete(key);
      return [];
    }
    if (from > 0) times.splice(0, from);
    return times;
  }

  /**
   * Drops the keys whose failures have all expired, then the least recent until a tenth of the room
   * is free again, so that a flood of new keys pays for one sweep per many failures, not per failure.
   */
  private evict(now: number): void {
    for (const [key, times] of this.failures) {
      if (times[times.length - 1]! <= now - this.options.windowMs) this.failures.delete(key);
    }
    const target = Math.floor(this.maxKeys * 0.9);
    for (const key of this.failures.keys()) {
      if (this.failures.size <= target) break;
      this.failures.delete(key);
    }
  }
}
