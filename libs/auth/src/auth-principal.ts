import type { Role } from './role';

/**
 * Who is calling, as recorded on every change they make: `client:<client>` for an API key (the
 * client CLEARPATH_API_KEYS names, never the key), `oidc:<sub>` for a staff token from the OIDC
 * provider, an HS256 token's `sub` otherwise (which may not start with either prefix).
 */
export interface AuthPrincipal {
  readonly subject: string;
  readonly role: Role;
}

/** The subject prefix of API-key principals. */
export const API_KEY_SUBJECT_PREFIX = 'client:';

/** The subject prefix of staff tokens from the OIDC provider. */
export const OIDC_SUBJECT_PREFIX = 'oidc:';
