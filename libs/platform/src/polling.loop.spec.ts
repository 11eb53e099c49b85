import { ManualClock } from '@clearpath/contracts';
import { PollingLoop } from './polling.loop';

describe('PollingLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs a busy pass again at once, waits the poll after an idle one, retries after a failure, and stops', async () => {
    const clock = new ManualClock('2026-12-01T00:00:00Z');
    const errors: string[] = [];
    const outcomes: Array<boolean | Error> = [true, true, false, new Error('database away'), false];
    const seen: string[] = [];
    const loop = new PollingLoop({
      name: 'test pass',
      pollMs: 1_000,
      clock,
      logger: { error: (_o, message) => errors.push(message) },
      pass: async (now) => {
        seen.push(now.toISOString());
        const next = outcomes.shift() ?? false;
        if (next instanceof Error) throw next;
        return next;
      },
    });
    loop.start();
    // Node runs a 0 ms timer after 1 ms: five milliseconds are room for the two busy passes and the idle one.
    for (let i = 0; i < 5; i++) await jest.advanceTimersByTimeAsync(1);
    expect(seen).toHaveLength(3); // busy, busy, then idle: the next waits for the poll
    await jest.advanceTimersByTimeAsync(990);
    expect(seen).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(10);
    expect(seen).toHaveLength(4);
    expect(errors).toEqual(['test pass failed; retrying at the next poll']);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(seen).toHaveLength(5);
    await loop.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(seen).toHaveLength(5);
  });
});
