import { parseApiKeys, type ApiKeyEntry } from './api-keys.parser';
import { readOidcConfig, type OidcConfig } from './oidc.config';

export interface AuthConfig {
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly tokenSecret: string;
  /** Staff tokens from the lender's OIDC provider (CLEARPATH_OIDC_*); undefined when not configured. */
  readonly oidc?: OidcConfig | undefined;
}

// RFC 7518 asks for 32 bytes for HS256; 16 rejects the obvious mistakes (empty, "secret", a
// placeholder) without refusing the checked-in development value. Production secrets should be 32+.
const MIN_SECRET_LENGTH = 16;

export function assertTokenSecret(secret: string | undefined): string {
  if (secret === undefined || secret === '') throw new Error('CLEARPATH_TOKEN_SECRET is not set');
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`CLEARPATH_TOKEN_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  return secret;
}

/** Reads `CLEARPATH_API_KEYS`, `CLEARPATH_TOKEN_SECRET` and `CLEARPATH_OIDC_*`; throws naming the variable that is wrong. */
export function readAuthConfig(env: Readonly<Record<string, string | undefined>>): AuthConfig {
  const oidc = readOidcConfig(env);
  return {
    apiKeys: parseApiKeys(env['CLEARPATH_API_KEYS']),
    tokenSecret: assertTokenSecret(env['CLEARPATH_TOKEN_SECRET']),
    ...(oidc === undefined ? {} : { oidc }),
  };
}
