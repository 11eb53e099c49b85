import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Request } from 'express';
import { CredentialsVerifier, SYSTEM_ROLES } from '@clearpath/auth';
import { HealthController, MetricsEndpoint, ProblemException } from '@clearpath/observability';
import { clientAddress } from './client-address';
import type { RateLimits } from './http-limits.config';

export const RATE_LIMITS = Symbol.for('clearpath.platform.rate-limits');

const WEBHOOK_KEY = 'clearpath:webhook-rate-limit';

/**
 * A public endpoint that channel providers call at volume (delivery receipts, inbound messages):
 * its callers are counted per address against CLEARPATH_RATE_LIMIT_WEBHOOK_PER_IP, not the much
 * smaller limit of anonymous traffic.
 */
export const WebhookRateLimit = (): ClassDecorator & MethodDecorator => SetMetadata(WEBHOOK_KEY, true);

/** One caller's count: which limit applies and under what key it is kept. */
interface Bucket {
  readonly name: 'principal' | 'ip' | 'webhook-ip';
  readonly key: string;
  readonly limit: number;
}

/**
 * The global rate limit: each HTTP request counts once, in a sliding window of
 * CLEARPATH_RATE_LIMIT_WINDOW_MS, against its principal when it carries valid credentials (the
 * system roles, `core-banking` and `service`, have their own, higher limit) and otherwise against
 * its client address. Over the limit it is a 429 problem+json with Retry-After. Health probes and /metrics are never counted.
 *
 * It must run before AuthGuard (RateLimitModule is imported before AuthModule), so that requests
 * with wrong credentials count against their address too: guessing keys costs the same as any other
 * anonymous traffic. It therefore checks the credentials itself, with the same verifier.
 *
 * Counts are kept by @nestjs/throttler's storage (in memory: per instance; several instances need a
 * shared ThrottlerStorage, e.g. on Redis, passed to RateLimitModule). Its ThrottlerGuard is not used:
 * it counts every named throttler for every request and answers with its own exception and a
 * `Retry-After-<name>` header, where we want one bucket per request and a standard problem.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
    @Inject(CredentialsVerifier) private readonly verifier: CredentialsVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka/RPC handlers of a hybrid app pass through global guards too: not ours to count.
    if (context.getType() !== 'http' || !isRateLimited(context.getClass())) return true;
    const bucket = this.bucketOf(context);
    // blockDuration 0: a sliding window in which refused requests are not counted, so a caller
    // over the limit is let through again as soon as its oldest counted request leaves the window.
    const record = await this.storage.increment(bucket.key, this.limits.windowMs, bucket.limit, 0, bucket.name);
    if (!record.isBlocked) return true;
    const retryAfter = Math.max(1, record.timeToBlockExpire);
    const windowSeconds = Math.ceil(this.limits.windowMs / 1000);
    throw new ProblemException({
      status: 429,
      detail: `Too many requests ${bucket.name === 'principal' ? 'with these credentials' : 'from this address'}: at most ${bucket.limit} in ${windowSeconds} s. Try again in ${retryAfter} s.`,
      headers: { 'Retry-After': String(retryAfter) },
      extensions: { limit: bucket.limit, windowSeconds },
    });
  }

  private bucketOf(context: ExecutionContext): Bucket {
    const request = context.switchToHttp().getRequest<Request>();
    const check = this.verifier.verify({ apiKey: request.header('x-api-key'), authorization: request.header('authorization') });
    if (check.ok) {
      const { subject, role } = check.principal;
      return { name: 'principal', key: `principal:${subject}`, limit: SYSTEM_ROLES.includes(role) ? this.limits.perSystemPrincipal : this.limits.perPrincipal };
    }
    const address = clientAddress(request);
    const webhook = this.reflector.getAllAndOverride<boolean | undefined>(WEBHOOK_KEY, [context.getHandler(), context.getClass()]) === true;
    return webhook
      ? { name: 'webhook-ip', key: `webhook-ip:${address}`, limit: this.limits.webhookPerIp }
      : { name: 'ip', key: `ip:${address}`, limit: this.limits.perIp };
  }
}

/**
 * Whether requests to `controller` are counted: all but liveness, readiness and metrics scraping,
 * polled by machines that must never be turned away.
 */
export function isRateLimited(controller: unknown): boolean {
  return controller !== HealthController && !(typeof controller === 'function' && controller.prototype instanceof MetricsEndpoint);
}
