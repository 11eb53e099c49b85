import fc from 'fast-check';
import { TOPICS } from '@clearpath/contracts';
import { deadLetterTopics } from '../pipeline/pipeline.graph';
import { type WaitingRequest, checkApprover, checkCloser, needsSecondPerson, refusalProblem, requestExpiry } from './replay-approval.policy';

const HOUR = 3_600_000;
const madeAt = new Date('2026-11-29T02:00:00Z');
const fresh = { now: new Date('2026-11-29T03:00:00Z'), ttlMs: 24 * HOUR };
const waiting = (overrides: Partial<WaitingRequest> = {}): WaitingRequest => ({
  id: '7',
  requestedAt: madeAt,
  requestedBy: 'client:ops-console',
  closure: null,
  ...overrides,
});

describe('who may replay a dead letter', () => {
  it('asks for a second person on exactly the dead-letter topics that carry personal data', () => {
    const twoPeople = deadLetterTopics()
      .filter((t) => needsSecondPerson(t.name))
      .map((t) => t.name)
      .sort();
    expect(twoPeople).toEqual([TOPICS.coreBankLoanEventsDlq.name, TOPICS.customerContactsDlq.name].sort());
    expect(needsSecondPerson(TOPICS.loanLifecycleDlq.name)).toBe(false);
    // A topic the registry does not know is treated as personal.
    expect(needsSecondPerson('somebody.unknown.dlq.v1')).toBe(true);
  });

  it('four-eyes: the requester may not approve, in whatever role; another person may', () => {
    expect(checkApprover(waiting(), { subject: 'client:ops-console', role: 'compliance' }, fresh)).toEqual({
      ok: false,
      rule: 'four-eyes',
      detail: expect.stringMatching(/^four-eyes: the creator may not approve/),
    });
    expect(checkApprover(waiting(), { subject: 'ops-olga', role: 'ops' }, fresh)).toEqual({ ok: true });
  });

  it('answers 409 problem+json naming the rule', () => {
    const check = checkApprover(waiting({ requestedBy: 'olga' }), { subject: 'olga', role: 'ops' }, fresh);
    if (check.ok) throw new Error('expected a refusal');
    const problem = refusalProblem(check);
    expect(problem.getStatus()).toBe(409);
    expect(problem.type).toBe('urn:clearpath:separation-of-duties:four-eyes');
    expect(problem.extensions).toEqual({ rule: 'four-eyes' });
  });
});

describe('a replay request ends: rejected, withdrawn or expired', () => {
  const rejected = waiting({
    closure: { outcome: 'rejected', closedAt: new Date('2026-11-29T02:30:00Z'), closedBy: 'compliance-carla', closedRole: 'compliance' },
  });
  const withdrawn = waiting({
    closure: { outcome: 'withdrawn', closedAt: new Date('2026-11-29T02:30:00Z'), closedBy: 'client:ops-console', closedRole: 'ops' },
  });

  it('closed by its requester it is withdrawn; by anyone else, in any role, rejected', () => {
    expect(checkCloser(waiting(), { subject: 'client:ops-console', role: 'ops' }, fresh)).toEqual({ ok: true, outcome: 'withdrawn' });
    expect(checkCloser(waiting(), { subject: 'client:ops-console', role: 'compliance' }, fresh)).toEqual({ ok: true, outcome: 'withdrawn' });
    expect(checkCloser(waiting(), { subject: 'ops-oscar', role: 'ops' }, fresh)).toEqual({ ok: true, outcome: 'rejected' });
    expect(checkCloser(waiting(), { subject: 'compliance-carla', role: 'compliance' }, fresh)).toEqual({ ok: true, outcome: 'rejected' });
  });

  it('a closed request is neither approved nor closed again, by anyone, saying how and when it ended', () => {
    for (const who of [
      { subject: 'ops-oscar', role: 'ops' },
      { subject: 'client:ops-console', role: 'ops' },
    ] as const) {
      expect(checkApprover(rejected, who, fresh)).toEqual({
        ok: false,
        rule: 'replay-request-closed',
        detail:
          'replay-request-closed: replay request #7 was rejected by compliance-carla (compliance) at 2026-11-29T02:30:00.000Z; it can no longer be approved.',
      });
      expect(checkCloser(withdrawn, who, fresh)).toEqual({
        ok: false,
        rule: 'replay-request-closed',
        detail:
          'replay-request-closed: replay request #7 was withdrawn by its requester client:ops-console at 2026-11-29T02:30:00.000Z; it can no longer be closed.',
      });
    }
    const check = checkApprover(rejected, { subject: 'ops-oscar', role: 'ops' }, fresh);
    if (check.ok) throw new Error('expected a refusal');
    const problem = refusalProblem(check);
    expect(problem.getStatus()).toBe(409);
    expect(problem.type).toBe('urn:clearpath:separation-of-duties:replay-request-closed');
  });

  it('expires exactly the TTL after it was made, saying when', () => {
    const justBefore = { now: new Date(requestExpiry(madeAt, fresh.ttlMs).getTime() - 1), ttlMs: fresh.ttlMs };
    const atExpiry = { now: requestExpiry(madeAt, fresh.ttlMs), ttlMs: fresh.ttlMs };
    expect(requestExpiry(madeAt, 24 * HOUR).toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(checkApprover(waiting(), { subject: 'ops-oscar', role: 'ops' }, justBefore)).toEqual({ ok: true });
    expect(checkApprover(waiting(), { subject: 'ops-oscar', role: 'ops' }, atExpiry)).toEqual({
      ok: false,
      rule: 'replay-request-expired',
      detail:
        'replay-request-expired: replay request #7 was made at 2026-11-29T02:00:00.000Z and expired at 2026-11-30T02:00:00.000Z (after 24 h); ' +
        'it can no longer be approved. Ask again if the record still needs replaying.',
    });
    // An expired request has ended: there is nothing left to reject or withdraw.
    expect(checkCloser(waiting(), { subject: 'client:ops-console', role: 'ops' }, atExpiry)).toMatchObject({ ok: false, rule: 'replay-request-expired' });
  });

  it('approves only an open request younger than the TTL, from another person; anything else is refused with a rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 * 30 }),
        fc.integer({ min: -HOUR, max: 60 * 24 * HOUR }),
        fc.constantFrom<WaitingRequest['closure']>(null, rejected.closure, withdrawn.closure),
        fc.constantFrom('client:ops-console', 'ops-oscar'),
        (ttlHours, age, closure, approver) => {
          const time = { now: new Date(madeAt.getTime() + age), ttlMs: ttlHours * HOUR };
          const check = checkApprover(waiting({ closure }), { subject: approver, role: 'ops' }, time);
          const approvable = closure === null && age < ttlHours * HOUR && approver !== 'client:ops-console';
          expect(check.ok).toBe(approvable);
          if (!check.ok) expect(check.detail.startsWith(`${check.rule}: `)).toBe(true);
          // Whatever refuses an approval for the state of the request refuses closing it too.
          const close = checkCloser(waiting({ closure }), { subject: approver, role: 'ops' }, time);
          expect(close.ok).toBe(closure === null && age < ttlHours * HOUR);
        },
      ),
    );
  });
});
