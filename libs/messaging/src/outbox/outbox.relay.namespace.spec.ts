import { PRODUCTION_TOPICS, TOPICS, topicNamespace } from '@clearpath/contracts';
import { topicMessagesOf, type OutboxRow } from './outbox.relay';

const row = (id: number, topic: string): OutboxRow => ({
  id: String(id),
  topic,
  message_key: `LN-${id}`,
  value_text: `{"n":${id}}`,
  value_bytes: null,
  headers: {},
});

describe('topicMessagesOf', () => {
  const rows = [row(1, TOPICS.loanLifecycle.name), row(2, TOPICS.customerContacts.name), row(3, TOPICS.loanLifecycle.name)];

  it('publishes rows written with logical names to the topics of the namespace, each topic in written order', () => {
    const bench = topicNamespace('bench-1.');
    expect(topicMessagesOf(rows, bench).map((t) => ({ topic: t.topic, keys: t.messages.map((m) => m.key) }))).toEqual([
      { topic: `bench-1.${TOPICS.loanLifecycle.name}`, keys: ['LN-1', 'LN-3'] },
      { topic: `bench-1.${TOPICS.customerContacts.name}`, keys: ['LN-2'] },
    ]);
  });

  it('publishes to the registry names without a namespace', () => {
    expect(topicMessagesOf(rows, PRODUCTION_TOPICS).map((t) => t.topic)).toEqual([TOPICS.loanLifecycle.name, TOPICS.customerContacts.name]);
  });
});
