import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@clearpath/contracts';
import type { ApiKeyEntry } from './api-keys.parser';
import type { AuthPrincipal } from './auth-principal';
import type { OidcConfig } from './oidc.config';
import { isOidcAlgorithm, OidcVerifier } from './oidc.verifier';
import type { Role } from './role';
import { verifyToken, type TokenRejection } from './token.codec';

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
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly tokenSecret: string;
  readonly clock: Clock;
  /** Staff tokens from the lender's OIDC provider (RS256/ES256), checked by `verifyAsync` only. */
  readonly oidc?: OidcConfig | undefined;
}

interface KnownKey {
  readonly digest: Buffer;
  readonly role: Role;
  readonly subject: string;
}

const TOKEN_DETAIL: Record<TokenRejection, string> = {
  malformed: 'The bearer token is not a well-formed JWT.',
  'unsupported-alg': 'The bearer token must be signed with HS256.',
  'bad-signature': 'The bearer token signature is not valid.',
  expired: 'The bearer token has expired.',
  'invalid-claims': 'The bearer token lacks valid sub, role and exp claims.',
};

/** Turns request credentials into a principal; free of Nest so it can be tested and reused alone. */
export class CredentialsVerifier {
  private readonly keys: readonly KnownKey[];
  private readonly oidc: OidcVerifier | undefined;

  constructor(private readonly options: CredentialsVerifierOptions) {
    this.keys = options.apiKeys.map(({ key, role }) => {
      const digest = sha256(key);
      return { digest, role, subject: `api-key:${digest.toString('hex').slice(0, 12)}` };
    });
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
    const result = verifyToken(token, this.options.tokenSecret, this.options.clock);
    return result.ok
      ? { ok: true, principal: { subject: result.claims.sub, role: result.claims.role } }
      : { ok: false, detail: TOKEN_DETAIL[result.reason] };
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1] || undefined;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
