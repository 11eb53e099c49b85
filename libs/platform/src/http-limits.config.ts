import { isIP } from 'node:net';
import { z } from 'zod';

/** How many requests one caller may make per window; see RateLimitGuard. */
export interface RateLimits {
  /** CLEARPATH_RATE_LIMIT_WINDOW_MS: the sliding window every limit below counts in. */
  readonly windowMs: number;
  /** CLEARPATH_RATE_LIMIT_PER_IP: requests without valid credentials (public routes, failed logins), per client address. */
  readonly perIp: number;
  /** CLEARPATH_RATE_LIMIT_PER_PRINCIPAL: requests of one authenticated API key or token subject. */
  readonly perPrincipal: number;
  /** CLEARPATH_RATE_LIMIT_PER_SYSTEM_PRINCIPAL: the same for the system roles, `service` (other services, tooling) and `core-banking` (the feed). */
  readonly perSystemPrincipal: number;
  /** CLEARPATH_RATE_LIMIT_WEBHOOK_PER_IP: per address on the public endpoints channel providers call (`@WebhookRateLimit()`). */
  readonly webhookPerIp: number;
}

export interface HttpLimits {
  /** CLEARPATH_BODY_LIMIT_BYTES: the largest body any route reads before authentication. */
  readonly bodyLimitBytes: number;
  /**
   * CLEARPATH_TRUST_PROXY: Express's `trust proxy`. `false` (the default) takes the client address
   * from the socket; behind a load balancer set the number of proxy hops or their addresses, or
   * every caller shares the balancer's address and with it one per-IP limit.
   */
  readonly trustProxy: false | number | string;
  readonly rateLimit: RateLimits;
}

const count = (fallback: number) =>
  z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').default(fallback);

// Express's own names for address ranges, besides addresses and CIDR subnets.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/**
 * Unset or `false`: trust no proxy. A whole number: that many hops. Otherwise a comma-separated
 * list of proxy addresses, subnets or `loopback`/`linklocal`/`uniquelocal`. `true` is refused: it
 * trusts any X-Forwarded-For, so every caller could pick the address it is counted under.
 */
const trustProxy = z
  .string()
  .optional()
  .transform((value, ctx): false | number | string => {
    const text = value?.trim() ?? '';
    if (text === '' || text === 'false') return false;
    if (/^\d+$/.test(text)) return Number(text);
    const entries = text.split(',').map((entry) => entry.trim());
    if (entries.every(isProxyEntry)) return entries.join(',');
    ctx.addIssue({ code: 'custom', message: 'must be false, a number of proxy hops, or proxy addresses/subnets separated by commas (true is not accepted)' });
    return z.NEVER;
  });

/**
 * The environment of the limits, shared by every service (no prefix): one list of numbers for the
 * whole platform. The limits stop floods, runaway clients and bulk scraping, not ordinary use: the
 * demo day, the benchmarks and the integration tests (which poll at up to 20 requests a second with
 * one key) all stay well below them.
 */
export const httpLimitsEnvironment = {
  // 64 KiB: the largest legitimate body outside ingestion's batches is a 20,000-character content
  // check (at most 60 kB of UTF-8).
  CLEARPATH_BODY_LIMIT_BYTES: count(64 * 1024),
  CLEARPATH_TRUST_PROXY: trustProxy,
  CLEARPATH_RATE_LIMIT_WINDOW_MS: count(60_000),
  CLEARPATH_RATE_LIMIT_PER_IP: count(600),
  CLEARPATH_RATE_LIMIT_PER_PRINCIPAL: count(3_000),
  CLEARPATH_RATE_LIMIT_PER_SYSTEM_PRINCIPAL: count(12_000),
  CLEARPATH_RATE_LIMIT_WEBHOOK_PER_IP: count(6_000),
};

type HttpLimitsEnvironment = { [K in keyof typeof httpLimitsEnvironment]: z.output<(typeof httpLimitsEnvironment)[K]> };

export function httpLimitsOf(env: HttpLimitsEnvironment): HttpLimits {
  return {
    bodyLimitBytes: env.CLEARPATH_BODY_LIMIT_BYTES,
    trustProxy: env.CLEARPATH_TRUST_PROXY,
    rateLimit: {
      windowMs: env.CLEARPATH_RATE_LIMIT_WINDOW_MS,
      perIp: env.CLEARPATH_RATE_LIMIT_PER_IP,
      perPrincipal: env.CLEARPATH_RATE_LIMIT_PER_PRINCIPAL,
      perSystemPrincipal: env.CLEARPATH_RATE_LIMIT_PER_SYSTEM_PRINCIPAL,
      webhookPerIp: env.CLEARPATH_RATE_LIMIT_WEBHOOK_PER_IP,
    },
  };
}
