import { TOPICS } from '@clearpath/contracts';
import { deadLetterTopics } from '../pipeline/pipeline.graph';
import { approvalProblem, checkApprover, needsSecondPerson } from './replay-approval.policy';

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
    const request = { requestedBy: 'client:ops-console' };
    expect(checkApprover(request, { subject: 'client:ops-console', role: 'compliance' })).toEqual({
      ok: false,
      rule: 'four-eyes',
      detail: expect.stringMatching(/^four-eyes: the creator may not approve/),
    });
    expect(checkApprover(request, { subject: 'ops-olga', role: 'ops' })).toEqual({ ok: true });
  });

  it('answers 409 problem+json naming the rule', () => {
    const check = checkApprover({ requestedBy: 'olga' }, { subject: 'olga', role: 'ops' });
    if (check.ok) throw new Error('expected a refusal');
    const problem = approvalProblem(check);
    expect(problem.getStatus()).toBe(409);
    expect(problem.type).toBe('urn:clearpath:separation-of-duties:four-eyes');
    expect(problem.extensions).toEqual({ rule: 'four-eyes' });
  });
});
