/**
 * `npm run bench` (after the ingestion bench; `BENCH_ONLY=risk-scoring npm run bench` alone): how
 * fast risk-scoring scores a nightly roll, and what one inference costs. Prints figures; asserts
 * nothing about time. Writes the summary to bench/results/risk-scoring.json. Goal (risk-scoring
 * issue): scoring is never the slowest stage of the pipeline.
 *
 *   1. inference  in-process, one case at a time: the shipped model loaded as ScoringEngine loads it
 *                 (policies/model-serving.json → artifact, reference credit limits) scoring 100,000
 *                 varied cases from generateSampleDay (history, creditLimit, currency, bureau score)
 *                 without and with the top-3 reasons; the segmentation step; the full verdict as
 *                 the consumer calls it; and, for context, the consumer's other per-event work
 *                 (JSON + schema parse, feature update).
 *   2. consumer   100,000 LoanDelinquencyUpdated (one per loan, each a first scoring) published to
 *                 the run's `collections.loan-lifecycle.v1` → a risk-scoring process of its own
 *                 (fresh schema, fresh group) → the run's `collections.case-segmented.v1`: cases/s
 *                 from the first publish to the last case-segmented record, latency, CPU, RSS.
 *
 * If the ingestion bench ran earlier in the same `npm run bench`, its roll figure
 * (bench/results/latest.json) is compared with the scoring throughput.
 *
 * Knobs (environment): BENCH_RS_CASES (100000), BENCH_RS_WARMUP_EVENTS (1000),
 * BENCH_RS_ROLL_TIMEOUT_S (120), BENCH_RS_GLOBAL_TIMEOUT_S (240), BENCH_PROFILE=1 (CPU profile of
 * risk-scoring during the roll → bench/results/profiles/risk-scoring-<pid>-1.cpuprofile, and a
 * pg_stat_activity sample of its connections),
 * BENCH_CHILD_NODE_OPTIONS, BENCH_DATABASE_URL.
 *
 * Isolated from the platform: the topics are the run's own (`bench-<run id>.<registry name>`,
 * created first, deleted at the end, on failure and on ^C too; lib/bench-topics.ts), and the schema
 * `risk_scoring_bench_<run id>` is dropped at the end.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { Kafka, Producer } from 'kafkajs';
import {
  HEADERS,
  type LoanDelinquencyUpdatedV1,
  type LoanLifecycleEventV1,
  TOPICS,
  dpdBucketOf,
  newEnvelope,
  parseLoanLifecycleEvent,
} from '@clearpath/contracts';
import { createIdempotentProducer } from '@clearpath/messaging';
import { generateSampleDay, startGroupAtEnd } from '@clearpath/testing';
import { PdModel, type ScoringInput } from '../services/risk-scoring/src/model/pd-model';
import { parsePolicySet, segment, type SegmentationInput } from '../services/risk-scoring/src/segmentation/segmentation-policy';
import { ScoringEngine } from '../services/risk-scoring/src/scoring/scoring.engine';
import { applyLifecycleEvent, type CaseFeatures } from '../services/risk-scoring/src/cases/case-features';
import { benchKafka, guardBenchProcess, KAFKAJS_VERSION, loopbackTargets } from './lib/bench-process';
import { RUN_TOPICS, createRunTopics, removeRunTopics, runTopic, runSchema } from './lib/bench-topics';
import { DownstreamCollector, Phase, timeline } from './lib/downstream';
import { ROOT, ServiceChild, freePort, migrateBenchSchema } from './lib/ingestion-child';
import { foreignConsumers } from './lib/kafka-groups';
import { PgActivitySampler } from './lib/pg-activity';
import { CLK_TCK, CORES, RssSampler, busiestProcesses, cpuBetween, readCpuTicks, readHwmKb, snapshotCpu, type CpuBreakdown } from './lib/proc';
import { type LatencySummary, fmtInt, fmtMb, fmtMs, fmtPct, percentileSorted, round, sleep, summarizeLatencies, table } from './lib/stats';

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const CONFIG = {
  cases: num('BENCH_RS_CASES', 100_000),
  inferenceWarmup: 20_000,
  warmupEvents: num('BENCH_RS_WARMUP_EVENTS', 1_000),
  publishChunk: 1_000,
  rollTimeoutMs: num('BENCH_RS_ROLL_TIMEOUT_S', 120) * 1000,
  globalTimeoutMs: num('BENCH_RS_GLOBAL_TIMEOUT_S', 240) * 1000,
  profile: process.env.BENCH_PROFILE === '1',
  schema: runSchema('risk_scoring_bench'),
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/clearpath_test',
};

/** Throughputs closer than this (relative) are reported as about even: run-to-run noise is larger. */
const NEAR = 0.1;
const SERVING_FILE = 'services/risk-scoring/policies/model-serving.json';
const POLICY_FILE = 'services/risk-scoring/policies/segmentation.policy.json';
const INPUT_TOPIC = runTopic(TOPICS.loanLifecycle.name);
const OUTPUT_TOPIC = runTopic(TOPICS.caseSegmented.name);
const RESULTS_DIR = resolve(ROOT, 'bench/results');
const LOG_FILE = resolve(RESULTS_DIR, 'risk-scoring.log');

type Doc = Record<string, unknown>;

interface LifecycleMessage {
  readonly key: string;
  readonly value: Buffer;
  readonly eventId: string;
  readonly headers: Record<string, string>;
  readonly event: LoanLifecycleEventV1;
}

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const elapsed = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const fmtUs = (us: number): string => (Number.isFinite(us) ? `${us < 10 ? us.toFixed(2) : us.toFixed(1)} µs` : 'n/a');

// ------------------------------------------------------------------------------------------------
// the child, killed whatever happens

const children: ServiceChild[] = [];
let current: ServiceChild | null = null;

function killChildrenNow(): void {
  for (const child of children) child.killNow();
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = Date.now();
  const watchdog = guardBenchProcess({ childLabel: 'risk-scoring child', killChildrenNow, globalTimeoutMs: CONFIG.globalTimeoutMs });

  const seed = `rs${Date.now().toString(36)}`;
  const brokers = loopbackTargets(CONFIG.databaseUrl);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(LOG_FILE, '');
  const kafka = benchKafka(brokers, `bench-${seed}`);
  const topicCount = await createRunTopics(brokers);

  out(`Clearpath risk-scoring bench — ${new Date().toISOString()} — seed ${seed}`);
  out(
    `machine: ${CORES} cores, node ${process.version}, kafkajs ${KAFKAJS_VERSION}, broker ${brokers.join(',')}, db ${CONFIG.databaseUrl} schema ${CONFIG.schema}`,
  );
  out(`topics: the run's own ${topicCount} (${RUN_TOPICS.prefix}<registry name>), deleted at the end`);
  const foreign = await foreignConsumers(kafka, INPUT_TOPIC);
  const busiest = await busiestProcesses(1_000, new Set([process.pid]));
  for (const f of foreign) {
    out(
      `WARNING: consumer group "${f.group}" (${f.members} member${f.members === 1 ? '' : 's'}) is consuming ${INPUT_TOPIC}: it will score the bench's events too and compete for CPU and PostgreSQL`,
    );
  }
  if (busiest.length > 0) {
    out(
      `busy before the bench (1 s sample): ${busiest.map((p) => `${p.command.split(' ').slice(0, 3).join(' ')} [${p.pid}] ${(p.cores * 100).toFixed(0)}%`).join('; ')}`,
    );
  }

  // --- data, prepared before any clock starts ---------------------------------------------------
  let t = Date.now();
  const now = new Date();
  const roll = toLifecycleMessages(generateSampleDay({ loans: CONFIG.cases, overdueOnly: true, seed }), `LN-RS-${seed}`, now);
  const warm = toLifecycleMessages(generateSampleDay({ loans: CONFIG.warmupEvents, overdueOnly: true, seed: `${seed}w` }), `LN-RS-${seed}w`, now);
  const avgBytes = roll.reduce((a, m) => a + m.value.length, 0) / roll.length;
  const buckets = countBy(roll, (m) => (m.event.payload as LoanDelinquencyUpdatedV1).dpdBucket);
  const currencies = countBy(roll, (m) => (m.event.payload as LoanDelinquencyUpdatedV1).currency);
  out(
    `prepared ${fmtInt(roll.length)} + ${fmtInt(warm.length)} warm-up LoanDelinquencyUpdated (avg ${Math.round(avgBytes)} B, all valid per the contract) in ${elapsed(t)}; ` +
      `${describeCounts(currencies)}; ${describeCounts(buckets)}`,
  );

  // --- 1. inference ---------------------------------------------------------------------------
  out();
  out(
    `[1/2] inference in-process, one case at a time: ${fmtInt(roll.length)} cases, ${fmtInt(CONFIG.inferenceWarmup)} warm-up calls per step; p50/mean/p99 per call (timer around each call), cases/s from a pass without timers`,
  );
  t = Date.now();
  const inference = runInference(roll, now);
  const rows = inference.steps.map((s) => [s.label, fmtUs(s.p50Us), fmtUs(s.meanUs), fmtUs(s.p99Us), fmtInt(1e6 / s.untimedMeanUs)]);
  out(
    `      model ${inference.modelVersion} (${inference.artifact}), policy ${inference.policyVersion}; timer overhead ${fmtUs(inference.timerOverheadUs)} per call (included) [${elapsed(t)}]`,
  );
  out(indent(table([['step', 'p50', 'mean', 'p99', 'cases/s on one core'], ...rows]), 6));
  const verdictStep = inference.steps.find((s) => s.key === 'verdict')!;
  const perEventInProcess = inference.steps.filter((s) => ['verdict', 'parse', 'features'].includes(s.key)).reduce((a, s) => a + s.untimedMeanUs, 0);
  out(
    `      in-process work per event the consumer does (parse + features + verdict): ${fmtUs(perEventInProcess)} mean → at most ${fmtInt(1e6 / perEventInProcess)} events/s on one core before any I/O`,
  );

  // --- 2. consumer ------------------------------------------------------------------------------
  out();
  out(`[2/2] consumer: ${fmtInt(roll.length)} LoanDelinquencyUpdated for ${fmtInt(roll.length)} loans → ${INPUT_TOPIC} → risk-scoring → ${OUTPUT_TOPIC}`);
  t = Date.now();
  const db = new Client({ connectionString: CONFIG.databaseUrl, application_name: 'bench' });
  await db.connect();
  await db.query(`DROP SCHEMA IF EXISTS ${CONFIG.schema} CASCADE`);
  const migrated = await migrateBenchSchema(CONFIG.databaseUrl, CONFIG.schema, 'risk-scoring');
  out(
    `      schema ${CONFIG.schema}: recreated (${migrated
      .replace(/^.*?: /, '')
      .replace(/\s+/g, ' ')
      .slice(0, 160)}) [${elapsed(t)}]`,
  );

  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const groups: string[] = [];
  const rss = new RssSampler(0);
  let collector: DownstreamCollector | null = null;
  let pgSampler: PgActivitySampler | null = null;
  const results: Record<string, unknown> = {};

  try {
    // Probe, step 1: a case any other risk-scoring on the broker scores now, before our child's
    // group exists; step 2 (after the child started) repeats it with the same loanSequence, which
    // an instance that saw step 1 skips as stale. So the only case-segmented record caused by step
    // 2 is our child's: it reveals the child's relay producer id, and records for our loans from
    // other producers are left out of the figures.
    const [probe1, probe2] = probeMessages(seed, roll[0], now);
    await publish(producer, [probe1], null);

    collector = new DownstreamCollector(kafka, `bench-rs-downstream-${seed}`, OUTPUT_TOPIC);
    groups.push(`bench-rs-downstream-${seed}`);
    await collector.start();

    const group = `risk-scoring-bench-${seed}`;
    groups.push(group);
    await startGroupAtEnd(kafka, group, [INPUT_TOPIC]);
    const port = await freePort();
    const nodeOptions = [process.env.BENCH_CHILD_NODE_OPTIONS ?? '', CONFIG.profile ? `--require ${resolve(ROOT, 'dist/bench/cpu-profile.preload.js')}` : '']
      .join(' ')
      .trim();
    const child = ServiceChild.start({
      service: 'risk-scoring',
      databaseUrl: CONFIG.databaseUrl,
      schema: CONFIG.schema,
      group,
      port,
      logFile: LOG_FILE,
      nodeOptions: nodeOptions || undefined,
      extraEnv: CONFIG.profile ? { BENCH_CPU_PROFILE_DIR: resolve(RESULTS_DIR, 'profiles'), BENCH_CPU_PROFILE_NAME: 'risk-scoring' } : undefined,
    });
    children.push(child);
    current = child;
    const readyMs = await child.waitReady(60_000);
    rss.follow(child.pid);
    rss.start();
    const learned = collector.learnProducer(probe2.eventId);
    await publish(producer, [probe2], null);
    const producerId = await withTimeout(learned, 60_000, `the probe never reached ${OUTPUT_TOPIC} (see bench/results/risk-scoring.log)`);
    out(
      `      risk-scoring pid ${child.pid} on 127.0.0.1:${port}, group ${group}: ready in ${readyMs} ms, relay producer id ${producerId}${nodeOptions ? `, NODE_OPTIONS="${nodeOptions}"` : ''}`,
    );

    // Warm-up: the first chunks pay for JIT, connection pools and the first fetches.
    const warmPhase = new Phase('warm-up');
    for (const m of warm) collector.expect(warmPhase, m.eventId);
    await publish(producer, warm, collector);
    await waitForPhase(warmPhase, Date.now() + 60_000, child, 0);
    out(
      `      warm-up: ${fmtInt(warmPhase.completed)}/${fmtInt(warmPhase.expected)} case-segmented in ${((warmPhase.lastDownstreamTs - warmPhase.firstInputTs) / 1000).toFixed(1)} s`,
    );
    if (!warmPhase.done) throw new Error('the warm-up did not complete: risk-scoring is not scoring (see bench/results/risk-scoring.log)');
    await sleep(1_000);

    // --- the roll -------------------------------------------------------------------------------
    const phase = new Phase('roll');
    for (const m of roll) collector.expect(phase, m.eventId);
    const offsetsBefore = await topicEnd(kafka, INPUT_TOPIC);
    rss.phase('roll');
    const startRssKb = rss.lastKb;
    const cpuA = snapshotCpu(new Set([child.pid]));
    const ticksA = readCpuTicks(child.pid);
    if (CONFIG.profile) {
      child.signal('SIGWINCH');
      pgSampler = new PgActivitySampler(CONFIG.databaseUrl, 100, 'risk-scoring');
      await pgSampler.start();
    }
    const rollStart = Date.now();
    const publishSeconds = await publish(producer, roll, collector);
    out(`      risk-scoring RSS before the roll: ${fmtMb(startRssKb)}`);
    out(`      published in ${publishSeconds.toFixed(1)} s (${fmtInt(roll.length / publishSeconds)} events/s)`);
    await waitForPhase(phase, rollStart + CONFIG.rollTimeoutMs, child, 10_000);
    const cpuB = snapshotCpu(new Set([child.pid]));
    const ticksB = readCpuTicks(child.pid);
    if (CONFIG.profile) {
      child.signal('SIGWINCH');
      await pgSampler?.stop();
    }
    const offsetsAfter = await topicEnd(kafka, INPUT_TOPIC);
    const foreignInput = Math.max(0, offsetsAfter - offsetsBefore - roll.length);

    const seconds = (phase.lastDownstreamTs - phase.firstInputTs) / 1000;
    const casesPerSecond = phase.completed / seconds;
    const latency = summarizeLatencies(phase.latenciesMs);
    const cpu = cpuBetween(cpuA, cpuB);
    const cpuSeconds = (ticksB - ticksA) / CLK_TCK;
    const cores = cpuSeconds / cpu.seconds;
    const peakRssKb = Math.max(rss.peakKb('roll'), readHwmKb(child.pid) || 0);
    const split = await latencySplit(db, roll, collector, phase);
    const inbox = await inboxCounts(db);
    out(
      `      case-segmented: ${fmtInt(phase.completed)}/${fmtInt(phase.expected)} in ${seconds.toFixed(1)} s → ${fmtInt(casesPerSecond)} cases/s` +
        `${phase.done ? '' : ` (INCOMPLETE after ${CONFIG.rollTimeoutMs / 1000} s: rate over what arrived)`}`,
    );
    out(
      `      latency publish→case-segmented: p50 ${fmtMs(latency.p50Ms)}, p90 ${fmtMs(latency.p90Ms)}, p99 ${fmtMs(latency.p99Ms)}, max ${fmtMs(latency.maxMs)}`,
    );
    out(
      `      latency split at case_features.updated_at (when risk-scoring began applying the chunk): publish→applying ${describeSplit(split.toApplied)}; applying→case-segmented ${describeSplit(split.toDownstream)}`,
    );
    out(
      `      risk-scoring: ${cores.toFixed(2)} cores (${((cpuSeconds / Math.max(1, phase.completed)) * 1000).toFixed(2)} ms CPU per case), peak RSS ${fmtMb(peakRssKb)}; ` +
        `${describeCpu(cpu)}; PostgreSQL ${((cpu.cores.postgres * cpu.seconds * 1000) / Math.max(1, phase.completed)).toFixed(2)} ms CPU per case`,
    );
    out(`      case-segmented/s by 10 s window: ${timeline(phase).join(' ')}`);
    out(
      `      inbox of the bench schema: ${
        Object.entries(inbox)
          .map(([k, v]) => `${k} ${fmtInt(v)}`)
          .join(', ') || 'empty'
      }`,
    );
    if (foreignInput > 0)
      out(`      WARNING: ${fmtInt(foreignInput)} other records arrived on ${INPUT_TOPIC} during the roll; the bench's risk-scoring consumed them too`);
    if (collector.duplicates > 0 || collector.byProducer.size > 1) {
      out(
        `      case-segmented records for the bench's events by producer id: ${[...collector.byProducer].map(([id, n]) => `${id}: ${fmtInt(n)}`).join(', ')} (duplicates from ours: ${collector.duplicates}); only ${producerId}'s are counted`,
      );
    }
    let profileFile: string | null = null;
    if (CONFIG.profile) {
      profileFile = await waitForProfile(child.pid);
      out(`      CPU profile of risk-scoring during the roll: ${profileFile ?? 'not written (see bench/results/risk-scoring.log)'}`);
      if (profileFile) out(`        summarize: node dist/bench/tools/cpuprofile-top.js ${profileFile}`);
    }
    if (pgSampler) {
      out(
        `      PostgreSQL, connections named risk-scoring (pg_stat_activity every 100 ms, ${pgSampler.samples} samples; share of connection-samples; other risk-scoring processes on this database would be counted too):`,
      );
      for (const row of pgSampler.top(12)) out(`        ${fmtPct(row.share * 100).padStart(7)}  ${row.what}`);
    }

    const stopStarted = Date.now();
    rss.stop();
    await child.stop();
    const shutdownMs = Date.now() - stopStarted;

    // --- comparison with ingestion --------------------------------------------------------------
    const ingestion = ingestionRollFigure();
    out();
    let slower: 'risk-scoring' | 'ingestion' | null = null;
    if (ingestion && ingestion.sameInvocation) {
      slower = casesPerSecond < ingestion.eventsPerSecond ? 'risk-scoring' : 'ingestion';
      const ratio = casesPerSecond / ingestion.eventsPerSecond;
      out(
        `pipeline (same npm run bench): ingestion roll ${fmtInt(ingestion.eventsPerSecond)} events/s → loan-lifecycle; risk-scoring ${fmtInt(casesPerSecond)} cases/s → case-segmented ` +
          `(${ratio.toFixed(2)}×): ${slower === 'risk-scoring' ? 'SCORING IS THE SLOWER STAGE' : 'ingestion is the slower stage; scoring keeps up'}` +
          `${Math.abs(ratio - 1) < NEAR ? ` — but within ${NEAR * 100} %, about even: runs on this shared machine vary more than that` : ''}`,
      );
      out(
        `      (ingestion's roll: ${fmtInt(ingestion.events)} events for ${fmtInt(ingestion.loans)} loans, its own run; here: one event per loan, every one a first scoring that publishes)`,
      );
    } else if (ingestion) {
      out(
        `pipeline: the ingestion bench did not run in this invocation; bench/results/latest.json (${ingestion.runAt}) says ${fmtInt(ingestion.eventsPerSecond)} events/s, ` +
          `for reference only (other run, other machine load): risk-scoring ${fmtInt(casesPerSecond)} cases/s is ${(casesPerSecond / ingestion.eventsPerSecond).toFixed(2)}× that`,
      );
    } else {
      out('pipeline: no ingestion figure (bench/results/latest.json missing); run `npm run bench` for both');
    }

    // --- summary ----------------------------------------------------------------------------------
    const top0 = inference.steps.find((s) => s.key === 'score-top0')!;
    const top3 = inference.steps.find((s) => s.key === 'score-top3')!;
    const seg = inference.steps.find((s) => s.key === 'segment')!;
    const goals = [
      {
        metric: 'scoring throughput (100k-case roll)',
        value: `${fmtInt(casesPerSecond)} cases/s${phase.done ? '' : ' (incomplete)'}`,
        goal: ingestion?.sameInvocation ? `≥ ingestion ${fmtInt(ingestion.eventsPerSecond)} events/s` : 'not the slowest stage',
        met: slower === null ? null : slower !== 'risk-scoring',
      },
      { metric: 'inference per case, probability only', value: `p50 ${fmtUs(top0.p50Us)} / mean ${fmtUs(top0.meanUs)}`, goal: '—', met: null },
      { metric: 'inference per case, + 3 reasons', value: `p50 ${fmtUs(top3.p50Us)} / mean ${fmtUs(top3.meanUs)}`, goal: '—', met: null },
      { metric: 'segmentation per case', value: `p50 ${fmtUs(seg.p50Us)} / mean ${fmtUs(seg.meanUs)}`, goal: '—', met: null },
      {
        metric: 'verdict per case (score + 3 reasons + segment)',
        value: `p50 ${fmtUs(verdictStep.p50Us)} / mean ${fmtUs(verdictStep.meanUs)}`,
        goal: '—',
        met: null,
      },
      { metric: 'latency publish→case-segmented p50 / p99', value: `${fmtMs(latency.p50Ms)} / ${fmtMs(latency.p99Ms)}`, goal: '—', met: null },
      {
        metric: 'risk-scoring CPU during the roll',
        value: `${cores.toFixed(2)} cores, ${((cpuSeconds / Math.max(1, phase.completed)) * 1000).toFixed(2)} ms per case`,
        goal: '—',
        met: null,
      },
      { metric: 'risk-scoring peak RSS', value: fmtMb(peakRssKb), goal: '—', met: null },
    ];
    out();
    out(`summary (seed ${seed}, ${elapsed(startedAt)} in all, risk-scoring shutdown ${shutdownMs} ms)`);
    out(table([['metric', 'value', 'goal', ''], ...goals.map((g) => [g.metric, g.value, g.goal, g.met === null ? '' : g.met ? 'met' : 'MISSED'])]));

    results.inference = {
      cases: roll.length,
      warmupCallsPerStep: CONFIG.inferenceWarmup,
      modelVersion: inference.modelVersion,
      artifact: inference.artifact,
      policyVersion: inference.policyVersion,
      timerOverheadUs: round(inference.timerOverheadUs, 3),
      steps: Object.fromEntries(
        inference.steps.map((s) => [
          s.key,
          {
            label: s.label,
            p50Us: round(s.p50Us, 2),
            meanUs: round(s.meanUs, 2),
            p99Us: round(s.p99Us, 2),
            untimedMeanUs: round(s.untimedMeanUs, 2),
            casesPerSecondOneCore: round(1e6 / s.untimedMeanUs),
          },
        ]),
      ),
      inProcessPerEventUs: round(perEventInProcess, 2),
    };
    results.consumer = {
      events: roll.length,
      loans: roll.length,
      completed: phase.completed,
      complete: phase.done,
      publishSeconds: round(publishSeconds, 2),
      seconds: round(seconds, 2),
      casesPerSecond: round(casesPerSecond),
      latency: roundLatency(latency),
      latencyToApplied: roundLatency(split.toApplied),
      latencyAppliedToDownstream: roundLatency(split.toDownstream),
      riskScoringCores: round(cores, 2),
      riskScoringCpuMsPerCase: round((cpuSeconds / Math.max(1, phase.completed)) * 1000, 3),
      riskScoringRssBeforeMb: round(startRssKb / 1024),
      riskScoringPeakRssMb: round(peakRssKb / 1024),
      cpu: roundCpu(cpu),
      timelinePerSecond: timeline(phase),
      inbox,
      foreignInputRecords: foreignInput,
      producerId,
      downstreamByProducer: Object.fromEntries(collector.byProducer),
      duplicates: collector.duplicates,
      warmupEvents: warm.length,
      shutdownMs,
      ...(profileFile ? { profile: profileFile } : {}),
      ...(pgSampler ? { pgActivity: pgSampler.top(20) } : {}),
    };
    results.pipeline = ingestion
      ? {
          ingestionEventsPerSecond: ingestion.eventsPerSecond,
          ingestionRunAt: ingestion.runAt,
          sameInvocation: ingestion.sameInvocation,
          scoringCasesPerSecond: round(casesPerSecond),
          ratio: round(casesPerSecond / ingestion.eventsPerSecond, 3),
          slowerStage: slower,
          aboutEven: Math.abs(casesPerSecond / ingestion.eventsPerSecond - 1) < NEAR,
        }
      : null;
    const summary = {
      runAt: new Date(startedAt).toISOString(),
      seed,
      durationSeconds: round((Date.now() - startedAt) / 1000, 1),
      machine: { cores: CORES, node: process.version, kafkajs: KAFKAJS_VERSION, clockTicksPerSecond: CLK_TCK },
      context: { foreignConsumersOfInput: foreign, busyBefore: busiest.map((p) => ({ ...p, cores: round(p.cores, 2) })) },
      config: CONFIG,
      ...results,
      goals,
    };
    writeFileSync(resolve(RESULTS_DIR, 'risk-scoring.json'), `${JSON.stringify(summary, null, 2)}\n`);
    out(`written: bench/results/risk-scoring.json; risk-scoring log: bench/results/risk-scoring.log${profileFile ? `; ${profileFile}` : ''}`);
  } finally {
    rss.stop();
    await pgSampler?.stop();
    for (const c of children) await c.stop(5_000).catch(() => undefined);
    await collector?.stop();
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
// data

/**
 * generateSampleDay's LoanOverdue → the LoanDelinquencyUpdated ingestion would announce for it (a
 * first overdue, no flags), with the bench's own loan ids, in ingestion's outbox record shape
 * (key = loan id; event-id, event-type, schema-version, correlation-id, causation-id headers).
 * Every event is checked against the contract here, so none is dead-lettered.
 */
function toLifecycleMessages(docs: Doc[], loanPrefix: string, now: Date): LifecycleMessage[] {
  return docs.map((doc, i) => {
    const p = doc.payload as Doc;
    const c = p.customer as Doc;
    const daysPastDue = p.daysPastDue as number;
    const payload: LoanDelinquencyUpdatedV1 = {
      loanId: `${loanPrefix}-${i + 1}`,
      loanSequence: doc.sequence as number,
      customerId: c.customerId as string,
      jurisdiction: c.jurisdiction as LoanDelinquencyUpdatedV1['jurisdiction'],
      timezone: c.timezone as string,
      locale: c.locale as LoanDelinquencyUpdatedV1['locale'],
      product: p.product as LoanDelinquencyUpdatedV1['product'],
      currency: p.currency as string,
      creditLimit: p.creditLimit as string,
      outstandingBalance: p.outstandingBalance as string,
      overdueAmount: p.overdueAmount as string,
      daysPastDue,
      dpdBucket: dpdBucketOf(daysPastDue)!,
      dueDate: p.dueDate as string,
      history: p.history as LoanDelinquencyUpdatedV1['history'],
      bureauScore: (p.bureauScore as number | undefined) ?? null,
      firstOverdue: true,
      activeFlags: [],
    };
    const event = newEnvelope({
      eventType: 'LoanDelinquencyUpdated' as const,
      schemaVersion: 1,
      occurredAt: now,
      correlationId: String(doc.eventId),
      causationId: String(doc.eventId),
      payload,
    });
    const text = JSON.stringify(event);
    const checked = parseLoanLifecycleEvent(JSON.parse(text)); // throws on a contract violation
    return { key: payload.loanId, value: Buffer.from(text, 'utf8'), eventId: event.eventId, headers: headersOf(event), event: checked };
  });
}

function headersOf(event: LoanLifecycleEventV1): Record<string, string> {
  return {
    [HEADERS.eventId]: event.eventId,
    [HEADERS.eventType]: event.eventType,
    [HEADERS.schemaVersion]: String(event.schemaVersion),
    [HEADERS.correlationId]: event.correlationId,
    ...(event.causationId ? { [HEADERS.causationId]: event.causationId } : {}),
  };
}

/** Two events for one probe loan: the same case, the same loanSequence, different event ids. */
function probeMessages(seed: string, template: LifecycleMessage, now: Date): [LifecycleMessage, LifecycleMessage] {
  const payload = { ...(template.event.payload as LoanDelinquencyUpdatedV1), loanId: `LN-RS-${seed}-probe` };
  const make = (): LifecycleMessage => {
    const id = randomUUID();
    const event = newEnvelope({ eventType: 'LoanDelinquencyUpdated' as const, schemaVersion: 1, occurredAt: now, correlationId: id, causationId: id, payload });
    return { key: payload.loanId, value: Buffer.from(JSON.stringify(event), 'utf8'), eventId: event.eventId, headers: headersOf(event), event };
  };
  return [make(), make()];
}

/** Sequential sends of 1,000 records (the idempotent producer keeps one request in flight). */
async function publish(producer: Producer, messages: readonly LifecycleMessage[], collector: DownstreamCollector | null): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < messages.length; i += CONFIG.publishChunk) {
    const slice = messages.slice(i, i + CONFIG.publishChunk);
    const ts = Date.now();
    if (collector) for (const m of slice) collector.published(m.eventId, ts);
    await producer.send({
      topic: INPUT_TOPIC,
      acks: -1,
      messages: slice.map((m) => ({ key: m.key, value: m.value, headers: m.headers, timestamp: String(ts) })),
    });
  }
  return (Date.now() - started) / 1000;
}

// ------------------------------------------------------------------------------------------------
// 1. inference

interface Step {
  readonly key: string;
  readonly label: string;
  /** p50, mean and p99 of the same per-call-timed pass. */
  readonly p50Us: number;
  readonly meanUs: number;
  readonly p99Us: number;
  /** Wall time ÷ cases of a separate pass without per-call timers (the one-core throughput). */
  readonly untimedMeanUs: number;
}

function runInference(messages: readonly LifecycleMessage[], now: Date) {
  // As ScoringEngine loads it: the serving file names the artifact and the reference limits.
  const serving = JSON.parse(readFileSync(resolve(ROOT, SERVING_FILE), 'utf8')) as { artifact: string; referenceCreditLimits: Record<string, string> };
  const artifactPath = resolve(ROOT, 'services/risk-scoring/src/model/artifacts', serving.artifact);
  const model = PdModel.fromArtifact(JSON.parse(readFileSync(artifactPath, 'utf8')), { referenceCreditLimits: serving.referenceCreditLimits });
  const policyPath = resolve(ROOT, POLICY_FILE);
  const policies = parsePolicySet(JSON.parse(readFileSync(policyPath, 'utf8')), policyPath);
  // The verdict step runs the service's own engine (what the consumer calls per case).
  const engine = new ScoringEngine();
  if (engine.model.modelVersion !== model.modelVersion)
    throw new Error(`ScoringEngine serves v${engine.model.modelVersion}, the serving file names v${model.modelVersion}`);

  const payloads = messages.map((m) => m.event.payload as LoanDelinquencyUpdatedV1);
  const inputs: ScoringInput[] = payloads.map((p) => ({
    creditLimit: p.creditLimit,
    currency: p.currency,
    history: p.history,
    ...(p.bureauScore === null ? {} : { bureauScore: p.bureauScore }),
  }));
  const segInputs: SegmentationInput[] = payloads.map((p, i) => ({
    loanId: p.loanId,
    probabilityOfDefault: model.score(inputs[i], { top: 0 }).probability,
    dpdBucket: p.dpdBucket,
    overdueAmount: p.overdueAmount,
    currency: p.currency,
    activeFlags: p.activeFlags,
  }));
  const features: CaseFeatures[] = messages.map((m) => {
    const update = applyLifecycleEvent(null, m.event, now);
    if (update.kind !== 'updated') throw new Error('a fresh case cannot be stale');
    return update.features;
  });
  const raws = messages.map((m) => m.value);

  const n = messages.length;
  const step = (key: string, label: string, fn: (i: number) => number): Step => {
    let sink = 0;
    for (let i = 0; i < CONFIG.inferenceWarmup; i++) sink += fn(i % n);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink += fn(i);
    const untimedMeanUs = Number(process.hrtime.bigint() - t0) / 1000 / n;
    const durations = new Float64Array(n);
    let totalUs = 0;
    for (let i = 0; i < n; i++) {
      const a = process.hrtime.bigint();
      sink += fn(i);
      totalUs += durations[i] = Number(process.hrtime.bigint() - a) / 1000;
    }
    if (!Number.isFinite(sink)) throw new Error(`${key}: non-finite checksum`);
    const sorted = Array.from(durations.sort());
    return { key, label, p50Us: percentileSorted(sorted, 50), meanUs: totalUs / n, p99Us: percentileSorted(sorted, 99), untimedMeanUs };
  };

  const timer = step('timer', '(empty call)', () => 0);
  const steps = [
    step('score-top0', 'model.score, probability only (top: 0)', (i) => model.score(inputs[i], { top: 0 }).probability),
    step('score-top3', 'model.score + top 3 reasons (zh-CN, en)', (i) => model.score(inputs[i], { top: 3 }).reasons.length),
    step('segment', 'segmentation (arm hash, band, tier, rule)', (i) => segment(policies, segInputs[i]).band.length),
    step('verdict', 'ScoringEngine.verdict (score + 3 reasons + segment)', (i) => engine.verdict(features[i]).reasons.length),
    step('parse', 'context: JSON.parse + parseLoanLifecycleEvent', (i) => parseLoanLifecycleEvent(JSON.parse(raws[i].toString('utf8'))).schemaVersion),
    step('features', 'context: applyLifecycleEvent (feature update)', (i) => (applyLifecycleEvent(null, messages[i].event, now).kind === 'updated' ? 1 : 0)),
  ];
  return {
    modelVersion: engine.modelVersion,
    artifact: `services/risk-scoring/src/model/artifacts/${serving.artifact}`,
    policyVersion: policies.version,
    timerOverheadUs: timer.p50Us,
    steps,
  };
}

// ------------------------------------------------------------------------------------------------
// 2. consumer helpers

async function waitForPhase(phase: Phase, deadline: number, child: ServiceChild, progressEveryMs: number): Promise<void> {
  let nextProgress = Date.now() + progressEveryMs;
  let lastCount = phase.completed;
  let lastAt = Date.now();
  while (!phase.done && Date.now() < deadline) {
    child.assertAlive();
    await sleep(100);
    if (progressEveryMs > 0 && Date.now() >= nextProgress) {
      const t = Date.now();
      out(`      … ${fmtInt(phase.completed)}/${fmtInt(phase.expected)} case-segmented (${fmtInt(((phase.completed - lastCount) * 1000) / (t - lastAt))}/s)`);
      lastCount = phase.completed;
      lastAt = t;
      nextProgress = t + progressEveryMs;
    }
  }
}

async function topicEnd(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((a, o) => a + Number(o.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Splits publish→case-segmented at case_features.updated_at (the use case's `now` for the chunk). */
async function latencySplit(
  db: Client,
  messages: readonly LifecycleMessage[],
  collector: DownstreamCollector,
  phase: Phase,
): Promise<{ toApplied: LatencySummary; toDownstream: LatencySummary }> {
  const applied = new Map<string, number>();
  const { rows } = await db.query<{ loan_id: string; ms: string }>(
    `SELECT loan_id, extract(epoch FROM updated_at) * 1000 AS ms FROM ${CONFIG.schema}.case_features WHERE loan_id = ANY($1::text[])`,
    [messages.map((m) => m.key)],
  );
  for (const row of rows) applied.set(row.loan_id, Number(row.ms));
  const loanOf = new Map(messages.map((m) => [m.eventId, m.key]));
  const toApplied: number[] = [];
  const toDownstream: number[] = [];
  for (const t of collector.timings(phase)) {
    const a = applied.get(loanOf.get(t.eventId) ?? '');
    if (a === undefined || !Number.isFinite(t.inputTs) || !Number.isFinite(t.downstreamTs)) continue;
    toApplied.push(a - t.inputTs);
    toDownstream.push(t.downstreamTs - a);
  }
  return { toApplied: summarizeLatencies(toApplied), toDownstream: summarizeLatencies(toDownstream) };
}

async function inboxCounts(db: Client): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM ${CONFIG.schema}.inbox GROUP BY status ORDER BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The ingestion roll figure, and whether that bench ran in this `npm run bench` (run.sh sets the start). */
function ingestionRollFigure(): { eventsPerSecond: number; events: number; loans: number; runAt: string; sameInvocation: boolean } | null {
  const file = resolve(RESULTS_DIR, 'latest.json');
  if (!existsSync(file)) return null;
  try {
    const latest = JSON.parse(readFileSync(file, 'utf8')) as {
      runAt?: string;
      roll?: { eventsPerSecond?: number; events?: number; loans?: number; complete?: boolean };
    };
    const eventsPerSecond = latest.roll?.eventsPerSecond;
    if (typeof eventsPerSecond !== 'number' || !latest.runAt) return null;
    const invocationStart = Number(process.env.BENCH_INVOCATION_STARTED_AT);
    const sameInvocation = Number.isFinite(invocationStart) && invocationStart > 0 && Date.parse(latest.runAt) >= invocationStart;
    return { eventsPerSecond, events: latest.roll?.events ?? Number.NaN, loans: latest.roll?.loans ?? Number.NaN, runAt: latest.runAt, sameInvocation };
  } catch {
    return null;
  }
}

async function waitForProfile(pid: number): Promise<string | null> {
  const name = `risk-scoring-${pid}-1.cpuprofile`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (existsSync(resolve(RESULTS_DIR, 'profiles', name))) return `bench/results/profiles/${name}`;
    await sleep(250);
  }
  return null;
}

// ------------------------------------------------------------------------------------------------
// formatting

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function describeCounts(counts: Map<string, number>): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${fmtPct((v / total) * 100, 0)}`)
    .join(' ');
}

function describeSplit(l: LatencySummary): string {
  return `p50 ${fmtMs(l.p50Ms)} / p99 ${fmtMs(l.p99Ms)}`;
}

/** proc.ts's "ingestion" group is the bench's own child: here, risk-scoring. */
function describeCpu(cpu: CpuBreakdown): string {
  const c = cpu.cores;
  const parts = [`risk-scoring ${c.ingestion.toFixed(2)}`, `postgres ${c.postgres.toFixed(2)}`, `kafka ${c.kafka.toFixed(2)}`, `bench ${c.bench.toFixed(2)}`];
  if (c['foreign-ingestion'] > 0.005) parts.push(`an ingestion process ${c['foreign-ingestion'].toFixed(2)}`);
  parts.push(`rest ${c.other.toFixed(2)}`);
  return `machine ${cpu.machineBusyCores.toFixed(2)}/${cpu.machineCores} cores busy (${parts.join(', ')})`;
}

function roundLatency(l: LatencySummary): LatencySummary {
  return { count: l.count, p50Ms: round(l.p50Ms), p90Ms: round(l.p90Ms), p99Ms: round(l.p99Ms), maxMs: round(l.maxMs) };
}

function roundCpu(cpu: CpuBreakdown): Record<string, number> {
  const { ingestion, ...rest } = cpu.cores;
  return {
    seconds: round(cpu.seconds, 1),
    machineBusyCores: round(cpu.machineBusyCores, 2),
    'risk-scoring': round(ingestion, 2),
    ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, round(v, 2)])),
  };
}

function indent(text: string, spaces: number): string {
  return text
    .split('\n')
    .map((l) => `${' '.repeat(spaces)}${l}`)
    .join('\n');
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
