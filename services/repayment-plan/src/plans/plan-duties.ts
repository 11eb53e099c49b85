import type { AuthPrincipal } from '@clearpath/auth';
import { ProblemException, separationOfDutiesProblem } from '@clearpath/observability';
import type { PlanRecord } from './plan-record';

/**
 * Separation of duties on plans, checked after the state machine has allowed the change:
 * - `four-eyes`: whoever created a plan (the same principal, in whatever role) may not approve it;
 * - `agent-cancel-active`: an agent may withdraw a plan still waiting (proposed, pending approval)
 *   but not cancel one the debtor is paying; a supervisor or a service may.
 */
export type PlanDutyRule = 'four-eyes' | 'agent-cancel-active';

export type PlanDutyCheck = { readonly ok: true } | { readonly ok: false; readonly status: 403 | 409; readonly rule: PlanDutyRule; readonly detail: string };

/** `created_by` is `<role>:<subject>` (a role never contains ':'); the subject is the person. */
export function creatorSubject(createdBy: string): string {
  const colon = createdBy.indexOf(':');
  return colon === -1 ? createdBy : createdBy.slice(colon + 1);
}

export function checkPlanDuty(plan: Pick<PlanRecord, 'status' | 'createdBy'>, action: 'approve' | 'cancel', by: AuthPrincipal): PlanDutyCheck {
  if (action === 'approve' && creatorSubject(plan.createdBy) === by.subject) {
    return { ok: false, status: 409, rule: 'four-eyes', detail: 'four-eyes: the creator may not approve; another supervisor must approve this plan.' };
  }
  if (action === 'cancel' && by.role === 'agent' && plan.status === 'active') {
    return { ok: false, status: 403, rule: 'agent-cancel-active', detail: 'agent-cancel-active: an agent may not cancel an active plan; ask a supervisor.' };
  }
  return { ok: true };
}

export function planDutyProblem(check: Extract<PlanDutyCheck, { ok: false }>): ProblemException {
  return separationOfDutiesProblem(check);
}
