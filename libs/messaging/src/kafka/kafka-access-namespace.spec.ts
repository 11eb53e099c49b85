import { ALL_TOPICS, PRODUCTION_TOPICS, specsInNamespace, topicNamespace } from '@clearpath/contracts';
import { CLEARPATH_KAFKA_ACCESS, kafkaAccessInNamespace } from './clearpath-kafka-access';
import { kafkaAclsFor } from './kafka-acls';

describe('the access table in a topic namespace', () => {
  const bench = topicNamespace('bench-1.');
  const production = kafkaAclsFor(CLEARPATH_KAFKA_ACCESS, ALL_TOPICS);

  it('grants the same rights on the namespace’s topics, and none on the production names', () => {
    const namespaced = kafkaAclsFor(kafkaAccessInNamespace(CLEARPATH_KAFKA_ACCESS, bench), specsInNamespace(ALL_TOPICS, bench));
    expect(namespaced).toEqual(production.map((b) => (b.resourceType === 'TOPIC' ? { ...b, resourceName: bench.physical(b.resourceName) } : b)));
  });

  it('is the table itself for the production names', () => {
    expect(kafkaAclsFor(kafkaAccessInNamespace(CLEARPATH_KAFKA_ACCESS, PRODUCTION_TOPICS), ALL_TOPICS)).toEqual(production);
  });
});
