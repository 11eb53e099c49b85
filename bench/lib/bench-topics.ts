/**
 * The run's own topics (and schema names). A bench never publishes into the platform's topics: a platform started
 * afterwards would ingest the bench's loans as real debtors (once 102,542 `LN-BENCH-…` loans in
 * `clearpath`, scored and queued for contact). Each run picks the namespace `bench-<run id>.`,
 * creates the whole registry under it before any service starts, hands it to the service children
 * (`CLEARPATH_TOPIC_NAMESPACE`, see childEnv), publishes and reads `runTopic(...)` names, and
 * deletes the topics when it ends — normally or on failure (`removeRunTopics` in each bench's last
 * step), or on a signal or the watchdog (guardBenchProcess). Only a SIGKILL leaves them; `bench-` topics are safe to delete.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ALL_TOPICS, TOPIC_NAMESPACE_VARIABLE, specsInNamespace, topicNamespace, type TopicNamespace } from '@clearpath/contracts';
import { readKafkaSecurity } from '@clearpath/messaging';
import { deleteNamespaceTopics, ensureTopics } from '../../deploy/local/kafka-admin';

/** This process's run id: `<time base36>-<random hex>`, chosen once. */
const RUN_ID = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** This process's run: `bench-<run id>.`. */
export const RUN_TOPICS: TopicNamespace = topicNamespace(`bench-${RUN_ID}.`);

/**
 * A PostgreSQL schema of this run's own (`<base>_<run id>`): two runs at once (or a run and a
 * platform) never drop or fill each other's tables. The bench drops it at its end.
 */
export function runSchema(base: string): string {
  const schema = `${base}_${RUN_ID.replace(/-/g, '_')}`;
  runSchemas.add(schema);
  return schema;
}

/** Every schema name this run handed out: dropped on a signal or the watchdog too (removeRunSchemas). */
const runSchemas = new Set<string>();

/**
 * Drops the run's schemas, within `timeoutMs`; never throws. A bench drops them itself at its end;
 * this is for the way out on a signal or the watchdog: two interrupted 1,000,000-loan runs once
 * left 10 GB in the test database, and the journey test's pg_dump of it no longer fit a string.
 * BENCH_NR_KEEP_SCHEMAS=1 keeps them for inspection.
 */
export async function removeRunSchemas(timeoutMs = 10_000): Promise<void> {
  if (runSchemas.size === 0 || process.env.BENCH_NR_KEEP_SCHEMAS === '1') return;
  const db = new Client({
    connectionString: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clearpath_test',
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
  });
  try {
    await db.connect();
    for (const schema of runSchemas) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    console.error(`bench: dropped the run's ${runSchemas.size} schemas`);
  } catch (error) {
    console.error(`bench: could not drop the run's schemas (${[...runSchemas].join(', ')}): ${(error as Error).message}`);
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** The broker name of a registry topic in this run. */
export function runTopic(logical: string): string {
  return RUN_TOPICS.physical(logical);
}

/** What a service child needs to use the run's topics. */
export function runTopicsEnv(): Record<string, string> {
  return { [TOPIC_NAMESPACE_VARIABLE]: RUN_TOPICS.prefix };
}

/** Where the run's topics are once their creation began (null: none to delete). */
let created: { brokers: string[] } | null = null;

/** Creates the registry's topics under the run's namespace (partitions and configs as the registry says). */
export async function createRunTopics(brokers: string[]): Promise<number> {
  created = { brokers }; // a half-done creation is deleted too
  const reports = await ensureTopics(brokers, specsInNamespace(ALL_TOPICS, RUN_TOPICS), readKafkaSecurity(process.env));
  return reports.length;
}

/**
 * Deletes the run's topics, if any were created, within `timeoutMs`; never throws: a failure is
 * reported and the run's result stands. Every bench calls it at its end, success or failure.
 */
export async function removeRunTopics(timeoutMs = 20_000): Promise<void> {
  const run = created;
  if (run === null) return;
  let timer: NodeJS.Timeout | undefined;
  const removal = deleteNamespaceTopics(run.brokers, RUN_TOPICS, readKafkaSecurity(process.env), timeoutMs).then(
    (deleted) => {
      created = null;
      console.error(`bench: deleted the run's ${deleted.length} topics ${RUN_TOPICS.prefix}*`);
    },
    (error: Error) => console.error(`bench: could not delete topics ${RUN_TOPICS.prefix}*: ${error.message}`),
  );
  await Promise.race([removal, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs + 2_000)))]);
  clearTimeout(timer);
}
