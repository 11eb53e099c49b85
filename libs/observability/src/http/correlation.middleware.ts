import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { runWithContext } from '../context/request-context';
import type { Logger } from '../logging/logger.factory';
import { LOGGER } from '../logging/logger.token';
import { Metrics } from '../metrics/metrics.service';
import { loggablePath } from './loggable-path';

export const CORRELATION_HEADER = 'x-correlation-id';

// A caller-supplied id is echoed into every log line and response, so only sane ones are kept.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const NANOS_PER_SECOND = 1e9;

/** Probes and scrapes come every few seconds; logging or timing them would drown real traffic. */
export function isProbePath(path: string): boolean {
  return path === '/metrics' || path === '/health' || path.startsWith('/health/');
}

/**
 * Runs each request inside a correlation context, echoes the id, and when the response is done
 * writes one access-log line and one latency observation. The line names the route template and
 * the path without its query string, with credentials in it (the self-service link's token) masked.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const offered = request.header(CORRELATION_HEADER);
    const correlationId = offered !== undefined && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
    response.setHeader(CORRELATION_HEADER, correlationId);

    const path = request.originalUrl.split('?')[0] ?? '/';
    if (!isProbePath(path)) {
      const started = process.hrtime.bigint();
      // Express has set `req.route` to this middleware's own catch-all; only a handler's replaces it.
      const ownRoute = routeOf(request);
      response.once('close', () => this.record(request, response, correlationId, started, ownRoute));
    }
    runWithContext({ correlationId }, next);
  }

  // 'close' fires outside the request's async context, hence the explicit correlationId.
  private record(request: Request, response: Response, correlationId: string, started: bigint, ownRoute: unknown): void {
    const seconds = Number(process.hrtime.bigint() - started) / NANOS_PER_SECOND;
    // 499: the client went away before we answered (nginx's convention).
    const status = response.writableFinished ? response.statusCode : 499;
    const route = routeTemplate(request, ownRoute);
    this.metrics.httpRequestDuration.observe({ method: request.method, route, status: String(status) }, seconds);
    const line = { correlationId, method: request.method, route, path: loggablePath(request), status, durationMs: Math.round(seconds * 1e4) / 10 };
    if (status >= 500) this.logger.error(line, 'request completed');
    else this.logger.info(line, 'request completed');
  }
}

function routeOf(request: Request): { path?: unknown } | undefined {
  return (request as Request & { route?: { path?: unknown } }).route;
}

/** The route template (`/loans/:loanId`), never the raw path: it is a metric label. */
function routeTemplate(request: Request, ownRoute: unknown): string {
  const route = routeOf(request);
  if (route === undefined || route === ownRoute || typeof route.path !== 'string' || route.path.includes('*')) return 'unmatched';
  return `${request.baseUrl}${route.path}`;
}
