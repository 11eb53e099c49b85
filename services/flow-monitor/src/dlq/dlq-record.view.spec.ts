import { HEADERS, TOPICS } from '@clearpath/contracts';
import { aLoanOverdue } from '@clearpath/testing';
import { sha256, viewDlqRecord, type DlqRecord } from './dlq-record.view';

const overdue = aLoanOverdue().build();
const record = (value: string): DlqRecord => ({
  topic: TOPICS.coreBankLoanEventsDlq.name,
  partition: 0,
  offset: '12',
  key: overdue.loanId as string,
  timestamp: String(Date.parse('2026-11-29T02:00:00Z')),
  headers: {
    [HEADERS.dlqReason]: 'schema-violation',
    [HEADERS.dlqErrors]: JSON.stringify([{ path: 'payload.customer.phone', message: 'must be E.164, got +8613812348000' }]),
    [HEADERS.dlqSourceTopic]: TOPICS.coreBankLoanEvents.name,
    [HEADERS.dlqSourcePartition]: '3',
    [HEADERS.dlqSourceOffset]: '981',
    [HEADERS.dlqConsumerGroup]: 'ingestion',
    [HEADERS.dlqFailedAt]: '2026-11-29T02:00:00.000Z',
    [HEADERS.dlqAttempts]: '1',
  },
  value: Buffer.from(value),
});

describe('dead-letter record view', () => {
  const json = JSON.stringify(overdue);
  const customer = (overdue.payload as { customer: { fullName: string; phone: string } }).customer;

  it('shows the reason, the source and the original value unmasked to ops and compliance', () => {
    const view = viewDlqRecord(record(json), { mask: false });
    expect(view).toMatchObject({
      reason: 'schema-violation',
      sourceTopic: TOPICS.coreBankLoanEvents.name,
      sourcePartition: 3,
      sourceOffset: '981',
      consumerGroup: 'ingestion',
      attempts: 1,
      valueFormat: 'json',
      masked: false,
      timestamp: '2026-11-29T02:00:00.000Z',
    });
    expect(view.value).toEqual(overdue);
    expect(view.errors).toEqual([{ path: 'payload.customer.phone', message: 'must be E.164, got +8613812348000' }]);
    expect(view.sha256).toBe(sha256(Buffer.from(json)));
  });

  it('masks names and phones in the value and the headers for everyone else', () => {
    const view = viewDlqRecord(record(json), { mask: true });
    const shown = JSON.stringify(view);
    expect(shown).not.toContain(customer.fullName);
    expect(shown).not.toContain(customer.phone);
    expect(shown).not.toContain('+8613812348000');
    expect(view.masked).toBe(true);
    expect((view.value as { loanId: string }).loanId).toBe(overdue.loanId);
    // the hash still names the original bytes, so an auditor can match it against a replay row
    expect(view.sha256).toBe(sha256(Buffer.from(json)));
  });

  it('shows a value that is not JSON as text, masked too', () => {
    const view = viewDlqRecord(record('{"phone":"+8613812348000",'), { mask: true });
    expect(view.valueFormat).toBe('text');
    expect(String(view.value)).not.toContain('+8613812348000');
  });
});
