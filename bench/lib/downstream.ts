/**
 * Watches a downstream topic (the run's `collections.loan-lifecycle.v1` unless told otherwise; risk-scoring's
 * bench watches its `collections.case-segmented.v1`) for the downstream publish of the bench's input
 * events: the record whose `causation-id` header is an input eventId. The record timestamps (CreateTime,
 * set by the producer on the same machine) give publish→downstream latency.
 *
 * Any other ingestion consuming the same input topic (e.g. a running `npm start` platform) also
 * publishes a downstream record per input event. Records are attributed to a producer by the
 * record batch's producer id; the bench learns its own child's producer id from an event sent
 * only to the child (over HTTP) and counts only that producer's records.
 */
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { HEADERS, TOPICS } from '@clearpath/contracts';
import { startGroupAtEnd } from '@clearpath/testing';
import { runTopic } from './bench-topics';

interface Expected {
  readonly phase: Phase;
  inputTs: number;
  downstreamTs: number;
}

export interface EventTiming {
  readonly eventId: string;
  readonly inputTs: number;
  readonly downstreamTs: number;
}

export class Phase {
  readonly latenciesMs: number[] = [];
  expected = 0;
  completed = 0;
  firstInputTs = Number.POSITIVE_INFINITY;
  lastDownstreamTs = 0;
  lastArrival = 0;
  /** Downstream records per second of record timestamp, for a throughput timeline. */
  readonly perSecond = new Map<number, number>();

  constructor(readonly name: string) {}

  get done(): boolean {
    return this.completed >= this.expected;
  }
}

export class DownstreamCollector {
  private consumer: Consumer | null = null;
  private readonly expected = new Map<string, Expected>();
  private readonly seen = new Set<string>();
  /** The bench child's relay producer(s); null until learned. */
  private ownProducers: Set<string> | null = null;
  /** eventId of the probe that reveals the child's producer id. */
  private probeEventId: string | null = null;
  private probeResolve: ((producerId: string) => void) | null = null;
  /** Records for the bench's events by producer id (ours and foreign), for the report. */
  readonly byProducer = new Map<string, number>();
  duplicates = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    /** A broker name: the run's topic (bench-topics.ts). */
    readonly topic: string = runTopic(TOPICS.loanLifecycle.name),
  ) {}

  async start(): Promise<void> {
    const topic = this.topic;
    await startGroupAtEnd(this.kafka, this.groupId, [topic]);
    const consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 100, maxBytesPerPartition: 4 * 1024 * 1024 });
    this.consumer = consumer;
    const joined = new Promise<void>((resolveJoin) => consumer.on(consumer.events.GROUP_JOIN, () => resolveJoin()));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({ partitionsConsumedConcurrently: 6, eachBatch: (payload) => this.onBatch(payload) });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }

  /** Waits for the downstream record of `eventId` and adopts its producer id as the child's. */
  learnProducer(eventId: string): Promise<string> {
    this.probeEventId = eventId;
    return new Promise((resolveProbe) => (this.probeResolve = resolveProbe));
  }

  /** Adds the child's producer id (a restarted child has a new one). */
  resetOwnProducers(): void {
    this.ownProducers = null;
  }

  expect(phase: Phase, eventId: string, inputTs = Number.NaN): void {
    this.expected.set(eventId, { phase, inputTs, downstreamTs: Number.NaN });
    phase.expected++;
  }

  /** Records the input's publish timestamp once it is known (set when the record is sent). */
  published(eventId: string, inputTs: number): void {
    const entry = this.expected.get(eventId);
    if (!entry) return;
    entry.inputTs = inputTs;
    if (inputTs < entry.phase.firstInputTs) entry.phase.firstInputTs = inputTs;
  }

  /** Input and downstream timestamps of a phase's events. */
  timings(phase: Phase): EventTiming[] {
    const out: EventTiming[] = [];
    for (const [eventId, entry] of this.expected) {
      if (entry.phase === phase) out.push({ eventId, inputTs: entry.inputTs, downstreamTs: entry.downstreamTs });
    }
    return out;
  }

  private async onBatch({ batch, heartbeat }: EachBatchPayload): Promise<void> {
    const now = Date.now();
    for (const message of batch.messages) {
      const raw = message.headers?.[HEADERS.causationId];
      if (raw === undefined) continue;
      const first = Array.isArray(raw) ? raw[0] : raw;
      const causationId = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
      const producerId = String((message as unknown as { batchContext?: { producerId?: string } }).batchContext?.producerId ?? '?');
      if (causationId === this.probeEventId && this.probeResolve) {
        (this.ownProducers ??= new Set()).add(producerId);
        this.probeResolve(producerId);
        this.probeResolve = null;
        continue;
      }
      const entry = this.expected.get(causationId);
      if (!entry) continue;
      this.byProducer.set(producerId, (this.byProducer.get(producerId) ?? 0) + 1);
      if (this.ownProducers && !this.ownProducers.has(producerId)) continue;
      if (this.seen.has(causationId)) {
        this.duplicates++;
        continue;
      }
      this.seen.add(causationId);
      const ts = Number(message.timestamp);
      entry.downstreamTs = ts;
      const phase = entry.phase;
      phase.completed++;
      if (ts > phase.lastDownstreamTs) phase.lastDownstreamTs = ts;
      phase.lastArrival = now;
      if (Number.isFinite(entry.inputTs)) phase.latenciesMs.push(ts - entry.inputTs);
      const second = Math.floor(ts / 1000);
      phase.perSecond.set(second, (phase.perSecond.get(second) ?? 0) + 1);
    }
    await heartbeat();
  }
}

/** Downstream records per second, averaged over 10 s windows of record time, from the first one. */
export function timeline(phase: Phase): number[] {
  if (phase.perSecond.size === 0) return [];
  const seconds = [...phase.perSecond.keys()].sort((a, b) => a - b);
  const first = Math.floor(phase.firstInputTs / 1000);
  const windows: number[] = [];
  for (const s of seconds) {
    const w = Math.floor((s - first) / 10);
    windows[w] = (windows[w] ?? 0) + phase.perSecond.get(s)!;
  }
  return Array.from(windows, (n) => Math.round((n ?? 0) / 10));
}
