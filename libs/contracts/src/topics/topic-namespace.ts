import type { TopicSpec } from './topic-registry';

/**
 * A run-scoped set of topics beside the platform's own: the registry's logical names with a prefix
 * (`bench-20261207t1420-3f9a.` + `corebank.loan-events.v1`). Code keeps speaking logical names —
 * `@EventPattern`s, outbox rows, inbox rows, dead-letter lookups — and only the messaging boundary
 * (what subscribes, publishes or administers topics) turns them into physical ones, so a benchmark
 * or a test run can never write into the topics a platform started afterwards would read. The
 * empty prefix is the production names themselves.
 */
export interface TopicNamespace {
  /** The prefix, '' for the production names. */
  readonly prefix: string;
  /** The broker's name of a logical topic. */
  physical(logical: string): string;
  /** The logical name of a broker topic; throws for a topic outside this namespace. */
  logical(physical: string): string;
  /** Whether a broker topic belongs to this namespace (always true for the production names). */
  contains(physical: string): boolean;
}

/** The environment variable services read the namespace from; unset or empty means the production names. */
export const TOPIC_NAMESPACE_VARIABLE = 'CLEARPATH_TOPIC_NAMESPACE';

/** Kafka allows 249 characters in a topic name; the registry's longest logical name must still fit behind the prefix. */
export const MAX_TOPIC_NAMESPACE_LENGTH = 100;

const LEGAL = /^[a-zA-Z0-9._-]+\.$/;

/** Why a prefix cannot be a namespace, or undefined when it can. */
export function topicNamespaceProblem(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  if (prefix.length > MAX_TOPIC_NAMESPACE_LENGTH) return `must be at most ${MAX_TOPIC_NAMESPACE_LENGTH} characters`;
  if (!LEGAL.test(prefix)) return "must be letters, digits, '.', '_' or '-' and end with '.'";
  // Kafka reserves names made only of dots, and a leading dot would hide nothing but confuse tools.
  if (prefix.startsWith('.')) return "must not start with '.'";
  if (prefix.includes('..')) return "must not contain '..'";
  return undefined;
}

/** A namespace from its prefix; throws (naming the rule broken, echoing the prefix) for an invalid one. */
export function topicNamespace(prefix: string): TopicNamespace {
  const problem = topicNamespaceProblem(prefix);
  if (problem !== undefined) throw new Error(`topic namespace ${JSON.stringify(prefix)} ${problem}`);
  return {
    prefix,
    physical: (logical) => prefix + logical,
    logical: (physical) => {
      if (!physical.startsWith(prefix)) throw new Error(`topic ${physical} is outside the topic namespace ${JSON.stringify(prefix)}`);
      return physical.slice(prefix.length);
    },
    contains: (physical) => physical.startsWith(prefix),
  };
}

/** The production names: physical and logical are the same. */
export const PRODUCTION_TOPICS: TopicNamespace = topicNamespace('');

/**
 * `CLEARPATH_TOPIC_NAMESPACE` from an environment: the production names when unset or empty; an
 * invalid value throws one line naming the variable, so a service refuses to start.
 */
export function readTopicNamespace(env: Readonly<Record<string, string | undefined>>): TopicNamespace {
  const value = env[TOPIC_NAMESPACE_VARIABLE];
  if (value === undefined || value === '') return PRODUCTION_TOPICS;
  const problem = topicNamespaceProblem(value);
  if (problem !== undefined) throw new Error(`${TOPIC_NAMESPACE_VARIABLE} ${problem}`);
  return topicNamespace(value);
}

/** The registry's specs with their broker names (`name` and `dlq`) in a namespace, e.g. to create a run's topics. */
export function specsInNamespace(specs: readonly TopicSpec[], namespace: TopicNamespace): TopicSpec[] {
  return specs.map((s) => ({ ...s, name: namespace.physical(s.name), ...(s.dlq === undefined ? {} : { dlq: namespace.physical(s.dlq) }) }));
}
