/**
 * Consumer lag per pipeline stage (a consumer group on a topic): records between the end of the
 * topic and the group's committed offset, summed over partitions. The topics are shared, so a lag
 * can include records other producers wrote; during a bench roll the bench's own records dominate.
 */
import type { Admin, Kafka } from 'kafkajs';

export interface Stage {
  /** Short label for the progress lines, e.g. `risk-scoring ← loan-lifecycle`. */
  readonly label: string;
  readonly group: string;
  readonly topic: string;
}

export interface LagSample {
  /** Milliseconds since the roll started. */
  readonly atMs: number;
  readonly lag: Record<string, number>;
}

export class StageLagSampler {
  private admin: Admin | null = null;
  readonly samples: LagSample[] = [];

  constructor(
    private readonly kafka: Kafka,
    readonly stages: readonly Stage[],
  ) {}

  async start(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
  }

  async stop(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = null;
  }

  /** One reading of every stage; a stage that cannot be read (group gone) is NaN. */
  async sample(atMs: number): Promise<LagSample> {
    const admin = this.admin;
    if (!admin) throw new Error('StageLagSampler not started');
    const topics = [...new Set(this.stages.map((s) => s.topic))];
    const ends = new Map<string, Map<number, bigint>>();
    await Promise.all(
      topics.map(async (topic) => {
        const offsets = await admin.fetchTopicOffsets(topic);
        ends.set(topic, new Map(offsets.map((o) => [o.partition, BigInt(o.high)])));
      }),
    );
    // Keys in stage (pipeline) order, whatever order the answers come in.
    const lag: Record<string, number> = Object.fromEntries(this.stages.map((s) => [s.label, Number.NaN]));
    await Promise.all(
      this.stages.map(async (stage) => {
        try {
          const [committed] = await admin.fetchOffsets({ groupId: stage.group, topics: [stage.topic] });
          let total = 0n;
          for (const [partition, high] of ends.get(stage.topic) ?? []) {
            const c = committed.partitions.find((p) => p.partition === partition);
            const at = c === undefined || BigInt(c.offset) < 0n ? high : BigInt(c.offset);
            if (high > at) total += high - at;
          }
          lag[stage.label] = Number(total);
        } catch {
          /* the group is gone: NaN */
        }
      }),
    );
    const s = { atMs, lag };
    this.samples.push(s);
    return s;
  }

  /** Per stage: the largest lag seen and when, and the first time after that the lag read 0. */
  summary(): Array<{ label: string; peak: number; peakAtMs: number; drainedAtMs: number }> {
    return this.stages.map((stage) => {
      let peak = 0;
      let peakAtMs = Number.NaN;
      for (const s of this.samples) {
        const v = s.lag[stage.label];
        if (Number.isFinite(v) && v > peak) {
          peak = v;
          peakAtMs = s.atMs;
        }
      }
      const after = this.samples.find((s) => s.atMs > peakAtMs && s.lag[stage.label] === 0);
      return { label: stage.label, peak, peakAtMs, drainedAtMs: after?.atMs ?? Number.NaN };
    });
  }
}
