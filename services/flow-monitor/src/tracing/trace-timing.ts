import type { TraceEntry } from './trace-entry';

export interface TracedEvent extends TraceEntry {
  /** Time since the previous record of this loan on any topic (Kafka timestamps), null for the first. */
  readonly sincePreviousMs: number | null;
  /** Time since the record that caused this one (its causation id), when that record is in the trace. */
  readonly sinceCauseMs: number | null;
  /** Where the cause is in `events`, so a reader can walk the chain. */
  readonly causeIndex: number | null;
}

export interface CorrelationGroup {
  readonly correlationId: string;
  readonly events: number;
  readonly topics: readonly string[];
  readonly firstAt: string;
  readonly lastAt: string;
  /** First to last record of the flow: how long one business flow took across the pipeline. */
  readonly spanMs: number;
}

export interface LoanTrace {
  readonly events: readonly TracedEvent[];
  readonly correlations: readonly CorrelationGroup[];
}

/**
 * Puts one loan's records in the order they were written and times the hops. Kafka timestamps
 * (set when each record was produced) measure the pipeline; `occurredAt` is business time and can
 * lie far in the past for a core-banking event, so it is shown, not used for hops. Ties keep the
 * pipeline's topic order, then partition and offset, so the order is stable.
 */
export function buildTrace(entries: readonly TraceEntry[], topicOrder: readonly string[] = []): LoanTrace {
  const rank = (topic: string) => {
    const i = topicOrder.indexOf(topic);
    return i < 0 ? topicOrder.length : i;
  };
  const sorted = [...entries].sort(
    (a, b) =>
      Date.parse(a.kafkaTimestamp) - Date.parse(b.kafkaTimestamp) ||
      rank(a.topic) - rank(b.topic) ||
      a.topic.localeCompare(b.topic) ||
      a.partition - b.partition ||
      compareOffsets(a.offset, b.offset),
  );
  const indexOfEvent = new Map<string, number>();
  const events: TracedEvent[] = sorted.map((entry, i) => {
    const at = Date.parse(entry.kafkaTimestamp);
    const causeIndex = entry.causationId !== null ? (indexOfEvent.get(entry.causationId) ?? null) : null;
    if (entry.eventId !== null && !indexOfEvent.has(entry.eventId)) indexOfEvent.set(entry.eventId, i);
    return {
      ...entry,
      sincePreviousMs: i === 0 ? null : at - Date.parse(sorted[i - 1].kafkaTimestamp),
      sinceCauseMs: causeIndex === null ? null : at - Date.parse(sorted[causeIndex].kafkaTimestamp),
      causeIndex,
    };
  });
  const groups = new Map<string, TracedEvent[]>();
  for (const event of events) {
    const id = event.correlationId ?? '(none)';
    const list = groups.get(id) ?? [];
    list.push(event);
    groups.set(id, list);
  }
  const correlations = [...groups.entries()].map(([correlationId, list]) => {
    const first = list[0].kafkaTimestamp;
    const last = list[list.length - 1].kafkaTimestamp;
    return {
      correlationId,
      events: list.length,
      topics: [...new Set(list.map((e) => e.topic))],
      firstAt: first,
      lastAt: last,
      spanMs: Date.parse(last) - Date.parse(first),
    };
  });
  return { events, correlations };
}

function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
