import { z } from 'zod';
import { loadRuntimeConfig, type RuntimeConfig } from '@clearpath/platform';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export interface MonitoredService {
  readonly name: string;
  /** Base URL of the service's HTTP port: `/health/ready` and `/metrics` are read from it. */
  readonly url: string;
}

/** What flow-monitor reads beyond the platform's runtime config. */
export interface FlowMonitorSettings {
  readonly services: readonly MonitoredService[];
  /** Off in tests, which call `sample(now)` themselves. */
  readonly samplerEnabled: boolean;
  readonly sampleIntervalMs: number;
  /** Each service's health and metrics request gives up after this long (the service shows as down). */
  readonly healthTimeoutMs: number;
  /** How many of each dead-letter topic's newest records the sampler reads for their reasons. */
  readonly dlqNewest: number;
  /** How long a DLQ replay request waits for its second person before it expires (can no longer be approved). */
  readonly replayRequestTtlHours: number;
}

export interface FlowMonitorConfig extends RuntimeConfig {
  readonly monitor: FlowMonitorSettings;
}

export const FLOW_MONITOR_DEFAULTS = { port: 3000, schema: 'flow_monitor', group: 'flow-monitor' };

export const DEFAULT_MONITORED_SERVICES =
  'ingestion=http://127.0.0.1:3001,risk-scoring=http://127.0.0.1:3002,contact-orchestration=http://127.0.0.1:3003,repayment-plan=http://127.0.0.1:3004,complaints=http://127.0.0.1:3005';

const P = 'FLOW_MONITOR';

/** `name=http://host:port,...` → services; every entry must have a name and an http(s) URL. */
export function parseMonitoredServices(value: string): MonitoredService[] {
  const services = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const at = entry.indexOf('=');
      const name = at > 0 ? entry.slice(0, at).trim() : '';
      const url =
        at > 0
          ? entry
              .slice(at + 1)
              .trim()
              .replace(/\/+$/, '')
          : '';
      if (!/^[a-z][a-z0-9-]*$/.test(name) || !/^https?:\/\/[^\s/]+/.test(url)) throw new Error(`'${entry}' is not name=http(s)://host:port`);
      return { name, url };
    });
  const names = new Set(services.map((s) => s.name));
  if (names.size !== services.length) throw new Error('a service is listed twice');
  return services;
}

const settingsSchema = z.object({
  [`${P}_SERVICES`]: z
    .string()
    .default(DEFAULT_MONITORED_SERVICES)
    .transform((value, ctx) => {
      try {
        return parseMonitoredServices(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `must be name=http://host:port[,...]: ${(error as Error).message}` });
        return z.NEVER;
      }
    }),
  [`${P}_SAMPLER_ENABLED`]: bool.default(true),
  // 5 s keeps the monitor's own Kafka and HTTP traffic negligible on a small machine.
  [`${P}_SAMPLE_INTERVAL_MS`]: z.coerce.number().int().min(500).max(300_000).default(5_000),
  [`${P}_HEALTH_TIMEOUT_MS`]: z.coerce.number().int().min(100).max(30_000).default(1_000),
  [`${P}_DLQ_NEWEST`]: z.coerce.number().int().min(0).max(50).default(5),
  // A day: the approver looks at bytes the requester looked at recently; a month at most.
  [`${P}_REPLAY_REQUEST_TTL_HOURS`]: z.coerce.number().int().min(1).max(720).default(24),
});

/** Reads and validates the configuration once; a bad value stops the service naming the variable. */
export function loadFlowMonitorConfig(env: NodeJS.ProcessEnv = process.env): FlowMonitorConfig {
  const runtime = loadRuntimeConfig('flow-monitor', FLOW_MONITOR_DEFAULTS, env);
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid flow-monitor configuration:\n${problems}`);
  }
  const e = parsed.data as Record<string, unknown>;
  return {
    ...runtime,
    monitor: {
      services: e[`${P}_SERVICES`] as MonitoredService[],
      samplerEnabled: e[`${P}_SAMPLER_ENABLED`] as boolean,
      sampleIntervalMs: e[`${P}_SAMPLE_INTERVAL_MS`] as number,
      healthTimeoutMs: e[`${P}_HEALTH_TIMEOUT_MS`] as number,
      dlqNewest: e[`${P}_DLQ_NEWEST`] as number,
      replayRequestTtlHours: e[`${P}_REPLAY_REQUEST_TTL_HOURS`] as number,
    },
  };
}

export const FLOW_MONITOR_SETTINGS = Symbol.for('clearpath.flow-monitor.settings');
