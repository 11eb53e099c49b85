import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { CredentialsVerifier, authorizeRequest, type Role } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';

/** A route allowed a larger body than the rest, read only once its caller has authenticated. */
export interface LargeBodyRoute {
  readonly method: 'POST' | 'PUT' | 'PATCH';
  /** The route's path as the controller declares it, e.g. `/v1/loan-events`. */
  readonly path: string;
  readonly limitBytes: number;
  /** Roles that may send the large body; any authenticated caller when absent. */
  readonly roles?: readonly Role[];
}

export interface BodyLimits {
  /** What every other route reads, before anyone has authenticated. */
  readonly limitBytes: number;
  readonly largeBodies?: readonly LargeBodyRoute[];
}

/**
 * Reads request bodies raw (`@ValidBody` parses them, so that a body that is not JSON becomes a 400
 * problem naming what is wrong, whatever its content type), at most `limitBytes` of them. This runs
 * before routing and so before the global guard: an anonymous caller can make the service read no
 * more than that. A large-body route first checks the caller's credentials and role exactly as the
 * guard will (401/403 problem+json), and only then reads up to its own limit. A body over the limit
 * is a 413 problem+json naming it.
 */
export function useBodyLimits(app: INestApplication, limits: BodyLimits): void {
  const verifier = app.get(CredentialsVerifier);
  const small = rawBody(limits.limitBytes);
  const large = (limits.largeBodies ?? []).map((route) => ({ ...route, key: routeKey(route.method, route.path), parse: rawBody(route.limitBytes) }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    const key = routeKey(request.method, request.path);
    const route = large.find((candidate) => candidate.key === key);
    if (route === undefined) return small(request, response, next);
    try {
      authorizeRequest(verifier, request, route.roles);
    } catch (problem) {
      return next(problem);
    }
    return route.parse(request, response, next);
  });
}

/**
 * Express matches routes case-insensitively and with or without a trailing slash, and so does this:
 * a client that spells the path differently still gets the route's limit. A spelling that is missed
 * only ever gets the small limit; none skips the credentials check.
 */
function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.toLowerCase().replace(/\/+$/, '') || '/'}`;
}

function rawBody(limitBytes: number): RequestHandler {
  const parse = express.raw({ type: () => true, limit: limitBytes });
  return (request, response, next) => {
    // A declared length over the limit is answered at once; body-parser would first read the whole
    // body off the socket (Node still discards what arrives after the answer).
    if (Number(request.headers['content-length']) > limitBytes) return next(bodyTooLarge(limitBytes));
    // Without a declared length (chunked), body-parser stops buffering at the limit.
    return parse(request, response, (error?: unknown) => next(isTooLarge(error) ? bodyTooLarge(limitBytes) : error));
  };
}

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'entity.too.large';
}

/** The 413 problem: names the limit, so a client knows how far to split what it sends. */
export function bodyTooLarge(limitBytes: number): ProblemException {
  return new ProblemException({
    status: 413,
    detail: `The body is larger than this endpoint accepts (${limitBytes} bytes).`,
    extensions: { limitBytes },
  });
}
