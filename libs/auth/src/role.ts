export const ROLES = ['core-banking', 'service', 'agent', 'supervisor', 'compliance', 'ops'] as const;

/**
 * `core-banking`: the lender's core-banking feed, which may only publish loan events; `service`:
 * internal callers (another service, operator tooling); `agent`/`supervisor`: collections staff;
 * `compliance`: complaints and audit; `ops`: platform operators (replays, DLQ).
 */
export type Role = (typeof ROLES)[number];

/** The roles of systems rather than people: held through API keys and service tokens, never granted to staff. */
export const SYSTEM_ROLES: readonly Role[] = ['core-banking', 'service'];

/**
 * Who may call a route that names no roles: every authenticated caller except `core-banking`,
 * which may call only what names it (publishing loan events), so a route added without `@Roles()`
 * is never open to the feed.
 */
export const ROLES_BY_DEFAULT: readonly Role[] = ROLES.filter((role) => role !== 'core-banking');

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
