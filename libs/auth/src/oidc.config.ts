import { wholeSecondsSetting } from './seconds.setting';

/** How staff tokens from the lender's OpenID Connect provider are checked (see OidcVerifier). */
export interface OidcConfig {
  /** CLEARPATH_OIDC_ISSUER: the `iss` every token must carry, compared exactly. */
  readonly issuer: string;
  /** CLEARPATH_OIDC_AUDIENCE: a token's `aud` must be or include this. */
  readonly audience: string;
  /** CLEARPATH_OIDC_JWKS_URL: where the provider publishes its signing keys (https; http only on loopback). */
  readonly jwksUrl: string;
  /** CLEARPATH_OIDC_ROLES_CLAIM: the claim holding the Clearpath role(s); `clearpath_roles` by default. */
  readonly rolesClaim: string;
  /** CLEARPATH_OIDC_MAX_TOKEN_LIFETIME_S: the longest `exp - iat` accepted; 3600 by default. */
  readonly maxTokenLifetimeSeconds: number;
  /** CLEARPATH_OIDC_LEEWAY_S: clock skew allowed on exp, nbf and iat; 30 by default. */
  readonly leewaySeconds: number;
}

const REQUIRED = ['CLEARPATH_OIDC_ISSUER', 'CLEARPATH_OIDC_AUDIENCE', 'CLEARPATH_OIDC_JWKS_URL'] as const;
const OPTIONAL = ['CLEARPATH_OIDC_ROLES_CLAIM', 'CLEARPATH_OIDC_MAX_TOKEN_LIFETIME_S', 'CLEARPATH_OIDC_LEEWAY_S'] as const;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The OIDC settings, or undefined when none of issuer, audience and JWKS URL is set (staff then
 * use API keys or HS256 tokens only). Some but not all of the three, or a bad value, throws one
 * line naming the variable, never its value.
 */
export function readOidcConfig(env: Readonly<Record<string, string | undefined>>): OidcConfig | undefined {
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const missing = REQUIRED.filter((name) => value(name) === undefined);
  if (missing.length === REQUIRED.length) {
    const stray = OPTIONAL.find((name) => value(name) !== undefined);
    if (stray !== undefined) throw new Error(`${stray} is set but CLEARPATH_OIDC_ISSUER, CLEARPATH_OIDC_AUDIENCE and CLEARPATH_OIDC_JWKS_URL are not`);
    return undefined;
  }
  if (missing.length > 0)
    throw new Error(`${missing[0]} is not set; OIDC needs CLEARPATH_OIDC_ISSUER, CLEARPATH_OIDC_AUDIENCE and CLEARPATH_OIDC_JWKS_URL together`);

  const jwksUrl = value('CLEARPATH_OIDC_JWKS_URL') as string;
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new Error('CLEARPATH_OIDC_JWKS_URL must be an https:// URL');
  }
  // Keys fetched over plain http could be swapped on the way; loopback is allowed for local providers and tests.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new Error('CLEARPATH_OIDC_JWKS_URL must be an https:// URL');
  }
  const rolesClaim = value('CLEARPATH_OIDC_ROLES_CLAIM') ?? 'clearpath_roles';
  return {
    issuer: value('CLEARPATH_OIDC_ISSUER') as string,
    audience: value('CLEARPATH_OIDC_AUDIENCE') as string,
    jwksUrl,
    rolesClaim,
    maxTokenLifetimeSeconds: wholeSecondsSetting('CLEARPATH_OIDC_MAX_TOKEN_LIFETIME_S', value('CLEARPATH_OIDC_MAX_TOKEN_LIFETIME_S'), 3600, 60, 86_400),
    leewaySeconds: wholeSecondsSetting('CLEARPATH_OIDC_LEEWAY_S', value('CLEARPATH_OIDC_LEEWAY_S'), 30, 0, 300),
  };
}
