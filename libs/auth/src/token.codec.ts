import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@clearpath/contracts';
import { isRole, type Role } from './role';

/** The claims Clearpath reads; `exp` and `iat` are seconds since the epoch (RFC 7519 NumericDate). */
export interface TokenClaims {
  readonly sub: string;
  readonly role: Role;
  readonly exp: number;
  readonly iat?: number;
}

export type TokenRejection = 'malformed' | 'unsupported-alg' | 'bad-signature' | 'expired' | 'invalid-claims';

export type TokenVerification = { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly reason: TokenRejection };

export interface SignTokenInput {
  readonly sub: string;
  readonly role: Role;
  readonly ttlSeconds: number;
}

const HEADER = encode({ alg: 'HS256', typ: 'JWT' });

/** Issues an HS256 JWT; for tests and operator tooling — Clearpath has no login endpoint. */
export function signToken(input: SignTokenInput, secret: string, clock: Clock): string {
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive integer');
  const iat = Math.floor(clock.now().getTime() / 1000);
  const payload = encode({ sub: input.sub, role: input.role, iat, exp: iat + input.ttlSeconds });
  return `${HEADER}.${payload}.${sign(`${HEADER}.${payload}`, secret)}`;
}

/**
 * Verifies an HS256 JWT. The algorithm is fixed rather than taken from the header, which is what
 * keeps `alg: none` and RS256/HS256 confusion out; the signature is compared in constant time and
 * checked before any claim is trusted.
 */
export function verifyToken(token: string, secret: string, clock: Clock): TokenVerification {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];

  const headerJson = decodeJson(header);
  if (!isObject(headerJson)) return { ok: false, reason: 'malformed' };
  // `crit` names extensions we would have to understand; we understand none.
  if (headerJson['alg'] !== 'HS256' || headerJson['crit'] !== undefined) return { ok: false, reason: 'unsupported-alg' };

  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const presented = Buffer.from(signature, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'bad-signature' };

  const claims = decodeJson(payload);
  if (!isObject(claims)) return { ok: false, reason: 'malformed' };
  const { sub, role, exp, iat, nbf } = claims;
  if (typeof sub !== 'string' || sub === '' || !isRole(role) || typeof exp !== 'number' || !Number.isFinite(exp)) {
    return { ok: false, reason: 'invalid-claims' };
  }
  const nowSeconds = clock.now().getTime() / 1000;
  if (nowSeconds >= exp) return { ok: false, reason: 'expired' };
  if (typeof nbf === 'number' && nowSeconds < nbf) return { ok: false, reason: 'invalid-claims' };
  return { ok: true, claims: { sub, role, exp, ...(typeof iat === 'number' ? { iat } : {}) } };
}

function sign(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeJson(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
