import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';

/**
 * The address a request is counted under for per-IP limits: `request.ip` (which honours
 * CLEARPATH_TRUST_PROXY), with an IPv4-mapped IPv6 address as plain IPv4 and any other IPv6
 * address as its /64 — one subscriber holds a whole /64, so counting single addresses would let
 * it rotate through billions of them.
 */
export function clientAddress(request: Request): string {
  return normalizeIp(request.ip ?? request.socket.remoteAddress ?? 'unknown');
}
