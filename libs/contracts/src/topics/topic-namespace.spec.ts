import { ALL_TOPICS, TOPICS } from './topic-registry';
import { MAX_TOPIC_NAMESPACE_LENGTH, PRODUCTION_TOPICS, readTopicNamespace, specsInNamespace, topicNamespace } from './topic-namespace';

describe('a topic namespace', () => {
  const bench = topicNamespace('bench-20261207-3f9a.');

  it('prefixes logical names and strips the prefix back', () => {
    expect(bench.physical(TOPICS.coreBankLoanEvents.name)).toBe('bench-20261207-3f9a.corebank.loan-events.v1');
    expect(bench.logical('bench-20261207-3f9a.corebank.loan-events.v1')).toBe(TOPICS.coreBankLoanEvents.name);
    for (const t of ALL_TOPICS) expect(bench.logical(bench.physical(t.name))).toBe(t.name);
  });

  it('refuses a broker topic outside the namespace', () => {
    expect(bench.contains(TOPICS.coreBankLoanEvents.name)).toBe(false);
    expect(() => bench.logical(TOPICS.coreBankLoanEvents.name)).toThrow(/outside the topic namespace/);
    expect(() => bench.logical('bench-other.corebank.loan-events.v1')).toThrow(/outside/);
  });

  it('is the production names when the prefix is empty', () => {
    expect(PRODUCTION_TOPICS.physical(TOPICS.loanLifecycle.name)).toBe(TOPICS.loanLifecycle.name);
    expect(PRODUCTION_TOPICS.logical(TOPICS.loanLifecycle.name)).toBe(TOPICS.loanLifecycle.name);
    expect(PRODUCTION_TOPICS.contains('anything')).toBe(true);
  });

  it.each([
    ['no trailing dot', 'bench-1'],
    ['a character Kafka refuses', 'bench/1.'],
    ['a space', 'bench 1.'],
    ['a leading dot', '.bench.'],
    ['only dots', '..'],
    ['a double dot', 'bench..1.'],
    ['too long', `${'b'.repeat(MAX_TOPIC_NAMESPACE_LENGTH)}.`],
  ])('refuses a prefix with %s', (_, prefix) => {
    expect(() => topicNamespace(prefix)).toThrow(/topic namespace/);
  });

  it('keeps every registry topic within Kafka’s 249 characters at the longest prefix', () => {
    const longest = topicNamespace(`${'b'.repeat(MAX_TOPIC_NAMESPACE_LENGTH - 1)}.`);
    for (const t of ALL_TOPICS) expect(longest.physical(t.name).length).toBeLessThanOrEqual(249);
  });

  it('is read from CLEARPATH_TOPIC_NAMESPACE; unset or empty is production, invalid names the variable', () => {
    expect(readTopicNamespace({}).prefix).toBe('');
    expect(readTopicNamespace({ CLEARPATH_TOPIC_NAMESPACE: '' }).prefix).toBe('');
    expect(readTopicNamespace({ CLEARPATH_TOPIC_NAMESPACE: 'bench-1.' }).prefix).toBe('bench-1.');
    expect(() => readTopicNamespace({ CLEARPATH_TOPIC_NAMESPACE: 'bench-1' })).toThrow(/^CLEARPATH_TOPIC_NAMESPACE must/);
  });

  it('renames specs and their dead-letter topics', () => {
    const [loanEvents] = specsInNamespace([TOPICS.coreBankLoanEvents], bench);
    expect(loanEvents).toMatchObject({
      name: bench.physical(TOPICS.coreBankLoanEvents.name),
      dlq: bench.physical(TOPICS.coreBankLoanEventsDlq.name),
      partitions: 6,
    });
    expect(specsInNamespace([TOPICS.coreBankLoanEventsDlq], bench)[0].dlq).toBeUndefined();
  });
});
