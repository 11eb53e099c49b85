import { type KeyObject, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@clearpath/contracts';

/**
 * The debtor's self-service link: `<base>/<token>`, sent in an SMS or e-mail by contact-orchestration
 * and opened on repayment-plan's page. The token names one loan and expires; it is an HMAC-SHA256
 * over the claims with `CLEARPATH_SELF_SERVICE_SECRET`, which both services share. It carries no
 * personal data (the loan and customer ids are opaque), so a forwarded link discloses nothing by itself.
 */
export interface SelfServiceClaims {
  readonly loanId: string;
  readonly customerId: string;
  /** Seconds since the epoch. */
  readonly exp: number;
}

export type SelfServiceVerification =
  | { readonly ok: true; readonly claims: SelfServiceClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' | 'expired' };

export function signSelfServiceToken(input: { loanId: string; customerId: string; ttlSeconds: number }, secret: string, clock: Clock): string {
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive integer');
  const exp = Math.floor(clock.now().getTime() / 1000) + input.ttlSeconds;
  const body = Buffer.from(JSON.stringify({ l: input.loanId, c: input.customerId, e: exp })).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

export function verifySelfServiceToken(token: string, secret: string, clock: Clock): SelfServiceVerification {
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [body, signature] = parts as [string, string];
  const expected = Buffer.from(mac(body, secret), 'base64url');
  const presented = Buffer.from(signature, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'bad-signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims !== 'object' || claims === null) return { ok: false, reason: 'malformed' };
  const { l, c, e } = claims as Record<string, unknown>;
  if (typeof l !== 'string' || l === '' || typeof c !== 'string' || c === '' || typeof e !== 'number' || !Number.isInteger(e))
    return { ok: false, reason: 'malformed' };
  if (clock.now().getTime() / 1000 >= e) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { loanId: l, customerId: c, exp: e } };
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', macKey(secret)).update(body).digest('base64url');
}

// A link is signed for every message that carries one: the key is imported once per secret, not per
// HMAC (Node 24 re-imports a string key on every call, about 10 µs against 1.5 µs).
let cachedKey: { readonly secret: string; readonly key: KeyObject } | null = null;

function macKey(secret: string): KeyObject {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(`self-service:${secret}`, 'utf8')) };
  return cachedKey.key;
}
