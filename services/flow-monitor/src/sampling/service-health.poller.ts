import type { MonitoredService } from '../config/flow-monitor-settings';
import { metricValue } from './prometheus-text';

export interface ServiceHealth {
  readonly name: string;
  readonly url: string;
  /** `up`/`down` from /health/ready; `unreachable` when the service did not answer at all. */
  readonly status: 'up' | 'down' | 'unreachable';
  readonly failedChecks: readonly string[];
  /** Unpublished outbox rows, from the readiness check or the `clearpath_outbox_backlog` gauge. */
  readonly outboxBacklog: number | null;
  readonly deadLettered: number | null;
  readonly error: string | null;
  readonly checkedAt: string;
}

/**
 * Polls each service's `/health/ready` and `/metrics`, each request with a time limit. A service
 * that is down, slow or answering nonsense is reported as such; nothing here throws.
 */
export async function pollServiceHealth(service: MonitoredService, timeoutMs: number, now: Date): Promise<ServiceHealth> {
  const base = { name: service.name, url: service.url, checkedAt: now.toISOString() };
  const [ready, metrics] = await Promise.allSettled([fetchText(`${service.url}/health/ready`, timeoutMs), fetchText(`${service.url}/metrics`, timeoutMs)]);
  const metricsText = metrics.status === 'fulfilled' && metrics.value.status === 200 ? metrics.value.text : '';
  const fromMetrics = metricValue(metricsText, 'clearpath_outbox_backlog');
  const deadLettered = metricValue(metricsText, 'clearpath_events_dead_lettered_total');
  if (ready.status === 'rejected') {
    return { ...base, status: 'unreachable', failedChecks: [], outboxBacklog: fromMetrics, deadLettered, error: errorText(ready.reason) };
  }
  let report: { status?: unknown; failed?: unknown; checks?: Record<string, { details?: { backlog?: unknown } }> } = {};
  try {
    report = JSON.parse(ready.value.text) as typeof report;
  } catch {
    return {
      ...base,
      status: 'down',
      failedChecks: [],
      outboxBacklog: fromMetrics,
      deadLettered,
      error: `/health/ready answered ${ready.value.status} without JSON`,
    };
  }
  const backlog = report.checks?.outbox?.details?.backlog;
  return {
    ...base,
    status: ready.value.status === 200 && report.status === 'up' ? 'up' : 'down',
    failedChecks: Array.isArray(report.failed) ? report.failed.filter((f): f is string => typeof f === 'string') : [],
    outboxBacklog: typeof backlog === 'number' ? backlog : fromMetrics,
    deadLettered,
    error: null,
  };
}

async function fetchText(url: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json, text/plain' } });
  return { status: response.status, text: await response.text() };
}

function errorText(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  if (cause) return cause;
  return error instanceof Error ? (error.name === 'TimeoutError' ? 'timeout' : error.message) : String(error);
}
