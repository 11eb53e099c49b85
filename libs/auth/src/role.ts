export const ROLES = ['system', 'agent', 'supervisor', 'compliance', 'ops'] as const;

/**
 * `system`: another service or the core-banking feed; `agent`/`supervisor`: collections staff;
 * `compliance`: complaints and audit; `ops`: platform operators (replays, DLQ).
 */
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
