import { type ComplaintStatus, OPEN_COMPLAINT_STATUSES } from '@clearpath/contracts';

/**
 * The complaint's life, checked in one place: received → acknowledged → investigating → resolved →
 * closed, and withdrawn from any open state. Nothing moves backwards and nothing skips a step, so
 * every complaint that reaches `resolved` was acknowledged and investigated first (the regulator's
 * question is "when did you acknowledge it?", and the answer must exist).
 */
export const COMPLAINT_TRANSITIONS: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> = {
  received: ['acknowledged', 'withdrawn'],
  acknowledged: ['investigating', 'withdrawn'],
  investigating: ['resolved', 'withdrawn'],
  resolved: ['closed'],
  closed: [],
  withdrawn: [],
};

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

export function checkTransition(from: ComplaintStatus, to: ComplaintStatus): TransitionCheck {
  if (COMPLAINT_TRANSITIONS[from].includes(to)) return { ok: true };
  const allowed = COMPLAINT_TRANSITIONS[from];
  return {
    ok: false,
    reason: `a ${from} complaint cannot become ${to}${allowed.length > 0 ? ` (it can become ${allowed.join(' or ')})` : ` (${from} is final)`}`,
  };
}

/** Open complaints suspend contact and run against their deadline. */
export function isOpen(status: ComplaintStatus): boolean {
  return OPEN_COMPLAINT_STATUSES.includes(status);
}
