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
 *
 * A request is approved while it is fresh or not at all: another person may reject it, its
 * requester may withdraw it, and after the request TTL it expires. Each of these ends it for good,
 * so nobody approves, months later, bytes nobody looked at since.
 */
export function needsSecondPerson(dlqTopic: string): boolean {
  return (topicSpec(dlqTopic)?.containsPersonalData ?? true) || (sourceOfDeadLetterTopic(dlqTopic)?.containsPersonalData ?? true);
}

/** How a request was ended by a person: by someone else (`rejected`) or by its requester (`withdrawn`). */
export type ClosureOutcome = 'rejected' | 'withdrawn';

export interface ReplayRequestClosure {
  readonly outcome: ClosureOutcome;
  readonly closedAt: Date;
  readonly closedBy: string;
  readonly closedRole: string;
}

/** What the rules need to know of a request that no replay carried out yet. */
export interface WaitingRequest {
  readonly id: string;
  readonly requestedAt: Date;
  readonly requestedBy: string;
  readonly closure: ReplayRequestClosure | null;
}

/** The time the rules are checked at, and how long a request may wait for its second person. */
export interface RequestTime {
  readonly now: Date;
  readonly ttlMs: number;
}

export type DutyRule = 'four-eyes' | 'replay-request-closed' | 'replay-request-expired';

export type RequestRefusal = { readonly ok: false; readonly rule: DutyRule; readonly detail: string };
export type ApprovalCheck = { readonly ok: true } | RequestRefusal;
export type ClosureCheck = { readonly ok: true; readonly outcome: ClosureOutcome } | RequestRefusal;

/** A request expires `ttlMs` after it was made: from that instant on it can no longer be approved. */
export function requestExpiry(requestedAt: Date, ttlMs: number): Date {
  return new Date(requestedAt.getTime() + ttlMs);
}

/**
 * Approving takes a request that is still open (`replay-request-closed` once rejected or withdrawn),
 * still fresh (`replay-request-expired` from its expiry on) and another principal than the
 * requester, whatever their roles (`four-eyes`).
 */
export function checkApprover(request: WaitingRequest, approver: AuthPrincipal, time: RequestTime): ApprovalCheck {
  const ended = endedRequest(request, time, 'approved');
  if (ended) return ended;
  if (request.requestedBy === approver.subject) {
    return { ok: false, rule: 'four-eyes', detail: 'four-eyes: the creator may not approve; another person (ops or compliance) must approve this replay.' };
  }
  return { ok: true };
}

/**
 * Closing takes a request that is still open and fresh, like approving. Closed by its requester it
 * is `withdrawn`; by anyone else (the route admits ops and compliance) it is `rejected`: the
 * requester cannot pass as the second person who looked at it and said no.
 */
export function checkCloser(request: WaitingRequest, closer: AuthPrincipal, time: RequestTime): ClosureCheck {
  const ended = endedRequest(request, time, 'closed');
  if (ended) return ended;
  return { ok: true, outcome: request.requestedBy === closer.subject ? 'withdrawn' : 'rejected' };
}

function endedRequest(request: WaitingRequest, time: RequestTime, wanted: 'approved' | 'closed'): RequestRefusal | null {
  const { closure } = request;
  if (closure !== null) {
    const how = closure.outcome === 'withdrawn' ? `withdrawn by its requester ${closure.closedBy}` : `rejected by ${closure.closedBy} (${closure.closedRole})`;
    return {
      ok: false,
      rule: 'replay-request-closed',
      detail: `replay-request-closed: replay request #${request.id} was ${how} at ${closure.closedAt.toISOString()}; it can no longer be ${wanted}.`,
    };
  }
  const expiry = requestExpiry(request.requestedAt, time.ttlMs);
  if (time.now.getTime() >= expiry.getTime()) {
    return {
      ok: false,
      rule: 'replay-request-expired',
      detail:
        `replay-request-expired: replay request #${request.id} was made at ${request.requestedAt.toISOString()} and expired at ${expiry.toISOString()} ` +
        `(after ${formatHours(time.ttlMs)}); it can no longer be ${wanted}. Ask again if the record still needs replaying.`,
    };
  }
  return null;
}

function formatHours(ms: number): string {
  const hours = ms / 3_600_000;
  return `${Number.isInteger(hours) ? hours : hours.toFixed(2)} h`;
}

/** 409 problem+json naming the rule, in the shape every service answers a duty refusal in. */
export function refusalProblem(check: RequestRefusal): ProblemException {
  return separationOfDutiesProblem({ status: 409, rule: check.rule, detail: check.detail });
}
