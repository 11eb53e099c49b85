import type { CaseSegmentedEventV1, RepaymentPlanEventV1 } from '@clearpath/contracts';
import {
  type AnyLoanEventBuilder,
  aCaseResolved,
  aCaseSegmented,
  aCustomerFlagUpdated,
  aLoanClosedEvent,
  aLoanDelinquencyUpdated,
  aLoanPaymentReceived,
  aPlanStatusChanged,
  aPromiseStatusChanged,
} from '@clearpath/testing';
import type { Treatment } from '../treatments/treatment.schema';
import { applyLifecycle, applyRepaymentPlan, applySegmented, guardFlags, newCase, type CaseRecord } from './case-record';

const now = new Date('2026-12-01T02:00:00Z');
const treatment = (treatmentId: string, version = 1): Treatment => ({ treatmentId, version, tone: 'standard', steps: [] });

/** An event about this spec's case (loan L-1 of C-1), happening now. */
const ofTheCase = <B extends AnyLoanEventBuilder>(builder: B): B => builder.forCase({ loanId: 'L-1', customerId: 'C-1' }).occurredAt(now);

function segmented(loanSequence: number, treatmentId = 'standard-reminder', occurredAt = '2026-12-01T01:00:00Z'): CaseSegmentedEventV1 {
  return ofTheCase(aCaseSegmented()).withSequence(loanSequence).withTreatment(treatmentId).withProbabilityOfDefault('0.2500').occurredAt(occurredAt).build();
}
const closed = (loanSequence: number) => ofTheCase(aLoanClosedEvent()).withSequence(loanSequence).build();

const applied = (u: ReturnType<typeof applySegmented>): CaseRecord => {
  if (u.kind !== 'applied') throw new Error('expected applied');
  return u.record;
};

describe('case record', () => {
  it('starts a treatment, keeps its steps when it is repeated, restarts them when it changes', () => {
    const first = applied(applySegmented(null, segmented(1), treatment('standard-reminder'), now));
    expect(first).toMatchObject({
      treatmentId: 'standard-reminder',
      treatmentEpisode: 1,
      segmentedAt: '2026-12-01T01:00:00.000Z',
      state: 'ACTIVE',
      probabilityOfDefault: '0.2500',
    });
    const withSteps = { ...first, stepsDone: ['sms-1'] };
    expect(applied(applySegmented(withSteps, segmented(2), treatment('standard-reminder'), now))).toMatchObject({ stepsDone: ['sms-1'], treatmentEpisode: 1 });
    expect(applied(applySegmented(withSteps, segmented(3, 'firm-reminder'), treatment('firm-reminder'), now))).toMatchObject({
      stepsDone: [],
      treatmentEpisode: 2,
      treatmentId: 'firm-reminder',
    });
    expect(applySegmented(withSteps, segmented(0), treatment('standard-reminder'), now).kind).toBe('stale');
  });

  it('never starts a treatment clock in the future', () => {
    expect(applied(applySegmented(null, segmented(1, 'standard-reminder', '2026-12-05T00:00:00Z'), treatment('standard-reminder'), now)).segmentedAt).toBe(
      now.toISOString(),
    );
  });

  it('stops a closed loan for good', () => {
    const stopped = applied(applyLifecycle(newCase('L-1', 'C-1', now), closed(5), now));
    expect(stopped).toMatchObject({ state: 'STOPPED', stateReason: 'closed' });
    expect(applied(applySegmented(stopped, segmented(6), treatment('standard-reminder'), now)).state).toBe('STOPPED');
    expect(applyLifecycle(stopped, closed(5), now).kind).toBe('stale');
  });

  it('pauses a cured case and resumes it when it is late again; a payment keeps a promise', () => {
    const promised = { ...newCase('L-1', 'C-1', now), openPromise: true, promiseAmount: '300.00', promiseDate: '2026-12-10' };
    const payment = (loanSequence: number, amount: string, paidAt: string, balance: string) =>
      ofTheCase(aLoanPaymentReceived()).withSequence(loanSequence).withAmount(amount).paidAt(paidAt).withBalances(balance, balance).build();
    const partly = applied(applyLifecycle(promised, payment(1, '300.00', '2026-12-01T01:00:00Z', '700.00'), now));
    expect(partly).toMatchObject({ state: 'ACTIVE', openPromise: false, lastPaymentAt: '2026-12-01T01:00:00.000Z', overdueAmount: '700.00' });
    const cured = applied(applyLifecycle(partly, payment(2, '700.00', '2026-12-01T01:30:00Z', '0.00'), now));
    expect(cured).toMatchObject({ state: 'PAUSED', stateReason: 'cured' });
    const delinquency = ofTheCase(aLoanDelinquencyUpdated())
      .withSequence(3)
      .withOverdueAmount('50.00')
      .withDaysPastDue(3)
      .dueOn('2026-11-28')
      .withFirstOverdue(false)
      .withActiveFlags('DISPUTE');
    const lateAgain = applied(applyLifecycle(cured, delinquency.build(), now));
    expect(lateAgain).toMatchObject({ state: 'ACTIVE', daysPastDue: 3, dueDate: '2026-11-28', timezone: 'Asia/Shanghai', activeFlags: ['DISPUTE'] });
  });

  it('takes flag updates and shows hardship to the guard as vulnerability', () => {
    const flagged = applied(
      applyLifecycle(newCase('L-1', 'C-1', now), ofTheCase(aCustomerFlagUpdated()).withSequence(1).withFlag('DO_NOT_CONTACT').build(), now),
    );
    expect(flagged.activeFlags).toEqual(['DO_NOT_CONTACT']);
    expect(guardFlags({ ...flagged, hardship: true })).toEqual(['DO_NOT_CONTACT', 'VULNERABLE']);
  });

  describe('repayment-plan events', () => {
    const planEvent = (status: 'active' | 'broken' | 'completed' | 'cancelled'): RepaymentPlanEventV1 =>
      ofTheCase(aPlanStatusChanged()).withStatus(status).build();
    const promiseEvent = (status: 'open' | 'kept' | 'broken'): RepaymentPlanEventV1 =>
      ofTheCase(aPromiseStatusChanged()).promising('50.00', '2026-12-05').withStatus(status).changedAt('2026-12-06T02:00:00Z').build();
    const active = applied(applySegmented(null, segmented(1), treatment('standard-reminder'), now));
    const apply = (record: CaseRecord, event: RepaymentPlanEventV1) => applied(applyRepaymentPlan(record, event, now));

    it('pauses for an active plan, and a new verdict does not end that pause; a broken plan resumes and counts as broken', () => {
      const paused = apply(active, planEvent('active'));
      expect(paused).toMatchObject({ state: 'PAUSED', stateReason: 'plan-active' });
      expect(applied(applySegmented(paused, segmented(2, 'firm-reminder'), treatment('firm-reminder'), now))).toMatchObject({
        state: 'PAUSED',
        stateReason: 'plan-active',
      });
      expect(apply(paused, planEvent('broken'))).toMatchObject({ state: 'ACTIVE', stateReason: null, lastPromiseBrokenAt: '2026-12-01T02:00:00.000Z' });
      expect(apply(paused, planEvent('cancelled'))).toMatchObject({ state: 'ACTIVE', stateReason: null, lastPromiseBrokenAt: null });
    });

    it('never lifts a stop or a cure pause with a plan event', () => {
      const stopped = applied(applyLifecycle(active, closed(2), now));
      expect(apply(stopped, planEvent('active'))).toMatchObject({ state: 'STOPPED', stateReason: 'closed' });
      expect(apply({ ...active, state: 'PAUSED', stateReason: 'cured' }, planEvent('broken'))).toMatchObject({ state: 'PAUSED', stateReason: 'cured' });
    });

    it('tracks promises and stops the case for good when it is resolved', () => {
      expect(apply(active, promiseEvent('open'))).toMatchObject({ openPromise: true, promiseAmount: '50.00', promiseDate: '2026-12-05' });
      expect(apply(apply(active, promiseEvent('open')), promiseEvent('broken'))).toMatchObject({
        openPromise: false,
        lastPromiseBrokenAt: '2026-12-06T02:00:00.000Z',
      });
      const resolved = apply(active, ofTheCase(aCaseResolved()).build());
      expect(resolved).toMatchObject({ state: 'STOPPED', stateReason: 'resolved' });
      expect(apply(resolved, planEvent('broken'))).toMatchObject({ state: 'STOPPED', stateReason: 'resolved' });
    });
  });
});
