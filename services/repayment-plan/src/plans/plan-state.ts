import type { PlanStatus, PromiseStatus } from '@clearpath/contracts';

/**
 * The plan lifecycle as a checked table: anything not listed is illegal and the API answers 409.
 *   proposed ──accept──▶ active | pending-approval (a discount above the approval threshold)
 *   pending-approval ──approve──▶ active
 *   active ──pay all──▶ completed;  active ──instalment unpaid past grace──▶ broken
 *   proposed | pending-approval | active ──cancel / loan closed──▶ cancelled
 */
export type PlanAction = 'accept' | 'require-approval' | 'approve' | 'complete' | 'break' | 'cancel';

const PLAN_TRANSITIONS: Readonly<Record<PlanStatus, Partial<Record<PlanAction, PlanStatus>>>> = {
  proposed: { accept: 'active', 'require-approval': 'pending-approval', cancel: 'cancelled' },
  'pending-approval': { approve: 'active', cancel: 'cancelled' },
  active: { complete: 'completed', break: 'broken', cancel: 'cancelled' },
  completed: {},
  broken: {},
  cancelled: {},
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: string,
    readonly action: string,
  ) {
    super(`a ${from} plan cannot be ${PAST[action] ?? action}`);
    this.name = 'IllegalTransitionError';
  }
}

const PAST: Record<string, string> = {
  accept: 'accepted',
  'require-approval': 'sent for approval',
  approve: 'approved',
  complete: 'completed',
  break: 'broken',
  cancel: 'cancelled',
  keep: 'kept',
};

export function nextPlanStatus(from: PlanStatus, action: PlanAction): PlanStatus {
  const to = PLAN_TRANSITIONS[from][action];
  if (to === undefined) throw new IllegalTransitionError(from, action);
  return to;
}

export function canPlan(from: PlanStatus, action: PlanAction): boolean {
  return PLAN_TRANSITIONS[from][action] !== undefined;
}

/** Plans that still bind the debtor: one at a time per case. */
export const OPEN_PLAN_STATUSES: readonly PlanStatus[] = ['proposed', 'pending-approval', 'active'];

export type PromiseAction = 'keep' | 'break' | 'cancel';
const PROMISE_TRANSITIONS: Readonly<Record<PromiseStatus, Partial<Record<PromiseAction, PromiseStatus>>>> = {
  open: { keep: 'kept', break: 'broken', cancel: 'cancelled' },
  kept: {},
  broken: {},
  cancelled: {},
};

export function nextPromiseStatus(from: PromiseStatus, action: PromiseAction): PromiseStatus {
  const to = PROMISE_TRANSITIONS[from][action];
  if (to === undefined) throw new IllegalTransitionError(from, action);
  return to;
}
