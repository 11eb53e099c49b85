import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@clearpath/contracts';
import type { ApiKeyEntry } from './api-keys.parser';
import type { AuthPrincipal } from './auth-principal';
import type { Role } from './role';
import { verifyToken, type TokenRejection } from './token.codec';

export interface Credentials {
  /** The `x-api-key` header. */
  readonly apiKey?: string | undefined;
  /** The `Authorization` header. */
  readonly authorization?: string | undefined;
}

export type CredentialCheck = { readonly ok: true; readonly principal: AuthPrincipal } | { readonly ok: false; readonly detail: string };

export interface CredentialsVerifierOptions {
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly tokenSecret: string;
  readonly clock: Clock;
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

  constructor(private readonly options: CredentialsVerifierOptions) {
    this.keys = options.apiKeys.map(({ key, role }) => {
      const digest = sha256(key);
      return { digest, role, subject: `api-key:${digest.toString('hex').slice(0, 12)}` };
    });
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
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return { ok: false, detail: 'Authorization must use the Bearer scheme.' };
    const result = verifyToken(match[1], this.options.tokenSecret, this.options.clock);
    return result.ok
      ? { ok: true, principal: { subject: result.claims.sub, role: result.claims.role } }
      : { ok: false, detail: TOKEN_DETAIL[result.reason] };
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
