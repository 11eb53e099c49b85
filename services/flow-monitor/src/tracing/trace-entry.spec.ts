import { HEADERS, TOPICS } from '@clearpath/contracts';
import { aLoanOverdue } from '@clearpath/testing';
import { summaryText, traceEntryOf, type ObservedRecord } from './trace-entry';

const record = (topic: string, key: string | null, value: unknown, headers: Record<string, string> = {}): ObservedRecord => ({
  topic,
  partition: 2,
  offset: '41',
  key,
  value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers,
  timestamp: String(Date.parse('2026-11-29T02:00:00.250Z')),
});

describe('trace entry', () => {
  it('keeps only ids and the type of a core-banking event (the raw contract carries personal data)', () => {
    const overdue = aLoanOverdue().build();
    const entry = traceEntryOf(record(TOPICS.coreBankLoanEvents.name, overdue.loanId as string, overdue));
    expect(entry).toMatchObject({
      loanId: overdue.loanId,
      eventId: overdue.eventId,
      eventType: 'LoanOverdue',
      correlationId: overdue.eventId,
      causationId: null,
      producer: 'core-banking',
      kafkaTimestamp: '2026-11-29T02:00:00.250Z',
      summary: null,
    });
    expect(JSON.stringify(entry)).not.toMatch(/fullName|phone|\+86|王/);
  });

  it('reads the envelope ids from headers first and keeps an allow-listed summary', () => {
    const event = {
      eventId: 'e-body',
      eventType: 'CaseSegmented',
      occurredAt: '2026-11-29T10:00:00+08:00',
      correlationId: 'c-body',
      causationId: 'cause-1',
      payload: { loanId: 'LN-1', customerId: 'C-9', segment: 'EARLY_HIGH', treatment: 'firm-early', band: 'D', reasons: [{ code: 'x' }], customerName: 'Wang' },
    };
    const entry = traceEntryOf(record(TOPICS.caseSegmented.name, 'LN-1', event, { [HEADERS.eventId]: 'e-header', [HEADERS.correlationId]: 'c-header' }));
    expect(entry).toMatchObject({
      eventId: 'e-header',
      correlationId: 'c-header',
      causationId: 'cause-1',
      producer: 'risk-scoring',
      occurredAt: '2026-11-29T02:00:00.000Z',
    });
    expect(entry!.summary).toEqual({ segment: 'EARLY_HIGH', treatment: 'firm-early', band: 'D' });
    expect(summaryText('CaseSegmented', { band: 'D', treatment: 'firm-early', segment: 'EARLY_HIGH' })).toBe(
      'segment=EARLY_HIGH · treatment=firm-early · band=D',
    );
  });

  it('summarises a contact attempt with its stage, channel and rule ids', () => {
    const entry = traceEntryOf(
      record(TOPICS.contactAttempts.name, 'LN-2', {
        eventId: 'a1',
        eventType: 'ContactAttemptRecorded',
        payload: { loanId: 'LN-2', stage: 'blocked', channel: 'VOICE', ruleIds: ['hours', 'complaint-open'], phone: '+8613800138000' },
      }),
    );
    expect(entry!.summary).toEqual({ stage: 'blocked', channel: 'VOICE', ruleIds: ['hours', 'complaint-open'] });
  });

  it('indexes a record it cannot read by its key, and nothing without a loan id', () => {
    expect(traceEntryOf(record(TOPICS.coreBankLoanEvents.name, 'LN-3', '{not json'))).toMatchObject({
      loanId: 'LN-3',
      eventId: null,
      eventType: null,
      summary: null,
    });
    expect(traceEntryOf(record(TOPICS.loanLifecycle.name, null, 'garbage'))).toBeNull();
    expect(traceEntryOf(record(TOPICS.loanLifecycle.name, null, { eventType: 'LoanClosed', payload: { loanId: 'LN-4', reason: 'PAID_OFF' } }))).toMatchObject({
      loanId: 'LN-4',
      summary: { reason: 'PAID_OFF' },
    });
  });

  it('does not trust an unparseable occurredAt or an oversized id', () => {
    const entry = traceEntryOf(
      record(TOPICS.loanLifecycle.name, 'LN-5', { eventId: 'x'.repeat(500), occurredAt: 'yesterday', eventType: 'LoanClosed', payload: {} }),
    );
    expect(entry).toMatchObject({ eventId: null, occurredAt: null });
  });

  describe.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('an event type named %s (an Object.prototype member)', (eventType) => {
    it('is indexed with no summary, from the body or from the header', () => {
      const fromBody = traceEntryOf(record(TOPICS.loanLifecycle.name, 'LN-6', { eventId: 'e6', eventType, payload: { loanId: 'LN-6', reason: 'PAID_OFF' } }));
      expect(fromBody).toMatchObject({ loanId: 'LN-6', eventType, summary: null });
      const fromHeader = traceEntryOf(record(TOPICS.loanLifecycle.name, 'LN-6', { payload: { reason: 'PAID_OFF' } }, { [HEADERS.eventType]: eventType }));
      expect(fromHeader).toMatchObject({ eventType, summary: null });
    });

    it('keeps the timeline text readable', () => {
      expect(summaryText(eventType, { reason: 'PAID_OFF', amount: '1.00' })).toBe('reason=PAID_OFF · amount=1.00');
    });
  });
});
