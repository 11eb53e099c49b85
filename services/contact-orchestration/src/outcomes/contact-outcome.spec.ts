import { newCase } from '../cases/case-record';
import { applyOutcome, outcomeRequestSchema } from './contact-outcome';

const now = new Date('2026-12-01T02:00:00Z');
const aCase = () => ({ ...newCase('L-1', 'C-1', now), jurisdiction: 'CN' as const, planDirty: false });

describe('contact outcomes', () => {
  it('opens a dispute, pauses for hardship, opts a channel out, records a promise', () => {
    expect(applyOutcome(aCase(), { outcome: 'dispute' }, now)).toMatchObject({ disputeOpen: true, planDirty: true });
    expect(applyOutcome(aCase(), { outcome: 'hardship' }, now)).toMatchObject({ hardship: true, state: 'PAUSED', stateReason: 'hardship' });
    expect(applyOutcome({ ...aCase(), state: 'STOPPED', stateReason: 'closed' }, { outcome: 'hardship' }, now)).toMatchObject({
      state: 'STOPPED',
      stateReason: 'closed',
    });
    const optedOut = applyOutcome(applyOutcome(aCase(), { outcome: 'opt-out', channel: 'SMS' }, now), { outcome: 'opt-out', channel: 'SMS' }, now);
    expect(optedOut.optedOutChannels).toEqual(['SMS']);
    expect(applyOutcome(aCase(), { outcome: 'promise-to-pay', amount: '500', date: '2026-12-15' }, now)).toMatchObject({
      openPromise: true,
      promiseAmount: '500.00',
      promiseDate: '2026-12-15',
    });
    expect(applyOutcome(aCase(), { outcome: 'refused' }, now)).toMatchObject({ disputeOpen: false, openPromise: false, state: 'ACTIVE' });
  });

  it('validates each outcome with its own fields, naming the bad one', () => {
    expect(outcomeRequestSchema.safeParse({ outcome: 'promise-to-pay', amount: '12.50', date: '2026-12-15' }).success).toBe(true);
    const bad = outcomeRequestSchema.safeParse({ outcome: 'promise-to-pay', amount: 12.5, date: '15/12/2026' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['amount', 'date']));
    expect(outcomeRequestSchema.safeParse({ outcome: 'opt-out', channel: 'FAX' }).success).toBe(false);
    expect(outcomeRequestSchema.safeParse({ outcome: 'dispute', note: 'free text is personal data' }).success).toBe(false);
    expect(outcomeRequestSchema.safeParse({ outcome: 'sold-my-house' }).success).toBe(false);
  });
});
