import { parseApiKeys, type ApiKeyEntry } from './api-keys.parser';
import { readOidcConfig, type OidcConfig } from './oidc.config';
import { wholeSecondsSetting } from './seconds.setting';
import { DEFAULT_TOKEN_LIMITS, type TokenLimits } from './token.codec';

export interface AuthConfig {
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly tokenSecret: string;
  /** How long an HS256 token may live and the clock skew forgiven (CLEARPATH_TOKEN_*). */
  readonly tokenLimits: TokenLimits;
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

/**
 * CLEARPATH_TOKEN_MAX_LIFETIME_S (3600 by default, 60 to 86400) and CLEARPATH_TOKEN_LEEWAY_S (30,
 * 0 to 300): the longest `exp - iat` of an HS256 token and the clock skew allowed on its times.
 */
export function readTokenLimits(env: Readonly<Record<string, string | undefined>>): TokenLimits {
  return {
    maxLifetimeSeconds: wholeSecondsSetting(
      'CLEARPATH_TOKEN_MAX_LIFETIME_S',
      env['CLEARPATH_TOKEN_MAX_LIFETIME_S'],
      DEFAULT_TOKEN_LIMITS.maxLifetimeSeconds,
      60,
      86_400,
    ),
    leewaySeconds: wholeSecondsSetting('CLEARPATH_TOKEN_LEEWAY_S', env['CLEARPATH_TOKEN_LEEWAY_S'], DEFAULT_TOKEN_LIMITS.leewaySeconds, 0, 300),
  };
}

/** Reads `CLEARPATH_API_KEYS`, `CLEARPATH_TOKEN_*` and `CLEARPATH_OIDC_*`; throws naming the variable that is wrong. */
export function readAuthConfig(env: Readonly<Record<string, string | undefined>>): AuthConfig {
  const oidc = readOidcConfig(env);
  return {
    apiKeys: parseApiKeys(env['CLEARPATH_API_KEYS']),
    tokenSecret: assertTokenSecret(env['CLEARPATH_TOKEN_SECRET']),
    tokenLimits: readTokenLimits(env),
    ...(oidc === undefined ? {} : { oidc }),
  };
}
