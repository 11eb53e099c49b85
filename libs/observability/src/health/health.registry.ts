import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { Logger } from '../logging/logger.factory';
import type { HealthCheckResult, HealthIndicator, HealthStatus } from './health-indicator';

export const DEFAULT_CHECK_TIMEOUT_MS = 1000;

export interface CheckReport extends HealthCheckResult {
  readonly durationMs: number;
}

export interface ReadinessReport {
  readonly status: HealthStatus;
  readonly checks: Readonly<Record<string, CheckReport>>;
  /** Names of the checks that are down; empty when ready. */
  readonly failed: readonly string[];
}

export interface HealthRegistryOptions {
  readonly defaultTimeoutMs?: number;
  /** Used to log a check going down or coming back, once per change rather than once per probe. */
  readonly logger?: Logger;
}

/**
 * The readiness checks a service registered, run together, each with its own time limit: a probe
 * that hangs on a dead database would otherwise hang the probe itself, and Kubernetes would read
 * its own timeout instead of our answer.
 */
export class HealthRegistry implements BeforeApplicationShutdown {
  private readonly indicators = new Map<string, HealthIndicator>();
  private readonly lastStatus = new Map<string, HealthStatus>();
  private shuttingDown = false;

  constructor(private readonly options: HealthRegistryOptions = {}) {}

  register(...indicators: HealthIndicator[]): void {
    for (const indicator of indicators) {
      if (this.indicators.has(indicator.name)) throw new Error(`health indicator '${indicator.name}' is already registered`);
      this.indicators.set(indicator.name, indicator);
    }
  }

  /** Both probes fail from here on, so the load balancer stops routing to us while we drain. */
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async readiness(): Promise<ReadinessReport> {
    const entries = await Promise.all([...this.indicators.values()].map(async (indicator) => [indicator.name, await this.run(indicator)] as const));
    const checks = Object.fromEntries(entries);
    const failed = entries.filter(([, report]) => report.status === 'down').map(([name]) => name);
    if (this.shuttingDown) failed.push('shutdown');
    return { status: failed.length === 0 ? 'up' : 'down', checks, failed };
  }

  private async run(indicator: HealthIndicator): Promise<CheckReport> {
    const timeoutMs = indicator.timeoutMs ?? this.options.defaultTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<HealthCheckResult>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'down', details: { error: 'timeout', timeoutMs } }), timeoutMs);
    });
    try {
      const result = await Promise.race([
        // A check that throws synchronously is down, not a crashed probe.
        Promise.resolve().then(() => indicator.check()),
        timeout,
      ]);
      return this.noted(indicator.name, { ...result, durationMs: elapsed(started) });
    } catch (error) {
      return this.noted(indicator.name, { status: 'down', details: { error: errorMessage(error) }, durationMs: elapsed(started) });
    } finally {
      clearTimeout(timer);
    }
  }

  private noted(name: string, report: CheckReport): CheckReport {
    const previous = this.lastStatus.get(name);
    this.lastStatus.set(name, report.status);
    if (previous !== report.status && this.options.logger && (previous !== undefined || report.status === 'down')) {
      const line = { check: name, status: report.status, details: report.details };
      if (report.status === 'down') this.options.logger.warn(line, 'readiness check down');
      else this.options.logger.info(line, 'readiness check recovered');
    }
    return report;
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
