import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AssignerProtocol, type Admin } from 'kafkajs';
import { type Clock, PRODUCTION_TOPICS, type TopicNamespace } from '@clearpath/contracts';
import { InjectLogger, type Logger } from '@clearpath/observability';
import { CLOCK, KAFKA_ADMIN, RUNTIME_CONFIG, type RuntimeConfig } from '@clearpath/platform';
import { FLOW_MONITOR_SETTINGS, type FlowMonitorSettings } from '../config/flow-monitor-settings';
import { DlqReader } from '../dlq/dlq.reader';
import { dlqReasonOf, type DlqReason } from '../dlq/dlq-record.view';
import { PIPELINE, PIPELINE_TOPICS, TRACED_TOPICS, producerOf } from '../pipeline/pipeline.graph';
import { endOffset, groupLag, messageRate, retainedDepth, toOffsets, type OffsetsSample, type PartitionOffsets } from './flow-math';
import { pollServiceHealth, type ServiceHealth } from './service-health.poller';

export interface TopicFlow {
  readonly name: string;
  readonly partitions: number;
  readonly containsPersonalData: boolean;
  readonly producer: string | null;
  /** Records ever written (sum of the partitions' ends). */
  readonly endOffset: number | null;
  /** Records per second since the previous sample; null on the first sample. */
  readonly ratePerSec: number | null;
  readonly dlq: { readonly name: string; readonly depth: number | null; readonly ratePerSec: number | null; readonly newest: readonly DlqReason[] } | null;
  readonly error: string | null;
}

export interface GroupTopicLag {
  readonly topic: string;
  readonly lag: number | null;
  readonly uncommittedPartitions: number | null;
  /** Whether a live member of the group holds partitions of the topic; null when the group has no members. */
  readonly assigned: boolean | null;
}

export interface GroupFlow {
  readonly group: string;
  readonly service: string;
  /** Kafka's group state (`Stable`, `Empty`, ...) or `Absent` when the group does not exist. */
  readonly state: string;
  readonly members: number;
  readonly topics: readonly GroupTopicLag[];
  /** Live assignments against the declared graph; null when no member is there to compare. */
  readonly verification: { readonly declaredNotAssigned: readonly string[]; readonly assignedNotDeclared: readonly string[] } | null;
}

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'produces' | 'consumes';
  readonly ratePerSec: number | null;
  readonly group?: string;
  readonly lag?: number | null;
  readonly assigned?: boolean | null;
}

export interface FlowSnapshot {
  readonly sampledAt: string;
  readonly intervalMs: number;
  readonly services: ReadonlyArray<{
    readonly name: string;
    readonly internal: boolean;
    readonly consumerGroup: string | null;
    readonly health: ServiceHealth | null;
  }>;
  readonly topics: readonly TopicFlow[];
  readonly edges: readonly FlowEdge[];
  readonly groups: readonly GroupFlow[];
  /** flow-monitor's own trace-index group. */
  readonly monitor: GroupFlow;
}

/**
 * Samples the pipeline through the Kafka admin API (one client, one request after another, so a
 * sample costs a few dozen small requests) and the services' health and metrics endpoints. The
 * timer calls `sample(clock.now())` every interval; tests call it themselves. Dead-letter records
 * are read only when a dead-letter topic's end moved since the last read.
 */
@Injectable()
export class FlowSampler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly previous = new Map<string, OffsetsSample>();
  private readonly newestReasons = new Map<string, { high: number; reasons: DlqReason[] }>();
  private latest: FlowSnapshot | null = null;
  private running: Promise<FlowSnapshot> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(FLOW_MONITOR_SETTINGS) private readonly settings: FlowMonitorSettings,
    private readonly dlqReader: DlqReader,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** Where the registry's (logical) topics are on the broker: CLEARPATH_TOPIC_NAMESPACE. Snapshots keep logical names. */
  private get topics(): TopicNamespace {
    return this.config.topicNamespace ?? PRODUCTION_TOPICS;
  }

  private physical(topic: string): string {
    return this.topics.physical(topic);
  }

  onApplicationBootstrap(): void {
    if (this.settings.samplerEnabled) this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** The last sample, or a fresh one when there is none yet. */
  async current(): Promise<FlowSnapshot> {
    return this.latest ?? this.sample(this.clock.now());
  }

  /** One sample at `now`; concurrent callers share the sample in progress. */
  sample(now: Date): Promise<FlowSnapshot> {
    if (this.running) return this.running;
    this.running = this.takeSample(now).finally(() => (this.running = null));
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sample(this.clock.now())
        .catch((error: Error) => this.logger.warn({ err: error }, 'flow sample failed'))
        .finally(() => this.schedule());
    }, this.settings.sampleIntervalMs);
    this.timer.unref();
  }

  private async takeSample(now: Date): Promise<FlowSnapshot> {
    const at = now.getTime();
    const ends = new Map<string, PartitionOffsets[]>();
    const topics: TopicFlow[] = [];
    for (const spec of PIPELINE_TOPICS) {
      const producer = producerOf(spec.name);
      try {
        const partitions = toOffsets(await this.admin.fetchTopicOffsets(this.physical(spec.name)));
        ends.set(spec.name, partitions);
        const ratePerSec = this.rate(spec.name, { at, partitions });
        topics.push({
          name: spec.name,
          partitions: partitions.length,
          containsPersonalData: spec.containsPersonalData,
          producer,
          endOffset: endOffset(partitions),
          ratePerSec,
          dlq: spec.dlq ? await this.deadLetters(spec.dlq, at) : null,
          error: null,
        });
      } catch (error) {
        topics.push({
          name: spec.name,
          partitions: spec.partitions,
          containsPersonalData: spec.containsPersonalData,
          producer,
          endOffset: null,
          ratePerSec: null,
          dlq: null,
          error: (error as Error).message,
        });
      }
    }

    const groups = await this.groups(ends);
    const monitor = groups.pop()!;
    const health = await Promise.all(this.settings.services.map((s) => pollServiceHealth(s, this.settings.healthTimeoutMs, now)));
    const rateOf = (topic: string) => topics.find((t) => t.name === topic)?.ratePerSec ?? null;
    const edges: FlowEdge[] = [];
    for (const node of PIPELINE) {
      for (const topic of node.produces) edges.push({ from: node.name, to: topic, kind: 'produces', ratePerSec: rateOf(topic) });
    }
    for (const node of PIPELINE) {
      const group = groups.find((g) => g.service === node.name);
      for (const topic of node.consumes) {
        const lag = group?.topics.find((t) => t.topic === topic);
        edges.push({
          from: topic,
          to: node.name,
          kind: 'consumes',
          ratePerSec: rateOf(topic),
          group: node.consumerGroup ?? undefined,
          lag: lag?.lag ?? null,
          assigned: lag?.assigned ?? null,
        });
      }
    }
    const snapshot: FlowSnapshot = {
      sampledAt: now.toISOString(),
      intervalMs: this.settings.sampleIntervalMs,
      services: PIPELINE.map((node) => ({
        name: node.name,
        internal: node.internal,
        consumerGroup: node.consumerGroup,
        health: health.find((h) => h.name === node.name) ?? null,
      })),
      topics,
      edges,
      groups,
      monitor,
    };
    this.latest = snapshot;
    return snapshot;
  }

  private rate(name: string, current: OffsetsSample): number | null {
    const rate = messageRate(this.previous.get(name), current);
    this.previous.set(name, current);
    return rate;
  }

  private async deadLetters(dlq: string, at: number): Promise<NonNullable<TopicFlow['dlq']>> {
    try {
      const partitions = toOffsets(await this.admin.fetchTopicOffsets(this.physical(dlq)));
      const high = endOffset(partitions);
      const depth = retainedDepth(partitions);
      const ratePerSec = this.rate(dlq, { at, partitions });
      let cached = this.newestReasons.get(dlq);
      if (!cached || cached.high !== high) {
        const records = depth > 0 && this.settings.dlqNewest > 0 ? await this.dlqReader.newest(dlq, this.settings.dlqNewest) : [];
        cached = { high, reasons: records.map(dlqReasonOf) };
        this.newestReasons.set(dlq, cached);
      }
      return { name: dlq, depth, ratePerSec, newest: cached.reasons };
    } catch (error) {
      this.logger.warn({ err: error, topic: dlq }, 'cannot sample dead-letter topic');
      return { name: dlq, depth: null, ratePerSec: null, newest: this.newestReasons.get(dlq)?.reasons ?? [] };
    }
  }

  /** The pipeline's groups, then flow-monitor's own (last). */
  private async groups(ends: Map<string, PartitionOffsets[]>): Promise<GroupFlow[]> {
    const wanted = [
      ...PIPELINE.filter((n) => n.consumerGroup !== null).map((n) => ({ group: n.consumerGroup!, service: n.name, consumes: n.consumes })),
      { group: this.config.consumerGroup, service: 'flow-monitor', consumes: TRACED_TOPICS },
    ];
    let existing = new Set<string>();
    const described = new Map<string, { state: string; members: number; assigned: Set<string> }>();
    try {
      const { groups } = await this.admin.listGroups();
      existing = new Set(groups.map((g) => g.groupId).filter((id) => wanted.some((w) => w.group === id)));
      if (existing.size > 0) {
        const { groups: descriptions } = await this.admin.describeGroups([...existing]);
        for (const d of descriptions) {
          const assigned = new Set<string>();
          for (const member of d.members) {
            const decoded = member.memberAssignment?.length ? AssignerProtocol.MemberAssignment.decode(member.memberAssignment) : null;
            for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {}))
              if (partitions.length > 0 && this.topics.contains(topic)) assigned.add(this.topics.logical(topic));
          }
          described.set(d.groupId, { state: d.state, members: d.members.length, assigned });
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot list consumer groups');
    }
    const out: GroupFlow[] = [];
    for (const w of wanted) {
      const d = described.get(w.group);
      if (!existing.has(w.group) || !d) {
        out.push({
          group: w.group,
          service: w.service,
          state: 'Absent',
          members: 0,
          topics: w.consumes.map((topic) => ({ topic, lag: null, uncommittedPartitions: null, assigned: null })),
          verification: null,
        });
        continue;
      }
      let committed: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }> = [];
      try {
        committed = (await this.admin.fetchOffsets({ groupId: w.group, topics: w.consumes.map((t) => this.physical(t)) })).map((c) => ({
          ...c,
          topic: this.topics.logical(c.topic),
        }));
      } catch (error) {
        this.logger.warn({ err: error, group: w.group }, 'cannot fetch committed offsets');
      }
      const hasMembers = d.members > 0;
      const topics = w.consumes.map((topic) => {
        const topicEnds = ends.get(topic);
        const c = committed.find((x) => x.topic === topic);
        const lag = topicEnds && c ? groupLag(topicEnds, c.partitions) : null;
        return { topic, lag: lag?.lag ?? null, uncommittedPartitions: lag?.uncommittedPartitions ?? null, assigned: hasMembers ? d.assigned.has(topic) : null };
      });
      out.push({
        group: w.group,
        service: w.service,
        state: d.state,
        members: d.members,
        topics,
        verification: hasMembers
          ? {
              declaredNotAssigned: w.consumes.filter((t) => !d.assigned.has(t)),
              assignedNotDeclared: [...d.assigned].filter((t) => !w.consumes.includes(t)).sort(),
            }
          : null,
      });
    }
    return out;
  }
}
