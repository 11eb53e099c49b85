import { newEnvelope, type CaseSegmentedEventV1, type LoanLifecycleEventV1, type RepaymentPlanEventV1 } from '@clearpath/contracts';
import type { Treatment } from '../treatments/treatment.schema';
import { applyLifecycle, applyRepaymentPlan, applySegmented, guardFlags, newCase, type CaseRecord } from './case-record';

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

  describe('repayment-plan events', () => {
    const planEvent = (status: 'active' | 'broken' | 'completed' | 'cancelled'): RepaymentPlanEventV1 =>
      newEnvelope({
        eventType: 'PlanStatusChanged', schemaVersion: 1, occurredAt: now, correlationId: 'c', causationId: null,
        payload: { planId: '6f1c1e7e-3d56-4a55-9b7e-6c0b7f0c9a01', loanId: 'L-1', customerId: 'C-1', kind: 'INSTALMENT', status, previousStatus: null, currency: 'CNY', totalPayable: '100.00', paidAmount: '0.00', instalmentCount: 2, nextDueDate: null, missedInstalment: null, policyVersion: 'p', changedAt: '2026-12-01T02:00:00.000Z' },
      });
    const promiseEvent = (status: 'open' | 'kept' | 'broken'): RepaymentPlanEventV1 =>
      newEnvelope({
        eventType: 'PromiseStatusChanged', schemaVersion: 1, occurredAt: now, correlationId: 'c', causationId: null,
        payload: { promiseId: '6f1c1e7e-3d56-4a55-9b7e-6c0b7f0c9a02', loanId: 'L-1', customerId: 'C-1', sourceAttemptId: null, amount: '50.00', currency: 'CNY', promisedDate: '2026-12-05', status, previousStatus: null, paidAmount: '0.00', changedAt: '2026-12-06T02:00:00.000Z' },
      });
    const active = applied(applySegmented(null, segmented(1), treatment('standard-reminder'), now));
    const apply = (record: CaseRecord, event: RepaymentPlanEventV1) => applied(applyRepaymentPlan(record, event, now));

    it('pauses for an active plan, and a new verdict does not end that pause; a broken plan resumes and counts as broken', () => {
      const paused = apply(active, planEvent('active'));
      expect(paused).toMatchObject({ state: 'PAUSED', stateReason: 'plan-active' });
      expect(applied(applySegmented(paused, segmented(2, 'firm-reminder'), treatment('firm-reminder'), now))).toMatchObject({ state: 'PAUSED', stateReason: 'plan-active' });
      expect(apply(paused, planEvent('broken'))).toMatchObject({ state: 'ACTIVE', stateReason: null, lastPromiseBrokenAt: '2026-12-01T02:00:00.000Z' });
      expect(apply(paused, planEvent('cancelled'))).toMatchObject({ state: 'ACTIVE', stateReason: null, lastPromiseBrokenAt: null });
    });

    it('never lifts a stop or a cure pause with a plan event', () => {
      const closed = applied(applyLifecycle(active, lifecycle('LoanClosed', { loanSequence: 2, reason: 'PAID_OFF', closedAt: '2026-12-01T00:00:00Z' }), now));
      expect(apply(closed, planEvent('active'))).toMatchObject({ state: 'STOPPED', stateReason: 'closed' });
      expect(apply({ ...active, state: 'PAUSED', stateReason: 'cured' }, planEvent('broken'))).toMatchObject({ state: 'PAUSED', stateReason: 'cured' });
    });

    it('tracks promises and stops the case for good when it is resolved', () => {
      expect(apply(active, promiseEvent('open'))).toMatchObject({ openPromise: true, promiseAmount: '50.00', promiseDate: '2026-12-05' });
      expect(apply(apply(active, promiseEvent('open')), promiseEvent('broken'))).toMatchObject({ openPromise: false, lastPromiseBrokenAt: '2026-12-06T02:00:00.000Z' });
      const resolved = apply(active, newEnvelope({ eventType: 'CaseResolved', schemaVersion: 1, occurredAt: now, correlationId: 'c', causationId: null, payload: { loanId: 'L-1', customerId: 'C-1', reason: 'BALANCE_CLEARED' as const, planId: null, resolvedAt: '2026-12-01T02:00:00.000Z' } }));
      expect(resolved).toMatchObject({ state: 'STOPPED', stateReason: 'resolved' });
      expect(apply(resolved, planEvent('broken'))).toMatchObject({ state: 'STOPPED', stateReason: 'resolved' });
    });
  });
});
