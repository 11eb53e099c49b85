import { attemptHistory, attemptOutcomeOf, debtorUnreachable, historyFor } from './attempt-history';
import { personKey } from './person-key';

const now = new Date('2026-12-01T02:00:00Z');

describe('attempt history', () => {
  it('counts calls to people by outcome, and a call not yet answered as unanswered', () => {
    expect(attemptOutcomeOf({ sentAt: now.toISOString(), channel: 'VOICE', status: 'sent', outcome: 'promise-to-pay' })).toBe('reached');
    expect(attemptOutcomeOf({ sentAt: now.toISOString(), channel: 'VOICE', status: 'sent', outcome: 'wrong-number' })).toBe('no-answer');
    expect(attemptOutcomeOf({ sentAt: now.toISOString(), channel: 'VOICE', status: 'sent', outcome: null })).toBe('no-answer');
    expect(attemptOutcomeOf({ sentAt: now.toISOString(), channel: 'SMS', status: 'delivered', outcome: null })).toBe('delivered');
    expect(attemptOutcomeOf({ sentAt: now.toISOString(), channel: 'SMS', status: 'failed', outcome: null })).toBe('failed');
    expect(attemptHistory([{ sentAt: '2026-12-01 10:00:00+08', channel: 'SMS', status: 'sent', outcome: null }])).toEqual([
      { at: '2026-12-01T02:00:00.000Z', channel: 'SMS', outcome: 'sent' },
    ]);
  });

  it('locks by the person, and counts debt-level rules over the one debt', () => {
    expect(personKey('C-1')).toBe('customer:C-1');
    const rows = [
      { loanId: 'L-1', sentAt: '2026-12-01T01:00:00Z', channel: 'VOICE' as const, status: 'sent', outcome: null },
      { loanId: 'L-2', sentAt: '2026-12-01T02:00:00Z', channel: 'VOICE' as const, status: 'sent', outcome: null },
    ];
    expect(historyFor(rows, 'L-2')).toEqual({
      person: [
        { at: '2026-12-01T01:00:00.000Z', channel: 'VOICE', outcome: 'no-answer' },
        { at: '2026-12-01T02:00:00.000Z', channel: 'VOICE', outcome: 'no-answer' },
      ],
      debt: [{ at: '2026-12-01T02:00:00.000Z', channel: 'VOICE', outcome: 'no-answer' }],
    });
  });

  it('finds the debtor unreachable after two wrong numbers or failures in a row on the phone channels, not before', () => {
    const row = (channel: 'SMS' | 'VOICE' | 'EMAIL', status: string, outcome: 'wrong-number' | 'reached-right-party' | null = null) => ({
      sentAt: now.toISOString(),
      channel,
      status,
      outcome,
    });
    expect(debtorUnreachable([row('SMS', 'failed'), row('VOICE', 'sent', 'wrong-number')])).toBe(true);
    expect(debtorUnreachable([row('SMS', 'failed'), row('EMAIL', 'delivered'), row('VOICE', 'sent', 'wrong-number')])).toBe(true);
    expect(debtorUnreachable([row('SMS', 'failed'), row('VOICE', 'sent', 'reached-right-party')])).toBe(false);
    expect(debtorUnreachable([row('VOICE', 'sent', 'wrong-number')])).toBe(false);
    expect(debtorUnreachable([row('VOICE', 'sent', 'wrong-number'), row('SMS', 'delivered')])).toBe(false);
  });
});
