import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@clearpath/contracts';
import type { ApiKeyEntry } from './api-keys.parser';
import { API_KEY_SUBJECT_PREFIX, OIDC_SUBJECT_PREFIX, type AuthPrincipal } from './auth-principal';
import type { OidcConfig } from './oidc.config';
import { isOidcAlgorithm, OIDC_STAFF_ROLES, OidcVerifier } from './oidc.verifier';
import { ROLES, type Role } from './role';

const NON_STAFF_ROLES = ROLES.filter((role) => !OIDC_STAFF_ROLES.includes(role));
import { DEFAULT_TOKEN_LIMITS, TOKEN_ISSUER, verifyToken, type TokenLimits, type TokenRejection } from './token.codec';

export interface Credentials {
  /** The `x-api-key` header. */
  readonly apiKey?: string | undefined;
  /** The `Authorization` header. */
  readonly authorization?: string | undefined;
}

/** `status` is 503 only when the OIDC provider's keys could not be fetched; every other refusal is a 401. */
export type CredentialCheck =
  | { readonly ok: true; readonly principal: AuthPrincipal }
  | { readonly ok: false; readonly detail: string; readonly status?: 401 | 503 };

export interface CredentialsVerifierOptions {
  /** The service doing the checking (`complaints`): HS256 tokens must name it as their `aud`. */
  readonly service: string;
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly tokenSecret: string;
  readonly clock: Clock;
  /** HS256 token lifetime bound and clock leeway; DEFAULT_TOKEN_LIMITS when absent. */
  readonly tokenLimits?: TokenLimits | undefined;
  /** Staff tokens from the lender's OIDC provider (RS256/ES256), checked by `verifyAsync` only. */
  readonly oidc?: OidcConfig | undefined;
}

interface KnownKey {
  readonly digest: Buffer;
  readonly role: Role;
  readonly subject: string;
}

/** What a refused HS256 token is told: which check failed, never the token. */
function tokenDetail(reason: TokenRejection, service: string, limits: TokenLimits): string {
  switch (reason) {
    case 'malformed':
      return 'The bearer token is not a well-formed JWT.';
    case 'unsupported-alg':
      return 'The bearer token must be signed with HS256.';
    case 'bad-signature':
      return 'The bearer token signature is not valid.';
    case 'invalid-claims':
      return 'The bearer token lacks valid sub, role, iat and exp claims.';
    case 'reserved-subject':
      return `The bearer token's sub may not start with ${API_KEY_SUBJECT_PREFIX} or ${OIDC_SUBJECT_PREFIX} (kept for API keys and staff tokens).`;
    case 'wrong-issuer':
      return `The bearer token's iss claim must be ${TOKEN_ISSUER}.`;
    case 'wrong-audience':
      return `The bearer token was not issued for ${service} (its aud claim must be exactly ${service}).`;
    case 'issued-in-future':
      return "The bearer token's iat claim is in the future.";
    case 'lifetime-too-long':
      return `The bearer token lives longer than ${limits.maxLifetimeSeconds} s (exp - iat).`;
    case 'not-yet-valid':
      return 'The bearer token is not valid yet (nbf).';
    case 'expired':
      return 'The bearer token has expired.';
  }
}

/** Turns request credentials into a principal; free of Nest so it can be tested and reused alone. */
export class CredentialsVerifier {
  private readonly keys: readonly KnownKey[];
  private readonly oidc: OidcVerifier | undefined;

  constructor(private readonly options: CredentialsVerifierOptions) {
    // The principal is the client the key was issued to, never the key: rotating a client's key
    // keeps its subject, and what it did stays attributed to it.
    this.keys = options.apiKeys.map(({ client, key, role }) => ({ digest: sha256(key), role, subject: `${API_KEY_SUBJECT_PREFIX}${client}` }));
    this.oidc = options.oidc === undefined ? undefined : new OidcVerifier(options.oidc, options.clock);
  }

  /**
   * Like `verify`, and also accepts staff tokens from the OIDC provider, whose keys may have to be
   * fetched first. The global guard uses this; callers that must decide synchronously use `verify`,
   * which refuses OIDC tokens.
   */
  async verifyAsync(credentials: Credentials): Promise<CredentialCheck> {
    const token = this.oidc !== undefined && credentials.apiKey === undefined ? bearerToken(credentials.authorization) : undefined;
    if (this.oidc === undefined || token === undefined || !isOidcAlgorithm(token)) return this.verify(credentials);
    return this.oidc.verify(token);
  }

  verify(credentials: Credentials): CredentialCheck {
    const { apiKey, authorization } = credentials;
    if (apiKey !== undefined && authorization !== undefined) {
      // Two identities on one request: refuse rather than guess which one the caller meant.
      return { ok: false, detail: 'Send either an API key or a bearer token, not both.' };
    }
    if (apiKey !== undefined) return this.verifyApiKey(apiKey);
    if (authorization !== undefined) return this.verifyAuthorization(authorization);
    return { ok: false, detail: 'Send an API key in x-api-key or a bearer token in Authorization.' };
  }

  private verifyApiKey(presented: string): CredentialCheck {
    // Compare digests (equal length) against every key without stopping early, so neither the
    // key's length nor its position in the list shows in the response time.
    const digest = sha256(presented);
    let match: KnownKey | undefined;
    for (const known of this.keys) {
      if (timingSafeEqual(digest, known.digest)) match = known;
    }
    return match ? { ok: true, principal: { subject: match.subject, role: match.role } } : { ok: false, detail: 'The API key is not valid.' };
  }

  private verifyAuthorization(header: string): CredentialCheck {
    const token = bearerToken(header);
    if (token === undefined) return { ok: false, detail: 'Authorization must use the Bearer scheme.' };
    if (this.oidc !== undefined && isOidcAlgorithm(token)) {
      // Never let an OIDC token through a path that cannot check it against the provider's keys.
      return { ok: false, detail: 'Staff tokens from the OIDC provider are not accepted on this path; use an API key or an HS256 token.' };
    }
    const { service, tokenSecret, clock, tokenLimits = DEFAULT_TOKEN_LIMITS } = this.options;
    const result = verifyToken(token, { secret: tokenSecret, audience: service, clock, limits: tokenLimits });
    if (!result.ok) return { ok: false, detail: tokenDetail(result.reason, service, tokenLimits) };
    if (this.oidc !== undefined && OIDC_STAFF_ROLES.includes(result.claims.role)) {
      // With a provider for staff, the shared HS256 secret mints service tokens only: whoever holds
      // it must not be able to act as a collector, a supervisor or a compliance officer.
      return {
        ok: false,
        detail: `Staff roles (${OIDC_STAFF_ROLES.join(', ')}) come from the OIDC provider; an HS256 token may carry ${NON_STAFF_ROLES.join(' or ')} only.`,
      };
    }
    return { ok: true, principal: { subject: result.claims.sub, role: result.claims.role } };
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1] || undefined;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
