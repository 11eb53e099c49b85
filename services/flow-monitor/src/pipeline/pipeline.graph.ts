import { ALL_TOPICS, PIPELINE_PARTIES, TOPICS, topicsConsumedBy, topicsProducedBy, type TopicSpec } from '@clearpath/contracts';

/**
 * Who produces and who consumes each topic: the pipeline as static knowledge, read from the topic
 * registry (each topic's `producer` and `consumers`). The sampler puts live numbers on it and
 * checks the consumer side against the groups' live assignments (a group consuming a topic not
 * listed here, or not consuming one that is, shows up as a mismatch on /v1/flow rather than
 * silently redrawing the picture).
 */
export interface PipelineNode {
  readonly name: string;
  /** Consumer group in the default deployment (the live one comes from config when it differs). */
  readonly consumerGroup: string | null;
  /** False for the lender's core banking, which Clearpath does not run. */
  readonly internal: boolean;
  readonly produces: readonly string[];
  readonly consumes: readonly string[];
}

/** The lender's system: Clearpath does not run it, and it consumes nothing. */
const LENDER = 'core-banking';

const names = (topics: readonly TopicSpec[]): string[] => topics.map((t) => t.name);

/** Every party of the registry; a service's consumer group is named after it in the default deployment. */
export const PIPELINE: readonly PipelineNode[] = PIPELINE_PARTIES.map((name) => ({
  name,
  consumerGroup: name === LENDER ? null : name,
  internal: name !== LENDER,
  produces: names(topicsProducedBy(name)),
  consumes: names(topicsConsumedBy(name)),
}));

/** The topics the pipeline carries (dead-letter topics hang off these), in pipeline order. */
export const PIPELINE_TOPICS: readonly TopicSpec[] = ALL_TOPICS.filter((t) => t.producer !== undefined);

/**
 * Topics flow-monitor indexes for loan traces: every pipeline topic keyed by loan id.
 * `collections.customer-contacts.v1` is left out on purpose: it is keyed by customer, carries
 * names and phone numbers, and its consumers are kept to the services that contact debtors.
 */
export const TRACED_TOPICS: readonly string[] = PIPELINE_TOPICS.filter((t) => t.key === 'loanId').map((t) => t.name);

/** The service that writes a topic (for a trace entry's "producing service"). */
export function producerOf(topic: string): string | null {
  return PIPELINE.find((node) => node.produces.includes(topic))?.name ?? null;
}

export function topicSpec(name: string): TopicSpec | undefined {
  return Object.values(TOPICS).find((t: TopicSpec) => t.name === name);
}

/** Every dead-letter topic of the registry. */
export function deadLetterTopics(): TopicSpec[] {
  const dlqNames = new Set(Object.values(TOPICS).flatMap((t: TopicSpec) => (t.dlq ? [t.dlq] : [])));
  return Object.values(TOPICS).filter((t: TopicSpec) => dlqNames.has(t.name));
}

/** The source topic a dead-letter topic belongs to. */
export function sourceOfDeadLetterTopic(dlq: string): TopicSpec | undefined {
  return Object.values(TOPICS).find((t: TopicSpec) => t.dlq === dlq);
}
