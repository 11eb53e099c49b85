import { ProblemException, separationOfDutiesProblem } from '@clearpath/observability';
import { AGENT_CHANNELS, type Channel } from '../compliance/channel';

/**
 * Separation of duties on contact outcomes. An outcome changes what the guard allows (a dispute
 * stops contact, a promise holds steps, an opt-out closes a channel) and credits a collector's
 * scorecard, so:
 * - `outcome-by-dialler`: the outcome of a call or field visit is the word of the person who made
 *   it (the agent who dialled / started the visit, `agent_contacts.agent`); nobody else — another
 *   agent, a supervisor, a service — records it for them;
 * - `one-outcome-per-contact`: one outcome per call or visit (a task dialled again is another
 *   call, with an outcome of its own), and one per attempt on the automated channels. A correction
 *   is not an overwrite: it would be a feature of its own.
 * Automated channels (SMS, e-mail, IM, letter) keep who may record today: agents and supervisors
 * handling a reply, and services (the dialer and provider integrations).
 */
export type OutcomeDutyRule = 'outcome-by-dialler' | 'one-outcome-per-contact';

export type OutcomeDutyCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 403 | 409; readonly rule: OutcomeDutyRule; readonly detail: string };

export interface OutcomeFacts {
  readonly channel: Channel;
  /** Who records it now (the principal's subject). */
  readonly by: string;
  /** The attempt's outcome so far. */
  readonly attemptOutcome: string | null;
  /** Calls and visits: the latest one made for the attempt (who made it, its outcome so far). */
  readonly contact: { readonly agent: string; readonly outcome: string | null } | null;
}

export function checkOutcomeDuty(facts: OutcomeFacts): OutcomeDutyCheck {
  if (AGENT_CHANNELS.includes(facts.channel)) {
    const what = facts.channel === 'VOICE' ? 'call' : 'visit';
    if (facts.contact === null || facts.contact.agent !== facts.by) {
      return { ok: false, status: 403, rule: 'outcome-by-dialler', detail: `outcome-by-dialler: only the agent who made this ${what} may record its outcome.` };
    }
    if (facts.contact.outcome !== null) {
      return {
        ok: false,
        status: 409,
        rule: 'one-outcome-per-contact',
        detail: `one-outcome-per-contact: this ${what} already has its outcome (${facts.contact.outcome}).`,
      };
    }
    return { ok: true };
  }
  if (facts.attemptOutcome !== null) {
    return {
      ok: false,
      status: 409,
      rule: 'one-outcome-per-contact',
      detail: `one-outcome-per-contact: this contact attempt already has its outcome (${facts.attemptOutcome}).`,
    };
  }
  return { ok: true };
}

export function outcomeDutyProblem(check: Extract<OutcomeDutyCheck, { ok: false }>): ProblemException {
  return separationOfDutiesProblem(check);
}
