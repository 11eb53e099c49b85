import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { ALL_TOPICS, TOPICS, type TopicSpec } from '@clearpath/contracts';
import { CLEARPATH_KAFKA_ACCESS, kafkaAccessWithGroupsFrom } from './clearpath-kafka-access';
import { fromKafkajsAcl, kafkaAclsCommands, kafkaAclsFor, toKafkajsAcl, type KafkaAclBinding, type KafkaClientAccess } from './kafka-acls';

const topic = (name: string, dlq?: string): TopicSpec => ({
  name,
  partitions: 1,
  key: 'loanId',
  schemaVersion: 1,
  cleanupPolicy: 'delete',
  retentionMs: 1,
  dlq,
  containsPersonalData: false,
  description: name,
});
const registry = [topic('in.v1', 'in.dlq.v1'), topic('in.dlq.v1'), topic('out.v1', 'out.dlq.v1'), topic('out.dlq.v1'), topic('raw.v1')];

const line = (b: KafkaAclBinding) => `${b.principal} ${b.operation} ${b.resourceType}:${b.resourceName}${b.patternType === 'PREFIXED' ? '*' : ''}`;
const rules = (access: KafkaClientAccess[]) => kafkaAclsFor(access, registry).map(line);

describe('kafkaAclsFor', () => {
  it('lets a consumer read its topic with its group and write the dead-letter topic, a producer write its topic', () => {
    expect(rules([{ principal: 'svc', consumes: ['in.v1'], produces: ['out.v1'], groups: ['svc'] }])).toEqual([
      'User:svc IDEMPOTENT_WRITE CLUSTER:kafka-cluster',
      'User:svc READ GROUP:svc',
      'User:svc WRITE TOPIC:in.dlq.v1',
      'User:svc READ TOPIC:in.v1',
      'User:svc WRITE TOPIC:out.v1',
    ]);
  });

  it('gives an observer READ without dead-letter rights, prefixed groups it may delete, and DESCRIBE on groups it watches', () => {
    expect(rules([{ principal: 'watcher', reads: ['in.v1', 'in.dlq.v1'], groupPrefixes: ['watcher-reader-'], describesGroups: ['svc'] }])).toEqual([
      'User:watcher DESCRIBE GROUP:svc',
      'User:watcher DELETE GROUP:watcher-reader-*',
      'User:watcher READ GROUP:watcher-reader-*',
      'User:watcher READ TOPIC:in.dlq.v1',
      'User:watcher READ TOPIC:in.v1',
    ]);
  });

  it('grants transactional ids, and IDEMPOTENT_WRITE only to principals that write', () => {
    expect(
      rules([
        { principal: 'tx', produces: ['out.v1'], transactionalIds: ['tx-relay'] },
        { principal: 'reader', reads: ['out.v1'], groups: ['reader'] },
      ]),
    ).toEqual([
      'User:reader READ GROUP:reader',
      'User:reader READ TOPIC:out.v1',
      'User:tx IDEMPOTENT_WRITE CLUSTER:kafka-cluster',
      'User:tx WRITE TOPIC:out.v1',
      'User:tx DESCRIBE TRANSACTIONAL_ID:tx-relay',
      'User:tx WRITE TRANSACTIONAL_ID:tx-relay',
    ]);
  });

  it('keeps one rule when two reasons grant the same right', () => {
    expect(rules([{ principal: 'svc', consumes: ['in.v1'], produces: ['in.dlq.v1'], reads: ['in.v1'], groups: ['svc', 'svc'] }])).toHaveLength(4);
  });

  it.each<[string, KafkaClientAccess[], RegExp]>([
    ['an unknown topic', [{ principal: 'svc', produces: ['typo.v1'] }], /svc: topic typo\.v1 is not in the topic registry/],
    [
      'a consumed topic without a dead-letter topic',
      [{ principal: 'svc', consumes: ['raw.v1'], groups: ['svc'] }],
      /svc consumes raw\.v1, which has no dead-letter topic/,
    ],
    ['a reader without a group', [{ principal: 'svc', reads: ['in.v1'] }], /svc reads topics but has no consumer group/],
    ['a principal listed twice', [{ principal: 'svc' }, { principal: 'svc' }], /principal svc is listed twice/],
    ['a principal name that is not a plain user name', [{ principal: 'User:svc' }], /must be lower-case kebab-case/],
    ['a group prefix that would match everything', [{ principal: 'svc', groupPrefixes: ['s'] }], /group prefix 's' is too broad/],
  ])('refuses %s', (_what, access, message) => {
    expect(() => kafkaAclsFor(access, registry)).toThrow(message);
  });
});

describe('the Clearpath ACLs', () => {
  const bindings = kafkaAclsFor(CLEARPATH_KAFKA_ACCESS, ALL_TOPICS);
  const of = (principal: string, operation: KafkaAclBinding['operation'], resourceType: KafkaAclBinding['resourceType'] = 'TOPIC') =>
    bindings
      .filter((b) => b.principal === `User:${principal}` && b.operation === operation && b.resourceType === resourceType)
      .map((b) => b.resourceName)
      .sort();
  const services = ['ingestion', 'risk-scoring', 'contact-orchestration', 'repayment-plan', 'complaints'];

  it('lets each pipeline service write only what it publishes and the dead-letter topics of what it consumes', () => {
    expect(of('ingestion', 'WRITE')).toEqual([TOPICS.coreBankLoanEventsDlq.name, TOPICS.customerContacts.name, TOPICS.loanLifecycle.name].sort());
    expect(of('risk-scoring', 'WRITE')).toEqual(
      [TOPICS.caseSegmented.name, TOPICS.contactOutcomesDlq.name, TOPICS.loanLifecycleDlq.name, TOPICS.repaymentPlansDlq.name].sort(),
    );
    expect(of('repayment-plan', 'WRITE')).toEqual(
      [TOPICS.caseSegmentedDlq.name, TOPICS.contactOutcomesDlq.name, TOPICS.loanLifecycleDlq.name, TOPICS.repaymentPlans.name].sort(),
    );
    expect(of('core-banking', 'WRITE')).toEqual([TOPICS.coreBankLoanEvents.name]);
  });

  it("lets no pipeline service write another service's topic", () => {
    const owner = new Map<string, string>();
    for (const a of CLEARPATH_KAFKA_ACCESS) for (const t of a.produces ?? []) if (a.principal !== 'flow-monitor') owner.set(t, a.principal);
    for (const service of services) {
      for (const written of of(service, 'WRITE')) {
        const spec = ALL_TOPICS.find((t) => t.name === written)!;
        const isDeadLetterTopic = ALL_TOPICS.some((t) => t.dlq === written);
        expect({ service, written, allowed: isDeadLetterTopic || owner.get(spec.name) === service }).toEqual({ service, written, allowed: true });
      }
    }
  });

  it('keeps the personal-data topics to the services that need them', () => {
    const readers = (name: string) =>
      bindings
        .filter((b) => b.resourceName === name && b.operation === 'READ')
        .map((b) => b.principal)
        .sort();
    expect(readers(TOPICS.customerContacts.name)).toEqual(['User:contact-orchestration']);
    expect(readers(TOPICS.coreBankLoanEvents.name)).toEqual(['User:flow-monitor', 'User:ingestion']);
  });

  it('gives each service its own consumer group and no other', () => {
    for (const service of services) expect(of(service, 'READ', 'GROUP')).toEqual([service]);
    expect(of('flow-monitor', 'READ', 'GROUP')).toEqual(['flow-monitor', 'flow-monitor-reader-']);
    expect(of('flow-monitor', 'DESCRIBE', 'GROUP')).toEqual([...services].sort());
    expect(of('core-banking', 'READ', 'GROUP')).toEqual([]);
  });

  it("follows a renamed consumer group (<SERVICE>_CONSUMER_GROUP), in the service's rules and in the monitor's", () => {
    const renamed = kafkaAclsFor(kafkaAccessWithGroupsFrom({ RISK_SCORING_CONSUMER_GROUP: 'risk-scoring-blue' }), ALL_TOPICS);
    const groups = (principal: string) =>
      renamed.filter((b) => b.principal === `User:${principal}` && b.resourceType === 'GROUP').map((b) => `${b.operation} ${b.resourceName}`);
    expect(groups('risk-scoring')).toEqual(['READ risk-scoring-blue']);
    expect(groups('flow-monitor')).toContain('DESCRIBE risk-scoring-blue');
    expect(groups('flow-monitor')).not.toContain('DESCRIBE risk-scoring');
  });
});

describe('kafkaAclsCommands', () => {
  it('prints one kafka-acls.sh --add per principal and resource, its operations together', () => {
    const bindings = kafkaAclsFor([{ principal: 'watcher', reads: ['in.v1'], produces: ['out.v1'], groupPrefixes: ['watcher-reader-'] }], registry);
    expect(kafkaAclsCommands(bindings, { bootstrapServer: 'kafka:9093', commandConfig: 'admin.properties' })).toEqual([
      'kafka-acls.sh --bootstrap-server kafka:9093 --command-config admin.properties --add --allow-principal User:watcher --operation IdempotentWrite --cluster',
      'kafka-acls.sh --bootstrap-server kafka:9093 --command-config admin.properties --add --allow-principal User:watcher --operation Delete --operation Read --group watcher-reader- --resource-pattern-type prefixed',
      'kafka-acls.sh --bootstrap-server kafka:9093 --command-config admin.properties --add --allow-principal User:watcher --operation Read --topic in.v1',
      'kafka-acls.sh --bootstrap-server kafka:9093 --command-config admin.properties --add --allow-principal User:watcher --operation Write --topic out.v1',
    ]);
  });

  it('quotes what the shell would split', () => {
    const [command] = kafkaAclsCommands([{ principal: 'User:svc', resourceType: 'TOPIC', resourceName: 'in.v1', patternType: 'LITERAL', operation: 'READ' }], {
      bootstrapServer: 'k:9093',
      commandConfig: "my admin's.properties",
    });
    expect(command).toContain(`--command-config 'my admin'\\''s.properties'`);
  });
});

describe('kafkajs ACL entries', () => {
  it('maps a binding to an ALLOW from any host and back', () => {
    const binding: KafkaAclBinding = { principal: 'User:svc', resourceType: 'GROUP', resourceName: 'svc-', patternType: 'PREFIXED', operation: 'DELETE' };
    const entry = toKafkajsAcl(binding);
    expect(entry).toEqual({
      principal: 'User:svc',
      host: '*',
      permissionType: AclPermissionTypes.ALLOW,
      operation: AclOperationTypes.DELETE,
      resourceType: AclResourceTypes.GROUP,
      resourceName: 'svc-',
      resourcePatternType: ResourcePatternTypes.PREFIXED,
    });
    expect(fromKafkajsAcl(entry)).toEqual(binding);
    for (const b of kafkaAclsFor(CLEARPATH_KAFKA_ACCESS, ALL_TOPICS)) expect(fromKafkajsAcl(toKafkajsAcl(b))).toEqual(b);
  });

  it('does not read a DENY, another host or another operation as one of ours', () => {
    const entry = toKafkajsAcl({ principal: 'User:svc', resourceType: 'TOPIC', resourceName: 'in.v1', patternType: 'LITERAL', operation: 'READ' });
    expect(fromKafkajsAcl({ ...entry, permissionType: AclPermissionTypes.DENY })).toBeNull();
    expect(fromKafkajsAcl({ ...entry, host: '10.0.0.1' })).toBeNull();
    expect(fromKafkajsAcl({ ...entry, operation: AclOperationTypes.ALL })).toBeNull();
  });
});
