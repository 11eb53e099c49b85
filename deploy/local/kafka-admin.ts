/**
 * Kafka admin steps shared by the local stack (deploy/local/stack-up.sh) and docker-compose's
 * `topic-init` service: wait until a broker answers metadata requests, then create every topic of
 * the registry in @clearpath/contracts that is missing. Existing topics are left as they are;
 * differences from the registry are reported, never changed.
 *
 * Usage (after `npx tsc -b tsconfig.build.json`):
 *   node dist/deploy/local/kafka-admin.js up            [--timeout 90] [--pid N]   wait + ensure-topics
 *                                                                            + warm the group coordinator
 *   node dist/deploy/local/kafka-admin.js wait          [--timeout 90] [--pid N]
 *   node dist/deploy/local/kafka-admin.js ensure-topics
 *   node dist/deploy/local/kafka-admin.js list
 * With CLEARPATH_TOPIC_NAMESPACE set, ensure-topics creates the registry's topics under that prefix
 * (a benchmark's run-scoped topics) instead of the production names.
 * Brokers come from KAFKA_BROKERS (comma-separated host:port), default 127.0.0.1:9092; how to connect
 * from KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_* and KAFKA_SSL_* (PLAINTEXT by default; see
 * readKafkaSecurity in @clearpath/messaging): a secured broker needs the admin principal.
 * --pid: the broker's process id; waiting stops at once if that process exits.
 * Exit codes: 0 done, 1 failed, 2 bad usage.
 */
import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { ALL_TOPICS, readTopicNamespace, specsInNamespace, topicConfigEntries, type TopicNamespace, type TopicSpec } from '@clearpath/contracts';
import { createKafka, KAFKA_PLAINTEXT, readKafkaSecurity, type KafkaSecurity, type MessagingLogger } from '@clearpath/messaging';

export interface BrokerInfo {
  clusterId: string;
  brokers: Array<{ nodeId: number; host: string; port: number }>;
  controller: number | null;
  topicCount: number;
}

export type TopicStatus = 'created' | 'exists';

export interface TopicReport {
  name: string;
  status: TopicStatus;
  wantedPartitions: number;
  actualPartitions: number | undefined;
  cleanupPolicy: string | undefined;
  retentionMs: string | undefined;
  /** Differences between the broker's topic and the registry; not corrected here. */
  drift: string[];
}

export function brokersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.KAFKA_BROKERS?.trim() || '127.0.0.1:9092';
  return raw
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/**
 * Where a CLI talks to Kafka and how: the brokers and the client security from the environment, or
 * one line naming what is wrong (the caller prints it with its own name and exits 2).
 */
export function kafkaTargetFromEnv(env: NodeJS.ProcessEnv = process.env): { brokers: string[]; security: KafkaSecurity } | { error: string } {
  try {
    return { brokers: brokersFromEnv(env), security: readKafkaSecurity(env) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** kafkajs errors to stderr; its warnings (retries while a broker starts) are noise here. */
const errorsToStderr: MessagingLogger = {
  debug() {},
  info() {},
  warn() {},
  error: (obj, msg) => console.error(`kafkajs: ${msg ?? ''} ${JSON.stringify(obj)}`),
};

function client(brokers: string[], security: KafkaSecurity, quiet: boolean, requestTimeout = 10_000): Kafka {
  return createKafka({
    clientId: 'clearpath-kafka-admin',
    brokers,
    security,
    logger: quiet ? undefined : errorsToStderr,
    tuning: { connectionTimeout: Math.min(2_000, requestTimeout), requestTimeout, retry: { retries: quiet ? 0 : 5, initialRetryTime: 200 } },
  });
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? ` (cause: ${cause.message})` : '';
    return `${err.name}: ${err.message}${causeText}`;
  }
  return String(err);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls describeCluster + listTopics until both answer or the deadline passes. Throws with the
 * last error seen; throws at once when `pid` is given and that process is gone.
 */
export async function waitForBroker(
  brokers: string[],
  opts: { timeoutMs: number; pid?: number; pollMs?: number; security?: KafkaSecurity },
): Promise<BrokerInfo> {
  const deadline = Date.now() + opts.timeoutMs;
  const pollMs = opts.pollMs ?? 500;
  let attempts = 0;
  let lastError = 'no attempt made';
  for (;;) {
    attempts += 1;
    // Keep one attempt within the deadline: a port that accepts but never answers would
    // otherwise hold an attempt for the whole request timeout.
    const attemptTimeout = Math.max(1_000, Math.min(5_000, deadline - Date.now()));
    const admin = client(brokers, opts.security ?? KAFKA_PLAINTEXT, true, attemptTimeout).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      const topics = await admin.listTopics();
      return {
        clusterId: cluster.clusterId,
        brokers: cluster.brokers,
        controller: cluster.controller,
        topicCount: topics.length,
      };
    } catch (err) {
      lastError = describeError(err);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (opts.pid !== undefined && !processAlive(opts.pid)) {
      throw new Error(`broker process ${opts.pid} exited before answering; last error: ${lastError}`);
    }
    if (Date.now() + pollMs > deadline) {
      throw new Error(
        `no answer to metadata requests from ${brokers.join(',')} within ${Math.round(opts.timeoutMs / 1000)}s ` +
          `(${attempts} attempts); last error: ${lastError}`,
      );
    }
    await delay(pollMs);
  }
}

async function withAdmin<T>(brokers: string[], security: KafkaSecurity, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = client(brokers, security, false).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Creates each registry topic that is missing; reports the state of all of them. */
export async function ensureTopics(
  brokers: string[],
  specs: readonly TopicSpec[] = ALL_TOPICS,
  security: KafkaSecurity = KAFKA_PLAINTEXT,
): Promise<TopicReport[]> {
  return withAdmin(brokers, security, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        timeout: 30_000,
        topics: missing.map((spec) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          // Replication factor left to the broker's default.replication.factor (1 locally).
          configEntries: topicConfigEntries(spec),
        })),
      });
    }
    const created = new Set(missing.map((s) => s.name));
    const names = specs.map((s) => s.name);
    const metadata = await admin.fetchTopicMetadata({ topics: names });
    const partitionsByTopic = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: names.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['cleanup.policy', 'retention.ms'],
      })),
    });
    const configByTopic = new Map(configs.resources.map((r) => [r.resourceName, new Map(r.configEntries.map((e) => [e.configName, e.configValue]))]));
    return specs.map((spec) => {
      const actualPartitions = partitionsByTopic.get(spec.name);
      const cfg = configByTopic.get(spec.name);
      const wanted = new Map(topicConfigEntries(spec).map((e) => [e.name, e.value]));
      const drift: string[] = [];
      if (actualPartitions !== undefined && actualPartitions !== spec.partitions) {
        drift.push(`partitions ${actualPartitions} != ${spec.partitions}`);
      }
      for (const [key, value] of wanted) {
        const actual = cfg?.get(key);
        if (actual !== undefined && actual !== value) drift.push(`${key} ${actual} != ${value}`);
      }
      return {
        name: spec.name,
        status: created.has(spec.name) ? 'created' : 'exists',
        wantedPartitions: spec.partitions,
        actualPartitions,
        cleanupPolicy: cfg?.get('cleanup.policy'),
        retentionMs: cfg?.get('retention.ms'),
        drift,
      };
    });
  });
}

/**
 * Deletes every topic of a namespace (a finished benchmark run's) and waits until the broker no
 * longer lists them; returns their names. Refuses the production names: it never deletes those.
 */
export async function deleteNamespaceTopics(
  brokers: string[],
  namespace: TopicNamespace,
  security: KafkaSecurity = KAFKA_PLAINTEXT,
  timeoutMs = 30_000,
): Promise<string[]> {
  if (namespace.prefix === '') throw new Error('refusing to delete the production topics: the namespace is empty');
  return withAdmin(brokers, security, async (admin) => {
    const ours = (await admin.listTopics()).filter((t) => namespace.contains(t));
    if (ours.length === 0) return [];
    await admin.deleteTopics({ topics: ours, timeout: timeoutMs });
    const deadline = Date.now() + timeoutMs;
    while ((await admin.listTopics()).some((t) => namespace.contains(t))) {
      if (Date.now() > deadline) throw new Error(`topics of ${namespace.prefix} still listed after ${timeoutMs / 1000}s`);
      await delay(200);
    }
    return ours;
  });
}

/**
 * Makes the broker create and load __consumer_offsets now (a group-coordinator lookup does it),
 * so the first consumer group of a test or a service joins at once instead of retrying
 * "coordinator not available" for a second or two.
 */
export async function warmGroupCoordinator(brokers: string[], security: KafkaSecurity = KAFKA_PLAINTEXT): Promise<void> {
  await withAdmin(brokers, security, async (admin) => {
    await admin.describeGroups(['clearpath-stack-warmup']);
  });
}

export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, col) => (cell ?? '').padEnd(widths[col]))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function reportTable(reports: TopicReport[]): string {
  return formatTable([
    ['TOPIC', 'PARTITIONS', 'CLEANUP', 'RETENTION.MS', 'STATUS'],
    ...reports.map((r) => [
      r.name,
      String(r.actualPartitions ?? '?'),
      r.cleanupPolicy ?? '?',
      r.retentionMs ?? '?',
      r.drift.length > 0 ? `${r.status}; DIFFERS: ${r.drift.join(', ')}` : r.status,
    ]),
  ]);
}

class UsageError extends Error {}

interface Args {
  command: string;
  timeoutMs: number;
  pid?: number;
}

function parseArgs(argv: string[]): Args {
  const [command = '', ...rest] = argv;
  const args: Args = { command, timeoutMs: 90_000 };
  for (let i = 0; i < rest.length; i += 1) {
    const flag = rest[i];
    const value = rest[i + 1];
    if ((flag === '--timeout' || flag === '--pid') && value !== undefined && /^\d+$/.test(value)) {
      if (flag === '--timeout') args.timeoutMs = Number(value) * 1000;
      else args.pid = Number(value);
      i += 1;
    } else {
      throw new UsageError(`unknown or incomplete option: ${flag}`);
    }
  }
  return args;
}

const USAGE = 'usage: kafka-admin.js <up|wait|ensure-topics|list> [--timeout SECONDS] [--pid PID]';

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const target = kafkaTargetFromEnv();
  if ('error' in target) {
    console.error(`kafka-admin: ${target.error}`);
    return 2;
  }
  const { brokers, security } = target;
  const started = Date.now();
  const wait = async () => {
    const info = await waitForBroker(brokers, { timeoutMs: args.timeoutMs, pid: args.pid, security });
    const nodes = info.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(',');
    console.log(
      `kafka-admin: broker answers at ${brokers.join(',')} after ${((Date.now() - started) / 1000).toFixed(1)}s ` +
        `(cluster ${info.clusterId}, nodes ${nodes}, ${info.topicCount} topics)`,
    );
  };
  const ensure = async () => {
    const reports = await ensureTopics(brokers, specsInNamespace(ALL_TOPICS, readTopicNamespace(process.env)), security);
    const created = reports.filter((r) => r.status === 'created').length;
    console.log(reportTable(reports));
    console.log(`kafka-admin: ${reports.length} registry topics, ${created} created, ${reports.length - created} already there`);
    for (const r of reports.filter((x) => x.drift.length > 0)) {
      console.warn(`kafka-admin: WARNING ${r.name} differs from the registry (${r.drift.join(', ')}); left unchanged`);
    }
  };
  try {
    switch (args.command) {
      case 'up':
        await wait();
        await ensure();
        await warmGroupCoordinator(brokers, security);
        console.log('kafka-admin: group coordinator ready');
        return 0;
      case 'wait':
        await wait();
        return 0;
      case 'ensure-topics':
        await ensure();
        return 0;
      case 'list': {
        const topics = await withAdmin(brokers, security, (admin) => admin.listTopics());
        console.log(topics.sort().join('\n'));
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (err) {
    console.error(`kafka-admin: ${args.command} failed against ${brokers.join(',')}: ${describeError(err)}`);
    return 1;
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
