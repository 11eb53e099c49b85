import { newCase } from '../cases/case-record';
import { whereabouts } from '../cases/debtor-whereabouts';
import { personProtections } from '../protections/person-protections';
import { guardContext } from './guard-context';

const now = new Date('2026-12-01T02:00:00Z');

describe('guard context', () => {
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
    expect(context).toMatchObject({
      activeFlags: ['LITIGATION', 'VULNERABLE'],
      optedOutChannels: ['EMAIL', 'SMS'],
      disputeOpen: false,
      openComplaints: [{ category: 'harassment' }, { category: 'other' }],
    });
  });

  it('tells the guard about stops: closed, dispute, opt-out, hardship as vulnerable', () => {
    const record = {
      ...newCase('L-1', 'C-1', now),
      jurisdiction: 'CN' as const,
      state: 'STOPPED' as const,
      stateReason: 'closed',
      disputeOpen: true,
      hardship: true,
      optedOutChannels: ['SMS' as const],
    };
    const where = whereabouts(record, { jurisdiction: 'CN', timezone: 'Asia/Shanghai', locale: 'zh-CN' })!;
    const context = guardContext(record, where, { person: [], debt: [] });
    expect(context).toMatchObject({
      loanClosed: true,
      caseResolved: false,
      disputeOpen: true,
      optedOutChannels: ['SMS'],
      activeFlags: ['VULNERABLE'],
      timezone: 'Asia/Shanghai',
    });
  });
});
