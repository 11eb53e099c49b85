import { HEADERS, TOPICS } from '@clearpath/contracts';
import { REPLAYED_FROM_HEADER, replayHeaders, targetTopicOf } from './replay-dlq-record.use-case';

const dlqHeaders = {
  [HEADERS.eventId]: 'e-old',
  [HEADERS.eventType]: 'LoanDelinquencyUpdated',
  [HEADERS.correlationId]: 'c-1',
  [HEADERS.dlqReason]: 'schema-violation',
  [HEADERS.dlqSourceTopic]: TOPICS.loanLifecycle.name,
  [HEADERS.dlqSourcePartition]: '2',
  [HEADERS.dlqSourceOffset]: '77',
  [HEADERS.dlqConsumerGroup]: 'risk-scoring',
  [HEADERS.dlqFailedAt]: '2026-11-29T02:00:00.000Z',
};

describe('replay target and headers', () => {
  it('replays to the topic the dead-letter topic belongs to', () => {
    expect(targetTopicOf({ topic: TOPICS.loanLifecycleDlq.name, headers: dlqHeaders })).toBe(TOPICS.loanLifecycle.name);
    expect(targetTopicOf({ topic: TOPICS.coreBankLoanEventsDlq.name, headers: {} })).toBe(TOPICS.coreBankLoanEvents.name);
  });

  it('refuses a record whose source header names another topic, and a topic that is not a dead-letter topic', () => {
    expect(() => targetTopicOf({ topic: TOPICS.loanLifecycleDlq.name, headers: { [HEADERS.dlqSourceTopic]: TOPICS.complaints.name } })).toThrow(/belongs to/);
    expect(() => targetTopicOf({ topic: TOPICS.loanLifecycle.name, headers: {} })).toThrow(/not a dead-letter topic/);
  });

  it('drops the dead-letter headers and says where the replay came from', () => {
    const headers = replayHeaders({ headers: dlqHeaders }, undefined, 'dlq/0/5');
    expect(headers).toEqual({
      [HEADERS.eventId]: 'e-old',
      [HEADERS.eventType]: 'LoanDelinquencyUpdated',
      [HEADERS.correlationId]: 'c-1',
      [REPLAYED_FROM_HEADER]: 'dlq/0/5',
    });
  });

  it('lets a corrected envelope set the id headers', () => {
    const headers = replayHeaders({ headers: dlqHeaders }, { eventId: 'e-new', eventType: 'LoanClosed', correlationId: 'c-2', causationId: 'x' }, 'dlq/0/5');
    expect(headers).toMatchObject({
      [HEADERS.eventId]: 'e-new',
      [HEADERS.eventType]: 'LoanClosed',
      [HEADERS.correlationId]: 'c-2',
      [HEADERS.causationId]: 'x',
    });
  });
});
