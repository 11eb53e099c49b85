export type HealthStatus = 'up' | 'down';

export interface HealthCheckResult {
  readonly status: HealthStatus;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** One readiness dependency (PostgreSQL, Kafka, the outbox). */
export interface HealthIndicator {
  readonly name: string;
  /** Longer than this and the check counts as down with "timeout"; defaults to the registry's (1 s). */
  readonly timeoutMs?: number;
  check(): Promise<HealthCheckResult>;
}
