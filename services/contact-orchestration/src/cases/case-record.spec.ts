import { newEnvelope, type CaseSegmentedEventV1, type LoanLifecycleEventV1 } from '@clearpath/contracts';
import type { Treatment } from '../treatments/treatment.schema';
import { applyLifecycle, applySegmented, guardFlags, newCase, type CaseRecord } from './case-record';

const now = new Date('2026-12-01T02:00:00Z');
const treatment = (treatmentId: string, version = 1): Treatment => ({ treatmentId, version, tone: 'standard', steps: [] });

function segmented(loanSequence: number, treatmentId = 'standard-reminder', occurredAt = '2026-12-01T01:00:00Z'): CaseSegmentedEventV1 {
  return newEnvelope({
    eventType: 'CaseSegmented', schemaVersion: 1, occurredAt: new Date(occurredAt), correlationId: 'c', causationId: null,
    payload: {
      loanId: 'L-1', customerId: 'C-1', loanSequence, probabilityOfDefault: '0.2500', band: 'B', dpdBucket: 'M1', segment: 'S', treatment: treatmentId,
      arm: 'champion', protectedCase: false, modelVersion: 'm', policyVersion: 'p', reasons: [], overdueAmount: '1000.00', currency: 'CNY', jurisdiction: 'CN',
    },
  });
}

function lifecycle<T extends LoanLifecycleEventV1['eventType']>(eventType: T, payload: Record<string, unknown>): LoanLifecycleEventV1 {
  return newEnvelope({ eventType, schemaVersion: 1, occurredAt: now, correlationId: 'c', causationId: null, payload: { loanId: 'L-1', customerId: 'C-1', ...payload } }) as unknown as LoanLifecycleEventV1;
}

const applied = (u: ReturnType<typeof applySegmented>): CaseRecord => {
  if (u.kind !== 'applied') throw new Error('expected applied');
  return u.record;
};

describe('case record', () => {
  it('starts a treatment, keeps its steps when it is repeated, restarts them when it changes', () => {
    const first = applied(applySegmented(null, segmented(1), treatment('standard-reminder'), now));
    expect(first).toMatchObject({ treatmentId: 'standard-reminder', treatmentEpisode: 1, segmentedAt: '2026-12-01T01:00:00.000Z', state: 'ACTIVE', probabilityOfDefault: '0.2500' });
    const withSteps = { ...first, stepsDone: ['sms-1'] };
    expect(applied(applySegmented(withSteps, segmented(2), treatment('standard-reminder'), now))).toMatchObject({ stepsDone: ['sms-1'], treatmentEpisode: 1 });
    expect(applied(applySegmented(withSteps, segmented(3, 'firm-reminder'), treatment('firm-reminder'), now))).toMatchObject({ stepsDone: [], treatmentEpisode: 2, treatmentId: 'firm-reminder' });
    expect(applySegmented(withSteps, segmented(0), treatment('standard-reminder'), now).kind).toBe('stale');
  });

  it('never starts a treatment clock in the future', () => {
    expect(applied(applySegmented(null, segmented(1, 'standard-reminder', '2026-12-05T00:00:00Z'), treatment('standard-reminder'), now)).segmentedAt).toBe(now.toISOString());
  });

  it('stops a closed loan for good', () => {
    const closed = applied(applyLifecycle(newCase('L-1', 'C-1', now), lifecycle('LoanClosed', { loanSequence: 5, reason: 'PAID_OFF', closedAt: '2026-12-01' }), now));
    expect(closed).toMatchObject({ state: 'STOPPED', stateReason: 'closed' });
    expect(applied(applySegmented(closed, segmented(6), treatment('standard-reminder'), now)).state).toBe('STOPPED');
    expect(applyLifecycle(closed, lifecycle('LoanClosed', { loanSequence: 5, reason: 'PAID_OFF', closedAt: '2026-12-01' }), now).kind).toBe('stale');
  });

  it('pauses a cured case and resumes it when it is late again; a payment keeps a promise', () => {
    const promised = { ...newCase('L-1', 'C-1', now), openPromise: true, promiseAmount: '300.00', promiseDate: '2026-12-10' };
    const partly = applied(applyLifecycle(promised, lifecycle('LoanPaymentReceived', { loanSequence: 1, amount: '300.00', currency: 'CNY', paidAt: '2026-12-01T01:00:00Z', method: 'x', reference: 'r', outstandingBalance: '700.00', overdueAmount: '700.00' }), now));
    expect(partly).toMatchObject({ state: 'ACTIVE', openPromise: false, lastPaymentAt: '2026-12-01T01:00:00.000Z', overdueAmount: '700.00' });
    const cured = applied(applyLifecycle(partly, lifecycle('LoanPaymentReceived', { loanSequence: 2, amount: '700.00', currency: 'CNY', paidAt: '2026-12-01T01:30:00Z', method: 'x', reference: 'r', outstandingBalance: '0.00', overdueAmount: '0.00' }), now));
    expect(cured).toMatchObject({ state: 'PAUSED', stateReason: 'cured' });
    const lateAgain = applied(
      applyLifecycle(cured, lifecycle('LoanDelinquencyUpdated', { loanSequence: 3, jurisdiction: 'CN', timezone: 'Asia/Shanghai', locale: 'zh-CN', product: 'CASH_LOAN', currency: 'CNY', creditLimit: '1', outstandingBalance: '1', overdueAmount: '50.00', daysPastDue: 3, dpdBucket: 'M1', dueDate: '2026-11-28', history: [], bureauScore: null, firstOverdue: false, activeFlags: ['DISPUTE'] }), now),
    );
    expect(lateAgain).toMatchObject({ state: 'ACTIVE', daysPastDue: 3, dueDate: '2026-11-28', timezone: 'Asia/Shanghai', activeFlags: ['DISPUTE'] });
  });

  it('takes flag updates and shows hardship to the guard as vulnerability', () => {
    const flagged = applied(applyLifecycle(newCase('L-1', 'C-1', now), lifecycle('CustomerFlagUpdated', { loanSequence: 1, flag: 'DO_NOT_CONTACT', active: true, until: null, activeFlags: ['DO_NOT_CONTACT'] }), now));
    expect(flagged.activeFlags).toEqual(['DO_NOT_CONTACT']);
    expect(guardFlags({ ...flagged, hardship: true })).toEqual(['DO_NOT_CONTACT', 'VULNERABLE']);
  });
});
