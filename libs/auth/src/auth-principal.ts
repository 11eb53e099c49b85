import type { Role } from './role';

/** Who is calling: a token's `sub`, or `api-key:<fingerprint>` for an API key (never the key itself). */
export interface AuthPrincipal {
  readonly subject: string;
  readonly role: Role;
}
