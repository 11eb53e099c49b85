import { newCase } from '../cases/case-record';
import { COMPLAINT_CATEGORIES, ManualClock, contactSuspensionFor } from '@clearpath/contracts';
import { verifySelfServiceToken } from '@clearpath/auth';
import { attemptHistory, attemptOutcomeOf, debtorUnreachable, historyFor, personKey, personProtections, expectedRecovery, guardComplaintCategory, guardContext, planningState, selfServiceLink, whereabouts } from './guard-input';

const now = new Date('2026-12-01T02:00:00Z');

describe('guard input', () => {
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
      person: [{ at: '2026-12-01T01:00:00.000Z', channel: 'VOICE', outcome: 'no-answer' }, { at: '2026-12-01T02:00:00.000Z', channel: 'VOICE', outcome: 'no-answer' }],
      debt: [{ at: '2026-12-01T02:00:00.000Z', channel: 'VOICE', outcome: 'no-answer' }],
    });
  });

  it('finds the debtor unreachable after two wrong numbers or failures in a row on the phone channels, not before', () => {
    const row = (channel: 'SMS' | 'VOICE' | 'EMAIL', status: string, outcome: 'wrong-number' | 'reached-right-party' | null = null) => ({ sentAt: now.toISOString(), channel, status, outcome });
    expect(debtorUnreachable([row('SMS', 'failed'), row('VOICE', 'sent', 'wrong-number')])).toBe(true);
    expect(debtorUnreachable([row('SMS', 'failed'), row('EMAIL', 'delivered'), row('VOICE', 'sent', 'wrong-number')])).toBe(true);
    expect(debtorUnreachable([row('SMS', 'failed'), row('VOICE', 'sent', 'reached-right-party')])).toBe(false);
    expect(debtorUnreachable([row('VOICE', 'sent', 'wrong-number')])).toBe(false);
    expect(debtorUnreachable([row('VOICE', 'sent', 'wrong-number'), row('SMS', 'delivered')])).toBe(false);
  });

  it('protects the person over all their loans: flags but a dispute, opt-outs, hardship, harassment complaints', () => {
    const person = personProtections(
      [
        { activeFlags: ['DISPUTE', 'LITIGATION'], optedOutChannels: ['SMS'], hardship: false },
        { activeFlags: [], optedOutChannels: ['EMAIL'], hardship: true },
      ],
      [{ category: 'harassment' }, { category: 'other' }],
    );
    expect(person).toEqual({ flags: ['LITIGATION', 'VULNERABLE'], optedOutChannels: ['EMAIL', 'SMS'], complaints: [{ category: 'harassment' }] });
    // A loan with nothing on file of its own is protected by what the person's other loans know.
    const record = { ...newCase('L-3', 'C-1', now), jurisdiction: 'CN' as const };
    const where = whereabouts(record, { jurisdiction: 'CN', timezone: 'Asia/Shanghai', locale: 'zh-CN' })!;
    const context = guardContext(record, where, { person: [], debt: [] }, person, [{ category: 'other' }]);
    expect(context).toMatchObject({ activeFlags: ['LITIGATION', 'VULNERABLE'], optedOutChannels: ['EMAIL', 'SMS'], disputeOpen: false, openComplaints: [{ category: 'harassment' }, { category: 'other' }] });
  });

  it('tells the guard about stops: closed, dispute, opt-out, hardship as vulnerable', () => {
    const record = { ...newCase('L-1', 'C-1', now), jurisdiction: 'CN' as const, state: 'STOPPED' as const, stateReason: 'closed', disputeOpen: true, hardship: true, optedOutChannels: ['SMS' as const] };
    const where = whereabouts(record, { jurisdiction: 'CN', timezone: 'Asia/Shanghai', locale: 'zh-CN' })!;
    const context = guardContext(record, where, { person: [], debt: [] });
    expect(context).toMatchObject({ loanClosed: true, caseResolved: false, disputeOpen: true, optedOutChannels: ['SMS'], activeFlags: ['VULNERABLE'], timezone: 'Asia/Shanghai' });
  });

  it('has no whereabouts without a time zone, and no plan without a treatment clock', () => {
    const record = { ...newCase('L-1', 'C-1', now), jurisdiction: 'GB' as const };
    expect(whereabouts(record, undefined)).toBeNull();
    expect(planningState(record, null)).toBeNull();
    expect(planningState({ ...record, segmentedAt: now.toISOString() }, null)).toMatchObject({ jurisdiction: 'GB', locale: 'en-GB', segmentedAt: now });
  });

  it('ranks by expected recovery in exact decimals', () => {
    expect(expectedRecovery('0.2500', '1000.00')).toBe('750.0000');
    expect(expectedRecovery('0.1234', '1712.35')).toBe('1501.0460');
    expect(expectedRecovery(null, '10.01')).toBe('5.0050');
    expect(expectedRecovery('1.0000', '99.99')).toBe('0.0000');
  });

  it('makes a signed, expiring self-service link that names no loan in clear', () => {
    const clock = new ManualClock('2026-12-01T02:00:00Z');
    const link = selfServiceLink('https://pay.example.com/s', { loanId: 'LN-1', customerId: 'CU-1' }, 'secret-secret-secret', 86_400, clock);
    expect(link).toMatch(/^https:\/\/pay\.example\.com\/s\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(link).not.toContain('LN-1');
    const token = link.slice('https://pay.example.com/s/'.length);
    expect(verifySelfServiceToken(token, 'secret-secret-secret', clock)).toMatchObject({ ok: true, claims: { loanId: 'LN-1', customerId: 'CU-1' } });
    clock.advance(86_400_000);
    expect(verifySelfServiceToken(token, 'secret-secret-secret', clock)).toEqual({ ok: false, reason: 'expired' });
  });

  it('names complaint categories as the guard rules do', () => {
    expect(COMPLAINT_CATEGORIES.map(guardComplaintCategory)).toEqual(['harassment', 'third-party-contact', 'privacy', 'other', 'other', 'other', 'other']);
    // The guard and complaints agree on which categories stop all contact.
    for (const c of COMPLAINT_CATEGORIES) expect(guardComplaintCategory(c) !== 'other').toBe(contactSuspensionFor(c) === 'ALL_CONTACT');
  });
});
