import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '@clearpath/contracts';
import { OIDC_SUBJECT_PREFIX, type AuthPrincipal } from './auth-principal';
import type { OidcConfig } from './oidc.config';
import { SYSTEM_ROLES, type Role } from './role';

/** Asymmetric only: a shared-secret (HS*) token could be minted by anyone holding the secret, `none` by anyone. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'] as const;

/** The roles a staff member may hold through the provider; `core-banking` and `service` are for systems and never granted by OIDC. */
export const OIDC_STAFF_ROLES: readonly Role[] = ['agent', 'supervisor', 'compliance', 'ops'];

/** 401: the token is not good; 503: the provider's keys could not be fetched, so nothing can be said about it. */
export type OidcCheck = { readonly ok: true; readonly principal: AuthPrincipal } | { readonly ok: false; readonly status: 401 | 503; readonly detail: string };

/** Whether a bearer token's header asks for an OIDC algorithm; says nothing about whether it is valid. */
export function isOidcAlgorithm(token: string): boolean {
  try {
    const { alg } = decodeProtectedHeader(token);
    return (OIDC_ALGORITHMS as readonly string[]).includes(alg ?? '');
  } catch {
    return false;
  }
}

/**
 * Verifies staff tokens from the lender's OpenID Connect provider against its published keys (JWKS,
 * fetched and cached by jose, refetched when an unknown `kid` appears): RS256/ES256 signature, `iss`
 * exactly, `aud` including ours, `exp`, `nbf`, `iat` (required, not in the future), a lifetime no
 * longer than configured, all with the configured leeway and judged by the injected clock. The role
 * is the first Clearpath staff role in the roles claim; a token without one is refused (401: the
 * token gives no Clearpath identity), and so is one that claims a system role (`core-banking`,
 * `service`, or the former `system`).
 */
export class OidcVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly config: OidcConfig,
    private readonly clock: Clock,
  ) {
    this.keys = createRemoteJWKSet(new URL(config.jwksUrl));
  }

  async verify(token: string): Promise<OidcCheck> {
    if (!isOidcAlgorithm(token)) return refuse('OIDC tokens must be signed with RS256 or ES256.');
    const now = this.clock.now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: [...OIDC_ALGORITHMS],
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: this.config.leewaySeconds,
        currentDate: now,
        requiredClaims: ['iss', 'aud', 'sub', 'exp', 'iat'],
      }));
    } catch (error) {
      return rejection(error);
    }

    const { sub, exp, iat } = payload;
    if (typeof sub !== 'string' || sub === '') return refuse("The OIDC token's sub claim is not valid.");
    // jose checks that iat is a number but, without maxTokenAge, not when it is; exp is required above.
    const nowSeconds = now.getTime() / 1000;
    if (typeof iat !== 'number' || typeof exp !== 'number') return refuse('The OIDC token lacks iat or exp.');
    if (iat > nowSeconds + this.config.leewaySeconds) return refuse("The OIDC token's iat claim is in the future.");
    if (exp - iat > this.config.maxTokenLifetimeSeconds) {
      return refuse(`The OIDC token lives longer than ${this.config.maxTokenLifetimeSeconds} s (exp - iat).`);
    }

    const claimed = rolesIn(payload[this.config.rolesClaim]);
    // A provider that hands out a system role is misconfigured; refuse the token rather than pick
    // another of its roles. `system` is the name both had before they were split.
    const systemRole = claimed.find((candidate) => candidate === 'system' || (SYSTEM_ROLES as readonly string[]).includes(candidate));
    if (systemRole !== undefined) return refuse(`The OIDC token claims the ${systemRole} role, which only API keys and service tokens carry.`);
    const role = claimed.find((candidate): candidate is Role => (OIDC_STAFF_ROLES as readonly string[]).includes(candidate));
    if (role === undefined) return refuse(`The OIDC token's ${this.config.rolesClaim} claim names no Clearpath role (${OIDC_STAFF_ROLES.join(', ')}).`);
    return { ok: true, principal: { subject: `${OIDC_SUBJECT_PREFIX}${sub}`, role } };
  }
}

function rolesIn(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((value): value is string => typeof value === 'string');
  return [];
}

function refuse(detail: string): OidcCheck {
  return { ok: false, status: 401, detail };
}

/** jose's error, as a problem detail that names what failed without echoing the token. */
function rejection(error: unknown): OidcCheck {
  if (error instanceof errors.JWTExpired) return refuse('The bearer token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) return refuse(`The OIDC token's ${error.claim} claim is not valid (${error.reason}).`);
  if (error instanceof errors.JOSEAlgNotAllowed) return refuse('OIDC tokens must be signed with RS256 or ES256.');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return refuse("The OIDC token's signing key (kid) is not one the provider publishes.");
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return refuse('The bearer token signature is not valid.');
  // The provider's key set could not be fetched or read: a fault on our side, not the caller's.
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError) || error.code === 'ERR_JOSE_GENERIC') {
    return { ok: false, status: 503, detail: "The OIDC provider's signing keys could not be fetched; try again shortly." };
  }
  return refuse('The bearer token is not a well-formed JWT.');
}
