import { newCase } from '../cases/case-record';
import { whereabouts } from '../cases/debtor-whereabouts';
import { planningState } from './planning-state';

const now = new Date('2026-12-01T02:00:00Z');

describe('planning state', () => {
  it('has no whereabouts without a time zone, and no plan without a treatment clock', () => {
    const record = { ...newCase('L-1', 'C-1', now), jurisdiction: 'GB' as const };
    expect(whereabouts(record, undefined)).toBeNull();
    expect(planningState(record, null)).toBeNull();
    expect(planningState({ ...record, segmentedAt: now.toISOString() }, null)).toMatchObject({ jurisdiction: 'GB', locale: 'en-GB', segmentedAt: now });
  });
});
