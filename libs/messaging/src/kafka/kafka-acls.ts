import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry } from 'kafkajs';
import type { TopicSpec } from '@clearpath/contracts';

/**
 * What one Kafka principal (a service, or the lender's core banking) does with Kafka. The ACLs
 * follow from it and from the topic registry: nothing else is allowed.
 */
export interface KafkaClientAccess {
  /** SASL/SCRAM user name; the ACLs name the principal `User:<principal>`. */
  readonly principal: string;
  /** Topics consumed through the inbox, which dead-letters: READ the topic, WRITE its `dlq`. */
  readonly consumes?: readonly string[];
  /** Topics read without dead-lettering (an observer): READ only. */
  readonly reads?: readonly string[];
  /** Topics published: WRITE. */
  readonly produces?: readonly string[];
  /** Consumer groups it joins: READ. */
  readonly groups?: readonly string[];
  /** Prefixes of short-lived groups it creates and deletes itself: READ and DELETE, prefixed. */
  readonly groupPrefixes?: readonly string[];
  /** Other principals' groups whose members and offsets it looks at: DESCRIBE. */
  readonly describesGroups?: readonly string[];
  /** Transactional ids of its producers: WRITE and DESCRIBE. */
  readonly transactionalIds?: readonly string[];
}

export type KafkaAclResourceType = 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID';
export type KafkaAclOperation = 'READ' | 'WRITE' | 'DESCRIBE' | 'DELETE' | 'IDEMPOTENT_WRITE';
export type KafkaAclPatternType = 'LITERAL' | 'PREFIXED';

/** One ALLOW rule, from any host. Kafka denies whatever no rule allows. */
export interface KafkaAclBinding {
  readonly principal: string;
  readonly resourceType: KafkaAclResourceType;
  readonly resourceName: string;
  readonly patternType: KafkaAclPatternType;
  readonly operation: KafkaAclOperation;
}

/** The one name Kafka gives the cluster resource. */
export const KAFKA_CLUSTER_RESOURCE = 'kafka-cluster';

/**
 * The ACLs that let each principal do what its {@link KafkaClientAccess} says and nothing more:
 * - READ on every topic it consumes or reads, WRITE on every topic it produces and on the
 *   dead-letter topic of every topic it consumes (READ and WRITE imply DESCRIBE);
 * - READ on its consumer groups (literal), READ + DELETE on its group prefixes, DESCRIBE on the
 *   groups it monitors;
 * - IDEMPOTENT_WRITE on the cluster when it writes at all (every producer is idempotent), WRITE +
 *   DESCRIBE on its transactional ids.
 * Throws when a topic is not in the registry, a consumed topic has no dead-letter topic, a reader
 * has no group, or a principal is listed twice. Sorted, without duplicates.
 */
export function kafkaAclsFor(access: readonly KafkaClientAccess[], registry: readonly TopicSpec[]): KafkaAclBinding[] {
  const topics = new Map(registry.map((t) => [t.name, t]));
  const seen = new Set<string>();
  const out = new Map<string, KafkaAclBinding>();
  const add = (b: KafkaAclBinding) => out.set(`${b.principal}|${b.resourceType}|${b.patternType}|${b.resourceName}|${b.operation}`, b);

  for (const a of access) {
    if (!/^[a-z][a-z0-9-]*$/.test(a.principal)) throw new Error(`principal '${a.principal}' must be lower-case kebab-case`);
    if (seen.has(a.principal)) throw new Error(`principal ${a.principal} is listed twice`);
    seen.add(a.principal);
    const principal = `User:${a.principal}`;
    const known = (topic: string): string => {
      if (!topics.has(topic)) throw new Error(`${a.principal}: topic ${topic} is not in the topic registry`);
      return topic;
    };
    const topic = (name: string, operation: KafkaAclOperation) =>
      add({ principal, resourceType: 'TOPIC', resourceName: known(name), patternType: 'LITERAL', operation });

    const consumes = a.consumes ?? [];
    const reads = a.reads ?? [];
    for (const name of consumes) {
      const dlq = topics.get(known(name))!.dlq;
      if (dlq === undefined) throw new Error(`${a.principal} consumes ${name}, which has no dead-letter topic`);
      topic(name, 'READ');
      topic(dlq, 'WRITE');
    }
    for (const name of reads) topic(name, 'READ');
    for (const name of a.produces ?? []) topic(name, 'WRITE');

    const groups = a.groups ?? [];
    const prefixes = a.groupPrefixes ?? [];
    if (consumes.length + reads.length > 0 && groups.length + prefixes.length === 0) throw new Error(`${a.principal} reads topics but has no consumer group`);
    for (const group of groups) add({ principal, resourceType: 'GROUP', resourceName: group, patternType: 'LITERAL', operation: 'READ' });
    for (const prefix of prefixes) {
      if (prefix.length < 3) throw new Error(`${a.principal}: group prefix '${prefix}' is too broad`);
      for (const operation of ['READ', 'DELETE'] as const) add({ principal, resourceType: 'GROUP', resourceName: prefix, patternType: 'PREFIXED', operation });
    }
    for (const group of a.describesGroups ?? []) add({ principal, resourceType: 'GROUP', resourceName: group, patternType: 'LITERAL', operation: 'DESCRIBE' });

    for (const id of a.transactionalIds ?? []) {
      for (const operation of ['WRITE', 'DESCRIBE'] as const)
        add({ principal, resourceType: 'TRANSACTIONAL_ID', resourceName: id, patternType: 'LITERAL', operation });
    }
    const writes = [...out.values()].some((b) => b.principal === principal && b.resourceType === 'TOPIC' && b.operation === 'WRITE');
    // Kafka 3+ lets WRITE on any topic stand in for IDEMPOTENT_WRITE; granting it keeps older brokers working.
    if (writes) add({ principal, resourceType: 'CLUSTER', resourceName: KAFKA_CLUSTER_RESOURCE, patternType: 'LITERAL', operation: 'IDEMPOTENT_WRITE' });
  }
  return [...out.values()].sort(compareBindings);
}

function compareBindings(a: KafkaAclBinding, b: KafkaAclBinding): number {
  const key = (x: KafkaAclBinding) => [x.principal, x.resourceType, x.patternType, x.resourceName, x.operation];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i += 1) {
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  }
  return 0;
}

const OPERATION_FLAG: Record<KafkaAclOperation, string> = {
  READ: 'Read',
  WRITE: 'Write',
  DESCRIBE: 'Describe',
  DELETE: 'Delete',
  IDEMPOTENT_WRITE: 'IdempotentWrite',
};

const shellWord = (word: string): string => (/^[A-Za-z0-9_.:/=@,+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * `kafka-acls.sh --add` commands for the bindings, one per principal and resource (its operations
 * together), for an operator who applies ACLs with Kafka's own tools.
 */
export function kafkaAclsCommands(bindings: readonly KafkaAclBinding[], connection: { bootstrapServer: string; commandConfig: string }): string[] {
  const byResource = new Map<string, { binding: KafkaAclBinding; operations: KafkaAclOperation[] }>();
  for (const b of bindings) {
    const key = `${b.principal}|${b.resourceType}|${b.patternType}|${b.resourceName}`;
    const entry = byResource.get(key) ?? { binding: b, operations: [] };
    entry.operations.push(b.operation);
    byResource.set(key, entry);
  }
  return [...byResource.values()].map(({ binding: b, operations }) => {
    const resource =
      b.resourceType === 'CLUSTER'
        ? ['--cluster']
        : [b.resourceType === 'TOPIC' ? '--topic' : b.resourceType === 'GROUP' ? '--group' : '--transactional-id', b.resourceName];
    const words = [
      'kafka-acls.sh',
      '--bootstrap-server',
      connection.bootstrapServer,
      '--command-config',
      connection.commandConfig,
      '--add',
      '--allow-principal',
      b.principal,
      ...operations.flatMap((op) => ['--operation', OPERATION_FLAG[op]]),
      ...resource,
      ...(b.patternType === 'PREFIXED' ? ['--resource-pattern-type', 'prefixed'] : []),
    ];
    return words.map(shellWord).join(' ');
  });
}

/** A binding as kafkajs' `admin.createAcls` takes it. */
export function toKafkajsAcl(b: KafkaAclBinding): AclEntry {
  return {
    principal: b.principal,
    host: '*',
    permissionType: AclPermissionTypes.ALLOW,
    operation: AclOperationTypes[b.operation],
    resourceType: AclResourceTypes[b.resourceType],
    resourceName: b.resourceName,
    resourcePatternType: ResourcePatternTypes[b.patternType],
  };
}

/** The reverse of {@link toKafkajsAcl}; null for a rule this model does not produce (a DENY, another operation). */
export function fromKafkajsAcl(acl: AclEntry): KafkaAclBinding | null {
  // kafkajs' enums are plain objects at run time (no reverse mapping): look the value up.
  const name = <T extends string>(enumObject: object, value: number, allowed: readonly T[]): T | null => {
    const key = Object.entries(enumObject).find(([, v]) => v === value)?.[0];
    return key !== undefined && (allowed as readonly string[]).includes(key) ? (key as T) : null;
  };
  const resourceType = name<KafkaAclResourceType>(AclResourceTypes, acl.resourceType, ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID']);
  const operation = name<KafkaAclOperation>(AclOperationTypes, acl.operation, ['READ', 'WRITE', 'DESCRIBE', 'DELETE', 'IDEMPOTENT_WRITE']);
  const patternType = name<KafkaAclPatternType>(ResourcePatternTypes, acl.resourcePatternType, ['LITERAL', 'PREFIXED']);
  if (!resourceType || !operation || !patternType || acl.permissionType !== AclPermissionTypes.ALLOW || acl.host !== '*') return null;
  return { principal: acl.principal, resourceType, resourceName: acl.resourceName, patternType, operation };
}
