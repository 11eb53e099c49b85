import { PLAN_STATUSES } from '@clearpath/contracts';
import { checkPlanDuty, creatorSubject, planDutyProblem } from './plan-duties';

const supervisor = (subject: string) => ({ subject, role: 'supervisor' as const });

describe('separation of duties on plans', () => {
  it('reads the person out of created_by (<role>:<subject>), whatever the subject contains', () => {
    expect(creatorSubject('agent:client:agent-desk')).toBe('client:agent-desk');
    expect(creatorSubject('supervisor:alice')).toBe('alice');
    expect(creatorSubject('debtor:self-service')).toBe('self-service');
  });

  it('four-eyes: the creator may not approve, in any role; anyone else may', () => {
    const plan = { status: 'pending-approval' as const, createdBy: 'supervisor:alice' };
    const refused = checkPlanDuty(plan, 'approve', supervisor('alice'));
    expect(refused).toEqual({ ok: false, status: 409, rule: 'four-eyes', detail: expect.stringMatching(/^four-eyes: the creator may not approve/) });
    // The same person holding another role is still the creator.
    expect(checkPlanDuty({ ...plan, createdBy: 'agent:alice' }, 'approve', supervisor('alice')).ok).toBe(false);
    expect(checkPlanDuty(plan, 'approve', supervisor('bob'))).toEqual({ ok: true });
    expect(checkPlanDuty({ ...plan, createdBy: 'debtor:self-service' }, 'approve', supervisor('bob'))).toEqual({ ok: true });
  });

  it('agent-cancel-active: agents cancel only plans not yet active; supervisors and the system keep their rights', () => {
    for (const status of PLAN_STATUSES) {
      const agent = checkPlanDuty({ status, createdBy: 'agent:x' }, 'cancel', { subject: 'x', role: 'agent' });
      expect({ status, ok: agent.ok }).toEqual({ status, ok: status !== 'active' });
      expect(checkPlanDuty({ status, createdBy: 'agent:x' }, 'cancel', supervisor('x')).ok).toBe(true);
      expect(checkPlanDuty({ status, createdBy: 'agent:x' }, 'cancel', { subject: 'x', role: 'service' }).ok).toBe(true);
    }
    expect(checkPlanDuty({ status: 'active', createdBy: 'agent:x' }, 'cancel', { subject: 'y', role: 'agent' })).toMatchObject({
      status: 403,
      rule: 'agent-cancel-active',
    });
  });

  it('answers problem+json naming the rule', () => {
    const check = checkPlanDuty({ status: 'pending-approval', createdBy: 'supervisor:alice' }, 'approve', supervisor('alice'));
    if (check.ok) throw new Error('expected a refusal');
    const problem = planDutyProblem(check);
    expect(problem.getStatus()).toBe(409);
    expect(problem.type).toBe('urn:clearpath:separation-of-duties:four-eyes');
    expect(problem.extensions).toEqual({ rule: 'four-eyes' });
  });
});
