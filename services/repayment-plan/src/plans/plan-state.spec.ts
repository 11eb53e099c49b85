import { PLAN_STATUSES } from '@clearpath/contracts';
import { IllegalTransitionError, canPlan, nextPlanStatus, nextPromiseStatus } from './plan-state';

describe('plan state machine', () => {
  it('allows the documented paths', () => {
    expect(nextPlanStatus('proposed', 'accept')).toBe('active');
    expect(nextPlanStatus('proposed', 'require-approval')).toBe('pending-approval');
    expect(nextPlanStatus('pending-approval', 'approve')).toBe('active');
    expect(nextPlanStatus('active', 'complete')).toBe('completed');
    expect(nextPlanStatus('active', 'break')).toBe('broken');
    expect(nextPlanStatus('active', 'cancel')).toBe('cancelled');
  });

  it('refuses everything else, and finished plans are final', () => {
    expect(() => nextPlanStatus('active', 'approve')).toThrow(IllegalTransitionError);
    expect(() => nextPlanStatus('completed', 'cancel')).toThrow('a completed plan cannot be cancelled');
    for (const status of ['completed', 'broken', 'cancelled'] as const) {
      for (const action of ['accept', 'require-approval', 'approve', 'complete', 'break', 'cancel'] as const) expect(canPlan(status, action)).toBe(false);
    }
    expect(PLAN_STATUSES.every((s) => typeof canPlan(s, 'cancel') === 'boolean')).toBe(true);
  });

  it('promises: open → kept | broken | cancelled, once', () => {
    expect(nextPromiseStatus('open', 'keep')).toBe('kept');
    expect(nextPromiseStatus('open', 'break')).toBe('broken');
    expect(() => nextPromiseStatus('kept', 'break')).toThrow(IllegalTransitionError);
  });
});
