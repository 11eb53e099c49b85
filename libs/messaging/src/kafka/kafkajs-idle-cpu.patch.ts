/**
 * kafkajs 2.2.4 busy-loops on a timer when a connection has nothing queued
 * (tulios/kafkajs#1556; the fix, PR #1667, was never released): `scheduleCheckPendingRequests`
 * re-arms a `setTimeout` with a negative delay forever. On a two-core machine that keeps every
 * idle service burning CPU. We replace the method with one that only schedules a check while
 * requests are actually waiting; a new request schedules again when it is queued, and a finished
 * in-flight request checks the queue itself.
 */
import { createRequire } from 'node:module';

const PATCHED = Symbol.for('clearpath.kafkajs.idle-cpu-patch');
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

interface RequestQueueLike {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checkPendingRequests(): void;
}

export function applyKafkajsIdleCpuPatch(): boolean {
  const load = createRequire(require.resolve('kafkajs'));
  const version = (load('kafkajs/package.json') as { version: string }).version;
  const RequestQueue = load('kafkajs/src/network/requestQueue/index.js') as {
    prototype: RequestQueueLike & { [PATCHED]?: boolean; scheduleCheckPendingRequests(): void };
  };
  if (RequestQueue.prototype[PATCHED]) return true;
  if (version !== '2.2.4') {
    // The patch targets one exact release; a different one must be re-checked, not patched blindly.
    return false;
  }
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueLike) {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
    const untilThrottleEnds = this.throttledUntil - Date.now();
    const delay = untilThrottleEnds > 0 ? untilThrottleEnds : CHECK_PENDING_REQUESTS_INTERVAL_MS;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delay);
  };
  RequestQueue.prototype[PATCHED] = true;
  return true;
}
