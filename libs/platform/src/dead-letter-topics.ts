import { topicsConsumedBy } from '@clearpath/contracts';

/**
 * Every topic a service consumes → its dead-letter topic, from the topic registry (`consumers` and
 * `dlq`). A service with an `@EventPattern` handler for a topic the registry does not give it has
 * no entry here, and its transport refuses to start.
 */
export function deadLetterTopicsFor(service: string): Readonly<Record<string, string>> {
  return Object.fromEntries(topicsConsumedBy(service).flatMap((t) => (t.dlq === undefined ? [] : [[t.name, t.dlq] as const])));
}
