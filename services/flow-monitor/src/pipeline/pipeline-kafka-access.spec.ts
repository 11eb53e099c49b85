import { CLEARPATH_KAFKA_ACCESS } from '@clearpath/messaging';
import { deadLetterTopics, PIPELINE, PIPELINE_TOPICS, TRACED_TOPICS } from './pipeline.graph';

/**
 * The Kafka ACLs (@clearpath/messaging's CLEARPATH_KAFKA_ACCESS) and this graph both say who
 * produces and consumes what: they must agree, or a service is either denied what it does or allowed
 * what it does not.
 */
describe('the pipeline graph and the Kafka access table', () => {
  const access = (name: string) => CLEARPATH_KAFKA_ACCESS.find((a) => a.principal === name);
  const sorted = (list: readonly string[] | undefined) => [...(list ?? [])].sort();

  it.each(PIPELINE.map((node) => [node.name, node] as const))('%s: same topics produced and consumed, and its own group', (name, node) => {
    const a = access(name);
    expect(a).toBeDefined();
    expect(sorted(a!.produces)).toEqual(sorted(node.produces));
    expect(sorted(a!.consumes)).toEqual(sorted(node.consumes));
    expect(a!.groups ?? []).toEqual(node.consumerGroup ? [node.consumerGroup] : []);
  });

  it('has no principal the graph does not know, but flow-monitor', () => {
    const known = new Set([...PIPELINE.map((n) => n.name), 'flow-monitor']);
    expect(CLEARPATH_KAFKA_ACCESS.map((a) => a.principal).filter((p) => !known.has(p))).toEqual([]);
  });

  it('gives flow-monitor what its trace index, DLQ reader, replay and sampler use, and no write to a dead-letter topic', () => {
    const monitor = access('flow-monitor')!;
    const dlqs = deadLetterTopics().map((t) => t.name);
    expect(sorted(monitor.reads)).toEqual(sorted([...TRACED_TOPICS, ...dlqs]));
    expect(sorted(monitor.produces)).toEqual(sorted(PIPELINE_TOPICS.filter((t) => t.dlq !== undefined).map((t) => t.name)));
    expect(monitor.consumes ?? []).toEqual([]);
    expect(sorted(monitor.describesGroups)).toEqual(sorted(PIPELINE.flatMap((n) => (n.consumerGroup ? [n.consumerGroup] : []))));
  });
});
