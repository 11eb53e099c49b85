/**
 * Kafka ACLs for least privilege, generated from the topic registry (@clearpath/contracts) and who
 * does what with Kafka (CLEARPATH_KAFKA_ACCESS in @clearpath/messaging): each service may write
 * only the topics it publishes and the dead-letter topics of what it consumes, read only what it
 * consumes, and use only its own consumer group.
 *
 * Usage (after `npx tsc -b tsconfig.build.json`):
 *   node dist/deploy/local/kafka-acls.js print [--bootstrap-server HOST:PORT] [--command-config FILE]
 *       the kafka-acls.sh commands that create them (for Kafka's own tools)
 *   node dist/deploy/local/kafka-acls.js list          one binding a line
 *   node dist/deploy/local/kafka-acls.js principals    the SASL user names, one a line
 *   node dist/deploy/local/kafka-acls.js apply [--prune]
 *       creates the missing ones through the admin API; --prune also deletes any other ALLOW rule of
 *       these principals. Connects with KAFKA_BROKERS and the KAFKA_SECURITY_PROTOCOL / KAFKA_SASL_* /
 *       KAFKA_SSL_* variables, as a principal that may alter ACLs (the broker's super user `admin`)
 *   node dist/deploy/local/kafka-acls.js check         exit 1 when the broker's rules differ
 * `<SERVICE>_CONSUMER_GROUP` renames a service's group as it does for the service.
 * Exit codes: 0 done, 1 failed (or differs), 2 bad usage or configuration.
 */
import type { Admin } from 'kafkajs';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { ALL_TOPICS, readTopicNamespace, specsInNamespace } from '@clearpath/contracts';
import {
  createKafka,
  describeKafkaSecurity,
  fromKafkajsAcl,
  kafkaAccessInNamespace,
  kafkaAccessWithGroupsFrom,
  kafkaAclsCommands,
  kafkaAclsFor,
  toKafkajsAcl,
  type KafkaAclBinding,
  type KafkaClientAccess,
} from '@clearpath/messaging';
import { brokersFromEnv, kafkaTargetFromEnv } from './kafka-admin';

/** The ACLs for this deployment: the access table with the environment's group names, on the topics of CLEARPATH_TOPIC_NAMESPACE (the production names when unset). */
export function clearpathAcls(env: NodeJS.ProcessEnv = process.env): { access: KafkaClientAccess[]; bindings: KafkaAclBinding[] } {
  const namespace = readTopicNamespace(env);
  const access = kafkaAccessInNamespace(kafkaAccessWithGroupsFrom(env), namespace);
  return { access, bindings: kafkaAclsFor(access, specsInNamespace(ALL_TOPICS, namespace)) };
}

/** kafkajs' enums are plain objects at run time: the name of a value, for messages. */
const nameOf = (enumObject: object, value: number): string => Object.entries(enumObject).find(([, v]) => v === value)?.[0] ?? String(value);

const keyOf = (b: KafkaAclBinding) => `${b.principal}|${b.resourceType}|${b.patternType}|${b.resourceName}|${b.operation}`;

export interface AclDiff {
  /** Wanted and not on the broker. */
  readonly missing: KafkaAclBinding[];
  /** On the broker for one of the principals, and not wanted (any rule this model cannot express counts too). */
  readonly extra: Array<{ binding: KafkaAclBinding | null; describe: string }>;
}

/** The broker's rules for `principals` against the wanted bindings. */
export async function diffAcls(
  admin: Admin,
  wanted: readonly KafkaAclBinding[],
  principals: readonly string[],
): Promise<AclDiff & { extraFilters: Parameters<Admin['deleteAcls']>[0]['filters'] }> {
  const managed = new Set(principals.map((p) => `User:${p}`));
  const described = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const present = new Map<string, KafkaAclBinding>();
  const extra: AclDiff['extra'] = [];
  const extraFilters: Parameters<Admin['deleteAcls']>[0]['filters'] = [];
  const wantedKeys = new Set(wanted.map(keyOf));
  for (const resource of described.resources) {
    for (const acl of resource.acls) {
      if (!managed.has(acl.principal)) continue;
      const entry = { ...acl, resourceType: resource.resourceType, resourceName: resource.resourceName, resourcePatternType: resource.resourcePatternType };
      const binding = fromKafkajsAcl(entry);
      if (binding && wantedKeys.has(keyOf(binding))) {
        present.set(keyOf(binding), binding);
        continue;
      }
      extra.push({
        binding,
        describe: `${acl.principal} ${nameOf(AclPermissionTypes, acl.permissionType)} ${nameOf(AclOperationTypes, acl.operation)} on ${nameOf(AclResourceTypes, resource.resourceType)}:${resource.resourceName} (${nameOf(ResourcePatternTypes, resource.resourcePatternType)}, host ${acl.host})`,
      });
      extraFilters.push(entry);
    }
  }
  return { missing: wanted.filter((b) => !present.has(keyOf(b))), extra, extraFilters };
}

/** Creates the missing bindings; with `prune`, deletes the principals' other rules. */
export async function applyAcls(
  admin: Admin,
  wanted: readonly KafkaAclBinding[],
  principals: readonly string[],
  prune: boolean,
): Promise<{ created: number; deleted: number; unchanged: number; extra: number }> {
  const diff = await diffAcls(admin, wanted, principals);
  if (diff.missing.length > 0) await admin.createAcls({ acl: diff.missing.map(toKafkajsAcl) });
  if (prune && diff.extraFilters.length > 0) await admin.deleteAcls({ filters: diff.extraFilters });
  return {
    created: diff.missing.length,
    deleted: prune ? diff.extraFilters.length : 0,
    unchanged: wanted.length - diff.missing.length,
    extra: prune ? 0 : diff.extra.length,
  };
}

class UsageError extends Error {}

function option(rest: string[], name: string): string | undefined {
  const at = rest.indexOf(name);
  if (at === -1) return undefined;
  const value = rest[at + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

const USAGE = 'usage: kafka-acls.js <print|list|principals|apply|check> [--bootstrap-server HOST:PORT] [--command-config FILE] [--prune]';

export async function main(argv: string[]): Promise<number> {
  const [command = '', ...rest] = argv;
  let acls: ReturnType<typeof clearpathAcls>;
  try {
    const known = new Set(['--bootstrap-server', '--command-config', '--prune']);
    for (let i = 0; i < rest.length; i += 1) {
      if (!known.has(rest[i])) throw new UsageError(`unknown option: ${rest[i]}`);
      if (rest[i] !== '--prune') i += 1;
    }
    acls = clearpathAcls();
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const principals = acls.access.map((a) => a.principal);
  switch (command) {
    case 'print': {
      try {
        const bootstrapServer = option(rest, '--bootstrap-server') ?? brokersFromEnv().join(',');
        const commandConfig = option(rest, '--command-config') ?? 'admin.properties';
        console.log(`# ${acls.bindings.length} ACLs for ${principals.length} principals, generated by deploy/local/kafka-acls.ts`);
        for (const line of kafkaAclsCommands(acls.bindings, { bootstrapServer, commandConfig })) console.log(line);
        return 0;
      } catch (err) {
        console.error(`${(err as Error).message}\n${USAGE}`);
        return 2;
      }
    }
    case 'list':
      for (const b of acls.bindings) console.log(`${b.principal}\t${b.operation}\t${b.resourceType}\t${b.patternType}\t${b.resourceName}`);
      return 0;
    case 'principals':
      console.log(principals.join('\n'));
      return 0;
    case 'apply':
    case 'check':
      break;
    default:
      console.error(USAGE);
      return 2;
  }

  const target = kafkaTargetFromEnv();
  if ('error' in target) {
    console.error(`kafka-acls: ${target.error}`);
    return 2;
  }
  const { brokers, security } = target;
  const admin = createKafka({ brokers, clientId: 'clearpath-kafka-acls', security, tuning: { retry: { retries: 3, initialRetryTime: 200 } } }).admin();
  try {
    await admin.connect();
    if (command === 'check') {
      const diff = await diffAcls(admin, acls.bindings, principals);
      for (const b of diff.missing) console.log(`missing  ${b.principal} ${b.operation} ${b.resourceType}:${b.resourceName} (${b.patternType})`);
      for (const e of diff.extra) console.log(`extra    ${e.describe}`);
      console.log(`kafka-acls: ${acls.bindings.length} wanted, ${diff.missing.length} missing, ${diff.extra.length} extra at ${brokers.join(',')}`);
      return diff.missing.length + diff.extra.length === 0 ? 0 : 1;
    }
    const result = await applyAcls(admin, acls.bindings, principals, rest.includes('--prune'));
    console.log(
      `kafka-acls: ${acls.bindings.length} ACLs for ${principals.length} principals at ${brokers.join(',')} (${describeKafkaSecurity(security)}): ` +
        `${result.created} created, ${result.unchanged} already there, ${result.deleted} deleted` +
        (result.extra > 0 ? `, ${result.extra} other rules of these principals left (--prune deletes them)` : ''),
    );
    return 0;
  } catch (err) {
    console.error(`kafka-acls: ${command} failed against ${brokers.join(',')}: ${(err as Error).message}`);
    return 1;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
