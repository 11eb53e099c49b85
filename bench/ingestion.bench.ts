/**
 * `npm run bench`: how fast ingestion takes core-banking events in and publishes them downstream,
 * next to what raw kafkajs does on the same machine in the same run. Prints figures; asserts
 * nothing about time. Writes the summary to bench/results/latest.json.
 *
 *   1. baseline   raw kafkajs produce→consume of 1 KB messages (the run's bench.raw.v1, created and deleted)
 *   2. roll       200,000 LoanOverdue for 100,000 loans through the run's `corebank.loan-events.v1`
 *                 into an ingestion process of its own → the run's `collections.loan-lifecycle.v1`
 *   3. steady     1,000 events/s for ~20 s: publish→downstream latency
 *   4. http       POST /v1/loan-events, 1,000 per request, 1 and 2 clients
 *   5. idle       ingestion's CPU while nothing arrives
 *
 * Knobs (environment, for quick iterations): BENCH_LOANS (100000), BENCH_RAW_MESSAGES (100000),
 * BENCH_STEADY_SECONDS (20), BENCH_HTTP_EVENTS (30000), BENCH_IDLE_SECONDS (15),
 * BENCH_ROLL_TIMEOUT_S (150), BENCH_PROFILE=1 (CPU profile of ingestion during the roll + a
 * pg_stat_activity sample), BENCH_CHILD_NODE_OPTIONS (extra NODE_OPTIONS for the child).
 *
 * Isolated from the platform: every topic is the run's own (`bench-<run id>.<registry name>`,
 * created before ingestion starts and deleted at the end, on failure and on ^C too; see
 * lib/bench-topics.ts), and so is the schema (`ingestion_bench_<run id>`, dropped at the end). Nothing reaches
 * `corebank.loan-events.v1`, so a platform started later has nothing of the bench to ingest.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { Producer } from 'kafkajs';
import { TOPICS } from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { generateSampleDay, startGroupAtEnd } from '@clearpath/testing';
import { benchKafka, guardBenchProcess, KAFKAJS_VERSION, loopbackTargets } from './lib/bench-process';
import { RUN_TOPICS, createRunTopics, removeRunTopics, runTopic, runSchema } from './lib/bench-topics';
import { DownstreamCollector, type EventTiming, Phase, timeline } from './lib/downstream';
import { IngestionChild, ROOT, freePort, migrateBenchSchema } from './lib/ingestion-child';
import { foreignConsumers } from './lib/kafka-groups';
import { PgActivitySampler } from './lib/pg-activity';
import { CLK_TCK, CORES, RssSampler, busiestProcesses, cpuBetween, readCpuTicks, readHwmKb, rssByMapping, snapshotCpu, type CpuBreakdown } from './lib/proc';
import { runRawBaseline, type RawBaselineResult } from './lib/raw-baseline';
import { type LatencySummary, fmtInt, fmtMb, fmtMs, fmtPct, round, sleep, summarizeLatencies, table } from './lib/stats';

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const CONFIG = {
  loans: num('BENCH_LOANS', 100_000),
  rollsPerLoan: 2,
  rawMessages: num('BENCH_RAW_MESSAGES', 100_000),
  rawTopic: runTopic('bench.raw.v1'),
  steadyRate: 1_000,
  steadySeconds: num('BENCH_STEADY_SECONDS', 20),
  httpEvents: num('BENCH_HTTP_EVENTS', 30_000),
  httpBatch: 1_000,
  idleSeconds: num('BENCH_IDLE_SECONDS', 15),
  rollTimeoutMs: num('BENCH_ROLL_TIMEOUT_S', 150) * 1000,
  globalTimeoutMs: num('BENCH_GLOBAL_TIMEOUT_S', 480) * 1000,
  profile: process.env.BENCH_PROFILE === '1',
  schema: runSchema('ingestion_bench'),
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clearpath_test',
  apiKey: 'dev-core-banking-key',
};

const GOALS = {
  eventsPerSecond: 5_000,
  shareOfBaseline: 0.25,
  steadyP99Ms: 1_000,
  rssMb: 300,
  idleCpuPct: 2, // "near 0 %": flagged above 2 % of one core
};

const INPUT_TOPIC = runTopic(TOPICS.coreBankLoanEvents.name);
const RESULTS_DIR = resolve(ROOT, 'bench/results');

interface InputMessage {
  readonly key: string;
  readonly value: Buffer;
  readonly eventId: string;
}

type Doc = Record<string, unknown>;

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const elapsed = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

// ------------------------------------------------------------------------------------------------
// state shared with the cleanup handlers

const children: IngestionChild[] = [];
let current: IngestionChild | null = null;

function killChildrenNow(): void {
  for (const child of children) child.killNow();
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = Date.now();
  const watchdog = guardBenchProcess({ childLabel: 'ingestion child', killChildrenNow, globalTimeoutMs: CONFIG.globalTimeoutMs });

  const seed = `r${Date.now().toString(36)}`;
  const brokers = loopbackTargets(CONFIG.databaseUrl);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(resolve(RESULTS_DIR, 'ingestion.log'), '');
  const kafka = benchKafka(brokers, `bench-${seed}`);
  const topicCount = await createRunTopics(brokers);

  out(`Clearpath ingestion bench — ${new Date().toISOString()} — seed ${seed}`);
  out(
    `machine: ${CORES} cores, node ${process.version}, kafkajs ${KAFKAJS_VERSION}, broker ${brokers.join(',')}, db ${CONFIG.databaseUrl} schema ${CONFIG.schema}`,
  );
  out(`topics: the run's own ${topicCount} (${RUN_TOPICS.prefix}<registry name>), deleted at the end`);

  // --- context: what else runs here -------------------------------------------------------------
  const foreign = await foreignConsumers(kafka, INPUT_TOPIC);
  const busiest = await busiestProcesses(1_000, new Set([process.pid]));
  for (const f of foreign) {
    out(
      `WARNING: consumer group "${f.group}" (${f.members} member${f.members === 1 ? '' : 's'}) is consuming ${INPUT_TOPIC}: it will process the bench's events too and compete for CPU and PostgreSQL`,
    );
  }
  if (busiest.length > 0) {
    out(
      `busy before the bench (1 s sample): ${busiest.map((p) => `${p.command.split(' ').slice(0, 2).join(' ')} [${p.pid}] ${(p.cores * 100).toFixed(0)}%`).join('; ')}`,
    );
  }

  // --- data, prepared before any clock starts ---------------------------------------------------
  let t = Date.now();
  const rollMessages = toMessages(generateSampleDay({ loans: CONFIG.loans, rollsPerLoan: CONFIG.rollsPerLoan, overdueOnly: true, seed }));
  const steadyCount = CONFIG.steadyRate * CONFIG.steadySeconds;
  const steadyMessages = toMessages(uniqueLoans(generateSampleDay({ loans: steadyCount, rollsPerLoan: 1, overdueOnly: true, seed: `${seed}s` }), `${seed}s`));
  const httpDocs = uniqueLoans(generateSampleDay({ loans: CONFIG.httpEvents, rollsPerLoan: 1, overdueOnly: true, seed: `${seed}h` }), `${seed}h`);
  const warmDocs = uniqueLoans(generateSampleDay({ loans: 200, rollsPerLoan: 1, overdueOnly: true, seed: `${seed}w` }), `${seed}w`);
  const avgBytes = rollMessages.reduce((a, m) => a + m.value.length, 0) / rollMessages.length;
  out(
    `prepared ${fmtInt(rollMessages.length)} roll + ${fmtInt(steadyMessages.length)} steady + ${fmtInt(httpDocs.length)} HTTP events (avg ${Math.round(avgBytes)} B) in ${elapsed(t)}`,
  );

  // --- 1. baseline --------------------------------------------------------------------------------
  out();
  out(
    `[1/5] raw kafkajs baseline: ${fmtInt(CONFIG.rawMessages)} × 1 KB on ${CONFIG.rawTopic} (6 partitions), idempotent producer acks=all, sendBatch of 1,000; eachBatch consumer`,
  );
  t = Date.now();
  const baseline = await runRawBaseline(kafka, {
    topic: CONFIG.rawTopic,
    partitions: 6,
    messages: CONFIG.rawMessages,
    valueBytes: 1024,
    batchSize: 1_000,
    groupId: `bench-raw-${seed}`,
    timeoutMs: 60_000,
  });
  out(
    `      produce ${fmtInt(baseline.producedPerSecond)} msg/s; produce→consume ${fmtInt(baseline.messagesPerSecond)} msg/s (${baseline.endToEndSeconds.toFixed(1)} s, ${fmtInt(baseline.consumed)} consumed) [${elapsed(t)}]`,
  );

  // --- ingestion process ------------------------------------------------------------------------
  out();
  t = Date.now();
  const db = new Client({ connectionString: CONFIG.databaseUrl, application_name: 'bench' });
  await db.connect();
  // Recreated from the service's migrations every run: empty tables (what truncation gives), no
  // bloat left by earlier runs (autovacuum may be off), and always the schema of the code under test.
  await db.query(`DROP SCHEMA IF EXISTS ${CONFIG.schema} CASCADE`);
  const migrated = await migrateBenchSchema(CONFIG.databaseUrl, CONFIG.schema);
  await truncateBenchTables(db);
  out(`schema ${CONFIG.schema}: recreated (${migrated.replace(/^.*?: /, '').replace(/\s+/g, ' ')}); tables empty [${elapsed(t)}]`);

  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const collector = new DownstreamCollector(kafka, `bench-downstream-${seed}`, runTopic(TOPICS.loanLifecycle.name));
  await collector.start();
  const groups: string[] = [`bench-downstream-${seed}`];
  const rss = new RssSampler(0);
  let pgSampler: PgActivitySampler | null = null;

  const startChild = async (label: string): Promise<IngestionChild> => {
    const group = `ingestion-bench-${seed}-${label}`;
    groups.push(group);
    await startGroupAtEnd(kafka, group, [INPUT_TOPIC]);
    const port = await freePort();
    const nodeOptions = [process.env.BENCH_CHILD_NODE_OPTIONS ?? '', CONFIG.profile ? `--require ${resolve(ROOT, 'dist/bench/cpu-profile.preload.js')}` : '']
      .join(' ')
      .trim();
    const child = IngestionChild.start({
      databaseUrl: CONFIG.databaseUrl,
      schema: CONFIG.schema,
      group,
      port,
      logFile: resolve(RESULTS_DIR, 'ingestion.log'),
      nodeOptions: nodeOptions || undefined,
      extraEnv: CONFIG.profile ? { BENCH_CPU_PROFILE_DIR: resolve(RESULTS_DIR, 'profiles') } : undefined,
    });
    children.push(child);
    current = child;
    const readyMs = await child.waitReady(60_000);
    rss.follow(child.pid);
    // Learn the child's relay producer id from an event only the child sees (HTTP), so records
    // that another ingestion publishes for the same input events are told apart.
    const probe = warmDocs.shift();
    if (!probe) throw new Error('no probe events left');
    collector.resetOwnProducers();
    const learned = collector.learnProducer(String(probe.eventId));
    const warm = [probe, ...warmDocs.splice(0, 49)];
    const response = await postEvents(child.baseUrl, JSON.stringify({ events: warm }));
    if (response.status !== 202) throw new Error(`warm-up POST answered ${response.status}`);
    const producerId = await withTimeout(learned, 30_000, 'the warm-up event never reached collections.loan-lifecycle.v1');
    out(
      `ingestion pid ${child.pid} on 127.0.0.1:${port}, group ${group}: ready in ${readyMs} ms, relay producer id ${producerId}${nodeOptions ? `, NODE_OPTIONS="${nodeOptions}"` : ''}`,
    );
    return child;
  };

  let child = await startChild('a');
  rss.start();
  const startRssKb = rss.lastKb;
  const results: Record<string, unknown> = {};

  try {
    // --- 2. nightly roll ------------------------------------------------------------------------
    out();
    out(
      `[2/5] nightly roll: ${fmtInt(rollMessages.length)} LoanOverdue for ${fmtInt(CONFIG.loans)} loans → ${INPUT_TOPIC} → ingestion → ${runTopic(TOPICS.loanLifecycle.name)}`,
    );
    const roll = new Phase('roll');
    for (const m of rollMessages) collector.expect(roll, m.eventId);
    rss.phase('roll');
    const rollMetricsA = await scrapeMetrics(child.baseUrl);
    const rollCpuA = snapshotCpu(new Set([child.pid]));
    const rollTicksA = readCpuTicks(child.pid);
    if (CONFIG.profile) {
      child.signal('SIGWINCH');
      pgSampler = new PgActivitySampler(CONFIG.databaseUrl);
      await pgSampler.start();
    }
    const rollStart = Date.now();
    const publishSeconds = await publishAsFastAsPossible(producer, collector, rollMessages, 1_000);
    out(`      ingestion RSS before the roll: ${fmtMb(startRssKb)}`);
    out(`      published in ${publishSeconds.toFixed(1)} s (${fmtInt(rollMessages.length / publishSeconds)} events/s)`);
    await waitForPhase(roll, rollStart + CONFIG.rollTimeoutMs, child, 10_000);
    const rollCpuB = snapshotCpu(new Set([child.pid]));
    const rollTicksB = readCpuTicks(child.pid);
    const rollMetricsB = await scrapeMetrics(child.baseUrl);
    const rollMappings = CONFIG.profile ? rssByMapping(child.pid) : [];
    if (CONFIG.profile) {
      child.signal('SIGWINCH');
      await pgSampler?.stop();
    }
    const rollSeconds = (roll.lastDownstreamTs - roll.firstInputTs) / 1000;
    const rollRate = roll.completed / rollSeconds;
    const rollLatency = summarizeLatencies(roll.latenciesMs);
    const rollCpu = cpuBetween(rollCpuA, rollCpuB);
    const rollCores = (rollTicksB - rollTicksA) / CLK_TCK / rollCpu.seconds;
    const rollRss = rss.peakKb('roll');
    out(
      `      downstream: ${fmtInt(roll.completed)}/${fmtInt(roll.expected)} in ${rollSeconds.toFixed(1)} s → ${fmtInt(rollRate)} events/s (${fmtPct((rollRate / baseline.messagesPerSecond) * 100)} of the raw baseline)`,
    );
    out(`      latency publish→downstream: p50 ${fmtMs(rollLatency.p50Ms)}, p99 ${fmtMs(rollLatency.p99Ms)}, max ${fmtMs(rollLatency.maxMs)}`);
    out(
      `      ingestion: ${rollCores.toFixed(2)} cores (${(((rollTicksB - rollTicksA) / CLK_TCK / roll.completed) * 1000).toFixed(2)} ms CPU per event), peak RSS ${fmtMb(rollRss)}; ` +
        `${describeCpu(rollCpu)}; PostgreSQL ${((rollCpu.cores.postgres * rollCpu.seconds * 1000) / roll.completed).toFixed(2)} ms CPU per event`,
    );
    const rollSplit = await latencySplit(db, collector.timings(roll));
    out(
      `      latency split: publish→ingestion starts applying (loan_events.received_at) ${describeSplit(rollSplit.toIngestion)}; received→downstream ${describeSplit(rollSplit.toDownstream)}`,
    );
    const gcSeconds = (rollMetricsB.get('nodejs_gc_duration_seconds_sum') ?? Number.NaN) - (rollMetricsA.get('nodejs_gc_duration_seconds_sum') ?? Number.NaN);
    out(
      `      ingestion memory at the end of the roll: heap used ${fmtBytes(rollMetricsB.get('nodejs_heap_size_used_bytes'))} of ${fmtBytes(rollMetricsB.get('nodejs_heap_size_total_bytes'))}, external ${fmtBytes(rollMetricsB.get('nodejs_external_memory_bytes'))}; ` +
        `GC ${gcSeconds.toFixed(1)} s during the roll (${fmtPct((gcSeconds / rollCpu.seconds) * 100)} of wall time)`,
    );
    if (rollMappings.length > 0)
      out(
        `      RSS by mapping at the end of the roll: ${rollMappings
          .slice(0, 5)
          .map((m) => `${m.kind} ${fmtMb(m.kb)} (${m.mappings})`)
          .join(', ')}`,
      );
    out(`      downstream/s by 10 s window: ${timeline(roll).join(' ')}`);
    if (!roll.done) out(`      INCOMPLETE: ${fmtInt(roll.expected - roll.completed)} events not downstream after ${CONFIG.rollTimeoutMs / 1000} s`);
    results.roll = {
      events: roll.expected,
      loans: CONFIG.loans,
      completed: roll.completed,
      complete: roll.done,
      publishSeconds: round(publishSeconds, 2),
      seconds: round(rollSeconds, 2),
      eventsPerSecond: round(rollRate),
      shareOfBaseline: round(rollRate / baseline.messagesPerSecond, 4),
      latency: roundLatency(rollLatency),
      latencyToIngestion: roundLatency(rollSplit.toIngestion),
      latencyIngestionToDownstream: roundLatency(rollSplit.toDownstream),
      ingestionCores: round(rollCores, 2),
      ingestionCpuMsPerEvent: round(((rollTicksB - rollTicksA) / CLK_TCK / roll.completed) * 1000, 3),
      gcSeconds: round(gcSeconds, 2),
      heapUsedMbAtEnd: round((rollMetricsB.get('nodejs_heap_size_used_bytes') ?? Number.NaN) / 2 ** 20),
      heapTotalMbAtEnd: round((rollMetricsB.get('nodejs_heap_size_total_bytes') ?? Number.NaN) / 2 ** 20),
      externalMbAtEnd: round((rollMetricsB.get('nodejs_external_memory_bytes') ?? Number.NaN) / 2 ** 20),
      ingestionPeakRssMb: round(rollRss / 1024),
      ingestionRssBeforeMb: round(startRssKb / 1024),
      cpu: roundCpu(rollCpu),
      timelinePerSecond: timeline(roll),
    };
    if (CONFIG.profile) {
      const file = await waitForProfile(child.pid);
      out(`      CPU profile of ingestion during the roll: ${file ?? 'not written (see bench/results/ingestion.log)'}`);
      if (file) out(`        summarize: node dist/bench/tools/cpuprofile-top.js ${file}`);
    }
    if (pgSampler) {
      out(`      PostgreSQL, ingestion connections (pg_stat_activity every 100 ms, ${pgSampler.samples} samples; share of connection-samples):`);
      for (const row of pgSampler.top(12)) out(`        ${fmtPct(row.share * 100).padStart(7)}  ${row.what}`);
      results.pgActivity = pgSampler.top(20);
    }

    if (!roll.done) {
      out(`      restarting ingestion with a fresh group so the backlog does not spill into the next phases`);
      child.signal('SIGKILL');
      await child.exited;
      await db.query(`TRUNCATE ${CONFIG.schema}.outbox`);
      child = await startChild('b');
    }

    // --- 3. steady 1,000 events/s -----------------------------------------------------------------
    out();
    out(`[3/5] steady load: ${fmtInt(CONFIG.steadyRate)} events/s for ${CONFIG.steadySeconds} s (new loans)`);
    const steady = new Phase('steady');
    for (const m of steadyMessages) collector.expect(steady, m.eventId);
    rss.phase('steady');
    const steadyCpuA = snapshotCpu(new Set([child.pid]));
    const achieved = await publishPaced(producer, collector, steadyMessages, CONFIG.steadyRate);
    await waitForPhase(steady, Date.now() + 30_000, child, 0);
    const steadyCpuB = snapshotCpu(new Set([child.pid]));
    const steadyLatency = summarizeLatencies(steady.latenciesMs);
    const steadyCpu = cpuBetween(steadyCpuA, steadyCpuB);
    out(`      published at ${fmtInt(achieved)} events/s; downstream ${fmtInt(steady.completed)}/${fmtInt(steady.expected)}`);
    out(
      `      latency publish→downstream: p50 ${fmtMs(steadyLatency.p50Ms)}, p90 ${fmtMs(steadyLatency.p90Ms)}, p99 ${fmtMs(steadyLatency.p99Ms)}, max ${fmtMs(steadyLatency.maxMs)}`,
    );
    const steadySplit = await latencySplit(db, collector.timings(steady));
    out(
      `      latency split: publish→ingestion starts applying ${describeSplit(steadySplit.toIngestion)}; received→downstream ${describeSplit(steadySplit.toDownstream)}`,
    );
    out(`      ingestion: ${steadyCpu.cores.ingestion.toFixed(2)} cores, peak RSS ${fmtMb(rss.peakKb('steady'))}; ${describeCpu(steadyCpu)}`);
    results.steady = {
      targetPerSecond: CONFIG.steadyRate,
      achievedPerSecond: round(achieved),
      events: steady.expected,
      completed: steady.completed,
      latency: roundLatency(steadyLatency),
      latencyToIngestion: roundLatency(steadySplit.toIngestion),
      latencyIngestionToDownstream: roundLatency(steadySplit.toDownstream),
      ingestionCores: round(steadyCpu.cores.ingestion, 2),
      cpu: roundCpu(steadyCpu),
    };

    // --- 4. HTTP ----------------------------------------------------------------------------------
    out();
    out(`[4/5] HTTP: POST /v1/loan-events, ${fmtInt(CONFIG.httpBatch)} events per request`);
    rss.phase('http');
    const half = Math.floor(httpDocs.length / 2 / CONFIG.httpBatch) * CONFIG.httpBatch;
    const http: Record<string, unknown> = {};
    for (const [label, clients, docs] of [
      ['sequential', 1, httpDocs.slice(0, half)],
      ['2 clients', 2, httpDocs.slice(half)],
    ] as const) {
      const phase = new Phase(`http-${clients}`);
      for (const d of docs) collector.expect(phase, String(d.eventId));
      const cpuA = snapshotCpu(new Set([child.pid]));
      const r = await postConcurrently(child.baseUrl, collector, docs, CONFIG.httpBatch, clients);
      await waitForPhase(phase, Date.now() + 60_000, child, 0);
      const cpu = cpuBetween(cpuA, snapshotCpu(new Set([child.pid])));
      const downstreamSeconds = (phase.lastDownstreamTs - r.startedAt) / 1000;
      const requestLatency = summarizeLatencies(r.requestMs);
      out(
        `      ${label.padEnd(10)}: ${fmtInt(docs.length)} events in ${r.seconds.toFixed(1)} s → ${fmtInt(docs.length / r.seconds)} events/s accepted (202: ${r.accepted} accepted, ${r.other} other); ` +
          `request p50 ${fmtMs(requestLatency.p50Ms)} p99 ${fmtMs(requestLatency.p99Ms)}; downstream ${fmtInt(phase.completed)}/${fmtInt(phase.expected)} complete after ${downstreamSeconds.toFixed(1)} s → ${fmtInt(phase.completed / downstreamSeconds)} events/s; ingestion ${cpu.cores.ingestion.toFixed(2)} cores`,
      );
      http[clients === 1 ? 'sequential' : 'concurrent2'] = {
        clients,
        events: docs.length,
        seconds: round(r.seconds, 2),
        eventsPerSecond: round(docs.length / r.seconds),
        accepted: r.accepted,
        otherResults: r.other,
        requestLatency: roundLatency(requestLatency),
        downstreamCompleted: phase.completed,
        downstreamSeconds: round(downstreamSeconds, 2),
        downstreamEventsPerSecond: round(phase.completed / downstreamSeconds),
        ingestionCores: round(cpu.cores.ingestion, 2),
      };
    }
    results.http = http;

    // --- 5. idle ----------------------------------------------------------------------------------
    out();
    out(`[5/5] idle: nothing arrives for ${CONFIG.idleSeconds} s`);
    await sleep(2_000); // let the last commits and offset commits settle
    rss.phase('idle');
    const idleA = snapshotCpu(new Set([child.pid]));
    const idleTicksA = readCpuTicks(child.pid);
    if (CONFIG.profile) child.signal('SIGWINCH');
    await sleep(CONFIG.idleSeconds * 1000);
    child.assertAlive();
    const idleTicksB = readCpuTicks(child.pid);
    if (CONFIG.profile) child.signal('SIGWINCH');
    const idleCpu = cpuBetween(idleA, snapshotCpu(new Set([child.pid])));
    const idlePct = ((idleTicksB - idleTicksA) / CLK_TCK / idleCpu.seconds) * 100;
    out(
      `      ingestion CPU ${fmtPct(idlePct, 2)} of one core over ${idleCpu.seconds.toFixed(1)} s (${idleTicksB - idleTicksA} ticks at ${CLK_TCK}/s); RSS ${fmtMb(rss.lastKb)}`,
    );
    if (CONFIG.profile) {
      const file = await waitForProfile(child.pid, 2);
      out(`      CPU profile of ingestion while idle: ${file ?? 'not written'}`);
    }
    results.idle = { seconds: round(idleCpu.seconds, 1), cpuPercentOfOneCore: round(idlePct, 2), rssMb: round(rss.lastKb / 1024) };

    // --- summary ----------------------------------------------------------------------------------
    const peakRssKb = Math.max(rss.peakKb(), readHwmKb(child.pid) || 0);
    const stopStarted = Date.now();
    rss.stop();
    await child.stop();
    const shutdownMs = Date.now() - stopStarted;
    if (collector.duplicates > 0 || collector.byProducer.size > 1) {
      out();
      out(
        `downstream records for the bench's events by producer id: ${[...collector.byProducer].map(([id, n]) => `${id}: ${fmtInt(n)}`).join(', ')} (duplicates from our producer: ${collector.duplicates})`,
      );
    }

    const rollRes = results.roll as { eventsPerSecond: number; shareOfBaseline: number; latency: LatencySummary; complete: boolean };
    const steadyRes = results.steady as { latency: LatencySummary };
    const httpSeq = http.sequential as { eventsPerSecond: number; downstreamEventsPerSecond: number };
    const httpConc = http.concurrent2 as { eventsPerSecond: number; downstreamEventsPerSecond: number };
    const goals = [
      {
        metric: 'roll throughput (applied + downstream)',
        value: `${fmtInt(rollRes.eventsPerSecond)} events/s${rollRes.complete ? '' : ' (incomplete)'}`,
        goal: `≥ ${fmtInt(GOALS.eventsPerSecond)} events/s`,
        met: rollRes.eventsPerSecond >= GOALS.eventsPerSecond,
      },
      {
        metric: 'roll ÷ raw kafkajs baseline',
        value: `${fmtPct(rollRes.shareOfBaseline * 100)} of ${fmtInt(baseline.messagesPerSecond)} msg/s`,
        goal: `≥ ${GOALS.shareOfBaseline * 100} %`,
        met: rollRes.shareOfBaseline >= GOALS.shareOfBaseline,
      },
      { metric: 'roll latency p50 / p99', value: `${fmtMs(rollRes.latency.p50Ms)} / ${fmtMs(rollRes.latency.p99Ms)}`, goal: '—', met: null },
      {
        metric: 'steady 1,000/s latency p50 / p99',
        value: `${fmtMs(steadyRes.latency.p50Ms)} / ${fmtMs(steadyRes.latency.p99Ms)}`,
        goal: `p99 < ${fmtMs(GOALS.steadyP99Ms)}`,
        met: steadyRes.latency.p99Ms < GOALS.steadyP99Ms,
      },
      {
        metric: 'HTTP 1 client / 2 clients',
        value: `${fmtInt(httpSeq.eventsPerSecond)} / ${fmtInt(httpConc.eventsPerSecond)} events/s (downstream ${fmtInt(httpSeq.downstreamEventsPerSecond)} / ${fmtInt(httpConc.downstreamEventsPerSecond)})`,
        goal: '—',
        met: null,
      },
      { metric: 'ingestion peak RSS', value: fmtMb(peakRssKb), goal: `< ${GOALS.rssMb} MB`, met: peakRssKb / 1024 < GOALS.rssMb },
      { metric: 'ingestion CPU during roll', value: `${(results.roll as { ingestionCores: number }).ingestionCores.toFixed(2)} cores`, goal: '—', met: null },
      { metric: 'ingestion idle CPU', value: fmtPct(idlePct, 2), goal: `≈ 0 % (flag > ${GOALS.idleCpuPct} %)`, met: idlePct <= GOALS.idleCpuPct },
    ];
    out();
    out(`summary (seed ${seed}, ${elapsed(startedAt)} in all, ingestion shutdown ${shutdownMs} ms)`);
    out(table([['metric', 'value', 'goal', ''], ...goals.map((g) => [g.metric, g.value, g.goal, g.met === null ? '' : g.met ? 'met' : 'MISSED'])]));
    if (foreign.length > 0) out(`note: ${foreign.map((f) => `group "${f.group}"`).join(', ')} consumed the same input during the run (see WARNING above)`);

    const summary = {
      runAt: new Date(startedAt).toISOString(),
      seed,
      durationSeconds: round((Date.now() - startedAt) / 1000, 1),
      machine: { cores: CORES, node: process.version, kafkajs: KAFKAJS_VERSION, clockTicksPerSecond: CLK_TCK },
      context: { foreignConsumersOfInput: foreign, busyBefore: busiest.map((p) => ({ ...p, cores: round(p.cores, 2) })) },
      config: { ...CONFIG, databaseUrl: CONFIG.databaseUrl },
      baseline: {
        ...baseline,
        producedPerSecond: round(baseline.producedPerSecond),
        messagesPerSecond: round(baseline.messagesPerSecond),
      } satisfies RawBaselineResult,
      ...results,
      peakRssMb: round(peakRssKb / 1024),
      shutdownMs,
      downstreamByProducer: Object.fromEntries(collector.byProducer),
      goals,
    };
    writeFileSync(resolve(RESULTS_DIR, 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
    out(`written: bench/results/latest.json${CONFIG.profile ? ', bench/results/profiles/*.cpuprofile' : ''}; ingestion log: bench/results/ingestion.log`);
  } finally {
    rss.stop();
    await pgSampler?.stop();
    for (const c of children) await c.stop(5_000).catch(() => undefined);
    await collector.stop();
    await producer.disconnect().catch(() => undefined);
    await db.query(`DROP SCHEMA IF EXISTS ${CONFIG.schema} CASCADE`).catch(() => undefined);
    await db.end().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    clearTimeout(watchdog);
  }
}

// ------------------------------------------------------------------------------------------------

function toMessages(docs: Doc[]): InputMessage[] {
  return docs.map((d) => ({ key: String(d.loanId), value: Buffer.from(JSON.stringify(d), 'utf8'), eventId: String(d.eventId) }));
}

/** generateSampleDay names loans LN-SAMPLE-nnnn below 10,000 loans: give them run-unique ids. */
function uniqueLoans(docs: Doc[], prefix: string): Doc[] {
  return docs.map((d) =>
    String(d.loanId).startsWith('LN-SAMPLE-') ? { ...d, loanId: `LN-BENCH-${prefix}-${String(d.loanId).slice('LN-SAMPLE-'.length)}` } : d,
  );
}

async function truncateBenchTables(db: Client): Promise<void> {
  const s = CONFIG.schema;
  await db.query(`TRUNCATE ${s}.loans, ${s}.loan_events, ${s}.payments, ${s}.inbox, ${s}.outbox RESTART IDENTITY`);
}

/** Sequential sends of `chunk` records (the producer allows one request in flight anyway). */
async function publishAsFastAsPossible(producer: Producer, collector: DownstreamCollector, messages: InputMessage[], chunk: number): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < messages.length; i += chunk) {
    const slice = messages.slice(i, i + chunk);
    const ts = Date.now();
    for (const m of slice) collector.published(m.eventId, ts);
    await producer.send({ topic: INPUT_TOPIC, acks: -1, messages: slice.map((m) => ({ key: m.key, value: m.value, timestamp: String(ts) })) });
  }
  return (Date.now() - started) / 1000;
}

/**
 * Publishes at `ratePerSecond` in 10 ms ticks (10 records per send at 1,000/s), catching up if a
 * send took longer than a tick.
 */
async function publishPaced(producer: Producer, collector: DownstreamCollector, messages: InputMessage[], ratePerSecond: number): Promise<number> {
  const tickMs = 10;
  const started = Date.now();
  let sent = 0;
  while (sent < messages.length) {
    const due = Math.min(messages.length, Math.floor(((Date.now() - started) * ratePerSecond) / 1000));
    if (due <= sent) {
      await sleep(tickMs - ((Date.now() - started) % tickMs));
      continue;
    }
    const slice = messages.slice(sent, due);
    const ts = Date.now();
    for (const m of slice) collector.published(m.eventId, ts);
    await producer.send({ topic: INPUT_TOPIC, acks: -1, messages: slice.map((m) => ({ key: m.key, value: m.value, timestamp: String(ts) })) });
    sent = due;
  }
  return messages.length / ((Date.now() - started) / 1000);
}

async function postEvents(baseUrl: string, body: string): Promise<{ status: number; results: Array<{ status: string }> }> {
  const response = await fetch(`${baseUrl}/v1/loan-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': CONFIG.apiKey },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status !== 202) return { status: response.status, results: [] };
  return { status: response.status, results: (JSON.parse(text) as { results: Array<{ status: string }> }).results };
}

async function postConcurrently(
  baseUrl: string,
  collector: DownstreamCollector,
  docs: Doc[],
  batch: number,
  clients: number,
): Promise<{ startedAt: number; seconds: number; accepted: number; other: number; requestMs: number[] }> {
  const bodies: Array<{ body: string; ids: string[] }> = [];
  for (let i = 0; i < docs.length; i += batch) {
    const events = docs.slice(i, i + batch);
    bodies.push({ body: JSON.stringify({ events }), ids: events.map((e) => String(e.eventId)) });
  }
  let next = 0;
  let accepted = 0;
  let other = 0;
  const requestMs: number[] = [];
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < bodies.length) {
        const { body, ids } = bodies[next++];
        const t = Date.now();
        for (const id of ids) collector.published(id, t);
        const response = await postEvents(baseUrl, body);
        requestMs.push(Date.now() - t);
        if (response.status !== 202) throw new Error(`POST /v1/loan-events answered ${response.status}`);
        for (const r of response.results) {
          if (r.status === 'accepted') accepted++;
          else other++;
        }
      }
    }),
  );
  return { startedAt, seconds: (Date.now() - startedAt) / 1000, accepted, other, requestMs };
}

async function waitForPhase(phase: Phase, deadline: number, child: IngestionChild, progressEveryMs: number): Promise<void> {
  let nextProgress = Date.now() + progressEveryMs;
  let lastCount = phase.completed;
  let lastAt = Date.now();
  while (!phase.done && Date.now() < deadline) {
    child.assertAlive();
    await sleep(100);
    if (progressEveryMs > 0 && Date.now() >= nextProgress) {
      const now = Date.now();
      out(`      … ${fmtInt(phase.completed)}/${fmtInt(phase.expected)} downstream (${fmtInt(((phase.completed - lastCount) * 1000) / (now - lastAt))}/s)`);
      lastCount = phase.completed;
      lastAt = now;
      nextProgress = now + progressEveryMs;
    }
  }
}

/** Splits publish→downstream at loan_events.received_at (when ingestion started applying the chunk). */
async function latencySplit(db: Client, timings: EventTiming[]): Promise<{ toIngestion: LatencySummary; toDownstream: LatencySummary }> {
  const received = new Map<string, number>();
  for (let i = 0; i < timings.length; i += 20_000) {
    const { rows } = await db.query<{ id: string; ms: string }>(
      `SELECT event_id::text AS id, extract(epoch FROM received_at) * 1000 AS ms FROM ${CONFIG.schema}.loan_events WHERE event_id = ANY($1::uuid[])`,
      [timings.slice(i, i + 20_000).map((t) => t.eventId)],
    );
    for (const row of rows) received.set(row.id, Number(row.ms));
  }
  const toIngestion: number[] = [];
  const toDownstream: number[] = [];
  for (const t of timings) {
    const r = received.get(t.eventId);
    if (r === undefined || !Number.isFinite(t.inputTs) || !Number.isFinite(t.downstreamTs)) continue;
    toIngestion.push(r - t.inputTs);
    toDownstream.push(t.downstreamTs - r);
  }
  return { toIngestion: summarizeLatencies(toIngestion), toDownstream: summarizeLatencies(toDownstream) };
}

function describeSplit(l: LatencySummary): string {
  return `p50 ${fmtMs(l.p50Ms)} / p99 ${fmtMs(l.p99Ms)}`;
}

/** Sums of the child's Prometheus metrics by name (labels summed), from GET /metrics. */
async function scrapeMetrics(baseUrl: string): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  try {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
    for (const line of (await response.text()).split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue;
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
      if (match) sums.set(match[1], (sums.get(match[1]) ?? 0) + Number(match[3]));
    }
  } catch {
    /* metrics are a nice-to-have */
  }
  return sums;
}

function fmtBytes(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? 'n/a' : `${Math.round(bytes / 2 ** 20)} MB`;
}

function describeCpu(cpu: CpuBreakdown): string {
  const c = cpu.cores;
  const parts = [`postgres ${c.postgres.toFixed(2)}`, `kafka ${c.kafka.toFixed(2)}`, `bench ${c.bench.toFixed(2)}`];
  if (c['foreign-ingestion'] > 0.005) parts.push(`other ingestion ${c['foreign-ingestion'].toFixed(2)}`);
  parts.push(`rest ${c.other.toFixed(2)}`);
  return `machine ${cpu.machineBusyCores.toFixed(2)}/${cpu.machineCores} cores busy (${parts.join(', ')})`;
}

function roundLatency(l: LatencySummary): LatencySummary {
  return { count: l.count, p50Ms: round(l.p50Ms), p90Ms: round(l.p90Ms), p99Ms: round(l.p99Ms), maxMs: round(l.maxMs) };
}

function roundCpu(cpu: CpuBreakdown): Record<string, number> {
  return {
    seconds: round(cpu.seconds, 1),
    machineBusyCores: round(cpu.machineBusyCores, 2),
    ...Object.fromEntries(Object.entries(cpu.cores).map(([k, v]) => [k, round(v, 2)])),
  };
}

async function waitForProfile(pid: number, n = 1): Promise<string | null> {
  const dir = resolve(RESULTS_DIR, 'profiles');
  const name = `ingestion-${pid}-${n}.cpuprofile`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (existsSync(resolve(dir, name))) return `bench/results/profiles/${name}`;
    await sleep(250);
  }
  return null;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

main().then(
  async () => {
    await removeRunTopics();
    process.exit(0);
  },
  async (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    if (current && !current.alive) console.error(current.logTail());
    killChildrenNow();
    await removeRunTopics();
    process.exit(1);
  },
);
