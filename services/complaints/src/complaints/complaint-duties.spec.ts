import { COMPLAINT_STATUSES } from '@clearpath/contracts';
import { ROLES } from '@clearpath/auth';
import { checkStatusChangeDuty, complaintDutyProblem } from './complaint-duties';

describe('separation of duties on complaints', () => {
  it('lets only compliance withdraw a complaint', () => {
    for (const role of ROLES) {
      const check = checkStatusChangeDuty('withdrawn', { subject: `someone-${role}`, role });
      expect({ role, ok: check.ok }).toEqual({ role, ok: role === 'compliance' });
    }
    expect(checkStatusChangeDuty('withdrawn', { subject: 'x', role: 'supervisor' })).toEqual({
      ok: false,
      rule: 'complaint-withdrawal',
      detail: expect.stringMatching(/^complaint-withdrawal: only the compliance role may withdraw/),
    });
  });

  it('leaves every other status change to the roles the endpoint allows', () => {
    for (const status of COMPLAINT_STATUSES.filter((s) => s !== 'withdrawn')) {
      expect(checkStatusChangeDuty(status, { subject: 'x', role: 'supervisor' }).ok).toBe(true);
    }
  });

  it('answers 403 problem+json naming the rule', () => {
    const check = checkStatusChangeDuty('withdrawn', { subject: 'x', role: 'agent' });
    if (check.ok) throw new Error('expected a refusal');
    const problem = complaintDutyProblem(check);
    expect(problem.getStatus()).toBe(403);
    expect(problem.type).toBe('urn:clearpath:separation-of-duties:complaint-withdrawal');
    expect(problem.extensions).toEqual({ rule: 'complaint-withdrawal' });
  });
});
