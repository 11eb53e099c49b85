import type { Clock } from '@clearpath/contracts';

/** What a scheduler needs from a logger: the error of a failed pass. */
interface ErrorLogger {
  error(object: object, message: string): void;
}

/**
 * The timer behind every durable scheduler (contact dispatch, repayment sweep, complaint
 * deadlines): all their state is in PostgreSQL, so the loop only decides when to run the next pass.
 * A pass that reports itself busy (it stopped at its batch limit) runs again at once, an idle one
 * waits `pollMs`, a failed one is logged and retried at the next poll — never a busy loop, never a
 * crash. `stop()` waits for the pass in flight. Tests do not start it: they call the pass with a
 * moved clock.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly options: {
      readonly name: string;
      readonly pollMs: number;
      readonly clock: Clock;
      readonly logger: ErrorLogger;
      /** One pass at `now`; answers whether it is busy (run again at once). */
      readonly pass: (now: Date) => Promise<boolean>;
    },
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const run = this.options.pass(this.options.clock.now());
      this.running = run;
      run.then(
        (busy) => this.schedule(busy ? 0 : this.options.pollMs),
        (error: Error) => {
          this.options.logger.error({ err: error }, `${this.options.name} failed; retrying at the next poll`);
          this.schedule(this.options.pollMs);
        },
      );
    }, delayMs);
    // A pending poll never keeps the process alive on its own.
    this.timer.unref();
  }
}
