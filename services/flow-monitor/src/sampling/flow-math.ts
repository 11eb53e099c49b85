/**
 * The arithmetic behind the live numbers, kept free of Kafka so it can be tested: rates from two
 * samples of end offsets, a group's lag from its committed offsets, a topic's retained depth.
 * Offsets arrive from kafkajs as decimal strings; they stay far below 2^53 in practice, and a rate
 * or a lag is a reading for people, not an amount, so plain numbers are enough here.
 */
export interface PartitionOffsets {
  readonly partition: number;
  /** Earliest retained offset. */
  readonly low: number;
  /** Next offset to be written (the high watermark). */
  readonly high: number;
}

export interface OffsetsSample {
  /** When the offsets were read, epoch ms. */
  readonly at: number;
  readonly partitions: readonly PartitionOffsets[];
}

export function toOffsets(entries: ReadonlyArray<{ partition: number; low: string; high: string }>): PartitionOffsets[] {
  return entries.map((e) => ({ partition: e.partition, low: Number(e.low), high: Number(e.high) })).sort((a, b) => a.partition - b.partition);
}

/** Sum of the partitions' high watermarks: how many records were ever written. */
export function endOffset(partitions: readonly PartitionOffsets[]): number {
  return partitions.reduce((sum, p) => sum + p.high, 0);
}

/** Records still retained (the depth of a dead-letter topic). */
export function retainedDepth(partitions: readonly PartitionOffsets[]): number {
  return partitions.reduce((sum, p) => sum + Math.max(0, p.high - p.low), 0);
}

/**
 * Records per second written between two samples. A partition whose end went backwards (the topic
 * was deleted and re-created) or that did not exist before counts nothing rather than a negative
 * or an invented burst. Null until there are two samples.
 */
export function messageRate(previous: OffsetsSample | undefined, current: OffsetsSample): number | null {
  if (!previous || current.at <= previous.at) return null;
  const before = new Map(previous.partitions.map((p) => [p.partition, p.high]));
  let written = 0;
  for (const p of current.partitions) {
    const high = before.get(p.partition);
    if (high !== undefined && p.high > high) written += p.high - high;
  }
  return round2(written / ((current.at - previous.at) / 1000));
}

export interface GroupLag {
  readonly lag: number;
  /** Partitions where the group has no committed offset yet (counted from the earliest retained record). */
  readonly uncommittedPartitions: number;
}

/**
 * Records between a group's committed offset and each partition's end. Kafka answers -1 for a
 * partition the group never committed; our consumers start from the earliest record, so all that
 * is retained there is lag. A committed offset below the retained start (records expired before
 * the group read them) counts only what is still there.
 */
export function groupLag(ends: readonly PartitionOffsets[], committed: ReadonlyArray<{ partition: number; offset: string }>): GroupLag {
  const byPartition = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  let lag = 0;
  let uncommittedPartitions = 0;
  for (const p of ends) {
    const offset = byPartition.get(p.partition);
    if (offset === undefined || offset < 0) {
      uncommittedPartitions++;
      lag += Math.max(0, p.high - p.low);
    } else lag += Math.max(0, p.high - Math.max(offset, p.low));
  }
  return { lag, uncommittedPartitions };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
