import { ALL_TOPICS, TOPICS } from '@clearpath/contracts';
import { PIPELINE, PIPELINE_TOPICS, TRACED_TOPICS, deadLetterTopics, producerOf, sourceOfDeadLetterTopic } from './pipeline.graph';

describe('pipeline graph', () => {
  const known = new Set(ALL_TOPICS.map((t) => t.name));

  it('names only topics of the registry', () => {
    for (const node of PIPELINE) for (const topic of [...node.produces, ...node.consumes]) expect(known).toContain(topic);
  });

  it('covers every non-dead-letter topic of the registry, each with exactly one producer and at least one consumer', () => {
    const dlqs = new Set(deadLetterTopics().map((t) => t.name));
    const pipelineTopics = ALL_TOPICS.filter((t) => !dlqs.has(t.name)).map((t) => t.name);
    expect(PIPELINE_TOPICS.map((t) => t.name).sort()).toEqual([...pipelineTopics].sort());
    for (const topic of pipelineTopics) {
      expect(PIPELINE.filter((n) => n.produces.includes(topic))).toHaveLength(1);
      expect(PIPELINE.filter((n) => n.consumes.includes(topic)).length).toBeGreaterThan(0);
    }
  });

  it('has a dead-letter topic for every consumed topic, and maps it back to its source', () => {
    for (const spec of PIPELINE_TOPICS) {
      expect(spec.dlq).toBeDefined();
      expect(sourceOfDeadLetterTopic(spec.dlq!)?.name).toBe(spec.name);
    }
    expect(deadLetterTopics().map((t) => t.name)).toContain(TOPICS.coreBankLoanEventsDlq.name);
  });

  it('traces the loan-keyed topics only (customer-contacts is keyed by customer and carries personal data)', () => {
    expect(TRACED_TOPICS).toContain(TOPICS.coreBankLoanEvents.name);
    expect(TRACED_TOPICS).toContain(TOPICS.complaints.name);
    expect(TRACED_TOPICS).not.toContain(TOPICS.customerContacts.name);
    expect(TRACED_TOPICS.some((t) => t.includes('.dlq.'))).toBe(false);
  });

  it('knows who produces each topic', () => {
    expect(producerOf(TOPICS.coreBankLoanEvents.name)).toBe('core-banking');
    expect(producerOf(TOPICS.caseSegmented.name)).toBe('risk-scoring');
    expect(producerOf(TOPICS.contactAttempts.name)).toBe('contact-orchestration');
    expect(producerOf('no-such-topic')).toBeNull();
  });
});
