import type { ComplaintStatus } from '@clearpath/contracts';
import type { AuthPrincipal } from '@clearpath/auth';
import { ProblemException, separationOfDutiesProblem } from '@clearpath/observability';

/**
 * Separation of duties on complaints. Withdrawing a complaint ends it and lifts the contact
 * suspension it holds, so a collector named in it could call again: only compliance may do it
 * (`complaint-withdrawal`), never the agents and supervisors whose conduct a complaint is about.
 * The debtor has no withdrawal of their own here (the self-service page only opens complaints): a
 * debtor who wants to withdraw says so, and compliance records it.
 */
export type ComplaintDutyRule = 'complaint-withdrawal';

export type ComplaintDutyCheck = { readonly ok: true } | { readonly ok: false; readonly rule: ComplaintDutyRule; readonly detail: string };

export function checkStatusChangeDuty(to: ComplaintStatus, by: AuthPrincipal): ComplaintDutyCheck {
  if (to === 'withdrawn' && by.role !== 'compliance') {
    return {
      ok: false,
      rule: 'complaint-withdrawal',
      detail: 'complaint-withdrawal: only the compliance role may withdraw a complaint (it lifts the contact suspension).',
    };
  }
  return { ok: true };
}

export function complaintDutyProblem(check: Extract<ComplaintDutyCheck, { ok: false }>): ProblemException {
  return separationOfDutiesProblem({ status: 403, rule: check.rule, detail: check.detail });
}
