import type { AuthPrincipal } from '@clearpath/auth';
import { ProblemException, separationOfDutiesProblem } from '@clearpath/observability';
import { sourceOfDeadLetterTopic, topicSpec } from '../pipeline/pipeline.graph';

/**
 * Who may replay what (separation of duties). A replay injects bytes into the pipeline under an
 * existing event id; on a topic that carries personal data (the registry's `containsPersonalData`,
 * of the dead-letter topic or the topic it belongs to; unknown counts as personal) that is one
 * person's word about someone's name, phone or address, so it takes two: one asks (ops), another
 * approves (ops or compliance), and only then is it published. Topics without personal data stay
 * a one-person replay.
 */
export function needsSecondPerson(dlqTopic: string): boolean {
  return (topicSpec(dlqTopic)?.containsPersonalData ?? true) || (sourceOfDeadLetterTopic(dlqTopic)?.containsPersonalData ?? true);
}

export type ApprovalCheck = { readonly ok: true } | { readonly ok: false; readonly rule: 'four-eyes'; readonly detail: string };

/** `four-eyes`: the approver must be another principal than the requester, whatever their roles. */
export function checkApprover(request: { readonly requestedBy: string }, approver: AuthPrincipal): ApprovalCheck {
  if (request.requestedBy === approver.subject) {
    return { ok: false, rule: 'four-eyes', detail: 'four-eyes: the creator may not approve; another person (ops or compliance) must approve this replay.' };
  }
  return { ok: true };
}

export function approvalProblem(check: Extract<ApprovalCheck, { ok: false }>): ProblemException {
  return separationOfDutiesProblem({ status: 409, rule: check.rule, detail: check.detail });
}
