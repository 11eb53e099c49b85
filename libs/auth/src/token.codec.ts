import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@clearpath/contracts';
import { API_KEY_SUBJECT_PREFIX, OIDC_SUBJECT_PREFIX } from './auth-principal';
import { isRole, type Role } from './role';

/** The `iss` of every HS256 token: Clearpath issues them to itself, for calls between its services. */
export const TOKEN_ISSUER = 'clearpath';

/**
 * Subject prefixes kept for principals that do not come from an HS256 token (`client:<name>` for an
 * API key, `oidc:<sub>` for a staff token), so a token can never pass for one of them.
 */
const RESERVED_SUBJECT_PREFIXES = [API_KEY_SUBJECT_PREFIX, OIDC_SUBJECT_PREFIX];

/** The claims Clearpath reads; `exp` and `iat` are seconds since the epoch (RFC 7519 NumericDate). */
export interface TokenClaims {
  readonly iss: typeof TOKEN_ISSUER;
  /** The one service the token was minted for. */
  readonly aud: string;
  readonly sub: string;
  readonly role: Role;
  readonly iat: number;
  readonly exp: number;
}

export type TokenRejection =
  | 'malformed'
  | 'unsupported-alg'
  | 'bad-signature'
  | 'invalid-claims'
  | 'reserved-subject'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'issued-in-future'
  | 'lifetime-too-long'
  | 'not-yet-valid'
  | 'expired';

export type TokenVerification = { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly reason: TokenRejection };

/** How long a token may live and how much clock skew is forgiven (CLEARPATH_TOKEN_MAX_LIFETIME_S, CLEARPATH_TOKEN_LEEWAY_S). */
export interface TokenLimits {
  /** The longest `exp - iat` accepted. */
  readonly maxLifetimeSeconds: number;
  /** Clock skew allowed on `exp`, `nbf` and `iat`. */
  readonly leewaySeconds: number;
}

export const DEFAULT_TOKEN_LIMITS: TokenLimits = { maxLifetimeSeconds: 3600, leewaySeconds: 30 };

export interface TokenVerificationOptions {
  readonly secret: string;
  /** The verifying service's name: a token's `aud` must be exactly this. */
  readonly audience: string;
  readonly clock: Clock;
  readonly limits?: TokenLimits | undefined;
}

export interface SignTokenInput {
  readonly sub: string;
  readonly role: Role;
  /** The service the token is for (`complaints`); no other service accepts it. */
  readonly aud: string;
  readonly ttlSeconds: number;
}

const HEADER = encode({ alg: 'HS256', typ: 'JWT' });

/** Issues an HS256 JWT for one service; for service-to-service calls, tests and operator tooling — Clearpath has no login endpoint. */
export function signToken(input: SignTokenInput, secret: string, clock: Clock): string {
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive integer');
  if (input.aud === '') throw new Error('aud must name the service the token is for');
  const iat = Math.floor(clock.now().getTime() / 1000);
  const payload = encode({ iss: TOKEN_ISSUER, aud: input.aud, sub: input.sub, role: input.role, iat, exp: iat + input.ttlSeconds });
  return `${HEADER}.${payload}.${sign(`${HEADER}.${payload}`, secret)}`;
}

/**
 * Verifies an HS256 JWT. The algorithm is fixed rather than taken from the header, which is what
 * keeps `alg: none` and RS256/HS256 confusion out; the signature is compared in constant time and
 * checked before any claim is trusted. Then: `iss` is Clearpath, `aud` is exactly this service (a
 * token minted for another one is no good here), `iat` is present and not in the future, the token
 * lives no longer than `maxLifetimeSeconds`, and `nbf` / `exp` hold — times with the leeway.
 */
export function verifyToken(token: string, options: TokenVerificationOptions): TokenVerification {
  const { maxLifetimeSeconds, leewaySeconds } = options.limits ?? DEFAULT_TOKEN_LIMITS;
  const parts = token.split('.');
  if (parts.length !== 3) return reject('malformed');
  const [header, payload, signature] = parts as [string, string, string];

  const headerJson = decodeJson(header);
  if (!isObject(headerJson)) return reject('malformed');
  // `crit` names extensions we would have to understand; we understand none.
  if (headerJson['alg'] !== 'HS256' || headerJson['crit'] !== undefined) return reject('unsupported-alg');

  const expected = createHmac('sha256', options.secret).update(`${header}.${payload}`).digest();
  const presented = Buffer.from(signature, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return reject('bad-signature');

  const claims = decodeJson(payload);
  if (!isObject(claims)) return reject('malformed');
  const { iss, aud, sub, role, exp, iat, nbf } = claims;
  if (typeof sub !== 'string' || sub === '' || !isRole(role) || !isNumericDate(exp) || !isNumericDate(iat) || (nbf !== undefined && !isNumericDate(nbf))) {
    return reject('invalid-claims');
  }
  if (RESERVED_SUBJECT_PREFIXES.some((prefix) => sub.startsWith(prefix))) return reject('reserved-subject');
  if (iss !== TOKEN_ISSUER) return reject('wrong-issuer');
  // One audience, as a string: a token good for several services could be replayed against each.
  if (aud !== options.audience) return reject('wrong-audience');
  const nowSeconds = options.clock.now().getTime() / 1000;
  if (iat > nowSeconds + leewaySeconds) return reject('issued-in-future');
  if (exp - iat > maxLifetimeSeconds) return reject('lifetime-too-long');
  if (nbf !== undefined && nowSeconds + leewaySeconds < nbf) return reject('not-yet-valid');
  if (nowSeconds >= exp + leewaySeconds) return reject('expired');
  return { ok: true, claims: { iss: TOKEN_ISSUER, aud, sub, role, iat, exp } };
}

function reject(reason: TokenRejection): TokenVerification {
  return { ok: false, reason };
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
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
